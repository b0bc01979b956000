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

import geopandas as gpd
import pandas as pd
from _common import CURATED, GEO, output_dir

from kzgeo.datasets.industrial_zones import POINT_BASES

COLUMNS = [
    "zone_id",
    "name_en",
    "name_ru",
    "name_kk",
    "aliases",
    "region_iso",
    "settlement",
    "settlement_place_id",
    "lat",
    "lon",
    "point_basis",
    "coord_source",
    "source_url",
    "note",
]


def locate(zones: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Fill lat/lon: the reported coordinate, else the point of the named place."""
    zones = zones.copy()
    reported = zones.lat.ne("") & zones.lon.ne("")
    if (reported & zones.coord_source.eq("")).any():
        raise SystemExit(f"coordinates without coord_source: {list(zones.zone_id[reported])}")
    zones.loc[reported, "point_basis"] = "reported"
    need = zones[~reported]
    unknown = set(need.settlement_place_id) - set(places.place_id)
    if unknown:
        raise SystemExit(f"industrial zones: unknown settlement_place_id {sorted(unknown)}")
    by_id = places.set_index("place_id")
    lat = pd.to_numeric(zones.lat.where(reported), errors="raise")
    lon = pd.to_numeric(zones.lon.where(reported), errors="raise")
    lat[~reported] = by_id.lat.loc[need.settlement_place_id].to_numpy()
    lon[~reported] = by_id.lon.loc[need.settlement_place_id].to_numpy()
    zones["lat"], zones["lon"] = lat, lon
    return zones


def check_bases(zones: pd.DataFrame, districts: pd.DataFrame, centres: pd.DataFrame) -> None:
    """Stop if a point basis is unknown or its place is not what the basis says.

    ``district-seat`` must be the seat of a district of the zone's region and ``region-centre``
    the region's administrative centre, so a wrong place id cannot pass under either label.
    """
    problems = [
        f"{z}: point_basis {b!r}"
        for z, b in zip(zones.zone_id, zones.point_basis, strict=True)
        if b not in POINT_BASES
    ]
    seats = set(zip(districts.region_iso, districts.seat_place_id, strict=True))
    capitals = {
        (r, f"gn:{g}")
        for r, g in zip(centres.iso_3166_2, centres.admin_centre_geonameid, strict=True)
    }
    for row in zones.itertuples():
        pair = (row.region_iso, row.settlement_place_id)
        if row.point_basis == "district-seat" and pair not in seats:
            problems.append(f"{row.zone_id}: {row.settlement_place_id} is no district seat there")
        if row.point_basis == "region-centre" and pair not in capitals:
            problems.append(f"{row.zone_id}: {row.settlement_place_id} is not the regional centre")
    if problems:
        raise SystemExit("data/curated/industrial_zones.csv:\n" + "\n".join(problems))


def check_regions(zones: pd.DataFrame, regions: gpd.GeoDataFrame) -> None:
    """Stop if a zone's point is not inside the region its row names."""
    shapes = regions.set_index("iso_3166_2").geometry
    points = gpd.points_from_xy(zones.lon, zones.lat)
    bad = [
        f"{z} ({iso})"
        for z, iso, p in zip(zones.zone_id, zones.region_iso, points, strict=True)
        if not shapes[iso].covers(p)
    ]
    if bad:
        raise SystemExit(f"industrial zones outside their region: {bad}")


def main(out: Path = GEO) -> int:
    """Build, check and write the industrial-zone table."""
    zones = pd.read_csv(CURATED / "industrial_zones.csv", dtype=str, keep_default_na=False)
    if zones.zone_id.duplicated().any():
        raise SystemExit(f"duplicate zone ids: {list(zones.zone_id[zones.zone_id.duplicated()])}")
    if (zones.source_url == "").any():
        raise SystemExit(f"zones without source_url: {list(zones.zone_id[zones.source_url == ''])}")
    places = pd.read_csv(out / "places.csv", dtype={"place_id": str})
    zones = locate(zones, places)
    check_bases(
        zones,
        pd.read_csv(out / "districts.csv", dtype=str, keep_default_na=False),
        pd.read_csv(CURATED / "regions.csv", dtype=str),
    )
    check_regions(zones, gpd.read_file(out / "regions.geojson"))
    zones = zones[COLUMNS].sort_values(["region_iso", "zone_id"])
    zones.to_csv(out / "industrial_zones.csv", index=False, lineterminator="\n")
    counts = zones.point_basis.value_counts().to_dict()
    print(f"industrial zones: {len(zones)} ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main(output_dir()))
