"""Boundary files users bring (their own regions, districts, zones), checked before use."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

from kzgeo.crs import STORAGE_CRS, is_polygonal, is_storage_crs
from kzgeo.errors import BoundaryError, Issue, input_error


def validate_boundaries(
    layer: gpd.GeoDataFrame, *, region_id: str, file: str | None = None
) -> gpd.GeoDataFrame:
    """Check a polygon layer and return it in EPSG:4326 with a clean index.

    Checks: the id column exists and is unique and filled, a CRS is set, every geometry is a
    non-empty valid polygon or multipolygon. Each problem names the feature (1-based, as GIS
    tools count) and says what to do. Overlaps between features are not an error: the join's
    overlap rule resolves them.

    Parameters
    ----------
    layer
        The boundary layer, in any CRS that is set.
    region_id
        The column that identifies each region (the same name as in :func:`kzgeo.build`;
        ``--region-id`` on the command line).
    file
        The file the layer was read from, named in every issue; ``None`` for in-memory data.

    Returns
    -------
    geopandas.GeoDataFrame
        The same features in EPSG:4326 (reprojected when needed), index ``0 .. n-1``.

    Raises
    ------
    kzgeo.errors.BoundaryError
        Listing every problem found.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import box
    >>> ok = gpd.GeoDataFrame({"code": ["A"]}, geometry=[box(70, 45, 71, 46)], crs=3857)
    >>> validate_boundaries(ok, region_id="code").crs.to_epsg()
    4326
    """
    issues: list[Issue] = []

    def bad(row: int | None, field: str, message: str, hint: str) -> None:
        issues.append(Issue("error", file, row, field, message, hint))

    if region_id not in layer.columns:
        bad(
            None,
            region_id,
            f"id column missing (columns: {', '.join(map(str, layer.columns))})",
            "name the column that identifies each region (region_id= / --region-id)",
        )
    if layer.crs is None:
        bad(
            None,
            "geometry",
            "the boundary layer has no CRS",
            "save the file with its CRS (.prj for shapefiles) or set it with gdf.set_crs()",
        )
    if len(layer) == 0:
        bad(None, "layer", "the boundary layer has no features", "check the file and layer name")
    if issues:
        raise BoundaryError(issues)
    _check_degrees(layer, file)
    ids = layer[region_id]
    for i in np.flatnonzero(ids.isna().to_numpy() | ids.astype(str).duplicated().to_numpy()):
        bad(int(i) + 1, region_id, f"id {ids.iloc[i]!r} is empty or repeated", "ids must be unique")
    geoms = layer.geometry.to_numpy()
    polygonal = is_polygonal(geoms)
    for i in np.flatnonzero(~polygonal | shapely.is_empty(geoms)):
        bad(
            int(i) + 1,
            "geometry",
            f"{ids.iloc[i]}: not a polygon",
            "keep only polygon features in the boundary layer",
        )
    invalid = np.flatnonzero(polygonal & ~shapely.is_valid(geoms))
    for i in invalid[:50]:
        bad(
            int(i) + 1,
            "geometry",
            f"{ids.iloc[i]}: {shapely.is_valid_reason(geoms[i])}",
            "repair it (QGIS: Fix geometries; Python: shapely.make_valid)",
        )
    if issues:
        raise BoundaryError(issues)
    out = layer if is_storage_crs(layer.crs) else layer.to_crs(STORAGE_CRS)
    return out.reset_index(drop=True)


def _check_degrees(layer: gpd.GeoDataFrame, file: str | None) -> None:
    """Refuse a layer labelled with a geographic CRS whose coordinates are not degrees.

    A file in metres saved with an EPSG:4326 label is common (a projected export with the
    wrong .prj); read as degrees it spans millions of "degrees", and every later step would
    work on nonsense (or for a very long time).
    """
    if not layer.crs.is_geographic:
        return
    x0, y0, x1, y1 = shapely.total_bounds(layer.geometry.to_numpy())
    if min(x0, y0) >= -180 and x1 <= 180 and y1 <= 90 and y0 >= -90:
        return
    raise input_error(
        f"the layer says {layer.crs.to_string()} (degrees) but its coordinates reach "
        f"x {x0:,.0f} to {x1:,.0f}, y {y0:,.0f} to {y1:,.0f}: they are not degrees",
        file=file,
        field="geometry",
        hint="the file was probably saved in metres with the wrong CRS label; set its real "
        "CRS (QGIS: Layer > Set CRS; Python: gdf.set_crs(..., allow_override=True))",
        cls=BoundaryError,
    )


def load_boundaries(
    path: str | Path, *, region_id: str, layer: str | None = None
) -> gpd.GeoDataFrame:
    """Read and check a boundary file (GeoPackage, GeoJSON, shapefile, GeoParquet ...).

    Parameters
    ----------
    path
        The file; a ``.parquet`` suffix is read as GeoParquet, anything else through GDAL.
    region_id
        The column identifying each region.
    layer
        The layer to read in a multi-layer file (default: the first).

    Returns
    -------
    geopandas.GeoDataFrame
        The checked layer in EPSG:4326, as :func:`validate_boundaries` returns it.

    Raises
    ------
    kzgeo.errors.BoundaryError
        If the file cannot be read or fails :func:`validate_boundaries`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import geopandas as gpd
    >>> from shapely import box
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "zones.geojson"
    >>> zones = gpd.GeoDataFrame({"code": ["A"]}, geometry=[box(70, 45, 71, 46)], crs=4326)
    >>> zones.to_file(path)
    >>> load_boundaries(path, region_id="code")["code"].tolist()
    ['A']
    """
    file = str(path)
    try:
        if Path(path).suffix.lower() == ".parquet":
            frame = gpd.read_parquet(path)
        else:
            frame = pyogrio.read_dataframe(path, layer=layer)
    except (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        OSError,
        ValueError,
    ) as exc:
        raise input_error(
            f"cannot read: {exc}",
            file=file,
            hint="give a GeoPackage, GeoJSON, shapefile or GeoParquet file",
            cls=BoundaryError,
        ) from None
    return validate_boundaries(frame, region_id=region_id, file=file)
