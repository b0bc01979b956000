"""Build data/geo/industrial_zones.csv: Kazakhstan's industrial zones as points.

Source: data/curated/industrial_zones.csv, one row a zone, each with the URL of a public report
that the zone exists (``source_url``). Its point is either a coordinate a cited source gives for
the zone (``lat``/``lon`` filled, ``coord_source`` naming where it comes from:
``point_basis = reported``) or, where no location of the zone itself was found, the GeoNames
point (data/geo/places.csv) of the settlement the source names (``settlement``), of the seat of
the district it names (``district-seat``) or of the regional centre (``region-centre``). The build
checks every place id exists, that a district seat / regional centre really is one, and that every
point lies inside the zone's region.

Run: ``python scripts/build_industrial_zones.py`` after build_places.py (it reads districts.csv).
"""

from __future__ import annotations

import sys
from pathlib import Path

from _common import GEO, output_dir
from _points import NAME_COLUMNS, POINT_COLUMNS, build

COLUMNS = ["zone_id", *NAME_COLUMNS, "region_iso", *POINT_COLUMNS]


def main(out: Path = GEO) -> int:
    """Build, check and write the industrial-zone table."""
    rows = build("industrial_zones.csv", out, columns=COLUMNS)
    counts = rows.point_basis.value_counts().to_dict()
    print(f"industrial zones: {len(rows)} ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main(output_dir()))
