"""The offline gazetteer: settlements, districts and kzgeo's alias table."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from kzgeo._paths import curated_dir, geo_dir
from kzgeo.datasets._validate import check_points, points_frame, require_columns
from kzgeo.datasets.regions import iso_codes

if TYPE_CHECKING:
    import geopandas as gpd


@lru_cache(maxsize=1)
def _read_places() -> gpd.GeoDataFrame:
    path = geo_dir() / "places.csv"
    frame = pd.read_csv(path, dtype={"geonames_admin1": str}, keep_default_na=False, na_values=[""])
    require_columns(
        frame, ("place_id", "name", "lat", "lon", "region_iso", "source"), file=str(path)
    )
    check_points(frame, file=str(path), id_column="place_id", region_codes=iso_codes())
    frame["population"] = frame["population"].astype("Int64")
    frame["alt_names"] = frame["alt_names"].fillna("")
    return points_frame(frame)


@lru_cache(maxsize=1)
def _read_districts() -> gpd.GeoDataFrame:
    path = geo_dir() / "districts.csv"
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    require_columns(frame, ("district_id", "name_en", "region_iso", "lat", "lon"), file=str(path))
    check_points(frame, file=str(path), id_column="district_id", region_codes=iso_codes())
    frame["aliases"] = frame["aliases"].fillna("")
    return points_frame(frame)


def load_places() -> gpd.GeoDataFrame:
    """Return the gazetteer of Kazakhstan settlements (GeoNames cities500 + curated places).

    Returns
    -------
    geopandas.GeoDataFrame
        Points in EPSG:4326 with ``place_id`` (``gn:<geonameid>`` or ``kz:<slug>``), ``name``,
        ``population``, ``region_iso`` (from a spatial join to the regions), ``alt_names``
        (``|``-separated Latin and Cyrillic names), ``coord_accuracy_m`` (curated places) and
        ``source``.

    Examples
    --------
    >>> import kzgeo
    >>> places = kzgeo.load_places()
    >>> len(places) >= 300
    True
    >>> places.set_index("place_id").loc["kz:kaskelen", "region_iso"]
    'KZ-19'
    """
    return _read_places().copy()


def load_districts() -> gpd.GeoDataFrame:
    """Return the districts kzgeo can geocode, each as its administrative seat's point.

    Examples
    --------
    >>> import kzgeo
    >>> kzgeo.load_districts().set_index("district_id").loc["ili", "seat_name"]
    'Otegen Batyra'
    """
    return _read_districts().copy()


@lru_cache(maxsize=1)
def _read_aliases() -> pd.DataFrame:
    path = curated_dir() / "aliases.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    require_columns(frame, ("alias", "target", "kind"), file=str(path))
    return frame


def load_aliases() -> pd.DataFrame:
    """Return kzgeo's alias table: ``alias`` -> ``target`` place id, with ``kind`` and ``note``.

    Examples
    --------
    >>> import kzgeo
    >>> aliases = kzgeo.load_aliases()
    >>> aliases.set_index("alias").loc["Kapchagay", "target"]
    'gn:1519948'
    """
    return _read_aliases().copy()
