"""Industrial zones (индустриальные зоны) of Kazakhstan, bundled in ``data/geo``.

An industrial zone is a site with state-built infrastructure that an akimat (or a private
owner) leases to manufacturers; it is not a special economic zone (no tax regime of its own).
kzgeo keeps each zone as one point: its reported location where a source gives one, else the
point of the settlement it belongs to (``point_basis`` says which). A park that lies inside an
SEZ (Astana's Industrial Park No 1, in SEZ Astana – New City) is not a row: the geocoder reads its
name as the SEZ, so no row is counted both as a zone and as an SEZ.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from kzgeo._paths import geo_dir
from kzgeo.datasets._points import POINT_BASES, PointBasis, read_point_table

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["POINT_BASES", "ZONE_COLUMNS", "PointBasis", "load_industrial_zones"]

ZONE_COLUMNS = (
    "zone_id",
    "name_en",
    "name_ru",
    "region_iso",
    "settlement",
    "lat",
    "lon",
    "point_basis",
    "source_url",
)

# may be empty: no Kazakh name found, no alias, a settlement point (no coord_source) ...
_OPTIONAL_TEXT = ("name_kk", "aliases", "settlement_place_id", "coord_source", "note")


@lru_cache(maxsize=1)
def _read() -> gpd.GeoDataFrame:
    return read_point_table(
        geo_dir() / "industrial_zones.csv",
        required=ZONE_COLUMNS,
        optional=_OPTIONAL_TEXT,
        id_column="zone_id",
        vocabularies={"point_basis": POINT_BASES},
    )


def load_industrial_zones() -> gpd.GeoDataFrame:
    """Return Kazakhstan's industrial zones as points in EPSG:4326.

    Returns
    -------
    geopandas.GeoDataFrame
        One row a zone: ``zone_id``, ``name_en``, ``name_ru``, ``name_kk`` (empty where no
        Kazakh name was found), ``aliases`` (``|``-separated spellings seen in reporting),
        ``region_iso``, ``settlement`` (the town or city the zone belongs to),
        ``settlement_place_id`` (its id in :func:`kzgeo.load_places`), ``lat``/``lon``,
        ``point_basis`` (:data:`PointBasis`), ``coord_source`` (for ``reported`` points),
        ``source_url`` (the report that the zone exists) and ``note``. Checked on load: ids
        unique, every point in Kazakhstan and inside its ``region_iso``.

    Examples
    --------
    >>> import kzgeo
    >>> zones = kzgeo.load_industrial_zones()
    >>> zones.crs.to_epsg()
    4326
    >>> zones.set_index("zone_id").loc["taldykorgan", "region_iso"]
    'KZ-33'
    """
    return _read().copy()
