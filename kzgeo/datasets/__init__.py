"""Bundled layers: regions, SEZs, industrial zones, deposits, places, districts, villages."""

from kzgeo.datasets.checks import CoverageReport, check_coverage
from kzgeo.datasets.deposits import load_deposits
from kzgeo.datasets.industrial_zones import load_industrial_zones
from kzgeo.datasets.places import load_aliases, load_districts, load_places
from kzgeo.datasets.regions import iso_codes, load_regions
from kzgeo.datasets.sez import load_sez
from kzgeo.datasets.user import load_boundaries, validate_boundaries
from kzgeo.datasets.villages import load_villages

__all__ = [
    "CoverageReport",
    "check_coverage",
    "iso_codes",
    "load_aliases",
    "load_boundaries",
    "load_deposits",
    "load_districts",
    "load_industrial_zones",
    "load_places",
    "load_regions",
    "load_sez",
    "load_villages",
    "validate_boundaries",
]
