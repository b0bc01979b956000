"""Spatial joins: points to regions and SEZs, with snapping and mismatch flags (join)."""

from kzgeo.join.assign import (
    JOIN_COLUMNS,
    assign_regions,
    hint_column_for,
    locate,
    status_counts,
)
from kzgeo.join.distributed import assign_regions_dask, region_totals_dask
from kzgeo.join.pieces import PolygonIndex

__all__ = [
    "JOIN_COLUMNS",
    "PolygonIndex",
    "assign_regions",
    "assign_regions_dask",
    "hint_column_for",
    "locate",
    "region_totals_dask",
    "status_counts",
]
