"""Parts of a location matched together: the region they share decides between namesakes.

A village name can exist in three regions and a district name in two; the row names both, and
only one region holds a village and a district of those names. :func:`nest` returns that region
as the hint the matcher narrows by. A region named as it was before a reform ("East Kazakhstan
region" for Semey, now Abai Region) counts as any of its successors
(:mod:`kzgeo.geocoding.reforms`): the finer part decides, and the row is reported as reformed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kzgeo.geocoding.matcher import NO_MATCH, Match
from kzgeo.geocoding.names import name_key
from kzgeo.geocoding.reforms import successors

if TYPE_CHECKING:
    from kzgeo.geocoding.gazetteer import Gazetteer
    from kzgeo.geocoding.matcher import Matcher


def _regions(gaz: Gazetteer, kind: str, text: str) -> set[str]:
    """Regions of every entity of ``kind`` whose name is exactly ``text``."""
    if not text:
        return set()
    out = {gaz.records[e].region_iso for e, _ in gaz.exact(kind, name_key(text))}
    return {r for r in out if r}


def nest(
    gaz: Gazetteer, place: str, district: str, region_m: Match | None
) -> tuple[str | None, str]:
    """Return the region hint of a row's parts, and a reform note when a successor was chosen.

    Parameters
    ----------
    gaz
        The gazetteer of the run.
    place, district
        The row's settlement and district texts (``""`` when absent).
    region_m
        The match of the row's region text, if it has one.

    Returns
    -------
    tuple
        ``(hint, reform)``: the region to narrow names by (``None``: none), and ``""`` or a note
        such as "East Kazakhstan Region (the name before 2022) is now KZ-10 here".

    Examples
    --------
    >>> from kzgeo.geocoding import Gazetteer, Matcher
    >>> gaz = Gazetteer.default(); m = Matcher(gaz)
    >>> nest(gaz, "Semey", "", m.match("region", "East Kazakhstan Region"))[0]
    'KZ-10'
    """
    written = None
    if region_m is not None and region_m.entity_id is not None:
        written = gaz.records[region_m.entity_id].region_iso
    sets = [s for s in (_regions(gaz, "place", place), _regions(gaz, "district", district)) if s]
    if written is None:
        if len(sets) < 2:  # one part alone: the matcher's own rules apply
            return None, ""
        common = set.intersection(*sets)
        return (common.pop(), "") if len(common) == 1 else (None, "")
    if not sets:
        return written, ""
    reform = successors(written, former=region_m is not None and region_m.via == "former")
    allowed = set(reform.successors) if reform else {written}
    within = set.intersection(*sets) & allowed
    if written in within or len(within) != 1:
        return written, ""
    chosen = within.pop()
    if reform is None:  # unreachable: a region other than the one written is a successor
        return written, ""
    what = "settlement" if _regions(gaz, "place", place) & {chosen} else "district"
    note = (
        f"region-reformed: {reform.old_name} as written before {reform.year} is "
        f"{gaz.records['region:' + chosen].name} ({chosen}) today, where the {what} lies"
    )
    return chosen, note


def zone_match(gaz: Gazetteer, matcher: Matcher, zone: str, place: str, hint: str | None) -> Match:
    """Match an industrial zone by its own name, else as the zone of the settlement named.

    Parameters
    ----------
    gaz
        The gazetteer holding the industrial zones.
    matcher
        A :class:`~kzgeo.geocoding.matcher.Matcher` of ``gaz``, for the zone's own name.
    zone
        The zone's name as written, ``""`` when the row gives none.
    place
        The settlement the row names, ``""`` when none: a town with one industrial zone
        stands for that zone.
    hint
        ISO 3166-2 code of the row's region, or None; zones in that region are preferred.

    Returns
    -------
    Match
        ``ok`` for a zone found by name or as its town's only zone, ``ambiguous`` when a town
        has several (the zones listed in ``candidates``), ``not-found`` otherwise, with a note
        naming what was looked for.

    Examples
    --------
    >>> from kzgeo.geocoding import Gazetteer, Matcher
    >>> gaz = Gazetteer.default()
    >>> zone_match(gaz, Matcher(gaz), "", "Nowhere", None).status
    'not-found'
    """
    named = NO_MATCH
    if zone:
        named = matcher.match("zone", zone, hint)
        if named.entity_id is not None:
            return named
    # a zone named but not listed is not the town's only listed zone ("«Арна», Конаев" is not
    # Kairat, the one zone of Konaev kzgeo once knew); a name of zones in several towns is the
    # one in the town named ("Ондирис, Семей"); its own name may be a town's ("Kostanay")
    where = [t for t in (zone, place) if t] if named.status == "ambiguous" or not zone else [zone]
    for text in where:
        ids = gaz.zones_at(name_key(text))
        if text == place and named.ids:
            ids = [e for e in ids if e in named.ids]
        if hint:
            ids = [e for e in ids if gaz.records[e].region_iso == hint] or ids
        if len(ids) == 1:
            return Match(ids[0], "main", "ok", 100.0, (), f"the industrial zone of {text}")
        if ids:
            names = tuple(f"{gaz.records[e].name} ({e})" for e in ids)
            note = f"{len(ids)} industrial zones in {text}: {'; '.join(names)}"
            return Match(None, "", "ambiguous", 100.0, names, note)
    if named.status == "ambiguous":  # a name of zones in several places, no town to choose
        return named
    label = " / ".join(repr(t) for t in where) or "with no name or town"
    return Match(None, "", "not-found", 0.0, (), f"no industrial zone {label} in kzgeo's layer")


# a town that is a unit of its own is read for its name when its namesakes together hold at
# most this share of its population: "в Актау" (147,443 people) is not one of two villages
# Aktau of 9,500 and 9,977 in Karaganda Region; Aksu (44,808) against 26,115 + 8,543 is no such
# case, and stays ambiguous
DOMINANT_SHARE = 0.2


def dominant_city(gaz: Gazetteer, ids: tuple[str, ...], text: str) -> str | None:
    """Return the one candidate that is a city unit and dwarfs its namesakes, if there is one.

    A name shared by a city of regional significance (or a region's centre) and by villages is,
    written without "village", the city: that is how reports write them. It must be the city's
    own name (``text`` is its main name): "Kyzylzhar", the Kazakh name of Petropavl, is also a
    village of Karaganda Region, and stays ambiguous. The rule needs GeoNames populations; a
    namesake without one counts as 0.

    Parameters
    ----------
    gaz
        The gazetteer the ids belong to.
    ids
        The place ids an exact name is shared by (:attr:`Match.ids
        <kzgeo.geocoding.matcher.Match.ids>`).
    text
        The name as written.

    Returns
    -------
    str or None
        The city's entity id when exactly one candidate is a city unit, ``text`` is its main
        name and its namesakes together hold at most ``DOMINANT_SHARE`` of its population;
        else None.

    Examples
    --------
    >>> from kzgeo.geocoding import Gazetteer, Matcher
    >>> gaz = Gazetteer.default()
    >>> dominant_city(gaz, Matcher(gaz).match("place", "Aktau").ids, "Aktau")
    'place:gn:610612'
    >>> dominant_city(gaz, Matcher(gaz).match("place", "Aksu").ids, "Aksu") is None
    True
    """
    cities = [e for e in ids if e in gaz.cities]
    if len(cities) != 1:
        return None
    city = gaz.records[cities[0]]
    if city.key != name_key(text):
        return None
    others = sum(gaz.records[e].population for e in ids if e != city.entity_id)
    return city.entity_id if others <= DOMINANT_SHARE * city.population else None
