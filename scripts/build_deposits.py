"""Build data/geo/deposits.csv: Kazakhstan's mineral deposits and oil and gas fields as points.

Source: data/curated/deposits.csv, one row a deposit, each with the URL of a public report that
names the deposit and its region or district (``source_url``). Its point is either a coordinate
a cited source gives for the deposit (``lat``/``lon`` filled, ``coord_source`` naming where it
comes from: ``point_basis = reported``) or the GeoNames point (data/geo/places.csv) of the
settlement the source names, of the seat of the district it names (``district-seat``) or of the
regional centre (``region-centre``). The build checks every place id exists, that a district
seat / regional centre really is one, that a named district is a district of the deposit's
region (data/geo/districts.csv, by its Russian name) and that every point lies inside the
deposit's region.

Run: ``python scripts/build_deposits.py`` after build_places.py (it reads districts.csv).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from _common import GEO, output_dir
from _points import NAME_COLUMNS, POINT_COLUMNS, build

COLUMNS = ["deposit_id", *NAME_COLUMNS, "kind", "region_iso", "district", *POINT_COLUMNS]
KINDS = frozenset((
    "oil", "gas", "coal", "copper", "gold", "iron", "chrome", "uranium", "polymetal", "tin",
    "tungsten", "phosphorite", "manganese", "bauxite", "nickel", "silver", "rare-earth",
))  # fmt: skip


def check_districts(deposits: pd.DataFrame, districts: pd.DataFrame) -> None:
    """Stop if a deposit's district is no district of its region, or its kind is unknown."""
    known = set(zip(districts.region_iso, districts.name_ru, strict=True))
    problems = [
        f"{row.deposit_id}: no district {row.district!r} in {row.region_iso}"
        for row in deposits.itertuples()
        if row.district and (row.region_iso, row.district) not in known
    ]
    problems += [
        f"{d}: kind {k!r}"
        for d, k in zip(deposits.deposit_id, deposits.kind, strict=True)
        if k not in KINDS
    ]
    if problems:
        raise SystemExit("data/curated/deposits.csv:\n" + "\n".join(problems))


def main(out: Path = GEO) -> int:
    """Build, check and write the deposit table."""
    rows = build("deposits.csv", out, columns=COLUMNS, check=check_districts)
    counts = rows.point_basis.value_counts().to_dict()
    print(f"deposits: {len(rows)} ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main(output_dir()))
