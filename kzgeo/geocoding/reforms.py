"""Regions renamed or split since a text was written, and the units that succeeded them.

A register written in 2020 says "East Kazakhstan region" for Semey; since June 2022 Semey is in
Abai Region. Such a name is not wrong, only old: the finest part of the location (the town, the
district) says which of the successors is meant today. :func:`successors` lists them for a
region named as written; the geocoder picks the one the finer part lies in and reports the row
as ``region-reformed`` (see :mod:`kzgeo.join.assign`), never as a mismatch.

Sources (one a reform):

- Abai, Jetisu and Ulytau regions formed in June 2022 from East Kazakhstan, Almaty and
  Karaganda regions: https://en.wikipedia.org/wiki/Abai_Region ,
  https://en.wikipedia.org/wiki/Jetisu_Region , https://en.wikipedia.org/wiki/Ulytau_Region
- South Kazakhstan Region renamed Turkistan Region and Shymkent made a city of republican
  significance in June 2018: https://en.wikipedia.org/wiki/Turkistan_Region
"""

from __future__ import annotations

from typing import Final, NamedTuple


class Reform(NamedTuple):
    """One region as it was before a reform, and what it is now."""

    old_name: str
    year: int
    successors: tuple[str, ...]  # ISO 3166-2 codes of today's units that cover the old region
    source_url: str


REFORMS: Final = {
    "KZ-63": Reform(
        "East Kazakhstan Region",
        2022,
        ("KZ-63", "KZ-10"),
        "https://en.wikipedia.org/wiki/Abai_Region",
    ),
    "KZ-19": Reform(
        "Almaty Region", 2022, ("KZ-19", "KZ-33"), "https://en.wikipedia.org/wiki/Jetisu_Region"
    ),
    "KZ-35": Reform(
        "Karaganda Region", 2022, ("KZ-35", "KZ-62"), "https://en.wikipedia.org/wiki/Ulytau_Region"
    ),
}
SOUTH_KAZAKHSTAN: Final = Reform(
    "South Kazakhstan Region",
    2018,
    ("KZ-61", "KZ-79"),
    "https://en.wikipedia.org/wiki/Turkistan_Region",
)
# Names of the former South Kazakhstan Region (the region of today's KZ-61 before 2018), as
# https://en.wikipedia.org/wiki/Turkistan_Region and
# https://ru.wikipedia.org/wiki/Туркестанская_область give them (ЮКО: the Russian abbreviation);
# they are in the gazetteer as former names of Turkistan Region.
SOUTH_KAZAKHSTAN_NAMES: Final = (
    "South Kazakhstan Region",
    "South Kazakhstan Oblast",
    "South Kazakhstan",
    "Southern Kazakhstan Region",
    "Yuzhno-Kazakhstanskaya oblast",
    "Ongtustik Kazakhstan oblysy",
    "Южно-Казахстанская область",
    "Южно-Казахстанская",
    "ЮКО",
    "Оңтүстік Қазақстан облысы",
    "Оңтүстік Қазақстан",
    "Ońtústik Qazaqstan oblysy",
)


def successors(region_iso: str, *, former: bool) -> Reform | None:
    """Return the reform a region named as written went through, if any.

    Parameters
    ----------
    region_iso
        The region the name matched.
    former
        True when the name matched is a former name of that region (South Kazakhstan for
        Turkistan Region): the 2018 reform applies only then.

    Returns
    -------
    Reform or None
        The reform (year, successor regions) the region went through; None when the region
        went through none (and for Turkistan Region when named by its current name).

    Examples
    --------
    >>> successors("KZ-63", former=False).successors
    ('KZ-63', 'KZ-10')
    >>> successors("KZ-61", former=False) is None, successors("KZ-61", former=True).year
    (True, 2018)
    """
    if region_iso == "KZ-61":
        return SOUTH_KAZAKHSTAN if former else None
    return REFORMS.get(region_iso)
