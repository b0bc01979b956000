"""``geocode``: a point, a precision and a status for every site of a register."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from typing import TYPE_CHECKING, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from kzgeo.errors import GeocodeError
from kzgeo.geocoding import precision as P
from kzgeo.geocoding.gazetteer import Gazetteer
from kzgeo.geocoding.locations import Reader, Reading, SettlementHow
from kzgeo.geocoding.matcher import CITY_CODES, Match, Matcher
from kzgeo.geocoding.names import name_key
from kzgeo.geocoding.nesting import dominant_city, nest, zone_match
from kzgeo.geocoding.online import ATTRIBUTION, NominatimGeocoder, is_point_level
from kzgeo.geocoding.phrase import name_forms
from kzgeo.geocoding.reforms import successors
from kzgeo.register.schema import LOCATION_FIELDS, SITE_COLUMNS, closest_column
from kzgeo.settings import options
from kzgeo.vocabularies import GEOCODE_STATUSES, GeocodeMethod, GeocodeStatus

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from kzgeo.register.model import Register
    from kzgeo.vocabularies import MatchKind, MatchVia, PlaceMethod

CHUNK = 10_000  # rows between progress reports
SITE_FIELD_NAMES = frozenset(c.name for c in SITE_COLUMNS)
OFFLINE_ATTRIBUTION = {
    "place": "GeoNames (CC BY 4.0)",
    "district": "GeoNames (CC BY 4.0)",
    "village": "GeoNames (CC BY 4.0)",
    "region": "© OpenStreetMap contributors (ODbL)",
    "sez": "kzgeo SEZ layer",
    "deposit": "kzgeo deposit layer",
}
# the output column of each field of a row's result (``lat`` and ``lon`` make the geometry)
_COLUMN_OF = {
    "precision": "precision",
    "method": "geocode_method",
    "status": "geocode_status",
    "name": "matched_name",
    "entity": "matched_id",
    "score": "match_score",
    "candidates": "candidates",
    "note": "geocode_note",
    "region_hint": "region_hint_iso",
    "sez_hint": "sez_hint_id",
    "attribution": "geocode_attribution",
    "reform": "region_reform",
}
GEOCODE_COLUMNS = tuple(_COLUMN_OF.values())


@dataclass(slots=True)
class _Result:
    """The answer for one combination of location texts (one output row of :func:`geocode`).

    Attributes
    ----------
    lat, lon
        The point in WGS 84 degrees; NaN when the row gets none.
    precision
        Precision code (:mod:`kzgeo.geocoding.precision`).
    method
        ``geocode_method``: how the point was found (see
        :data:`kzgeo.vocabularies.GEOCODE_METHODS`).
    status
        ``geocode_status`` (see :data:`kzgeo.vocabularies.GEOCODE_STATUSES`).
    name, entity
        ``matched_name`` and ``matched_id`` of the entity the point is of.
    score
        ``match_score``, 0-100; NaN when no name was matched.
    candidates
        The candidates of an ambiguous name, ``"; "``-joined.
    note
        ``geocode_note``: why the row is what it is.
    region_hint, sez_hint
        ``region_hint_iso`` and ``sez_hint_id``: the region (ISO code) and SEZ the row itself
        names, or None.
    attribution
        ``geocode_attribution``: the data source of the point.
    reform
        ``region_reform``: old region name -> current unit, ``""`` when no reform applies.
    """

    lat: float = math.nan
    lon: float = math.nan
    precision: int = P.UNKNOWN
    method: GeocodeMethod = "none"
    status: GeocodeStatus = "not-found"
    name: str = ""
    entity: str = ""
    score: float = math.nan
    candidates: str = ""
    note: str = ""
    region_hint: str | None = None
    sez_hint: str | None = None
    attribution: str = ""
    reform: str = ""


def geocode(
    sites: Register | pd.DataFrame,
    *,
    gazetteer: Gazetteer | None = None,
    online: NominatimGeocoder | bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    own_columns: Iterable[str] = (),
) -> gpd.GeoDataFrame:
    """Give every site a point, a precision code and a status, offline by default.

    Each row is placed from the most trusted thing it has: coordinates; an SEZ or sub-zone name;
    a settlement (narrowed by the district or region the row names); a district; a region; the
    country. Names match in Latin, Cyrillic, Kazakh Latin, Russian transliteration, old names and
    small typos. A name shared by several places is not guessed: a region hint decides, or the
    row is ``ambiguous`` with the candidates listed (and placed at its district or region, if it
    names one).

    Parameters
    ----------
    sites
        A :class:`~kzgeo.register.Register` (its ``sites``) or any DataFrame with some of the
        columns ``lat``, ``lon``, ``sez``, ``settlement``, ``district``, ``region``, ``country``
        and ``location``: free text ("с. Акши, Илийский район"), split into those parts by
        :func:`kzgeo.geocoding.phrase.parse_location`; a structured column wins over the part
        of ``location`` it also gives, and the difference is noted.
    gazetteer
        The names to match against (default: kzgeo's bundled gazetteer).
    online
        A :class:`~kzgeo.geocoding.online.NominatimGeocoder` (or ``True`` to make one from
        ``kzgeo.options``) for rows nothing offline matches. ``None`` (default) uses it only when
        ``kzgeo.options.online_geocoding`` is True.
    progress
        Called as ``progress(done, total)`` after every 10,000 rows and at the end.
    own_columns
        Columns of ``sites`` that are the caller's own. Any other column one typo away from a
        location column ("setlement", "lokation") is an error: left unread, it would put its
        sites at country level without a word.

    Returns
    -------
    geopandas.GeoDataFrame
        The input rows, index and columns kept, in EPSG:4326, with: ``precision`` (see
        :mod:`kzgeo.geocoding.precision`), ``geocode_method`` (``coordinates``, ``sez``,
        ``industrial-zone``, ``deposit`` (a deposit or oil or gas field the location names, see
        :func:`kzgeo.load_deposits`), ``place-exact``, ``place-alias``, ``place-fuzzy``,
        ``village-district``, ``district``, ``region``, ``country``, ``online``, ``none``),
        ``geocode_status`` (``ok``, ``review``, ``ambiguous``, ``not-found``, ``no-location``),
        ``matched_name``, ``matched_id``, ``match_score``, ``candidates``, ``geocode_note``,
        ``region_hint_iso`` (the region the row itself names, for the mismatch check; for a region
        named as it was before a reform, today's unit its finer part lies in), ``sez_hint_id``,
        ``geocode_attribution`` and ``region_reform`` (old name -> current unit, else ``""``; see
        :mod:`kzgeo.geocoding.reforms`). Rows without a point have an empty geometry.

    Notes
    -----
    What is flagged (status other than ``ok``) and what is not: ``ok`` says that the result is
    right *at its precision*. A settlement kzgeo's gazetteer lacks (it holds GeoNames places of
    500 or more people) but whose district the row names is placed at that district, precision
    3, status ``ok``, with a note naming the settlement, when (a) the words are surely a
    settlement (a marker such as "с.", "ауылы", "village of", or the ``settlement`` column, not
    a bare unknown word), (b) no place's name comes close to it, and (c) the district matched
    exactly, once, and in the region the row names: the district then fixes the region, and the
    precision says the point is only the district's seat. Otherwise the row is ``review``. The
    same holds for a deposit kzgeo does not list ("месторождение Коксай, расположенное в
    Кербулакском районе"); named beside a town or a region only, it is ``review``.

    A village kzgeo's places lack but its village table (:func:`kzgeo.load_villages`, each
    village with the district an administrative list puts it in) names is placed at that
    district, method ``village-district``: the seat's point, precision 3 (the site is somewhere
    in the district, not at its seat), with a note naming the village, its district and the
    source. Only when the words mark a village ("с.", "село", "ауылы", "кенті", "пос.",
    "village of", "aul") and only by its exact name (after the Russian and Kazakh endings are
    taken off): a village is never matched fuzzily, and a GeoNames place of the same name wins.
    A village name listed in several districts is ``ambiguous`` (candidates listed) unless the
    district or region the row names picks one; a village listed only outside the district or
    region the row names is ``review``.

    A
    name shared by a city unit (a city of regional significance or a region's centre) and by
    villages with under a fifth of its population together is the city unless a village marker
    says otherwise (:func:`kzgeo.geocoding.nesting.dominant_city`), with a note naming the
    namesakes. Words not understood, a road, "near" a city of its own unit, a region split
    since the text may have been written and a fuzzy match without a corroborating region are
    always ``review``.

    Examples
    --------
    >>> import pandas as pd, kzgeo
    >>> rows = pd.DataFrame({"settlement": ["Қаскелең", "Alma-Ata"], "region": ["", ""]})
    >>> out = kzgeo.geocode(rows)
    >>> out[["matched_name", "precision", "geocode_method"]].values.tolist()
    [['Kaskelen', 2, 'place-exact'], ['Almaty', 2, 'place-alias']]
    >>> text = pd.DataFrame({"location": ["Іле ауданы", "г. Семей, Восточно-Казахстанская обл."]})
    >>> kzgeo.geocode(text)[["matched_name", "region_hint_iso"]].values.tolist()
    [['Ili District', 'KZ-19'], ['Semey', 'KZ-10']]
    """
    frame = sites.sites if hasattr(sites, "sites") else sites
    if not isinstance(frame, pd.DataFrame):
        raise TypeError("geocode() takes a Register or a pandas DataFrame of sites")
    _check_columns(frame, own_columns)
    if not any(c in frame.columns for c in LOCATION_FIELDS):
        raise GeocodeError(f"no location column: give at least one of {', '.join(LOCATION_FIELDS)}")
    gaz = gazetteer or Gazetteer.default()
    engine = _Engine(gaz, _online(online))
    return _assemble(frame, engine.run(frame, progress))


def _check_columns(frame: pd.DataFrame, own: Iterable[str]) -> None:
    """Refuse a column that is a typo of a location column (unless declared the caller's)."""
    known = {*LOCATION_FIELDS, *GEOCODE_COLUMNS, *SITE_FIELD_NAMES}
    mine = set(own)
    for column in frame.columns:
        name = str(column)
        if name in known or name in mine:
            continue
        meant = closest_column(name, LOCATION_FIELDS)
        if meant is not None:
            raise GeocodeError(
                f"column {name!r} is not read: did you mean {meant!r}? Rename it, or pass "
                f"own_columns=[{name!r}] if it is a column of your own"
            )


def _online(online: NominatimGeocoder | bool | None) -> NominatimGeocoder | None:  # noqa: FBT001
    if online is None:
        return NominatimGeocoder() if options.online_geocoding else None
    if online is False:
        return None
    if online is True:
        return NominatimGeocoder()
    return online


class _Engine:
    """Resolves rows by unique combination of their location texts.

    Parameters
    ----------
    gazetteer
        The names to match against.
    online
        The online geocoder for rows nothing offline matches, or None for none.
    """

    def __init__(self, gazetteer: Gazetteer, online: NominatimGeocoder | None) -> None:
        self.gaz = gazetteer
        self.match = Matcher(gazetteer)
        self.online = online
        self.reader = Reader(gazetteer)
        self._shared: dict[tuple[str, str | None, bool, str, SettlementHow], _Result] = {}

    def run(
        self, frame: pd.DataFrame, progress: Callable[[int, int], None] | None = None
    ) -> dict[str, np.ndarray]:
        """Resolve every row; return one array per output field, in row order.

        Parameters
        ----------
        frame
            The sites, with any of the columns ``lat``, ``lon``, ``sez``, ``settlement``,
            ``district``, ``region``, ``country`` and ``location``.
        progress
            Called as ``progress(done, total)`` after every chunk of rows, or None.

        Returns
        -------
        dict of str to numpy.ndarray
            One array of ``len(frame)`` values per :class:`_Result` field; given coordinates
            replace the point found from the names.
        """
        n = len(frame)
        columns = [
            _texts(frame, c)
            for c in ("sez", "settlement", "district", "region", "country", "location")
        ]
        kinds: tuple[MatchKind, ...] = ("sez", "place", "district", "region")
        for kind, values in zip(
            kinds,
            (columns[0], columns[1], columns[2], columns[3]),
            strict=True,
        ):
            if values.any():
                self.match.prefetch(kind, [name_key(v) for v in pd.unique(values) if v])
        if columns[5].any():
            self._prefetch_locations(columns[5])
        # rows that name the same things get the same answer: resolve each combination once
        codes, combos = _combinations(columns)
        results: list[_Result] = []
        for start in range(0, n, CHUNK):
            stop = min(start + CHUNK, n)
            needed = int(codes[start:stop].max(initial=-1)) + 1
            results.extend(self._resolve(*combos[k]) for k in range(len(results), needed))
            if progress is not None:
                progress(stop, n)
        fields = _fields(results, codes)
        lat, lon = _floats(frame, "lat", n), _floats(frame, "lon", n)
        given = ~(np.isnan(lat) | np.isnan(lon))
        if given.any():
            _coordinates(fields, given, lat, lon)
        return fields

    def _prefetch_locations(self, locations: np.ndarray) -> None:
        """Read each distinct phrase once and score its unknown names in batches."""
        readings = [self.reader.read(t) for t in pd.unique(locations) if t]
        named: tuple[tuple[MatchKind, str], ...] = (
            ("place", "settlement"),
            ("district", "district"),
            ("sez", "sez"),
        )
        for kind, col in named:
            keys = {name_key(r.fields[col]) for r in readings if r.fields[col]}
            if keys:
                self.match.prefetch(kind, sorted(keys))

    def _resolve(
        self, sez: str, place: str, district: str, region: str, country: str, location: str = ""
    ) -> _Result:
        reading = self.reader.read(location) if location else None
        merged_notes: list[str] = []
        how: SettlementHow = "column" if place or reading is None else reading.settlement_how
        if reading is not None:
            sez, place, district, region, country = _merge(
                reading, (sez, place, district, region, country), merged_notes
            )
        given_region = bool(region) and region != reading.fields["region"] if reading else True
        found = self._resolve_fields(sez, place, district, region, country, how)
        if reading is None:
            return found
        split = [] if given_region else self._split_region(found, region)
        return self._with_reading(found, reading, merged_notes, place, split)

    def _split_region(self, found: _Result, region: str) -> list[str]:
        """Return a review note when a phrase names only a region split since then."""
        if found.method != "region" or found.reform:
            return []
        m = self.match.match("region", region)
        iso = self._entity_region(m)
        reform = successors(iso, former=m.via == "former") if iso else None
        if reform is None:
            return []
        others = ", ".join(r for r in reform.successors if r != iso)
        note = (
            f"review: {reform.old_name} was split in {reform.year} ({others}); a text written "
            "before then may mean either part"
        )
        return [note]

    def _resolve_fields(
        self, sez: str, place: str, district: str, region: str, country: str, how: SettlementHow
    ) -> _Result:
        region_m = self.match.match("region", region) if region else None
        hint, reform = nest(self.gaz, place, district, region_m)
        if (
            place
            and not (sez or district)
            and (region_m is None or (region_m.entity_id is not None and not region_m.note))
        ):
            # the common row, a settlement and perhaps a region: "Almaty Region", "KZ-19" and
            # "Алматинская область" are one hint, so the answer is shared by (place, hint)
            memo = (place, hint, bool(region), country, how)
            shared = self._shared.get(memo)
            if shared is None:
                shared = self._place_only(place, hint, how) or self._resolve_full(
                    sez, place, district, region, country, region_m, hint, how
                )
                self._shared[memo] = shared
            found = shared
        else:
            found = self._resolve_full(sez, place, district, region, country, region_m, hint, how)
        if how == "village" and not (sez or district or region):
            found = _lone_village(found, self.gaz)
        return with_reform(found, reform)

    def _with_reading(
        self, found: _Result, reading: Reading, notes: list[str], place: str, split: list[str]
    ) -> _Result:
        """Add what the phrase said and did not say to a result; a zone is looked up here.

        ``split`` is the note on a region named as it was before a split: a listed deposit
        says which part is meant, so the note then goes.
        """
        if found.status == "no-location":  # words were given, none of them a place
            found = replace(
                found,
                precision=P.UNKNOWN,
                method="none",
                status="not-found",
                note="the location names no place kzgeo knows",
            )
        if reading.zone is not None:  # after: a zone kzgeo knows may place the row
            found = self._zone(found, reading.zone, place)
        if reading.deposit is not None:  # a deposit kzgeo lists places the row at it
            found = self._deposit(found, reading.deposit)
        extra = [*notes, *([] if found.method == "deposit" else split), *reading.notes]
        doubt = reading.review or any(n.startswith("review: ") for n in extra)
        if reading.near:
            unit = self.gaz.records.get(found.entity)
            if unit is not None and unit.kind == "place" and self._is_city_unit(unit.entity_id):
                extra.append(
                    f"review: near {unit.name}, a city of its own unit: the site may lie in "
                    "the region around it"
                )
                doubt = True
            else:
                extra.append("the location says near: placed at the place named")
        if not extra:
            return found
        status = found.status
        if doubt and status == "ok":
            status = "review"
        note = "; ".join(t for t in (found.note, *extra) if t)
        return replace(found, note=note, status=status)

    def _is_city_unit(self, entity_id: str) -> bool:
        """Tell whether a place is a city that is a region of its own (Astana, Almaty...)."""
        region = self.gaz.records[entity_id].region_iso
        unit = self.gaz.records.get(f"region:{region}")
        return bool(region in CITY_CODES and unit and unit.key == self.gaz.records[entity_id].key)

    def _zone(self, found: _Result, zone: str, place: str) -> _Result:
        m = zone_match(self.gaz, self.match, zone, place, found.region_hint)
        if m.entity_id is None and not (zone or place) and found.method == "district":
            m = self._district_zone(found) or m
        if m.entity_id is None:
            return self._zone_unlisted(found, zone, m)
        base = _Result(region_hint=found.region_hint, reform=found.reform)
        return self._done(base, m, "industrial-zone", _Trail())

    def _deposit(self, found: _Result, name: str) -> _Result:
        """Place a row at the deposit it names, matched exactly; else keep the rest, flagged.

        A deposit kzgeo does not list, or a deposit word with no name, leaves the row where the
        rest of it places it, never ``ok`` (a field may lie far from the town named beside it),
        except at a district named exactly: the deposit is in it, as an unlisted settlement is
        (:meth:`_district_holds`). A listed deposit in another region or district than the row
        names is ``review``.
        """
        ids = sorted({e for e, _ in self.gaz.exact("deposit", name_key(name))}) if name else []
        if not ids and name and _exact_district(found):
            why = f"deposit {name!r} is not in kzgeo's layer: placed at the district named"
            return replace(found, note="; ".join(t for t in (found.note, why) if t))
        if len(ids) != 1:
            what = f"no deposit {name!r} in kzgeo's layer" if name else "a deposit with no name"
            if len(ids) > 1:
                what = f"deposit {name!r} is ambiguous: {'; '.join(ids)}"
            why = f"review: {what}: placed by the rest of the location"
            status = _worse(found.status, "review")
            return replace(found, status=status, note="; ".join(t for t in (found.note, why) if t))
        m = Match(ids[0], "main", "ok", 100.0, (), f"the deposit {name}")
        base = _Result(region_hint=found.region_hint, reform=found.reform)
        out = self._done(base, m, "deposit", _Trail())
        clash = self._deposit_clash(found, ids[0])
        where = self.gaz.records[ids[0]].region_iso
        if clash:
            out.status = "review"
            out.note = f"{out.note}; review: {clash}"
        elif found.region_hint and found.region_hint != where and where:
            reform = successors(found.region_hint, former=False)
            if reform is not None:  # no clash: the deposit lies in a successor of the region
                unit = self.gaz.records[f"region:{where}"].name
                note = (
                    f"region-reformed: {reform.old_name} as written before {reform.year} is "
                    f"{unit} ({where}) today, where the deposit lies"
                )
                out = replace(out, region_hint=where, reform=note, note=f"{note}; {out.note}")
        return out

    def _deposit_clash(self, found: _Result, deposit: str) -> str:
        """Say how a deposit disagrees with the region or district a row names ("" if not)."""
        where = self.gaz.records[deposit].region_iso
        named = self.gaz.records.get(found.entity)
        named_region = named.region_iso if named is not None else None
        for region in dict.fromkeys(r for r in (found.region_hint, named_region) if r):
            reform = successors(region, former=False)
            if region != where and (reform is None or where not in reform.successors):
                return f"the deposit is in {where}, the location names {region}"
        district = self.gaz.deposit_districts.get(deposit)
        if (
            named is not None
            and named.kind == "district"
            and district
            and district != named.entity_id
        ):
            return f"the deposit is in {district}, the location names {named.entity_id}"
        return ""

    def _district_zone(self, found: _Result) -> Match | None:
        """Return the one zone named after the district a row names ("Aral District Zone")."""
        region = self.gaz.records[found.entity].region_iso
        ids = {e for e, _ in self.gaz.exact("zone", name_key(found.name))}
        ids = {e for e in ids if self.gaz.records[e].region_iso == region}
        if len(ids) != 1:
            return None
        return Match(ids.pop(), "main", "ok", 100.0, (), f"the industrial zone of {found.name}")

    def _zone_unlisted(self, found: _Result, zone: str, m: Match) -> _Result:
        """Place a row whose zone kzgeo does not list (or lists in several places) by the rest.

        A zone with no name of its own ("the industrial zone of X", "X ауданының индустриялық
        аймағы") is in the town or district that names it: the row keeps their status. A zone
        named but not listed may lie elsewhere than the place named beside it: review.
        """
        if m.status == "ambiguous" and found.method == "none":
            # the zone is the one place named: its namesakes replace "names no place"
            return replace(
                found, status="ambiguous", candidates="; ".join(m.candidates), note=m.note
            )
        placed = found.method.startswith("place") and m.status == "not-found"
        why = m.note + (": placed at the town, within 25 km of it" if placed else "")
        if placed and zone:
            why = (
                f"review: no industrial zone {zone!r} in kzgeo's layer; {zone} is also the "
                "name of a town, where it is placed: a zone may be named after a place "
                "elsewhere"
            )
        district = found.method == "district" and m.status == "not-found" and not zone
        if district:
            why = f"no industrial zone of {found.name} in kzgeo's layer: placed at the district"
        # a zone kzgeo does not list, of a town or district it knows, is still in it
        keep = (placed or district) and not zone
        status = found.status if keep else _worse(found.status, "review")
        return replace(found, status=status, note="; ".join(t for t in (found.note, why) if t))

    def _match_place(self, place: str, hint: str | None, how: SettlementHow) -> Match:
        """Match a settlement; a city unit that dwarfs its namesakes is the city (not a village).

        Only a name not marked as a village: "с. Актау" is one of the villages.
        """
        m = self.match.match("place", place, hint)
        if how == "okrug":
            return _okrug_village(m, place)
        if m.status != "ambiguous" or not m.ids or how == "village":
            return m
        city = dominant_city(self.gaz, m.ids, place)
        if city is None:
            return m
        row = self.gaz.records[city]
        others = "; ".join(self._describe(e) for e in m.ids if e != city)
        note = (
            f"{place!r} read as the city {row.name} ({row.region_iso}); its namesakes are "
            f"villages with under a fifth of its population together ({others})"
        )
        return Match(city, "main", "ok", 100.0, (), note)

    def _describe(self, entity_id: str) -> str:
        row = self.gaz.records[entity_id]
        return f"{row.name} ({row.region_iso}, population {row.population:,.0f})"

    def _place_only(self, place: str, hint: str | None, how: SettlementHow) -> _Result | None:
        """Resolve a settlement that matches one place: the fast path most rows take."""
        m = self._match_place(place, hint, how)
        if m.entity_id is None or m.via == "region-of-candidates":
            return None
        if m.via == "fuzzy" and how == "village" and self._village_ids(place):
            return None  # an exact village beats a fuzzy place: the full path decides
        row = self.gaz.records[m.entity_id]
        return _Result(
            lat=row.lat,
            lon=row.lon,
            precision=row.precision,
            method=_place_method(m.via),
            status=m.status,
            name=row.name,
            entity=row.entity_id,
            score=m.score,
            note=f"{m.note}; {row.note}" if m.note else row.note,
            region_hint=hint,
            attribution=OFFLINE_ATTRIBUTION.get(row.kind, ""),
        )

    def _resolve_full(
        self,
        sez: str,
        place: str,
        district: str,
        region: str,
        country: str,
        region_m: Match | None,
        hint: str | None,
        how: SettlementHow = "column",
    ) -> _Result:
        trail = _Trail()
        if region and region_m is not None and region_m.entity_id is None:
            trail.add(f"region {region!r} not recognised ({region_m.status})", "review")
        elif region_m is not None and region_m.note:
            trail.add(region_m.note, region_m.status)
        district_m = self.match.match("district", district, hint) if district else None
        base = _Result(region_hint=hint or self._entity_region(district_m))
        hint = base.region_hint
        if district_m is not None and district_m.entity_id is None and (sez or place):
            # the row is placed by its finer part, but its district words were not understood
            trail.add(_failure("district", district, district_m), _carry(district_m))
            district_m = None
        found = (
            self._by_sez(base, sez, hint, trail)
            or self._by_place(base, place, hint, trail, (how, district_m))
            or self._by_match(base, district_m, "district", district, trail)
            or self._by_match(base, region_m, "region", region, trail)
            or self._by_online(base, (sez, place, district, region), trail)
        )
        if found is not None:
            return self._check_district(self._check_sez(found, place, hint, how), district_m)
        return self._country(base, country, trail, had_names=any((sez, place, district, region)))

    def _check_sez(
        self, found: _Result, place: str, hint: str | None, how: SettlementHow
    ) -> _Result:
        """Mark for review an SEZ in another region than the region or town the row names.

        "Industrial Park No 1, Karaganda": the name is Astana's park (SEZ Astana - New City),
        the town says the site is elsewhere; neither is trusted over the other.
        """
        sez = self.gaz.records.get(found.entity) if found.method == "sez" else None
        if sez is None:
            return found
        regions = [hint]
        if place:
            m = self._match_place(place, hint, how)
            if m.entity_id is not None:
                regions.append(self.gaz.records[m.entity_id].region_iso)
        clash = next((r for r in regions if r and r != sez.region_iso), None)
        if clash is None:
            return found
        found.status = _worse(found.status, "review")
        note = f"review: {sez.name} is in {sez.region_iso}, the row also names {clash}"
        found.note = "; ".join(t for t in (found.note, note) if t)
        return found

    def _check_district(self, found: _Result, district_m: Match | None) -> _Result:
        """Mark for review a settlement outside the region of the district the row names."""
        if (
            district_m is None
            or district_m.entity_id is None
            or found.entity == district_m.entity_id
        ):
            return found
        district = self.gaz.records[district_m.entity_id]
        placed = self.gaz.records.get(found.entity)
        if placed is None or placed.region_iso in (None, district.region_iso):
            return found
        found.status = _worse(found.status, "review")
        clash = (
            f"{district.name} is in {district.region_iso}, {placed.name} in "
            f"{placed.region_iso}: they do not nest"
        )
        found.note = "; ".join(t for t in (found.note, clash) if t)
        return found

    def _by_sez(self, base: _Result, sez: str, hint: str | None, trail: _Trail) -> _Result | None:
        if not sez:
            return None
        retired = self.gaz.not_current_sez.get(name_key(sez))
        if retired:
            trail.add(f"{sez!r} is not a current SEZ: {retired}", "review")
            return None
        m = self.match.match("sez", sez, hint)
        if m.entity_id:
            base.sez_hint = m.entity_id.split(":", 1)[1]
            return self._done(base, m, "sez", trail)
        trail.add(_failure("SEZ", sez, m), _carry(m))
        return None

    def _by_place(
        self,
        base: _Result,
        place: str,
        hint: str | None,
        trail: _Trail,
        given: tuple[SettlementHow, Match | None] = ("column", None),
    ) -> _Result | None:
        if not place:
            return None
        how, district_m = given
        m = self._match_place(place, hint, how)
        if m.via == "region-of-candidates":
            base.candidates = "; ".join(m.candidates)
            return self._done(base, m, "region", trail)
        # a place known by this very name wins; a fuzzy guess (one or several) does not
        exact_place = bool(m.ids) or (m.entity_id is not None and m.via != "fuzzy")
        if how == "village" and not exact_place:
            village = self._by_village(base, place, hint, trail, district_m)
            if village is not None:
                return village if village.method != "none" else None
        if m.entity_id:
            return self._done(base, m, _place_method(m.via), trail)
        if self._district_holds(m, how, district_m, hint):
            # the district fixes the region and the result claims no more (precision 3)
            trail.add(
                f"settlement {place!r} is not in kzgeo's gazetteer (GeoNames places of 500 or "
                "more people, and curated ones): placed at its district",
                "ok",
            )
            return None
        trail.add(_failure("settlement", place, m), _carry(m))
        base.candidates = "; ".join(m.candidates)
        return None

    def _village_ids(self, place: str) -> list[str]:
        """Return the villages whose name is exactly ``place`` (its first form that is one)."""
        for form in (name_key(place), *name_forms(place.split())):
            hits = self.gaz.exact("village", form)
            if hits:
                return list(dict.fromkeys(eid for eid, _ in hits))
        return []

    def _by_village(
        self,
        base: _Result,
        place: str,
        hint: str | None,
        trail: _Trail,
        district_m: Match | None,
    ) -> _Result | None:
        """Place a marked village at the district its list puts it in; None when none is so named.

        The district (else the region) the row names picks among namesakes. A result with
        method ``none`` says the village was found but not placed (several, or none where the
        row says): the trail says why, and the row goes on to its district or region.
        """
        ids = self._village_ids(place)
        if not ids:
            return None
        named = district_m.entity_id if district_m is not None else None
        if named:
            fits = [v for v in ids if self.gaz.village_districts[v] == named]
        else:
            fits = [v for v in ids if hint is None or self.gaz.records[v].region_iso == hint]
        if len(fits) == 1:
            district = self.gaz.records[self.gaz.village_districts[fits[0]]]
            note = (
                f"village {place!r} placed at its district, {district.name} "
                f"({district.region_iso}): the site is in the district, not at its seat"
            )
            m = Match(fits[0], "main", "ok", 100.0, (), note)
            return self._done(base, m, "village-district", trail)
        listed = "; ".join(self._village_label(v) for v in (fits or ids))
        if fits:
            base.candidates = listed
            trail.add(f"village {place!r} is listed in several districts: {listed}", "ambiguous")
        else:
            where = "district" if named else "region"
            trail.add(
                f"review: village {place!r} is listed only in {listed}, not in the {where} "
                "the row names",
                "review",
            )
        return _Result()

    def _village_label(self, village_id: str) -> str:
        district = self.gaz.records[self.gaz.village_districts[village_id]]
        return f"{district.name} ({district.region_iso}, {village_id})"

    def _district_holds(
        self, m: Match, how: SettlementHow, district_m: Match | None, hint: str | None
    ) -> bool:
        """Tell whether a settlement kzgeo lacks is honestly placed at the district named.

        It is when the words are surely a settlement (a marker or a settlement column says so,
        not a bare unknown word), no place comes close to the name, and the district matched
        exactly, once, in the region the row names (if it names one).
        """
        if m.status != "not-found" or how == "bare" or district_m is None:
            return False
        eid = district_m.entity_id
        if eid is None or district_m.status != "ok" or district_m.via == "fuzzy":
            return False
        return hint is None or self.gaz.records[eid].region_iso == hint

    def _by_match(
        self,
        base: _Result,
        m: Match | None,
        kind: Literal["district", "region"],
        text: str,
        trail: _Trail,
    ) -> _Result | None:
        if m is None:
            return None
        if m.entity_id:
            return self._done(base, m, kind, trail)
        if kind != "region":  # an unrecognised region was reported already
            trail.add(_failure(kind, text, m), _carry(m))
        return None

    def _entity_region(self, m: Match | None) -> str | None:
        if m is None or m.entity_id is None:
            return None
        return self.gaz.records[m.entity_id].region_iso

    def _done(self, base: _Result, m: Match, method: GeocodeMethod, trail: _Trail) -> _Result:
        row = self.gaz.entity(str(m.entity_id))
        base.lat, base.lon = row.lat, row.lon
        base.precision = row.precision
        base.method = method
        base.status = _worse(trail.worst, m.status)
        base.name = row.name
        base.entity = row.entity_id
        base.score = m.score
        # the region match can be both the trail and the match: say its note once
        base.note = "; ".join(dict.fromkeys(t for t in (*trail.notes, m.note, row.note) if t))
        base.attribution = OFFLINE_ATTRIBUTION.get(row.kind, "")
        return base

    def _country(self, base: _Result, country: str, trail: _Trail, *, had_names: bool) -> _Result:
        base.precision = P.COUNTRY
        base.method = "country"
        if country and name_key(country) and not self.gaz.exact("country", name_key(country)):
            base.precision, base.method, base.status = P.UNKNOWN, "none", "not-found"
            trail.add(f"country {country!r} is not Kazakhstan", "review")
        elif had_names:
            base.precision, base.method = P.UNKNOWN, "none"
            base.status = "ambiguous" if trail.worst == "ambiguous" else "not-found"
        elif country:
            base.status = "ok"
            trail.add("only the country is known: no point, no region", "ok")
        else:
            base.status = "no-location"
            trail.add("no location given: counted at country level", "ok")
        base.note = "; ".join(trail.notes)
        return base

    def _by_online(self, base: _Result, texts: tuple[str, ...], trail: _Trail) -> _Result | None:
        if self.online is None or not any(texts):
            return None
        query = ", ".join(t for t in (*texts, "Kazakhstan") if t)
        hit = self.online.lookup(query)
        if hit is None:
            trail.add(f"online geocoder found nothing for {query!r}", "ok")
            return None
        base.lat, base.lon = hit.lat, hit.lon
        base.precision = P.NEAR if is_point_level(hit.kind) else P.ADM1
        base.method = "online"
        base.status = _worse("ok" if trail.worst == "not-found" else trail.worst, "review")
        base.name, base.entity = hit.address, f"nominatim:{query}"
        base.note = "; ".join([*trail.notes, f"Nominatim result ({hit.kind})"])
        base.attribution = ATTRIBUTION
        return base


@dataclass(slots=True)
class _Trail:
    """What went wrong on the way to a row's result: notes and the worst status so far.

    Attributes
    ----------
    notes
        The notes in the order they were added.
    worst
        The worst status added so far, in the order ``ok`` < ``review`` < ``ambiguous`` <
        ``not-found`` < ``no-location``.
    """

    notes: list[str] = field(default_factory=list)
    worst: GeocodeStatus = "ok"

    def add(self, note: str, status: GeocodeStatus) -> None:
        self.notes.append(note)
        self.worst = _worse(self.worst, status)


_ORDER = GEOCODE_STATUSES  # best to worst


_VILLAGE_METHODS: tuple[str, ...] = ("place-exact", "place-alias", "village-district")


def _lone_village(found: _Result, gaz: Gazetteer) -> _Result:
    """Mark for review a village named without its district or region.

    Village names repeat across Kazakhstan (Saryozek is a village of Karaganda Region and a
    town of Jetisu), and kzgeo knows only villages of 500 or more people and a listed few: the
    one namesake it knows is not evidence that the text means it.
    """
    if found.status != "ok" or found.method not in _VILLAGE_METHODS:
        return found
    record = gaz.records.get(found.entity)
    where = f" ({record.region_iso})" if record is not None else ""
    why = (
        "review: a village named without its district or region; villages of one name are "
        f"common and kzgeo knows only some, so {found.name}{where} is a guess: name the "
        "district or the region"
    )
    note = "; ".join(t for t in (found.note, why) if t)
    return replace(found, status="review", note=note)


def _worse(a: GeocodeStatus, b: GeocodeStatus) -> GeocodeStatus:
    return a if _ORDER.index(a) >= _ORDER.index(b) else b


def _place_method(via: MatchVia) -> PlaceMethod:
    """Return the ``geocode_method`` of a settlement, by how its name matched."""
    return "place-exact" if via == "main" else "place-fuzzy" if via == "fuzzy" else "place-alias"


def with_reform(found: _Result, reform: str) -> _Result:
    """Mark a result whose region was named as it was before a reform (see ``nest``).

    Parameters
    ----------
    found
        The row's result so far.
    reform
        The reform note (old name -> current unit), ``""`` when none applies.

    Returns
    -------
    _Result
        A copy with ``reform`` set and the note prefixed by it; ``found`` itself when there
        is no reform or the row names no region.
    """
    if not reform or found.region_hint is None:
        return found
    return replace(found, reform=reform, note="; ".join(t for t in (reform, found.note) if t))


def _merge(reading: Reading, given: tuple[str, ...], notes: list[str]) -> tuple[str, ...]:
    """Structured columns win over the phrase; a phrase part they override is reported."""
    out = []
    for name, value in zip(
        ("sez", "settlement", "district", "region", "country"), given, strict=True
    ):
        said = reading.fields[name]
        if value and said and name_key(value) != name_key(said):
            notes.append(
                f"the location's {name} {said!r} not used: the {name} column says {value!r}"
            )
        out.append(value or said)
    return tuple(out)


def _okrug_village(m: Match, place: str) -> Match:
    """Doubt a village found only by the name of a rural okrug (no district or region names it).

    Okrugs are named after villages, and villages share names across the country: a village of
    that name in kzgeo's gazetteer (places of 500 people or more) may not be the okrug's.
    """
    if m.entity_id is None or m.status != "ok" or m.via == "region-of-candidates":
        return m
    note = (
        f"review: {place!r} names only a rural okrug; the village of that name kzgeo knows may "
        "not be the okrug's (no district or region confirms it)"
    )
    return replace(m, status="review", note="; ".join(t for t in (m.note, note) if t))


def _carry(m: Match) -> GeocodeStatus:
    """Return the status a failed name gives its row: ambiguity stays, the rest is review."""
    return "ambiguous" if m.status == "ambiguous" else "review"


def _failure(what: str, text: str, m: Match) -> str:
    if m.status == "ambiguous":
        return f"{what} {text!r} is ambiguous: {'; '.join(m.candidates)}"
    return f"{what} {text!r} not found" + (
        f" (closest: {'; '.join(m.candidates)})" if m.candidates else ""
    )


def _floats(frame: pd.DataFrame, col: str, n: int) -> np.ndarray:
    if col not in frame.columns:
        return np.full(n, np.nan)
    return pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float)


def _combinations(columns: list[np.ndarray]) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """Codes of the distinct rows of ``columns`` (in order of first appearance), and those rows."""
    codes = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        if not column.any():  # an empty column (all "") does not split anything
            continue
        more, more_uniques = pd.factorize(column)
        codes, _ = pd.factorize(codes * len(more_uniques) + more)
    first = np.unique(codes, return_index=True)[1]
    return codes, list(zip(*(c[first] for c in columns), strict=True))


def _exact_district(found: _Result) -> bool:
    """Tell whether a row was placed, unflagged, at a district its words name exactly."""
    return found.method == "district" and found.status == "ok" and found.score == 100.0


def _texts(frame: pd.DataFrame, col: str) -> np.ndarray:
    if col not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    values = frame[col]
    return np.asarray(values.where(values.notna(), "").astype(str).str.strip(), dtype=object)


_FIELDS = tuple(f.name for f in dataclass_fields(_Result))


def _fields(results: list[_Result], codes: np.ndarray) -> dict[str, np.ndarray]:
    """Spread the results of each combination over its rows."""
    out: dict[str, np.ndarray] = {}
    for name in _FIELDS:
        values = [getattr(r, name) for r in results]
        dtype = (
            float if name in ("lat", "lon", "score") else (int if name == "precision" else object)
        )
        out[name] = np.asarray(values, dtype=dtype)[codes] if results else np.array([], dtype=dtype)
    return out


def _coordinates(
    fields: dict[str, np.ndarray], given: np.ndarray, lat: np.ndarray, lon: np.ndarray
) -> None:
    """Rows with coordinates: the point is theirs, precision 1; names stay as hints."""
    names = fields["name"][given]
    fields["note"][given] = [
        "point from the row's coordinates" + (f"; the row also names {n}" if n else "")
        for n in names
    ]
    fields["lat"][given] = lat[given]
    fields["lon"][given] = lon[given]
    fields["precision"][given] = P.EXACT
    fields["method"][given] = "coordinates"
    fields["status"][given] = "ok"
    for name in ("name", "entity", "candidates", "attribution"):
        fields[name][given] = ""
    fields["score"][given] = np.nan


def _assemble(frame: pd.DataFrame, fields: dict[str, np.ndarray]) -> gpd.GeoDataFrame:
    lat, lon = fields["lat"], fields["lon"]
    has_point = ~(np.isnan(lat) | np.isnan(lon))
    geometry = gpd.GeoSeries(
        gpd.points_from_xy(np.where(has_point, lon, 0.0), np.where(has_point, lat, 0.0)),
        crs=4326,
        index=frame.index,
    )
    geometry[~has_point] = None
    data = {column: fields[name] for name, column in _COLUMN_OF.items()}
    data["precision"] = data["precision"].astype("int64")
    out = frame.drop(columns=[c for c in (*GEOCODE_COLUMNS, "geometry") if c in frame.columns])
    # object columns: building Arrow strings for 1e5 rows costs more than the geocoding itself
    out = out.assign(**{k: pd.Series(v, index=frame.index, dtype=v.dtype) for k, v in data.items()})
    return gpd.GeoDataFrame(out, geometry=geometry, crs=4326)
