"""Plausible input kzgeo cannot use: a clear error naming file, row and field, never a wrong map.

Each test is one case found by trying kzgeo as a new user would; `docs/bad_inputs.md` lists
them with the message a user sees.
"""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely import box

import kzgeo
from kzgeo.cli.main import main
from kzgeo.errors import BoundaryError
from tests.conftest import write_register


def test_boundaries_in_metres_labelled_degrees(tmp_path, capsys):
    halves = gpd.GeoDataFrame(
        {"code": ["W", "E"]}, geometry=[box(40, 35, 70, 60), box(70, 35, 90, 60)], crs=4326
    )
    wrong = halves.to_crs(3857).set_crs(4326, allow_override=True)  # metres, labelled degrees
    path = tmp_path / "metres.gpkg"
    wrong.to_file(path)
    with pytest.raises(BoundaryError) as info:
        kzgeo.build(regions=path, region_id="code")
    issue = info.value.issues[0]
    assert (issue.file, issue.field) == (str(path), "geometry")
    assert "not degrees" in issue.message
    assert "set its real CRS" in issue.hint
    out = tmp_path / "out"
    argv = ["build", "--out", str(out), "--regions", str(path), "--region-id", "code", "--quiet"]
    assert main(argv) == 1
    assert "not degrees" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


def test_a_repeated_project_id_is_flagged_not_fatal(tmp_path):
    folder = write_register(
        tmp_path / "reg",
        "project_id,company,investment_kzt\np1,Alpha,5 bn\np1,Beta,6 bn\np2,Gamma,1 bn\n",
        "site_id,project_id,settlement\ns1,p1,Almaty\ns2,p2,Almaty\n",
    )
    result = kzgeo.build(folder)
    assert any("duplicate project_id 'p1'" in i.message for i in result.register.errors)
    summary = result.summary.set_index("figure")
    # Beta's repeat is not counted; Alpha is counted once (its site waits on the fix: flagged)
    assert summary.loc["investment_kzt", "national_total"] == 6e9
    site = result.sites.set_index("site_id").loc["s1"]
    assert site["row_status"] == "project-invalid"
