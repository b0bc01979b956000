"""Coordinate reference systems kzgeo stores and measures in.

Everything is stored in EPSG:4326 (longitude, latitude). Areas and distances are never taken
in degrees: they are measured in :data:`KZ_EQUAL_AREA`, an Albers equal-area conic fitted to
Kazakhstan (standard parallels 43 N and 53 N, central meridian 68 E, spanning 40.5-55.5 N,
46.5-87.5 E). Areas in it are exact; lengths are within about 2 % of the true distance
across the country, which is what snap distances need.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import shapely
from pyproj import Transformer

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy.typing as npt
    from pyproj import CRS

STORAGE_CRS = "EPSG:4326"
_POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)
KZ_EQUAL_AREA = (
    "+proj=aea +lat_0=48 +lon_0=68 +lat_1=43 +lat_2=53 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
)


def area_km2(geometries: gpd.GeoSeries) -> npt.NDArray[np.float64]:
    """Return the area of each geometry in km², measured in :data:`KZ_EQUAL_AREA`.

    Parameters
    ----------
    geometries
        Geometries with a CRS set (any CRS: they are projected first).

    Returns
    -------
    numpy.ndarray
        Area in square kilometres, one value a geometry.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import box
    >>> one_degree = gpd.GeoSeries([box(68, 48, 69, 49)], crs="EPSG:4326")
    >>> round(float(area_km2(one_degree)[0]))
    8218
    """
    projected = geometries.to_crs(KZ_EQUAL_AREA)
    return np.asarray(shapely.area(projected.values), dtype=np.float64) / 1e6


@cache
def to_equal_area() -> Transformer:
    """Return the (cached) lon/lat -> :data:`KZ_EQUAL_AREA` transformer, for x/y arrays.

    Returns
    -------
    pyproj.Transformer
        Takes longitude, latitude (``always_xy``) and gives x, y in metres.

    Examples
    --------
    >>> x, y = to_equal_area().transform(68.0, 48.0)
    >>> round(x), round(y)
    (0, 0)
    """
    return Transformer.from_crs(STORAGE_CRS, KZ_EQUAL_AREA, always_xy=True)


def is_storage_crs(crs: CRS | None) -> bool:
    """Return whether ``crs`` is the storage CRS, EPSG:4326.

    Parameters
    ----------
    crs
        A layer's CRS (``GeoDataFrame.crs``), or ``None`` when the layer has none.

    Returns
    -------
    bool
        ``True`` only for EPSG:4326; ``False`` for any other CRS and for ``None``.

    Examples
    --------
    >>> from pyproj import CRS
    >>> is_storage_crs(CRS("EPSG:4326")), is_storage_crs(CRS("EPSG:3857")), is_storage_crs(None)
    (True, False, False)
    """
    return crs is not None and crs.to_epsg() == 4326


def is_polygonal(geometries: npt.NDArray[np.object_]) -> npt.NDArray[np.bool_]:
    """Return, per geometry, whether it is a Polygon or a MultiPolygon.

    Parameters
    ----------
    geometries
        Shapely geometries (``GeoSeries.to_numpy()``); ``None`` counts as not polygonal.

    Returns
    -------
    numpy.ndarray
        One boolean a geometry. Empty polygons count as polygonal: emptiness is checked apart.

    Examples
    --------
    >>> import numpy as np
    >>> from shapely import Point, box
    >>> is_polygonal(np.array([box(0, 0, 1, 1), Point(0, 0), None])).tolist()
    [True, False, False]
    """
    return np.isin(shapely.get_type_id(geometries), _POLYGONAL)
