"""The deposit layer (mineral deposits, oil and gas fields) and locations that name a deposit.

References are the bundled tables' own rows (ids, regions, districts), not outputs of the code
under test: a phrase must land on the deposit a person reads in it.
"""

from __future__ import annotations

import pandas as pd
import pytest

import kzgeo
from kzgeo._paths import curated_dir
from kzgeo.geocoding.phrase import parse_location
from tests.conftest import check_point_layer
from tests.conftest import geocode_one as _one

# --- the layer ------------------------------------------------------------------------------


def test_deposits_schema_and_points():
    deposits = kzgeo.load_deposits()
    assert len(deposits) >= 60
    check_point_layer(deposits, "deposit_id")


def test_deposits_cover_the_country_and_its_kinds():
    deposits = kzgeo.load_deposits()
    assert deposits.region_iso.nunique() >= 15
    assert {"oil", "gas", "coal", "copper", "gold", "iron", "uranium", "tin"} <= set(deposits.kind)
    # every row is a real region of the 2024 layout, never a city of republican significance
    assert not set(deposits.region_iso) & {"KZ-71", "KZ-75", "KZ-79"}


def test_deposit_districts_are_districts_of_their_region():
    deposits = kzgeo.load_deposits()
    districts = kzgeo.load_districts()
    known = set(zip(districts.region_iso, districts.name_ru, strict=True))
    named = deposits[deposits.district != ""]
    assert len(named) >= 15
    for row in named.itertuples():
        assert (row.region_iso, row.district) in known, row.deposit_id


def test_deposit_points_are_the_place_their_basis_names():
    deposits = kzgeo.load_deposits()
    places = kzgeo.load_places().set_index("place_id")
    districts = kzgeo.load_districts()
    seats = {
        (r, n): s
        for r, n, s in zip(
            districts.region_iso, districts.name_ru, districts.seat_place_id, strict=True
        )
    }
    centres = {
        r.iso_3166_2: f"gn:{r.admin_centre_geonameid}"
        for r in pd.read_csv(curated_dir() / "regions.csv", dtype=str).itertuples()
    }
    for row in deposits[deposits.point_basis != "reported"].itertuples():
        place = places.loc[row.settlement_place_id]
        assert (row.lat, row.lon) == (place.lat, place.lon), row.deposit_id
        if row.point_basis == "district-seat":
            assert seats[row.region_iso, row.district] == row.settlement_place_id, row.deposit_id
            assert "seat" in row.note, row.deposit_id
        if row.point_basis == "region-centre":
            assert centres[row.region_iso] == row.settlement_place_id, row.deposit_id
            assert "regional centre" in row.note, row.deposit_id
    reported = deposits[deposits.point_basis == "reported"]
    assert len(reported) > 0
    assert reported.coord_source.str.len().gt(0).all()


def test_known_deposits_are_where_their_sources_say():
    deposits = kzgeo.load_deposits().set_index("deposit_id")
    assert deposits.at["tengiz", "region_iso"] == "KZ-23"
    assert deposits.at["tengiz", "district"] == "Жылыойский район"
    assert deposits.at["syrymbet", "district"] == "Айыртауский район"
    assert deposits.at["aktogay", "region_iso"] == "KZ-10"  # Abai since 2022, not East Kz
    assert deposits.at["zhalyn", "region_iso"] == "KZ-62"  # Zhanaarka district: Ulytau
    assert "2022" in deposits.at["zhalyn", "note"]


# --- phrases --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "marker"),
    [
        ("на месторождении Тенгиз", "Тенгиз", "месторождении"),
        ("the Syrymbet tin deposit", "Syrymbet", "tin deposit"),
        ("Өзен кен орнында", "Өзен", "кен орнында"),
        ("Ozen ken ornynda", "Ozen", "ken ornynda"),
        ("Жетібай кенішінде", "Жетібай", "кенішінде"),
        ("Kalamkas oil and gas field", "Kalamkas", "oil and gas field"),
        (
            "месторождение окисленных медных руд Коксай",
            "Коксай",
            "месторождение окисленных медных руд",
        ),
    ],
)
def test_deposit_marker_takes_its_name(text, name, marker):
    parts = [p for p in parse_location(text).parts if p.role == "deposit"]
    assert [(p.name, p.marker) for p in parts] == [(name, marker)]


def test_river_word_stays_a_river_away_from_a_deposit_marker():
    # "Өзен" is the Kazakh for river: beside кен орны it is the Uzen field, alone it names nothing
    assert not [p for p in parse_location("Өзен бойында").parts if p.role == "deposit"]


# --- geocoding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "deposit", "region"),
    [
        ("на месторождении Тенгиз", "tengiz", "KZ-23"),
        ("на Тенгизском месторождении", "tengiz", "KZ-23"),
        ("месторождение Тенгиз, Жылыойский район Атырауской области", "tengiz", "KZ-23"),
        ("the Syrymbet tin deposit", "syrymbet", "KZ-59"),
        ("Өзен кен орнында", "uzen", "KZ-47"),
        ("Ozen ken ornynda", "uzen", "KZ-47"),
        ("Қашаған кен орнында", "kashagan", "KZ-23"),
        ("Bozshakol copper deposit", "bozshakol", "KZ-55"),
        ("the Karachaganak field", "karachaganak", "KZ-27"),
        ("Inkai uranium deposit, Suzak district", "inkai", "KZ-61"),
        ("уранового месторождения Буденовское", "budenovskoye", "KZ-61"),
    ],
)
def test_a_listed_deposit_places_the_row(location, deposit, region):
    row = _one(location)
    assert row.geocode_method == "deposit", row.geocode_note
    assert row.matched_id == f"deposit:{deposit}"
    assert row.geocode_status == "ok", row.geocode_note
    assert row.region_iso == region


def test_works_at_a_listed_deposit_place_the_row_there():
    # "Aktogay" alone is several villages; the mining and processing plant is the deposit's
    row = _one("the Aktogay Mining and Processing Plant")
    assert (row.matched_id, row.geocode_status, row.region_iso) == (
        "deposit:aktogay",
        "ok",
        "KZ-10",
    )


def test_a_region_named_before_its_split_is_read_through_the_deposit():
    # Zhairem was in Karaganda region until 2022; it is in Ulytau region now
    row = _one("Жайремского горно-обогатительного комбината в Карагандинской области")
    assert row.matched_id == "deposit:zhairem"
    assert row.region_iso == "KZ-62"
    assert row.geocode_status == "ok", row.geocode_note
    assert "region-reformed" in row.geocode_note


def test_an_unlisted_deposit_alone_stays_not_found_with_its_words():
    row = _one("на месторождении Неизвестное")
    assert row.geocode_status == "not-found"
    assert "Неизвестное" in row.geocode_note
    assert pd.isna(row.region_iso) or row.region_iso in ("", None)


def test_an_unlisted_or_misspelt_deposit_is_never_ok():
    for location in (
        "месторождение Неизвестное, Мангистауская область",
        "месторождение Тенгис, Атырауская область",  # a misspelling: exact matching only
        "на месторождении в Атырауской области",  # the deposit word, no name
    ):
        row = _one(location)
        assert row.geocode_status == "review", (location, row.geocode_note)
        assert row.geocode_method == "region", location
        assert row.region_iso in ("KZ-47", "KZ-23")


def test_an_unlisted_deposit_in_a_district_named_exactly_is_that_district():
    # as an unlisted settlement is: the district is right at its precision, and the note says why
    row = _one("месторождение Коксай, расположенное в Кербулакском районе")
    assert (row.geocode_status, row.geocode_method, row.precision) == ("ok", "district", 3)
    assert row.region_iso == "KZ-33"
    assert "'Коксай' is not in kzgeo's layer" in row.geocode_note
    # a misspelt district, or a town instead of a district, is not enough
    for location in (
        "месторождение Коксай в Кербулакскм районе",
        "месторождение Коксай у села Сарыозек",
    ):
        assert _one(location).geocode_status == "review", location


def test_a_deposit_in_another_region_than_the_row_names_is_review():
    row = _one("Tengiz field, Mangystau region")
    assert row.matched_id == "deposit:tengiz"
    assert row.geocode_status == "review"
    assert "KZ-23" in row.geocode_note
    assert "KZ-47" in row.geocode_note


def test_a_deposit_in_another_district_than_the_row_names_is_review():
    row = _one("Инкай кен орны, Сарыағаш ауданы")
    assert row.matched_id == "deposit:inkai"
    assert row.geocode_status == "review"
    assert "district:" in row.geocode_note


def test_a_deposit_word_does_not_take_a_town_of_the_same_name():
    # "Aktogay" is a village in several regions: without a deposit or works word it stays a place
    row = _one("Aktogay village, Ayagoz district")
    assert row.geocode_method.startswith("place")
