"""Allocation over sites and per-region / per-SEZ layers (aggregate)."""

from kzgeo.aggregate.allocate import Rate, allocate, complete_usd, shares
from kzgeo.aggregate.layers import national_summary, region_layer, sez_layer

__all__ = [
    "Rate",
    "allocate",
    "complete_usd",
    "national_summary",
    "region_layer",
    "sez_layer",
    "shares",
]
