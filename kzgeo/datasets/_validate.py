"""Load-time checks shared by the bundled-layer loaders.

Each check collects every problem it finds and raises one
:class:`~kzgeo.errors.BoundaryError` listing them; rows are counted as a spreadsheet shows
the file (header = line 1, so the first feature is line 2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import shapely

from kzgeo.crs import is_storage_crs
from kzgeo.errors import BoundaryError, Issue

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

# Kazakhstan's bounding box with a margin: a cheap first check before any polygon test.
KZ_LAT = (40.0, 56.0)
KZ_LON = (46.0, 88.0)
# these checks guard the data kzgeo ships, which a user cannot fix by editing their input
REBUILD = (
    "the bundled data is damaged: reinstall kzgeo (in a source checkout: scripts/build_data.py)"
)


def require_columns(frame: pd.DataFrame, columns: Iterable[str], *, file: str) -> None:
    """Raise if any of ``columns`` is missing or has nulls.

    Parameters
    ----------
    frame
        The table as read.
    columns
        Columns that must be present and filled in every row.
    file
        The file the table was read from (named in each issue).

    Raises
    ------
    kzgeo.errors.BoundaryError
        Naming every missing column, and the first empty row of each column with gaps.

    Examples
    --------
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"id": ["a", None]}), ["id", "name"], file="x.csv")
    Traceback (most recent call last):
    ...
    kzgeo.errors.BoundaryError: 2 error(s) in input:
      error: x.csv, line 3, field 'id': empty value -> the bundled data is damaged: ...
      error: x.csv, field 'name': column missing -> the bundled data is damaged: ...
    """
    issues = []
    for col in columns:
        if col not in frame.columns:
            issues.append(Issue("error", file, None, col, "column missing", REBUILD))
        elif frame[col].isna().any():
            row = int(np.flatnonzero(frame[col].isna().to_numpy())[0]) + 2
            issues.append(Issue("error", file, row, col, "empty value", REBUILD))
    if issues:
        raise BoundaryError(issues)


def require_valid_geometry(layer: gpd.GeoDataFrame, *, file: str, id_column: str) -> None:
    """Raise if the layer is not EPSG:4326, has Z, or holds invalid or empty geometry.

    Parameters
    ----------
    layer
        The layer as read.
    file
        The file it was read from (named in each issue).
    id_column
        The column whose value names a bad feature in its issue.

    Raises
    ------
    kzgeo.errors.BoundaryError
        Naming the CRS if it is not EPSG:4326, and every bad feature with its reason.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Polygon
    >>> bowtie = Polygon([(70, 45), (71, 46), (71, 45), (70, 46)])
    >>> layer = gpd.GeoDataFrame({"id": ["x"]}, geometry=[bowtie], crs=4326)
    >>> require_valid_geometry(layer, file="zones.geojson", id_column="id")
    Traceback (most recent call last):
    ...
    kzgeo.errors.BoundaryError: 1 error(s) in input:
      error: zones.geojson, line 2, field 'geometry': x: invalid, ... (Self-intersection...) -> ...
    """
    issues = []
    if not is_storage_crs(layer.crs):
        issues.append(
            Issue(
                "error", file, None, "geometry", f"CRS is {layer.crs}, expected EPSG:4326", REBUILD
            )
        )
    geoms = layer.geometry.to_numpy()
    bad = ~shapely.is_valid(geoms) | shapely.is_empty(geoms) | shapely.has_z(geoms)
    for i in np.flatnonzero(bad):
        why = shapely.is_valid_reason(geoms[i])
        issues.append(
            Issue(
                "error",
                file,
                int(i) + 2,
                "geometry",
                f"{layer[id_column].iloc[i]}: invalid, empty or 3D geometry ({why})",
                REBUILD,
            )
        )
    if issues:
        raise BoundaryError(issues)


def check_points(
    frame: pd.DataFrame, *, file: str, id_column: str, region_codes: Iterable[str]
) -> None:
    """Raise if ids repeat, a point is outside Kazakhstan's box, or a region code is unknown.

    Parameters
    ----------
    frame
        A point table with ``lat``, ``lon`` (degrees) and ``region_iso`` columns.
    file
        The file it was read from (named in each issue).
    id_column
        The column that must be unique.
    region_codes
        The region codes ``region_iso`` may hold (ISO 3166-2:KZ).

    Raises
    ------
    kzgeo.errors.BoundaryError
        Naming the first repeated id, every point outside latitudes :data:`KZ_LAT` and
        longitudes :data:`KZ_LON`, and the unknown codes.

    Examples
    --------
    >>> import pandas as pd
    >>> towns = pd.DataFrame(
    ...     {"id": ["a", "b"], "lat": [51.1, 41.0], "lon": [71.4, 28.9], "region_iso": "KZ-71"}
    ... )
    >>> check_points(towns, file="towns.csv", id_column="id", region_codes=["KZ-71"])
    Traceback (most recent call last):
    ...
    kzgeo.errors.BoundaryError: 1 error(s) in input:
      error: towns.csv, line 3, field 'lat/lon': point outside Kazakhstan -> the bundled data ...
    """
    issues = []
    if frame[id_column].duplicated().any():
        dup = frame.loc[frame[id_column].duplicated(), id_column].iloc[0]
        issues.append(Issue("error", file, None, id_column, f"duplicate id {dup}", REBUILD))
    bad_lat = ~frame["lat"].between(*KZ_LAT)
    bad_lon = ~frame["lon"].between(*KZ_LON)
    issues += [
        Issue("error", file, int(i) + 2, "lat/lon", "point outside Kazakhstan", REBUILD)
        for i in frame.index[bad_lat | bad_lon]
    ]
    unknown = set(frame["region_iso"]) - set(region_codes)
    if unknown:
        issues.append(Issue("error", file, None, "region_iso", f"unknown {unknown}", REBUILD))
    if issues:
        raise BoundaryError(issues)


def points_frame(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return ``frame`` as a GeoDataFrame of its ``lon``/``lat`` points in EPSG:4326.

    Parameters
    ----------
    frame
        A table with ``lon`` and ``lat`` columns in degrees.

    Returns
    -------
    geopandas.GeoDataFrame
        The same rows and columns, with a point geometry built from them.

    Examples
    --------
    >>> import pandas as pd
    >>> points_frame(pd.DataFrame({"lon": [71.43], "lat": [51.13]})).geometry[0].wkt
    'POINT (71.43 51.13)'
    """
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326"
    )


def check_vocabularies(
    frame: pd.DataFrame, vocabularies: dict[str, tuple[str, ...]], *, file: str
) -> None:
    """Raise, naming row and value, if a column holds a value outside its declared vocabulary.

    Parameters
    ----------
    frame
        The table as read.
    vocabularies
        For each column to check, the values it may hold.
    file
        The file the table was read from (named in each issue).

    Raises
    ------
    kzgeo.errors.BoundaryError
        With one issue a row whose value is not in its column's vocabulary.

    Examples
    --------
    >>> import pandas as pd
    >>> zones = pd.DataFrame({"level": ["zone", "district"]})
    >>> check_vocabularies(zones, {"level": ("zone", "subzone")}, file="sez.csv")
    Traceback (most recent call last):
    ...
    kzgeo.errors.BoundaryError: 1 error(s) in input:
      error: sez.csv, line 3, field 'level': unknown level 'district' -> the bundled data ...
    """
    issues = [
        Issue("error", file, int(i) + 2, col, f"unknown {col} {frame.at[i, col]!r}", REBUILD)
        for col, allowed in vocabularies.items()
        for i in frame.index[~frame[col].isin(allowed)]
    ]
    if issues:
        raise BoundaryError(issues)
