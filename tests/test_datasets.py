"""The bundled layers: regions, SEZs, places."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import pytest
import shapely

import kzgeo
from kzgeo._paths import curated_dir
from kzgeo.crs import area_km2
from kzgeo.datasets.checks import check_coverage


@pytest.mark.parametrize("resolution", ["full", "map"])
def test_region_codes_equal_pycountry(resolution):
    regions = kzgeo.load_regions(resolution)
    expected = sorted(s.code for s in pycountry.subdivisions.get(country_code="KZ"))
    assert sorted(regions.iso_3166_2) == expected
    assert len(expected) == 20


@pytest.mark.parametrize("resolution", ["full", "map"])
def test_regions_are_a_clean_coverage(resolution):
    regions = kzgeo.load_regions(resolution)
    assert regions.crs.to_epsg() == 4326
    report = check_coverage(regions, region_id="iso_3166_2")
    assert report.invalid == []
    assert report.has_z == []
    assert report.largest_overlap_km2() <= 0.01
    assert report.largest_gap_km2() <= 0.01
    assert report.problems(tolerance_km2=0.01) == []
    # the union is one country: no hole of any size inside it
    union = shapely.union_all(regions.geometry.values)
    assert sum(shapely.get_num_interior_rings(p) for p in shapely.get_parts(union)) == 0


def test_map_resolution_is_simplified_but_same_country():
    full = kzgeo.load_regions("full")
    simple = kzgeo.load_regions("map")
    n_full = shapely.get_num_coordinates(full.geometry.values).sum()
    n_map = shapely.get_num_coordinates(simple.geometry.values).sum()
    assert n_map < n_full / 5
    # topology-preserving: each unit keeps its area within 1 %
    ratio = area_km2(simple.geometry) / area_km2(full.geometry)
    assert np.all(np.abs(ratio - 1) < 0.01), ratio
    # coordinates rounded to 1e-5 degrees (about 1 m)
    coords = shapely.get_coordinates(simple.geometry.values)
    assert np.allclose(coords, np.round(coords, 5), atol=1e-9)


def test_region_attributes():
    regions = kzgeo.load_regions().set_index("iso_3166_2")
    assert set(regions.kind) == {"region", "city"}
    assert sorted(regions.index[regions.kind == "city"]) == ["KZ-71", "KZ-75", "KZ-79"]
    for col in ("name_en", "name_kk", "name_ru", "admin_centre_en"):
        assert regions[col].str.len().min() > 2, col
    # Kazakh names use Kazakh letters where the language has them
    assert regions.loc["KZ-62", "name_kk"] == "Ұлытау облысы"
    assert regions.loc["KZ-10", "admin_centre_en"] == "Semey"
    assert regions.loc["KZ-19", "admin_centre_en"] == "Konaev"
    # area from the polygons in an equal-area CRS, matching a recomputation
    again = area_km2(kzgeo.load_regions().geometry)
    assert np.allclose(regions.area_km2.to_numpy(), again, rtol=1e-3)
    # the land area of Kazakhstan is about 2.72 million km²
    assert 2.70e6 < regions.area_km2.sum() < 2.75e6
    assert regions.loc["KZ-75", "population_2026"] == 2_347_924


def test_every_population_has_its_date_flag_and_source():
    regions = kzgeo.load_regions().set_index("iso_3166_2")
    assert len(regions) == 20
    assert set(regions.population_flag) <= {"reported", "reported-other-date", "not-found"}
    known = regions.population.notna()
    # a figure always comes with its date, the text as written and a source
    for col in ("population_date", "population_as_written", "population_source"):
        assert regions.loc[known, col].notna().all(), col
    assert regions.loc[known, "population_source"].str.startswith("https://").all()
    assert (regions.loc[~known, "population_flag"] == "not-found").all()
    # 1 Jan 2026 figures are "reported"; any other date is flagged, never mixed in silently
    exact = regions.population_date == dt.date(2026, 1, 1)
    assert (regions.loc[exact, "population_flag"] == "reported").all()
    assert (regions.loc[known & ~exact, "population_flag"] == "reported-other-date").all()
    assert regions.loc[~exact, "population_2026"].isna().all()
    assert (regions.loc[exact, "population_2026"] == regions.loc[exact, "population"]).all()
    assert exact.sum() == 10
    # the other 10 have an official figure of an earlier date; every unit has one
    assert (regions.population_flag == "reported-other-date").sum() == 10
    assert known.all()
    # Akmola: the government portal's 1 Jan 2023 figure, rounded to thousands as written
    akmola = regions.loc["KZ-11"]
    assert akmola.population == 788_000
    assert akmola.population_date == dt.date(2023, 1, 1)
    assert akmola.population_flag == "reported-other-date"
    assert akmola.population_as_written == "788 thousand people"
    assert pd.isna(akmola.population_2026)
    # the ten 1 Jan 2026 figures and the national total leave 7,795,696 for the other ten
    assert 20_495_975 - regions.loc[exact, "population"].sum() == 7_795_696
    assert regions.loc["KZ-47", "population"] == 818_345
    assert regions.loc["KZ-47", "population_date"] == dt.date(2025, 12, 1)
    # every unit is either filled or says that no figure was found, with a note
    assert regions.population_note.notna().all()


def test_admin_centres_lie_in_their_region():
    regions = kzgeo.load_regions()
    places = kzgeo.load_places().set_index("place_id")
    for row in regions.itertuples():
        point = places.loc[f"gn:{row.admin_centre_geonameid}", "geometry"]
        assert row.geometry.contains(point), row.iso_3166_2


def test_sez_layer_facts_and_shapes():
    sez = kzgeo.load_sez()
    zones = sez[sez.level == "zone"]
    assert len(zones) == 16
    assert sez.crs.to_epsg() == 4326
    indexed = sez.set_index("sez_id")
    assert indexed.loc["pit", "region_iso"] == "KZ-75"
    assert indexed.loc["turan", "region_iso"] == "KZ-61"
    # the Alatau trap: PIT (Almaty city, 163 ha) is not SEZ Alatau (Almaty Region, 96,500 ha)
    assert indexed.loc["alatau", "region_iso"] == "KZ-19"
    assert indexed.loc["alatau", "area_ha_official"] == 96_500
    assert indexed.loc["pit", "area_ha_official"] == 163
    for col in ("legal_act", "source_url", "specialisation", "geometry_accuracy"):
        assert zones[col].notna().all(), col
    assert set(sez.geometry_method) <= {"disc", "sector", "corridor", "nominal", "union"}
    # SEZ Aktobe (2025, 858 ha at the Aliya Moldagulova airport) is current, not "unverified"
    assert indexed.loc["aktobe", "region_iso"] == "KZ-15"
    assert indexed.loc["aktobe", "area_ha_official"] == 858
    # the "Central Asia" centre: 100 ha in all, 50 ha on the Kazakh side (the mapped part)
    assert indexed.loc["turan-central-asia", "area_ha_official"] == 50
    # Chemical Park Taraz is now reported as SEZ Jibek Joly: an alias and a note
    assert "Jibek Joly" in indexed.loc["chemical-park-taraz", "aliases"].split("|")
    assert "Jibek Joly" in indexed.loc["chemical-park-taraz", "notes"]
    # creation acts and current regulations are separate fields
    gate = indexed.loc["khorgos-eastern-gate"]
    assert gate.legal_act == "Presidential Decree No. 187"
    assert str(gate.act_date) == "2011-11-29"
    assert gate.regulation_act.startswith("Government Resolution No. 495")
    assert str(gate.regulation_date) == "2025-07-01"
    # Seaport Aktau's single disc for a zone in several parts is flagged as such
    assert "several parts" in indexed.loc["seaport-aktau", "shape_flag"]


def test_sez_count_against_the_ministry():
    counts = pd.read_csv(curated_dir() / "sez_count.csv")
    latest = counts.sort_values("date").iloc[-1]
    assert latest["count"] == 17
    assert latest.source_url.startswith("https://")
    zones = kzgeo.load_sez().query("level == 'zone'")
    # kzgeo has 16 of the 17; the data says the 17th is not identified
    assert len(zones) == 16
    december = counts[counts.date == "2025-12-25"].iloc[0]
    assert "17th is not identified" in december.note
    not_current = pd.read_csv(curated_dir() / "sez_not_current.csv")
    for names in not_current.names:
        assert not {"SEZ Aktobe", "Aktobe SEZ"} & set(names.split("|")), names


def test_sez_areas_match_official_within_one_percent():
    sez = kzgeo.load_sez()
    shaped = sez[sez.geometry_method.isin(["disc", "sector", "corridor"])]
    assert len(shaped) >= 18
    measured = area_km2(shaped.geometry) * 100  # km² -> ha
    error = np.abs(measured / shaped.area_ha_official.to_numpy() - 1)
    assert error.max() < 0.01, shaped.sez_id[error >= 0.01].tolist()
    # nominal shapes are exactly those without an official area
    nominal = sez[sez.geometry_method == "nominal"]
    assert nominal.area_ha_official.isna().all()
    assert (sez.geometry_method != "nominal")[sez.area_ha_official.notna()].all()


def test_every_sez_lies_in_its_region():
    sez = kzgeo.load_sez()
    regions = kzgeo.load_regions().set_index("iso_3166_2").geometry
    for row in sez.itertuples():
        region = regions[row.region_iso]
        assert region.contains(row.geometry.representative_point()), row.sez_id
        outside = shapely.difference(row.geometry, region)
        outside_km2 = area_km2(gpd.GeoSeries([outside], crs=4326))[0]
        assert outside_km2 < 1e-4, (row.sez_id, outside_km2)


def test_turan_subzones_are_linked_and_do_not_overlap():
    sez = kzgeo.load_sez()
    subs = sez[sez.parent_id == "turan"]
    assert len(subs) >= 6
    assert (subs.level == "subzone").all()
    official = subs[subs.in_parent_total == True]  # noqa: E712
    assert official.area_ha_official.sum() == pytest.approx(4622.39, abs=0.01)
    leaves = kzgeo.load_sez(leaves=True)
    assert "turan" not in set(leaves.sez_id)
    projected = leaves.to_crs(kzgeo.crs.KZ_EQUAL_AREA).geometry.to_numpy()
    tree = shapely.STRtree(projected)
    left, right = tree.query(projected, predicate="intersects")
    for a, b in zip(left, right, strict=True):
        if a < b:
            assert shapely.area(shapely.intersection(projected[a], projected[b])) < 100  # m²


def test_places_gazetteer():
    places = kzgeo.load_places()
    assert len(places) >= 300
    assert places.place_id.is_unique
    assert set(places.region_iso) <= set(kzgeo.load_regions().iso_3166_2)
    assert (places.source.str.contains("CC BY 4.0") | places.place_id.str.startswith("kz:")).all()


def test_aliases_point_to_places():
    aliases = kzgeo.load_aliases()
    places = set(kzgeo.load_places().place_id)
    assert set(aliases.target) <= places
    assert {"Alma-Ata", "Kapchagay", "Chimkent", "Zhetygen", "Yesik", "Talgar", "Saryagash"} <= set(
        aliases.alias
    )


def test_districts_have_seats_in_their_region():
    districts = kzgeo.load_districts()
    regions = kzgeo.load_regions().set_index("iso_3166_2").geometry
    for row in districts.itertuples():
        assert regions[row.region_iso].contains(row.geometry), row.district_id
