"""The village table (data/curated/villages.csv) and how the geocoder uses it.

A village is placed at the district an administrative list puts it in, never located itself:
only by its exact name, only when the words mark a village, and never guessed among namesakes.
"""

from __future__ import annotations

import pandas as pd
import pytest

import kzgeo
from kzgeo._paths import curated_dir, geo_dir
from kzgeo.datasets import villages as villages_module
from kzgeo.errors import BoundaryError
from kzgeo.geocoding import precision as P
from kzgeo.vocabularies import GEOCODE_METHODS


def _geocode(*texts: str) -> pd.DataFrame:
    out: pd.DataFrame = kzgeo.geocode(pd.DataFrame({"location": list(texts)}))
    return out


# --- the table -------------------------------------------------------------------------------


def test_curated_table_cites_a_source_and_a_known_district_for_every_village():
    table = pd.read_csv(curated_dir() / "villages.csv", dtype=str, keep_default_na=False)
    districts = kzgeo.load_districts().set_index("district_id")
    assert table.village_id.is_unique
    assert table.source_url.str.match(r"https?://").all()
    assert table.name_ru.str.len().gt(0).all()
    assert table.district_id.isin(districts.index).all()
    assert (table.region_iso == districts.region_iso.loc[table.district_id].to_numpy()).all()


def test_built_villages_sit_at_their_district_seat():
    villages = kzgeo.load_villages()
    districts = kzgeo.load_districts().set_index("district_id")
    assert villages.crs.to_epsg() == 4326
    assert len(villages) >= 90
    assert villages.region_iso.nunique() >= 12
    assert set(villages.point_basis) == {"district-seat"}
    seat = districts.loc[villages.district_id]
    assert (villages.lat.to_numpy() == seat.lat.to_numpy()).all()
    assert (villages.lon.to_numpy() == seat.lon.to_numpy()).all()


def test_a_village_in_a_district_of_another_region_is_refused(tmp_path, monkeypatch):
    table = pd.read_csv(geo_dir() / "villages.csv", dtype=str, keep_default_na=False)
    khobda = table.index[table.district_id == "khobda"][0]
    table.loc[khobda, "district_id"] = "alga-missing"
    table.to_csv(tmp_path / "villages.csv", index=False)
    monkeypatch.setattr(villages_module, "geo_dir", lambda: tmp_path)
    villages_module._read.cache_clear()
    try:
        with pytest.raises(BoundaryError, match="district 'alga-missing' unknown or not in"):
            villages_module.load_villages()
    finally:
        villages_module._read.cache_clear()


def test_the_method_is_declared_once():
    assert "village-district" in GEOCODE_METHODS


# --- geocoding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "district", "region"),
    [
        ("в селе Бестамак", "alga", "KZ-15"),
        ("с. Акшымырау, Мангистауский район", "mangystau-district", "KZ-47"),
        ("пос. Хмельницкое", "sharbakty", "KZ-55"),
        ("Шижаға ауылында", "aral", "KZ-43"),
        ("Қошқар кентінде", "aktogay-karaganda", "KZ-35"),
        ("Bestamak village, Aktobe region", "alga", "KZ-15"),
        ("village of Akshymyrau", "mangystau-district", "KZ-47"),
        ("Shizhaga auyly", "aral", "KZ-43"),
        # places only come close to these (fuzzy): the village's exact name wins
        ("Сарат ауылы", "aiteke-bi", "KZ-15"),
        ("с. Каратал, Урджарский район", "urzhar", "KZ-10"),
        # a former name the renaming decision gives
        ("с. Покровка, Илийский район", "ili", "KZ-19"),
    ],
)
def test_a_marked_village_is_placed_at_its_district(text, district, region):
    row = _geocode(text).iloc[0]
    assert row.geocode_method == "village-district"
    # named alone, a village is placed but review: a namesake kzgeo does not list may be meant
    named_with_unit = "," in text
    assert row.geocode_status == ("ok" if named_with_unit else "review")
    assert row.precision == P.ADM2
    villages = kzgeo.load_villages().set_index("village_id")
    village = row.matched_id.removeprefix("village:")
    assert villages.loc[village, "district_id"] == district
    assert villages.loc[village, "region_iso"] == region
    seat = kzgeo.load_districts().set_index("district_id").loc[district]
    assert (row.geometry.y, row.geometry.x) == (seat.lat, seat.lon)
    # the note names the village, its district and the source, and claims no more than it
    assert "placed at its district" in row.geocode_note
    assert "not at its seat" in row.geocode_note
    assert villages.loc[village, "source_url"] in row.geocode_note


def test_a_village_of_several_districts_is_ambiguous_until_the_row_says_which():
    alone, khobda, north = _geocode(
        "с. Сарыбулак",
        "Сарыбулак ауылы, Хобда ауданы",
        "с. Сарыбулак, Северо-Казахстанская область",
    ).itertuples()
    assert alone.geocode_status == "ambiguous"
    assert alone.geocode_method == "none"
    assert "saribulak-khobda" in str(alone.candidates)
    assert "saribulak-gabit-musrepov" in str(alone.candidates)
    assert (khobda.matched_id, khobda.geocode_status) == ("village:saribulak-khobda", "ok")
    assert north.matched_id == "village:saribulak-gabit-musrepov"
    assert north.geocode_status == "ok"


def test_a_village_listed_elsewhere_than_the_row_says_is_review():
    region, district = _geocode(
        "с. Бестамак, Мангистауская область", "с. Сарыбулак, Аральский район"
    ).itertuples()
    assert (region.geocode_method, region.geocode_status) == ("region", "review")
    assert region.matched_id == "region:KZ-47"
    assert "listed only in" in str(region.geocode_note)
    assert (district.geocode_method, district.geocode_status) == ("district", "review")
    assert district.matched_id == "district:aral"


@pytest.mark.parametrize("text", ["Бестамак", "Бестамак, Актюбинская область", "Shaldai"])
def test_a_village_name_without_a_village_marker_is_not_matched(text):
    row = _geocode(text).iloc[0]
    assert row.geocode_method != "village-district"
    assert not str(row.matched_id).startswith("village:")


@pytest.mark.parametrize("text", ["с. Бестамаг", "село Акшымырао", "Шижагай ауылы"])
def test_a_near_name_is_never_matched_to_a_village(text):
    row = _geocode(text).iloc[0]
    assert row.geocode_method != "village-district"
    assert not str(row.matched_id).startswith("village:")


def test_a_geonames_place_of_the_same_name_keeps_priority():
    row = _geocode("с. Шетпе").iloc[0]
    assert row.geocode_method == "place-exact"
    assert row.matched_id.startswith("place:")
