"""General rules of how people write locations, each with invented phrases (issue #10).

Every rule is a way of writing, never a row of the corpus: the phrases here are made up in the
forms the rule covers, and each case asserts the region a reader finds in it and the status the
geocoder must give. Negative cases say what must be flagged rather than placed. References are
the gazetteer's own entities (kzgeo's bundled layers), not outputs of the code under test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from kzgeo.geocoding.names import name_key
from kzgeo.geocoding.phrase import parse_location
from tests.conftest import geocode_one as _one

if TYPE_CHECKING:
    import pandas as pd


def _region(row: pd.Series[Any]) -> str:
    return row.region_iso if isinstance(row.region_iso, str) else ""


# --- a rural okrug names its own part, on either side of its marker ---------------------------


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("в округе Карасу", [("okrug", "Карасу")]),
        ("сельский округ Карасу", [("okrug", "Карасу")]),
        ("с.о. Карасу", [("okrug", "Карасу")]),
        ("с/о Карасу", [("okrug", "Карасу")]),
        ("Карасуский сельский округ", [("okrug", "Карасуский")]),
        ("Қарасу ауылдық округі", [("okrug", "Қарасу")]),
        ("в округе Карасу Жамбылского района", [("okrug", "Карасу"), ("district", "Жамбылского")]),
        (
            "с. Тасты Тастинского сельского округа",
            [("settlement", "Тасты"), ("okrug", "Тастинского")],
        ),
    ],
)
def test_the_name_beside_an_okrug_marker_is_the_okrug(text, parts):
    assert [(p.role, p.name) for p in parse_location(text).parts] == parts


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("сельский округ Карасу, Жамбылский район, Жамбылская область", "KZ-31"),
        ("Қарасу ауылдық округі, Жамбыл облысы", "KZ-31"),
        ("с.о. Карасу, Байзакский район", "KZ-31"),
        ("Karasu rural district, Zhambyl region", "KZ-31"),
    ],
)
def test_an_okrug_beside_its_district_or_region_is_placed_by_them(text, region):
    row = _one(text)
    assert (_region(row), row.geocode_status) == (region, "ok")
    assert "okrug" in row.geocode_note  # reported as finer, not dropped


def test_an_okrug_is_not_a_namesake_settlement_elsewhere():
    # Karasu, the only Karasu of kzgeo's gazetteer, is in Kostanay (KZ-39); the okrug is not it
    row = _one("в округе Карасу Жамбылского района")
    assert _region(row) != "KZ-39"
    assert row.geocode_status != "ok"


@pytest.mark.parametrize(
    "text", ["сельский округ Карасу", "в округе Карасу", "Қарасу ауылдық округі"]
)
def test_an_okrug_alone_is_never_surely_its_namesake_village(text):
    row = _one(text)
    assert row.geocode_status == "review"
    assert "okrug" in row.geocode_note


@pytest.mark.parametrize("text", ["сельский округ Аксу", "Ақсу ауылдық округі"])
def test_an_okrug_alone_named_like_villages_of_several_regions_is_ambiguous(text):
    row = _one(text)
    assert (_region(row), row.geocode_status) == ("", "ambiguous")


@pytest.mark.parametrize("text", ["в сельском округе", "ауылдық округте"])
def test_an_okrug_without_a_name_places_nothing(text):
    row = _one(text)
    assert _region(row) == ""
    assert row.geocode_status == "not-found"


# --- industrial zones: Kazakh in both alphabets, of a district, names shared by two towns -----


@pytest.mark.parametrize(
    "text",
    [
        "Қазалы ауданының индустриялық аймағында",
        "Qazaly aýdanynyń ındýstrıaldy aımaǵynda",
        "индустриальная зона Казалинского района",
        "the industrial zone of Kazaly district",
        "Kazaly district industrial zone",
    ],
)
def test_the_zone_of_a_district_is_the_zone_named_after_it(text):
    row = _one(text)
    assert (row.matched_id, _region(row), row.geocode_status) == ("zone:kazaly", "KZ-43", "ok")


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("Сайрам ауданының индустриялық аймағында", "district:sairam"),
        ("Sairam aýdanynyń ındýstrıaldy aımaǵynda", "district:sairam"),
        ("индустриальная зона Сайрамского района", "district:sairam"),
    ],
)
def test_an_unlisted_zone_of_a_district_is_placed_at_the_district(text, district):
    row = _one(text)
    assert (row.matched_id, _region(row), row.geocode_status) == (district, "KZ-61", "ok")
    assert "industrial zone" in row.geocode_note


def test_an_unlisted_zone_with_a_name_of_its_own_is_reviewed():
    # a zone kzgeo does not list may lie elsewhere than the district written beside it
    row = _one("индустриальная зона «Тулпар», Сайрамский район")
    assert (_region(row), row.geocode_status) == ("KZ-61", "review")


def test_a_zone_name_of_two_towns_is_ambiguous_until_a_town_says_which():
    row = _one("the industrial zone Ondiris")
    assert (_region(row), row.geocode_status) == ("", "ambiguous")
    assert "zone:ondiris" in row.candidates
    row = _one("индустриальная зона Ондирис, Семей")
    assert (row.matched_id, row.geocode_status) == ("zone:ondiris", "ok")


# --- land and works: what is at the site, not where it is -----------------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Байзақ ауданының аумағындағы 120 гектар жерге", "KZ-31"),
        ("на земельном участке площадью 20 га в Байзакском районе", "KZ-31"),
        ("a 300 hectare plot in Baizak district", "KZ-31"),
        ("one of the farms of the Baizak district", "KZ-31"),
        ("Байзақ ауданындағы шаруа қожалығы", "KZ-31"),
        ("теплица в Байзакском районе", "KZ-31"),
    ],
)
def test_land_and_farm_words_are_not_places(text, region):
    row = _one(text)
    assert (_region(row), row.geocode_status) == (region, "ok")
    assert "not a place, not used" in row.geocode_note  # the words are reported, not dropped


def test_a_number_without_a_unit_is_not_understood():
    row = _one("Байзак ауданы, 120")
    assert (_region(row), row.geocode_status) == ("KZ-31", "review")


@pytest.mark.parametrize("text", ["120 гектар жерге", "on the grounds of a farm"])
def test_land_words_alone_place_nothing(text):
    assert _region(_one(text)) == ""


def test_a_number_is_not_folded_into_a_region_code():
    # doubled letters are one spelling, doubled digits another number: 50 is not KATO 550000
    assert name_key("550000") != name_key("50")
    row = _one("Байзақ ауданы, 50 га")
    assert (row.region_hint_iso, _region(row), row.join_status) == ("KZ-31", "KZ-31", "inside")


# --- Russian in Latin letters; Kazakh "өңір" in its three alphabets -----------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("goroda Taraz", "KZ-31"),
        ("v gorode Taraz", "KZ-31"),
        ("Baizakskiy rayon", "KZ-31"),
        ("Zhambylskoy oblasti", "KZ-31"),
        ("poselok Sarykemer, Baizakskogo rayona", "KZ-31"),
    ],
)
def test_russian_written_in_latin_letters(text, region):
    row = _one(text)
    assert (_region(row), row.geocode_status) == (region, "ok")


@pytest.mark.parametrize(
    ("text", "region"),
    [("Байзақ өңірінде", "KZ-31"), ("Baızaq óńirinde", "KZ-31"), ("Baizaq onirinde", "KZ-31")],
)
def test_the_kazakh_area_word_names_a_district_or_region(text, region):
    row = _one(text)
    assert (_region(row), row.geocode_status) == (region, "ok")
    assert "not understood" not in row.geocode_note


# --- a place adjective without its noun: a district or a region, never surely one ------------


@pytest.mark.parametrize(
    ("text", "region"),
    [("на Павлодарском", "KZ-55"), ("в Байзакском", "KZ-31"), ("Baizakskiy", "KZ-31")],
)
def test_a_bare_place_adjective_is_reviewed(text, region):
    row = _one(text)
    assert (_region(row), row.geocode_status) == (region, "review")
    assert "adjective" in row.geocode_note


@pytest.mark.parametrize("text", ["Павлодарская область", "в Байзакском районе"])
def test_a_place_adjective_with_its_noun_is_not_doubted(text):
    assert _one(text).geocode_status == "ok"
