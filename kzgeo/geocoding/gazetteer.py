"""The offline gazetteer index: every name kzgeo can match, with the entity it stands for.

Entities are places (GeoNames + curated), districts, regions and SEZs; each has a point, a
region and a precision code. Names come from main names, GeoNames alternate names, kzgeo's
alias table and, for regions, ISO codes, KATO codes and the pre-2020 letter codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd
import shapely

from kzgeo._paths import curated_dir, geo_dir
from kzgeo.crs import KZ_EQUAL_AREA, to_equal_area
from kzgeo.datasets import (
    load_aliases,
    load_deposits,
    load_districts,
    load_industrial_zones,
    load_places,
    load_regions,
    load_sez,
    load_villages,
)
from kzgeo.datasets.prepared import prepared
from kzgeo.geocoding import precision as P
from kzgeo.geocoding.names import name_key, name_kind
from kzgeo.geocoding.phrase import parse_location
from kzgeo.geocoding.reforms import SOUTH_KAZAKHSTAN_NAMES
from kzgeo.vocabularies import NAME_VIAS, check_choice

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd

    from kzgeo.vocabularies import NameVia

    Rows = list["_EntityRow"]
    AddName = Callable[[str, str, NameVia, object], None]

# Abbreviations written for regions in Russian texts (СКО = Северо-Казахстанская область);
# each is given in the first line of the region's Russian Wikipedia article.
REGION_ABBREVIATIONS = {
    "KZ-59": ("СКО", "SKO"),  # https://ru.wikipedia.org/wiki/Северо-Казахстанская_область
    "KZ-63": ("ВКО", "VKO"),  # https://ru.wikipedia.org/wiki/Восточно-Казахстанская_область
    "KZ-27": ("ЗКО", "ZKO"),  # https://ru.wikipedia.org/wiki/Западно-Казахстанская_область
}


@lru_cache(maxsize=1)
def legacy_codes() -> dict[str, tuple[str, str]]:
    """Return the pre-2020 ISO 3166-2:KZ letter codes with their successors.

    Read once from ``data/curated/legacy_region_codes.csv``. Regions split in 2022 map to the
    successor that kept the old capital, and the note says what else the old region covered,
    so a match by such a code is marked for review.

    Returns
    -------
    dict of str to (str, str)
        ``{"KZ-ALM": ("KZ-19", "pre-2022 Almaty Region also covered ..."), ...}``: the
        successor's code and the note (``""`` when the code maps one to one).

    Examples
    --------
    >>> legacy_codes()["KZ-AKM"]
    ('KZ-11', '')
    """
    table = pd.read_csv(curated_dir() / "legacy_region_codes.csv", dtype=str, keep_default_na=False)
    return {
        str(code): (str(successor), str(note))
        for code, successor, note in zip(
            table["code"], table["successor"], table["note"], strict=True
        )
    }


@lru_cache(maxsize=1)
def country_names() -> tuple[str, ...]:
    """Return the names and codes that stand for Kazakhstan itself.

    Read once from ``data/curated/country_names.csv``.

    Returns
    -------
    tuple of str
        English, Russian and Kazakh names and the ISO 3166-1 codes, in file order.

    Examples
    --------
    >>> country_names()[:2]
    ('Kazakhstan', 'Republic of Kazakhstan')
    """
    table = pd.read_csv(curated_dir() / "country_names.csv", dtype=str, keep_default_na=False)
    return tuple(str(name) for name in table["name"])


class Entity(NamedTuple):
    """One thing a name can stand for (a place, district, region, SEZ or the country)."""

    entity_id: str
    kind: str
    name: str
    region_iso: str | None
    lat: float
    lon: float
    precision: int
    population: float
    note: str
    key: str  # name_key of the main name


class _EntityRow(NamedTuple):
    """One row of the entities table: every kind of named thing has the same columns."""

    entity_id: str
    kind: str
    name: object
    region_iso: object
    lat: object
    lon: object
    precision: int
    population: object
    note: object


@dataclass
class Gazetteer:
    """Names and entities for offline geocoding.

    Attributes
    ----------
    entities
        One row an entity: ``entity_id`` (``place:gn:1526384``, ``district:ili``,
        ``region:KZ-19``, ``sez:pit``), ``kind``, ``name``, ``region_iso``, ``lat``, ``lon``,
        ``precision``, ``population``, ``note``.
    names
        One row a name: ``key`` (see :func:`kzgeo.geocoding.names.name_key`), ``entity_id``,
        ``kind``, ``via`` (one of :data:`kzgeo.vocabularies.NAME_VIAS`), ``text``,
        ``name_kind``.
    not_current_sez
        Names of zones that are not current SEZs, with the reason (e.g. unconfirmed status).
    zone_settlements
        The settlement each industrial zone belongs to, by entity id (``zone:...``).
    deposit_districts
        The district (``district:...`` entity id) each deposit lies in, by entity id
        (``deposit:...``), for the deposits whose source names one.
    cities
        Place ids of the towns that are units of their own: seats of cities of regional
        significance and the regions' administrative centres (see
        :func:`kzgeo.geocoding.nesting.dominant_city`).
    village_districts
        The district each village lies in: ``village:...`` id to ``district:...`` id.
    """

    entities: pd.DataFrame
    names: pd.DataFrame
    not_current_sez: dict[str, str] = field(default_factory=dict)
    zone_settlements: dict[str, str] = field(default_factory=dict)
    deposit_districts: dict[str, str] = field(default_factory=dict)
    cities: frozenset[str] = field(default_factory=frozenset)
    village_districts: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Index the names for exact lookups and the fuzzy matcher."""
        self.entities = self.entities.set_index("entity_id", drop=False)
        # plain records: the matcher reads entities tens of thousands of times per register,
        # and a dict lookup costs a microsecond where a DataFrame lookup costs tens
        table = self.entities
        population = pd.to_numeric(table["population"], errors="coerce").fillna(0.0)
        self.records: dict[str, Entity] = {
            str(eid): Entity(
                str(eid),
                str(kind),
                str(name),
                iso if isinstance(iso, str) else None,
                float(lat),
                float(lon),
                int(prec),
                float(pop),
                str(note),
                name_key(str(name)),
            )
            for eid, kind, name, iso, lat, lon, prec, pop, note in zip(
                table["entity_id"],
                table["kind"],
                table["name"],
                table["region_iso"],
                table["lat"].to_numpy(float),
                table["lon"].to_numpy(float),
                table["precision"].to_numpy(int),
                population.to_numpy(float),
                table["note"],
                strict=True,
            )
        }
        for via in pd.unique(self.names["via"]):
            check_choice(via, NAME_VIAS, "a gazetteer name's via")
        self._exact: dict[str, dict[str, list[tuple[str, NameVia]]]] = {}
        for kind, group in self.names.groupby("kind"):
            index: dict[str, list[tuple[str, NameVia]]] = {}
            for key, eid, via in zip(group.key, group.entity_id, group.via, strict=True):
                index.setdefault(key, []).append((eid, via))
            self._exact[str(kind)] = index
        self._texts: dict[tuple[str, str], str] = {}
        for kind, key, text in zip(self.names.kind, self.names.key, self.names.text, strict=True):
            self._texts.setdefault((str(kind), str(key)), str(text))
        self._zones_at: dict[str, list[str]] = {}
        for eid, settlement in self.zone_settlements.items():
            self._zones_at.setdefault(name_key(settlement), []).append(eid)
        self._choices: dict[str, tuple[list[str], np.ndarray]] = {}
        for kind, group in self.names.drop_duplicates(["kind", "key", "entity_id"]).groupby("kind"):
            self._choices[str(kind)] = (list(group.key), group.entity_id.to_numpy())

    def exact(self, kind: str, key: str) -> list[tuple[str, NameVia]]:
        """Return ``(entity_id, via)`` for every name of ``kind`` whose key equals ``key``.

        Parameters
        ----------
        kind
            Gazetteer kind: ``place``, ``district``, ``region``, ``sez``, ``zone``,
            ``deposit``, ``village`` or ``country``.
        key
            A name key (:func:`~kzgeo.geocoding.names.name_key`).

        Returns
        -------
        list of tuple of (str, str)
            Entity id and how the name names it (:data:`kzgeo.vocabularies.NAME_VIAS`),
            one pair a matching name; empty when none matches.

        Examples
        --------
        >>> from kzgeo.geocoding.names import name_key
        >>> Gazetteer.default().exact("region", name_key("Jetisu"))[0]
        ('region:KZ-33', 'main')
        """
        return self._exact.get(kind, {}).get(key, [])

    def text_of(self, kind: str, key: str) -> str | None:
        """Return a name of ``kind`` as written in the gazetteer whose key is ``key``.

        Parameters
        ----------
        kind, key
            As for :meth:`exact`.

        Returns
        -------
        str or None
            The first name text with that key, as the gazetteer writes it; None when no
            name of ``kind`` has the key.
        """
        return self._texts.get((kind, key))

    def zones_at(self, settlement_key: str) -> list[str]:
        """Return the ids of the industrial zones of the settlement whose key is given.

        Parameters
        ----------
        settlement_key
            The name key (:func:`~kzgeo.geocoding.names.name_key`) of a settlement.

        Returns
        -------
        list of str
            ``zone:...`` entity ids of the zones that belong to it; empty when none does.
        """
        return self._zones_at.get(settlement_key, [])

    def choices(self, kind: str) -> tuple[list[str], np.ndarray]:
        """Return (keys, entity ids) of ``kind``, for fuzzy matching.

        Parameters
        ----------
        kind
            A gazetteer kind, as for :meth:`exact`.

        Returns
        -------
        tuple of (list of str, numpy.ndarray)
            Every distinct name key of the kind, and the entity id of each (an object array
            of the same length); both empty for a kind with no names.
        """
        return self._choices.get(kind, ([], np.array([], dtype=object)))

    def entity(self, entity_id: str) -> Entity:
        """Return one entity's record.

        Parameters
        ----------
        entity_id
            An id such as ``place:gn:1526384`` or ``region:KZ-19``.

        Returns
        -------
        Entity
            Its kind, name, region, point, precision, population and note.

        Raises
        ------
        KeyError
            When the gazetteer has no such entity.
        """
        return self.records[entity_id]

    @classmethod
    def default(cls) -> Gazetteer:
        """Return the gazetteer built from kzgeo's bundled layers (cached).

        Built once from the bundled geo and curated files, stored prepared, and loaded again
        while those files are unchanged.

        Returns
        -------
        Gazetteer
            The same object on every call in a process.
        """
        return _default()

    @classmethod
    def from_layers(
        cls,
        *,
        places: gpd.GeoDataFrame,
        aliases: pd.DataFrame,
        districts: gpd.GeoDataFrame,
        regions: gpd.GeoDataFrame,
        sez: gpd.GeoDataFrame,
        zones: pd.DataFrame | None = None,
        villages: pd.DataFrame | None = None,
        deposits: pd.DataFrame | None = None,
    ) -> Gazetteer:
        """Build a gazetteer from layers shaped like kzgeo's bundled ones.

        ``zones`` are industrial zones (columns of
        ``kzgeo.datasets.load_industrial_zones()``), ``villages`` villages with their
        district (``kzgeo.load_villages()``) and ``deposits`` mineral deposits and oil and gas
        fields (``kzgeo.load_deposits()``); ``None`` leaves them out.

        Parameters
        ----------
        places
            Settlements, as :func:`kzgeo.datasets.load_places` gives them.
        aliases
            Other names of places, as :func:`kzgeo.datasets.load_aliases` gives them.
        districts
            Districts, as :func:`kzgeo.datasets.load_districts` gives them.
        regions
            The 20 regions, as ``kzgeo.load_regions("full")`` gives them.
        sez
            Special Economic Zones, as :func:`kzgeo.datasets.load_sez` gives them.
        zones
            Industrial zones, or None for none.
        villages
            Villages and their districts, or None for none.
        deposits
            Deposits, or None for none.

        Returns
        -------
        Gazetteer
            Every entity of the layers with its names, and the country.
        """
        entities: list[_EntityRow] = []
        names: list[dict[str, str]] = []

        def add_name(eid: str, kind: str, via: NameVia, text: object) -> None:
            text = str(text or "").strip()
            if text:
                key = name_key(text)
                if key:
                    names.append(
                        {
                            "key": key,
                            "entity_id": eid,
                            "kind": kind,
                            "via": via,
                            "text": text,
                            "name_kind": name_kind(text),
                        }
                    )

        _places(places, aliases, entities, add_name)
        _districts(districts, entities, add_name)
        _regions(regions, entities, add_name)
        _sezs(sez, entities, add_name)
        settlements = _zones(zones, entities, add_name) if zones is not None else {}
        at_deposit = (
            _deposits(deposits, districts, entities, add_name) if deposits is not None else {}
        )
        in_district = _villages(villages, entities, add_name) if villages is not None else {}
        _country(entities, add_name)
        return cls(
            pd.DataFrame(entities),
            pd.DataFrame(names),
            _not_current(),
            zone_settlements=settlements,
            deposit_districts=at_deposit,
            cities=_city_places(districts, regions),
            village_districts=in_district,
        )


def _country(entities: Rows, add: AddName) -> None:
    """Add Kazakhstan itself: the entity a row naming only the country is placed at."""
    for text in country_names():
        add("country:KZ", "country", "main", text)
    entities.append(
        _EntityRow(
            "country:KZ",
            "country",
            name="Kazakhstan",
            region_iso=None,
            lat=np.nan,
            lon=np.nan,
            precision=P.COUNTRY,
            population=None,
            note="",
        )
    )


def _city_places(districts: pd.DataFrame, regions: pd.DataFrame) -> frozenset[str]:
    """Return the place ids of towns that are units: city districts' seats, regional centres."""
    seats = districts.loc[districts["kind"] == "city", "seat_place_id"].dropna().astype(str)
    centres = pd.to_numeric(regions["admin_centre_geonameid"], errors="coerce").dropna()
    ids = {f"place:{s}" for s in seats if s} | {f"place:gn:{int(c)}" for c in centres}
    return frozenset(ids)


def _entity(
    eid: str,
    row: Any,
    name: object,
    precision: int,
    note: object,
    *,
    region_iso: object = None,
    point: shapely.Point | None = None,
    population: object = None,
) -> _EntityRow:
    """Return the entity ``eid`` (``kind:key``) of a layer's ``row``.

    Its region is the row's ``region_iso`` and its point the row's ``lat``/``lon`` unless
    ``region_iso`` or ``point`` is given.
    """
    return _EntityRow(
        eid,
        eid.partition(":")[0],
        name=name,
        region_iso=row.region_iso if region_iso is None else region_iso,
        lat=row.lat if point is None else point.y,
        lon=row.lon if point is None else point.x,
        precision=precision,
        population=population,
        note=note,
    )


def _places(places: gpd.GeoDataFrame, aliases: pd.DataFrame, entities: Rows, add: AddName) -> None:
    for row in places.itertuples():
        eid = f"place:{row.place_id}"
        entities.append(_entity(eid, row, row.name, P.NEAR, row.source, population=row.population))
        add(eid, "place", "main", row.name)
        for alt in str(row.alt_names or "").split("|"):
            add(eid, "place", "alt", alt)
    for row in aliases.itertuples():
        add(f"place:{row.target}", "place", "alias", row.alias)


def _districts(districts: gpd.GeoDataFrame, entities: Rows, add: AddName) -> None:
    for row in districts.itertuples():
        note = f"point: seat of the district ({row.seat_name})"
        eid = f"district:{row.district_id}"
        entities.append(_entity(eid, row, row.name_en, P.ADM2, note))
        for text in (row.name_en, row.name_ru, row.name_kk, *str(row.aliases or "").split("|")):
            add(eid, "district", "main", text)
            # "Zhambyl District (Almaty Region)": the qualifier tells namesakes apart; texts
            # write the name alone, and the row's other parts then decide (see nesting)
            bare = re.sub(r"\s*\([^)]*\)", "", str(text or "")).strip()
            if bare and bare != str(text).strip():
                add(eid, "district", "main", bare)


def _regions(regions: gpd.GeoDataFrame, entities: Rows, add: AddName) -> None:
    points = shapely.point_on_surface(regions.geometry.to_numpy())
    for row, point in zip(regions.itertuples(), points, strict=True):
        eid = f"region:{row.iso_3166_2}"
        note = "point: inside the region's polygon (not its centre)"
        iso, population = row.iso_3166_2, row.population_2026
        entities.append(
            _entity(
                eid,
                row,
                row.name_en,
                P.ADM1,
                note,
                region_iso=iso,
                point=point,
                population=population,
            )
        )
        texts = [
            row.name_en,
            row.name_kk,
            row.name_ru,
            getattr(row, "name_iso", ""),
            getattr(row, "source_name", ""),
        ]
        for text in texts:
            add(eid, "region", "main", text)
        add(eid, "region", "code", row.iso_3166_2)
        add(eid, "region", "code", row.iso_3166_2.replace("-", ""))
        add(eid, "region", "code", str(row.kato))
    for code, (iso, note) in legacy_codes().items():
        add(f"region:{iso}", "region", "legacy" if note else "code", code)
    for iso, short in REGION_ABBREVIATIONS.items():
        for text in short:
            add(f"region:{iso}", "region", "alias", text)
    for text in SOUTH_KAZAKHSTAN_NAMES:
        add("region:KZ-61", "region", "former", text)


def _zones(zones: pd.DataFrame, entities: Rows, add: AddName) -> dict[str, str]:
    """Add the industrial zones; return the settlement of each, by entity id."""
    for row in zones.itertuples():
        note = f"industrial zone of {row.settlement} (source: {row.source_url})"
        eid = f"zone:{row.zone_id}"
        entities.append(_entity(eid, row, row.name_en, P.NEAR, note))
        texts = (row.name_en, row.name_ru, getattr(row, "name_kk", ""))
        for text in (*texts, *str(getattr(row, "aliases", "") or "").split("|")):
            add(eid, "zone", "main", text)
            # the zone's own name without "industrial zone": «Талдыкорган» in
            # "индустриальная зона «Талдыкорган»", as a location phrase names it
            for part in parse_location(str(text or "")).parts:
                if part.role == "zone" and part.name:
                    add(eid, "zone", "main", part.name)
    return {f"zone:{z}": str(t) for z, t in zip(zones.zone_id, zones.settlement, strict=True)}


# a deposit's point, by what it is: its own coordinate, a town's, a district seat's, a centre's
_DEPOSIT_PRECISION = {
    "reported": P.NEAR,
    "settlement": P.NEAR,
    "district-seat": P.ADM2,
    "region-centre": P.ADM1,
}


def _deposits(
    deposits: pd.DataFrame, districts: pd.DataFrame, entities: Rows, add: AddName
) -> dict[str, str]:
    """Add the deposits and oil and gas fields; return the district of each that has one.

    A deposit is named as its reports write it ("Каражанбас", "Тенгизское", "Өзен"): its own
    names and aliases, and each without a deposit marker ("месторождение Каражанбас").
    """
    district_of = {
        (str(r), str(n)): f"district:{d}"
        for r, n, d in zip(
            districts["region_iso"], districts["name_ru"], districts["district_id"], strict=True
        )
    }
    found: dict[str, str] = {}
    for row in deposits.itertuples():
        eid = f"deposit:{row.deposit_id}"
        basis = str(row.point_basis)
        district, region = str(row.district), str(row.region_iso)
        where = f"{district}, {region}" if district else region
        note = f"{row.kind} deposit in {where}; point: {basis} ({row.source_url})"
        entities.append(_entity(eid, row, row.name_en, _DEPOSIT_PRECISION[basis], note))
        texts = (row.name_en, row.name_ru, row.name_kk, *str(row.aliases or "").split("|"))
        for text in texts:
            add(eid, "deposit", "main", text)
            for part in parse_location(str(text or "")).parts:
                if part.role == "deposit" and part.name:
                    add(eid, "deposit", "main", part.name)
        if row.district:
            found[eid] = district_of[(str(row.region_iso), str(row.district))]
    return found


def _villages(villages: pd.DataFrame, entities: Rows, add: AddName) -> dict[str, str]:
    """Add each village at its district's seat, district precision; return village -> district.

    Its names are kind ``village``, apart from places: a village is matched only exactly and
    only when the words mark it as one (see :mod:`kzgeo.geocoding.sites`).
    """
    in_district: dict[str, str] = {}
    for row in villages.itertuples():
        eid = f"village:{row.village_id}"
        name, district, source = str(row.name_ru), str(row.district_id), str(row.source_url)
        okrug = f", {row.okrug!s}" if row.okrug else ""
        note = (
            f"village {name} of district {district}{okrug} (source: {source}); point: the "
            "district's seat, the village itself is not located"
        )
        entities.append(_entity(eid, row, row.name_ru, P.ADM2, note))
        for text in (row.name_ru, row.name_kk, *str(row.aliases or "").split("|")):
            add(eid, "village", "main", text)
        in_district[eid] = f"district:{row.district_id}"
    return in_district


def _sezs(sez: gpd.GeoDataFrame, entities: Rows, add: AddName) -> None:
    geoms = sez.set_index("sez_id").geometry
    projected = sez.set_index("sez_id").to_crs(KZ_EQUAL_AREA).geometry
    for row in sez.itertuples():
        geom = geoms[row.sez_id]
        if row.has_subzones:
            kids = sez[(sez.parent_id == row.sez_id) & (sez.in_parent_total == True)]  # noqa: E712
            biggest = kids.sort_values("area_ha_official").iloc[-1]
            point = shapely.point_on_surface(biggest.geometry)
            where = f"point: inside its largest sub-zone ({biggest.sez_id})"
        else:
            anchor = shapely.Point(row.anchor_lon, row.anchor_lat)
            point = anchor if geom.contains(anchor) else shapely.point_on_surface(geom)
            where = "point: the zone's reported location"
        point_m = gpd_point_to_crs(point)
        extent_km = shapely.hausdorff_distance(point_m, projected[row.sez_id]) / 1000
        precision = P.NEAR if extent_km <= P.NEAR_KM else P.ESTIMATED_AREA
        note = f"{where}; the zone reaches {extent_km:,.0f} km from it"
        eid = f"sez:{row.sez_id}"
        entities.append(_entity(eid, row, row.name_en, precision, note, point=point))
        for text in (row.name_en, row.name_ru, *str(row.aliases or "").split("|")):
            add(eid, "sez", "main", text)


def gpd_point_to_crs(point: shapely.Point) -> shapely.Point:
    """Project one lon/lat point to :data:`kzgeo.crs.KZ_EQUAL_AREA`.

    Parameters
    ----------
    point
        A point in WGS 84 longitude/latitude degrees.

    Returns
    -------
    shapely.Point
        The point in the equal-area CRS, in metres.
    """
    return shapely.Point(to_equal_area().transform(point.x, point.y))


def _not_current() -> dict[str, str]:
    path = curated_dir() / "sez_not_current.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {
        name_key(n): str(reason)
        for names, reason in zip(table["names"], table["reason"], strict=True)
        for n in str(names).split("|")
    }


@lru_cache(maxsize=1)
def _default() -> Gazetteer:
    # the same files and code give the same gazetteer: built once, then loaded (hash-checked)
    inputs = [p for folder in (geo_dir(), curated_dir()) for p in folder.iterdir() if p.is_file()]
    return prepared("gazetteer", _from_bundled, inputs=inputs)


def _from_bundled() -> Gazetteer:
    return Gazetteer.from_layers(
        places=load_places(),
        aliases=load_aliases(),
        districts=load_districts(),
        regions=load_regions("full"),
        sez=load_sez(),
        zones=load_industrial_zones(),
        villages=load_villages(),
        deposits=load_deposits(),
    )
