"""The reader shared by kzgeo's bundled point layers (industrial zones, deposits).

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
    from collections.abc import Iterable
    from pathlib import Path

    import geopandas as gpd

PointBasis = Literal["reported", "settlement", "district-seat", "region-centre"]
"""Where a point comes from: ``reported`` a coordinate a cited source gives for the site
itself; ``settlement`` the town or village the source places it in; ``district-seat`` the seat of
the district the source places it in (no settlement named); ``region-centre`` the regional centre
(the source names only the region). The last three are GeoNames points, not the site's."""
POINT_BASES: tuple[str, ...] = get_args(PointBasis)


def read_points(
    path: Path, *, id_column: str, columns: Iterable[str], optional: Iterable[str]
) -> gpd.GeoDataFrame:
    """Read and check one bundled point layer of ``data/geo``.

    Parameters
    ----------
    path
        The layer's CSV file, e.g. ``data/geo/deposits.csv``.
    id_column
        The column of the rows' unique ids.
    columns
        Columns that must be present and filled.
    optional
        Text columns that may be empty (read as ``""``, never NaN).

    Returns
    -------
    geopandas.GeoDataFrame
        The rows as points in EPSG:4326, checked: ids unique, every point in Kazakhstan and
        inside the row's ``region_iso``, ``point_basis`` one of :data:`POINT_BASES`.
    """
    file = str(path)
    optional = tuple(optional)
    frame = pd.read_csv(
        path, dtype=dict.fromkeys(optional, str), keep_default_na=False, na_values=[""]
    )
    require_columns(frame, columns, file=file)
    check_points(frame, file=file, id_column=id_column, region_codes=iso_codes())
    for col in optional:
        frame[col] = frame[col].fillna("") if col in frame else ""
    check_vocabularies(frame, {"point_basis": POINT_BASES}, file=file)
    layer = points_frame(frame)
    check_in_regions(layer, file=file, id_column=id_column)
    return layer
