"""The gazetteer tables: every district (2024 layout), the industrial zones and the deposits.

The district checks compare kzgeo's table with an independent reference, the geokz 2024
district layer in ../shared/data/boundaries/geokz (read here only, never bundled). If that
layer is missing the tests fail: they do not skip.
"""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import kzgeo
from kzgeo._paths import curated_dir, geo_dir
from kzgeo.crs import KZ_EQUAL_AREA
from kzgeo.datasets import deposits as dep
from kzgeo.datasets import industrial_zones as iz
from kzgeo.datasets import places as places_module
from kzgeo.errors import BoundaryError
from kzgeo.geocoding.gazetteer import Gazetteer
from kzgeo.geocoding.names import name_key
from tests.conftest import check_point_layer, shared_file


def test_industrial_zones_schema_and_points():
    check_point_layer(kzgeo.load_industrial_zones(), "zone_id")


def test_zone_points_are_the_place_their_basis_names():
    zones = kzgeo.load_industrial_zones()
    places = kzgeo.load_places().set_index("place_id")
    districts = kzgeo.load_districts()
    seats = set(zip(districts.region_iso, districts.seat_place_id, strict=True))
    centres = {
        (r.iso_3166_2, f"gn:{r.admin_centre_geonameid}")
        for r in pd.read_csv(curated_dir() / "regions.csv", dtype=str).itertuples()
    }
    from_places = zones[zones.point_basis != "reported"]
    assert len(from_places) > 0
    for row in from_places.itertuples():
        place = places.loc[row.settlement_place_id]
        assert (row.lat, row.lon) == (place.lat, place.lon), row.zone_id
        assert place.region_iso == row.region_iso, row.zone_id
        if row.point_basis == "district-seat":
            assert (row.region_iso, row.settlement_place_id) in seats, row.zone_id
        if row.point_basis == "region-centre":
            assert (row.region_iso, row.settlement_place_id) in centres, row.zone_id
    reported = zones[zones.point_basis == "reported"]
    assert reported.coord_source.str.len().gt(0).all()


def test_zone_names_and_coverage():
    zones = kzgeo.load_industrial_zones().set_index("zone_id")
    assert len(zones) >= 30
    assert zones.region_iso.nunique() >= 10
    assert zones.name_ru.str.contains("зон").all()  # зона / субзона, as reported
    assert zones.at["ontustik-iz", "name_ru"] == "индустриальная зона «Оңтүстік»"
    assert "Industrial zone of Kostanay" in zones.at["kostanay", "aliases"].split("|")
    assert {"ИЗА", "АИА"} <= set(zones.at["almaty", "aliases"].split("|"))  # as reports shorten it
    # a zone named like an SEZ says so, so a parser can tell them apart
    sez_names = set(kzgeo.load_sez().name_en.str.lower())
    assert "ontustik" in {n.split()[0] for n in sez_names}
    assert "SEZ" in zones.at["ontustik-iz", "note"]


def test_zones_added_from_sources_are_where_the_sources_say():
    zones = kzgeo.load_industrial_zones().set_index("zone_id")
    assert len(zones) == 46
    assert zones.region_iso.nunique() == 15
    # «Арна»: the production zone of Kapshagay, renamed Konaev (eskeldi-eli.kz, oqu.news)
    assert (zones.at["arna", "region_iso"], zones.at["arna", "settlement"]) == ("KZ-19", "Konaev")
    assert "Арна" in zones.at["arna", "aliases"].split("|")
    # «Қоянды»: private zone 5 km from Astana, in Akmola Region (Sputnik, June 2025)
    assert zones.at["qoyandy", "region_iso"] == "KZ-11"
    assert zones.at["qoyandy", "point_basis"] == "district-seat"
    for zone_id in ("arna", "qoyandy"):
        assert zones.at[zone_id, "source_url"].startswith("https://"), zone_id
        assert zones.at[zone_id, "note"], zone_id


def test_astana_industrial_parks_are_not_industrial_zones():
    # Industrial Park No. 1 is SEZ Astana - New City's park: an SEZ alias, not a zone row, so
    # it is not counted among the 66 industrial zones
    zones = kzgeo.load_industrial_zones()
    everything = " ".join(zones.name_en) + " ".join(zones.aliases)
    assert "Industrial Park No" not in everything
    sez = kzgeo.load_sez().set_index("sez_id")
    assert "Industrial Park No 1" in sez.at["astana-new-city", "aliases"].split("|")
    assert "not counted among the 66" in sez.at["astana-new-city", "notes"]


def test_a_zone_placed_at_a_seat_or_centre_says_why():
    # the point is a town's, not the zone's site: the row must say which town and why
    zones = kzgeo.load_industrial_zones()
    seats = zones[zones.point_basis == "district-seat"]
    assert len(seats) > 0
    silent = seats.zone_id[~seats.note.str.contains("seat")]
    assert silent.empty, list(silent)
    centres = zones[zones.point_basis == "region-centre"]
    assert centres.note.str.contains("regional centre").all()


@pytest.mark.parametrize(
    ("module", "filename", "loader"),
    [(iz, "industrial_zones.csv", "load_industrial_zones"), (dep, "deposits.csv", "load_deposits")],
)
def test_point_outside_its_region_is_refused(tmp_path, monkeypatch, module, filename, loader):
    table = pd.read_csv(geo_dir() / filename, keep_default_na=False)
    table.loc[0, "region_iso"] = "KZ-47" if table.loc[0, "region_iso"] != "KZ-47" else "KZ-71"
    table.to_csv(tmp_path / filename, index=False)
    monkeypatch.setattr(module, "geo_dir", lambda: tmp_path)
    module._read.cache_clear()
    try:
        with pytest.raises(BoundaryError, match="not inside its region"):
            getattr(module, loader)()
    finally:
        module._read.cache_clear()


# --- districts (2024 layout) against the geokz reference ------------------------------------

GEOKZ_ADM2 = "data/boundaries/geokz/kaz_admbnda_adm2_2024.shp"
SEAT_TOLERANCE_M = 2_000  # GeoNames points are good to ~1 km; geokz borders were hand-corrected


@pytest.fixture(scope="module")
def geokz() -> gpd.GeoDataFrame:
    layer = gpd.read_file(shared_file(GEOKZ_ADM2))
    layer["region_iso"] = "KZ-" + layer["ADM1_PCODE"].str[2:]
    layer["geometry"] = shapely.make_valid(layer.geometry.to_numpy())
    return layer


def _keys(*names: str) -> set[str]:
    return {name_key(re.sub(r"\s*\(.*?\)", "", n)) for n in names if n} - {""}


def _match(districts: pd.DataFrame, geokz: gpd.GeoDataFrame) -> dict[str, int]:
    """Pair districts with geokz units of the same region by name (mutual best, >= 1 language)."""
    score: dict[tuple[str, int], int] = {}
    for d in districts.itertuples():
        aliases = str(d.aliases).split("|")
        mine = [_keys(str(d.name_en), *aliases), _keys(str(d.name_ru)), _keys(str(d.name_kk))]
        for i, g in geokz[geokz.region_iso == d.region_iso].iterrows():
            theirs = [_keys(g.ADM2_EN), _keys(g.ADM2_RU), _keys(g.ADM2_KK)]
            hits = sum(bool(a & b) for a, b in zip(mine, theirs, strict=True))
            hits += bool(set().union(*mine) & set().union(*theirs))
            if hits:
                score[str(d.district_id), int(i)] = hits  # geokz has a RangeIndex
    best_g: dict[str, int] = {}
    for (did, i), s in score.items():
        if s > score.get((did, best_g.get(did, -1)), 0):
            best_g[did] = i
    best_d: dict[int, str] = {}
    for (did, i), s in score.items():
        if s > score.get((best_d.get(i, ""), i), 0):
            best_d[i] = did
    return {did: i for did, i in best_g.items() if best_d.get(i) == did}


def test_about_220_units_every_region_ids_unique():
    districts = kzgeo.load_districts()
    assert 215 <= len(districts) <= 235
    assert districts.district_id.is_unique
    assert set(districts.region_iso) == set(kzgeo.load_regions().iso_3166_2)
    assert set(districts.kind) == {"district", "city", "city-district"}
    assert districts.source_url.str.match(r"https?://").all()


def test_every_geokz_unit_has_exactly_one_district(geokz):
    districts = kzgeo.load_districts()
    pairs = _match(districts, geokz)
    unmatched_geokz = set(geokz.index) - set(pairs.values())
    assert not unmatched_geokz, geokz.loc[sorted(unmatched_geokz), ["region_iso", "ADM2_EN"]]
    # the only units geokz lacks are the ones whose note says so (created or split in 2021-2024)
    unmatched = set(districts.district_id) - set(pairs)
    said = set(districts.district_id[districts.note.str.contains("geokz 2024 layer")])
    assert unmatched == said


def test_seats_lie_in_their_district_or_region(geokz):
    districts = kzgeo.load_districts()
    pairs = _match(districts, geokz)
    projected = geokz.to_crs(KZ_EQUAL_AREA).geometry
    points = districts.to_crs(KZ_EQUAL_AREA).geometry
    regions = kzgeo.load_regions().set_index("iso_3166_2").geometry
    checked = 0
    for i, d in districts.iterrows():
        assert regions[d.region_iso].covers(d.geometry), d.district_id
        if d.district_id in pairs and d.seat_basis in {"seat", "district-settlement"}:
            gap = projected[pairs[d.district_id]].distance(points[i])
            assert gap <= SEAT_TOLERANCE_M, (d.district_id, round(gap))
            checked += 1
    assert checked >= 190  # most units are checked against their own polygon, not only the region


def test_shared_names_are_marked_in_both_rows():
    districts = kzgeo.load_districts()
    owners: dict[str, set[str]] = {}
    for d in districts.itertuples():
        for key in _keys(d.name_en, d.name_ru, d.name_kk, *d.aliases.split("|")):
            owners.setdefault(key, set()).add(d.district_id)
    marked = {d.district_id: _keys(*d.shared_aliases.split("|")) for d in districts.itertuples()}
    region = districts.set_index("district_id").region_iso
    cross_region = {k: ids for k, ids in owners.items() if len(set(region[list(ids)])) > 1}
    assert len(cross_region) >= 5  # Zhambyl, Abai, Esil, Aksu, Aktogay ... exist in 2+ regions
    for key, ids in cross_region.items():
        for district_id in ids:
            assert key in marked[district_id], (key, district_id)


def test_renamed_and_moved_units_keep_their_old_names():
    districts = kzgeo.load_districts().set_index("district_id")
    assert {"Kapchagay", "Капчагай", "Qapshaghay"} <= set(
        districts.at["konaev", "aliases"].split("|")
    )
    assert "Zhetygen" in districts.at["alatau-city", "aliases"]
    assert "Enbekshilder" in districts.at["birzhan-sal", "aliases"]
    assert "Lebyazhye District" in districts.at["akkuly", "aliases"]
    before = {"KZ-10": "KZ-63", "KZ-33": "KZ-19", "KZ-62": "KZ-35"}  # the 8 Jun 2022 regions
    for iso, parent in before.items():
        rows = districts[districts.region_iso == iso]
        assert len(rows) >= 5
        assert (rows.region_before_2022 == parent).all(), iso
    assert (districts.region_before_2022[~districts.region_iso.isin(before)] == "").all()


def test_a_district_alone_gets_precision_3_everywhere():
    districts = kzgeo.load_districts()
    names = kzgeo.load_regions().set_index("iso_3166_2").name_en
    rows = pd.DataFrame({"district": districts.name_en, "region": districts.region_iso.map(names)})
    placed = kzgeo.geocode(rows)
    # a city and a district of one region with one name (Kostanay, Pavlodar) differ only by the
    # generic word the matcher drops: those must come back ambiguous, never at the wrong point
    same_region = _shared_within_region(districts)
    assert (placed.geocode_status[same_region] == "ambiguous").all()
    ok = ~same_region
    assert ok.sum() >= 220
    assert (placed.precision[ok] == 3).all(), placed.loc[ok & (placed.precision != 3), "district"]
    assert np.allclose(placed.geometry.x[ok], districts.geometry.x[ok])
    assert np.allclose(placed.geometry.y[ok], districts.geometry.y[ok])


def _shared_within_region(districts: pd.DataFrame) -> pd.Series:
    key = districts.name_en.map(lambda n: min(_keys(n)))
    return districts.assign(key=key).duplicated(["region_iso", "key"], keep=False)


@pytest.mark.parametrize(
    ("module", "reader", "filename", "column"),
    [
        (iz, "_read", "industrial_zones.csv", "point_basis"),
        (dep, "_read", "deposits.csv", "point_basis"),
        (places_module, "_read_districts", "districts.csv", "seat_basis"),
        (places_module, "_read_districts", "districts.csv", "kind"),
    ],
)
def test_unknown_vocabulary_is_refused_with_row_and_value(
    tmp_path, monkeypatch, module, reader, filename, column
):
    table = pd.read_csv(geo_dir() / filename, dtype=str, keep_default_na=False)
    table.loc[3, column] = "guessed"
    table.to_csv(tmp_path / filename, index=False)
    monkeypatch.setattr(module, "geo_dir", lambda: tmp_path)
    getattr(module, reader).cache_clear()
    try:
        with pytest.raises(
            BoundaryError, match=rf"line 5, field '{column}': unknown {column} 'guessed'"
        ):
            getattr(module, reader)()
    finally:
        getattr(module, reader).cache_clear()


def test_legacy_codes_and_country_names_resolve():
    legacy = pd.read_csv(
        curated_dir() / "legacy_region_codes.csv", dtype=str, keep_default_na=False
    )
    current = set(kzgeo.load_regions().iso_3166_2)
    assert legacy.code.is_unique
    assert set(legacy.successor) <= current
    assert legacy.source.str.contains("https://").all()
    points = kzgeo.geocode(pd.DataFrame({"region": list(legacy.code)}))
    assert list(points.region_hint_iso) == list(legacy.successor)
    names = pd.read_csv(curated_dir() / "country_names.csv", dtype=str, keep_default_na=False)
    assert names.name.is_unique
    assert names.note.str.len().gt(0).all()
    gaz = Gazetteer.default()
    country = set(gaz.names.loc[gaz.names.entity_id == "country:KZ", "text"])
    assert set(names.name) <= country
