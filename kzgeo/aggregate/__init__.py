"""Allocation over sites and per-region / per-SEZ layers (aggregate)."""

from kzgeo.aggregate.allocate import allocate, complete_money, shares
from kzgeo.aggregate.layers import (
    TotalsOptions,
    national_summary,
    region_layer,
    sector_stage_totals,
    sez_layer,
)

__all__ = [
    "TotalsOptions",
    "allocate",
    "complete_money",
    "national_summary",
    "region_layer",
    "sector_stage_totals",
    "sez_layer",
    "shares",
]
