"""The reader shared by kzgeo's bundled point layers (industrial zones, deposits, villages).

Each layer is a CSV of ``data/geo`` with one point a row: its own coordinate where a cited source
gives one, else the point of a settlement, district seat or regional centre (``point_basis``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, get_args

import pandas as pd

from kzgeo.datasets._validate import (
    check_points,
    check_vocabularies,
    points_frame,
    require_columns,
)
from kzgeo.datasets.places import check_in_regions
from kzgeo.datasets.regions import iso_codes

if TYPE_CHECKING:
    from pathlib import Path

    import geopandas as gpd

PointBasis = Literal["reported", "settlement", "district-seat", "region-centre"]
"""Where a point comes from: ``reported`` a coordinate a cited source gives for the site
itself; ``settlement`` the town or village the source places it in; ``district-seat`` the seat of
the district the source places it in (no settlement named); ``region-centre`` the regional centre
(the source names only the region). The last three are GeoNames points, not the site's."""
POINT_BASES: tuple[str, ...] = get_args(PointBasis)


def read_point_table(
    path: Path,
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...],
    id_column: str,
    vocabularies: dict[str, tuple[str, ...]],
) -> gpd.GeoDataFrame:
    """Read one bundled point table (a CSV of ``data/geo``) and check it.

    Parameters
    ----------
    path
        The CSV file (``geo_dir() / "industrial_zones.csv"``).
    required
        Columns the file must have (``lat``, ``lon`` and ``region_iso`` among them).
    optional
        Text columns that may be empty or absent: read as ``""``.
    id_column
        The column whose values must be unique.
    vocabularies
        For each closed-vocabulary column, the values it may hold.

    Returns
    -------
    geopandas.GeoDataFrame
        The rows as points in EPSG:4326, each checked to lie inside its ``region_iso``.

    Raises
    ------
    kzgeo.errors.BoundaryError
        When a column is missing, an id repeats, a point lies outside Kazakhstan or its
        region, or a value is outside its vocabulary.

    Examples
    --------
    >>> from kzgeo._paths import geo_dir
    >>> from kzgeo.datasets._points import read_point_table
    >>> zones = read_point_table(
    ...     geo_dir() / "industrial_zones.csv",
    ...     required=("zone_id", "lat", "lon", "region_iso"),
    ...     optional=("note",),
    ...     id_column="zone_id",
    ...     vocabularies={},
    ... )
    >>> zones.crs.to_epsg()
    4326
    """
    file = str(path)
    text = dict.fromkeys(optional, str)
    frame = pd.read_csv(path, dtype=text, keep_default_na=False, na_values=[""])
    require_columns(frame, required, file=file)
    check_points(frame, file=file, id_column=id_column, region_codes=iso_codes())
    for col in optional:
        frame[col] = frame[col].fillna("") if col in frame else ""
    check_vocabularies(frame, vocabularies, file=file)
    layer = points_frame(frame)
    check_in_regions(layer, file=file, id_column=id_column)
    return layer
