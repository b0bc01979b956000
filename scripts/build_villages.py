"""Build data/geo/villages.csv: villages with the district each lies in, at the district seat.

Source: data/curated/villages.csv, one row a village (аул, село, посёлок) with its district
(``district_id`` of data/curated/districts.csv), its rural okrug where the source gives it and
the URL of the administrative list that names it (a district or rural-okrug article, an akimat
page, a postal index list). The village itself is not located: its point is the district's seat
from data/geo/districts.csv (``point_basis = district-seat``), and a geocode placed by it claims
no more than the district. The build stops when a district is unknown, when the region a row
gives is not its district's, when an id repeats or when a source is missing.

Run: ``python scripts/build_villages.py`` after build_places.py (it reads districts.csv).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from _common import CURATED, GEO, output_dir

COLUMNS = [
    "village_id",
    "name_ru",
    "name_kk",
    "aliases",
    "district_id",
    "region_iso",
    "okrug",
    "lat",
    "lon",
    "point_basis",
    "source_url",
    "note",
]


def check(villages: pd.DataFrame, districts: pd.DataFrame) -> None:
    """Stop on a repeated id, an unknown district, a wrong region or a row without a source."""
    repeated = villages.village_id[villages.village_id.duplicated()]
    problems = [f"duplicate village_id {v}" for v in repeated]
    region_of = dict(zip(districts.district_id, districts.region_iso, strict=True))
    for row in villages.itertuples():
        if row.district_id not in region_of:
            problems.append(f"{row.village_id}: unknown district {row.district_id!r}")
        elif region_of[row.district_id] != row.region_iso:
            problems.append(
                f"{row.village_id}: region {row.region_iso} is not its district's "
                f"({region_of[row.district_id]})"
            )
        if not row.source_url or not row.name_ru:
            problems.append(f"{row.village_id}: no name_ru or source_url")
    if problems:
        raise SystemExit("data/curated/villages.csv:\n" + "\n".join(problems))


def main(out: Path = GEO) -> int:
    """Build, check and write the village table."""
    villages = pd.read_csv(CURATED / "villages.csv", dtype=str, keep_default_na=False)
    districts = pd.read_csv(out / "districts.csv", dtype=str, keep_default_na=False)
    check(villages, districts)
    seats = districts.set_index("district_id")
    villages["lat"] = seats.lat.loc[villages.district_id].to_numpy()
    villages["lon"] = seats.lon.loc[villages.district_id].to_numpy()
    villages["point_basis"] = "district-seat"
    villages = villages[COLUMNS].sort_values(["region_iso", "district_id", "village_id"])
    villages.to_csv(out / "villages.csv", index=False, lineterminator="\n")
    print(
        f"villages: {len(villages)} in {villages.district_id.nunique()} districts, "
        f"{villages.region_iso.nunique()} regions"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(output_dir()))
