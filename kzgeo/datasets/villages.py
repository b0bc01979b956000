"""Villages (аулы, сёла, посёлки) of Kazakhstan and the district each lies in, in ``data/geo``.

kzgeo's settlement list (GeoNames places of 500 or more people) lacks most villages. This table
names villages from administrative lists (district and rural-okrug articles, akimat pages,
postal index lists; each row cites its list) with the district they belong to. A village is not
located: its point is its district's seat (``point_basis`` ``district-seat``), so whatever it
places is placed at district precision.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Literal, get_args

from kzgeo._paths import geo_dir
from kzgeo.datasets._points import read_point_table
from kzgeo.datasets.places import load_districts
from kzgeo.errors import BoundaryError, Issue

if TYPE_CHECKING:
    import geopandas as gpd

VillagePointBasis = Literal["district-seat"]
"""Where a village's point comes from: ``district-seat``, the GeoNames point of the seat of the
district it lies in (:func:`kzgeo.load_districts`); the village itself is not located."""
VILLAGE_POINT_BASES: tuple[str, ...] = get_args(VillagePointBasis)

VILLAGE_COLUMNS = (
    "village_id",
    "name_ru",
    "district_id",
    "region_iso",
    "lat",
    "lon",
    "point_basis",
    "source_url",
)

# may be empty: no Kazakh name found, no other spelling, no okrug in the source, no note
_OPTIONAL_TEXT = ("name_kk", "aliases", "okrug", "note")


@lru_cache(maxsize=1)
def _read() -> gpd.GeoDataFrame:
    layer = read_point_table(
        geo_dir() / "villages.csv",
        required=VILLAGE_COLUMNS,
        optional=_OPTIONAL_TEXT,
        id_column="village_id",
        vocabularies={"point_basis": VILLAGE_POINT_BASES},
    )
    region_of = load_districts().set_index("district_id")["region_iso"].to_dict()
    issues = [
        Issue(
            "error",
            "villages.csv",
            i + 2,
            "district_id",
            f"{vid}: district {did!r} unknown or not in {iso}",
            "fix the row in data/curated and rebuild with scripts/build_data.py",
        )
        for i, (vid, did, iso) in enumerate(
            zip(layer["village_id"], layer["district_id"], layer["region_iso"], strict=True)
        )
        if region_of.get(did) != iso
    ]
    if issues:
        raise BoundaryError(issues)
    return layer


def load_villages() -> gpd.GeoDataFrame:
    """Return the villages kzgeo knows with their district, each at its district's seat.

    Returns
    -------
    geopandas.GeoDataFrame
        Points in EPSG:4326, one row a village: ``village_id``, ``name_ru``, ``name_kk``
        (empty where the source gave none), ``aliases`` (``|``-separated former names and
        other spellings), ``district_id`` (its id in :func:`kzgeo.load_districts`),
        ``region_iso``, ``okrug`` (the rural okrug, where the source names it), ``lat``/``lon``
        (the district seat's point), ``point_basis`` (:data:`VillagePointBasis`),
        ``source_url`` (the administrative list naming the village in its district) and
        ``note``. Checked on load: ids unique, every district known and in the row's region,
        every point inside its region.

    Examples
    --------
    >>> import kzgeo
    >>> villages = kzgeo.load_villages().set_index("village_id")
    >>> villages.loc["kulan-tulkibas", ["district_id", "region_iso", "point_basis"]].tolist()
    ['tulkibas', 'KZ-61', 'district-seat']
    """
    return _read().copy()
