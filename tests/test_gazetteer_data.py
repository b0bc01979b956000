"""The gazetteer tables: every district (2024 layout) and the industrial zones.

The district checks compare kzgeo's table with an independent reference, the geokz 2024
district layer in /work/shared/data/boundaries/geokz (read here only, never bundled). If that
layer is missing the tests fail: they do not skip.
"""

from __future__ import annotations

import pandas as pd
import pytest

import kzgeo
from kzgeo._paths import geo_dir
from kzgeo.datasets import industrial_zones as iz
from kzgeo.errors import BoundaryError


def test_industrial_zones_schema_and_points():
    zones = kzgeo.load_industrial_zones()
    assert zones.crs.to_epsg() == 4326
    assert zones.zone_id.is_unique
    assert set(zones.point_basis) <= {"reported", "settlement"}
    assert zones.source_url.str.match(r"https?://").all()
    assert zones.name_ru.str.len().gt(0).all()
    assert zones.name_en.str.len().gt(0).all()
    regions = kzgeo.load_regions().set_index("iso_3166_2").geometry
    for row in zones.itertuples():
        assert regions[row.region_iso].covers(row.geometry), row.zone_id


def test_settlement_points_are_their_settlement():
    zones = kzgeo.load_industrial_zones()
    places = kzgeo.load_places().set_index("place_id")
    by_settlement = zones[zones.point_basis == "settlement"]
    assert len(by_settlement) > 0
    for row in by_settlement.itertuples():
        place = places.loc[row.settlement_place_id]
        assert (row.lat, row.lon) == (place.lat, place.lon), row.zone_id
        assert place.region_iso == row.region_iso, row.zone_id


def test_industrial_zone_outside_its_region_is_refused(tmp_path, monkeypatch):
    table = pd.read_csv(geo_dir() / "industrial_zones.csv", keep_default_na=False)
    table.loc[0, "region_iso"] = "KZ-47" if table.loc[0, "region_iso"] != "KZ-47" else "KZ-71"
    table.to_csv(tmp_path / "industrial_zones.csv", index=False)
    monkeypatch.setattr(iz, "geo_dir", lambda: tmp_path)
    iz._read.cache_clear()
    try:
        with pytest.raises(BoundaryError, match="not inside its region"):
            iz.load_industrial_zones()
    finally:
        iz._read.cache_clear()
