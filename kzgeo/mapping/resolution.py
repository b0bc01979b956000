"""Region geometry at map resolution, for the web map and the PNG alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import shapely

from kzgeo.datasets import load_regions

if TYPE_CHECKING:
    import pandas as pd

MAX_MAP_VERTICES = 30_000


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
        The layer's id column.

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
