"""Region geometry at map resolution, for the web map and the PNG alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import shapely
from shapely.ops import polylabel

from kzgeo.crs import KZ_EQUAL_AREA
from kzgeo.datasets import load_regions

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

MAX_MAP_VERTICES = 30_000
CITY_CLEARANCE_M = 90_000  # region labels are placed at least this far from a city


def map_geometry(layer: gpd.GeoDataFrame, region_id: str = "iso_3166_2") -> gpd.GeoSeries:
    """Return the layer's geometry at map resolution, in the layer's row order (EPSG:4326).

    kzgeo's own regions take their bundled map resolution. A user's layer is simplified only as
    a whole coverage (``shapely.coverage_simplify``: shared borders stay shared), never polygon
    by polygon, and only when it is a valid coverage and large.

    Parameters
    ----------
    layer
        A region layer (kzgeo's or one built on your own boundaries).
    region_id
        The layer's id column; kzgeo's bundled geometry is used only for ``iso_3166_2``.

    Returns
    -------
    geopandas.GeoSeries
        One geometry per row, index as the layer's.

    Examples
    --------
    >>> import kzgeo
    >>> geometry = map_geometry(kzgeo.load_regions("full"))
    >>> len(geometry), str(geometry.crs)
    (20, 'EPSG:4326')
    """
    table = layer.to_crs(4326)
    bundled = load_regions("map")
    if region_id == "iso_3166_2" and set(table["iso_3166_2"]) <= set(bundled["iso_3166_2"]):
        simple: pd.Series = bundled.set_index("iso_3166_2").geometry
        return gpd.GeoSeries(table["iso_3166_2"].map(simple), index=table.index, crs=4326)
    values = table.geometry.to_numpy()
    if shapely.get_num_coordinates(values).sum() > MAX_MAP_VERTICES and bool(
        shapely.coverage_is_valid(values)
    ):
        values = shapely.coverage_simplify(values, tolerance=0.01)
    return gpd.GeoSeries(values, index=table.index, crs=4326)


def label_points(table: gpd.GeoDataFrame, cities: np.ndarray) -> list[tuple[float, float]]:
    """Return a (lat, lon) label point well inside each region, away from the cities.

    The pole of inaccessibility (``shapely.ops.polylabel``, in :data:`kzgeo.crs.KZ_EQUAL_AREA`)
    of each region's largest part, after taking out a band of ``CITY_CLEARANCE_M`` around the
    cities (rows where ``cities`` is true), whose own symbols and callouts sit there.

    Parameters
    ----------
    table
        A region layer with a CRS set.
    cities
        One boolean a row: ``True`` for the cities of republican significance.

    Returns
    -------
    list of tuple of float
        ``(lat, lon)`` in degrees, rounded to 4 decimals (about 10 m), one a row.

    Examples
    --------
    >>> import kzgeo, numpy as np
    >>> regions = kzgeo.load_regions("map")
    >>> points = label_points(regions, regions["kind"].eq("city").to_numpy())
    >>> lat, lon = points[list(regions["iso_3166_2"]).index("KZ-55")]  # Pavlodar Region
    >>> 50 < lat < 54 and 73 < lon < 79
    True
    """
    projected = table.geometry.to_crs(KZ_EQUAL_AREA)
    around = shapely.union_all(projected[cities].buffer(CITY_CLEARANCE_M).to_numpy())
    points = []
    for geometry, city in zip(projected, cities, strict=True):
        area = geometry if city or around.is_empty else geometry.difference(around)
        area = geometry if area.is_empty else area
        parts = getattr(area, "geoms", [area])
        points.append(polylabel(max(parts, key=lambda g: g.area), tolerance=2000))
    back = gpd.GeoSeries(points, crs=KZ_EQUAL_AREA).to_crs(4326)
    return [(round(float(p.y), 4), round(float(p.x), 4)) for p in back]
