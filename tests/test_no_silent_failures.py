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
from kzgeo.errors import BoundaryError, RegisterError
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


@pytest.mark.parametrize(
    ("manifest", "field", "words"),
    [
        ("approval_date: 2026-02-30\n", "approval_date", "February 2026 has 28 days"),
        ("approval_date: 22.01.2026\n", "approval_date", "is not a date"),
        ("sources: [a, b]\n", "sources", "must be a mapping"),
        (f"title: {'x' * 60_000}\n", "title", "60,000 characters"),
        ("title: {a: 1}\n", "title", "must be text"),
    ],
)
def test_manifest_fields_are_checked(tmp_path, manifest, field, words):
    folder = write_register(
        tmp_path / "reg",
        "project_id,company\np1,Alpha\n",
        None,
        "schema: kzgeo-register/1\n" + manifest,
    )
    reg = kzgeo.load_register(folder, errors="flag")
    found = [i for i in reg.errors if i.field == field]
    assert found, reg.errors
    assert words in found[0].message
    assert str(found[0].file).endswith("register.yaml")


def test_manifest_aliases_are_refused_quickly(tmp_path):
    bomb = (
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ntitle: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    )
    folder = write_register(tmp_path / "reg", "project_id,company\np1,Alpha\n", None, bomb)
    with pytest.raises(RegisterError, match="aliases"):
        kzgeo.load_register(folder)


@pytest.mark.parametrize(
    ("cell", "words"),
    [("2026-02-30", "February 2026 has 28 days"), ("soon", "is not a date")],
)
def test_project_dates_say_what_is_wrong(tmp_path, cell, words):
    folder = write_register(
        tmp_path / "reg", f"project_id,company,approval_date\np1,Alpha,{cell}\n"
    )
    reg = kzgeo.load_register(folder, errors="flag")
    (issue,) = [i for i in reg.errors if i.field == "approval_date"]
    assert words in issue.message
    assert issue.row == 2


def test_nan_coordinates_say_not_a_number(tmp_path):
    folder = write_register(
        tmp_path / "reg",
        "project_id,company\np1,Alpha\n",
        "site_id,project_id,lat,lon\ns1,p1,nan,76.9\n",
    )
    reg = kzgeo.load_register(folder, errors="flag")
    issues = [i for i in reg.errors if i.field == "lat"]
    assert "'nan' is not a number" in issues[0].message
    assert all("None" not in i.hint for i in issues)


def test_reconciliation_never_says_adds_up_when_parts_are_missing(tmp_path):
    folder = write_register(
        tmp_path / "reg",
        "project_id,company,investment_kzt,jobs\np1,Alpha,,100\np2,Beta,5 bn,50\n",
        "site_id,project_id,settlement\ns1,p1,Almaty\ns2,p2,Almaty\n",
        "schema: kzgeo-register/1\nstated_totals:\n  investment_kzt: {value: 10 bn}\n"
        "  jobs: {value: 150}\n",
    )
    report = kzgeo.build(folder).reconciliation
    assert report.unchecked() == ["investment_kzt"]
    assert "Everything adds up" not in report.to_markdown()
    assert report.headline() == "Cannot check (parts missing): investment_kzt."


def test_a_stray_byte_is_named_and_the_rest_stays_utf8(tmp_path):
    folder = tmp_path / "reg"
    folder.mkdir()
    text = "project_id,company,investment_kzt\np1,Алматы Фарм,5 bn\np2,Caf\xe9,1 bn\n"
    (folder / "projects.csv").write_bytes(text.encode("utf-8").replace(b"\xc3\xa9", b"\xe9"))
    reg = kzgeo.load_register(folder, errors="flag")
    (issue,) = [i for i in reg.errors if "not UTF-8" in i.message]
    assert issue.row == 3
    assert "0xE9" in issue.message
    assert "Алматы Фарм" in set(reg.projects["company"])  # no mojibake


def test_an_unclosed_quote_names_the_line_where_it_opens(tmp_path):
    rows = "".join(f"p{k},Company {k},{k} bn\n" for k in range(3, 60))
    folder = write_register(
        tmp_path / "reg", 'project_id,company,investment_kzt\np1,"Alpha,5 bn\np2,Beta,6 bn\n' + rows
    )
    with pytest.raises(RegisterError) as info:
        kzgeo.load_register(folder)
    (issue,) = info.value.issues
    assert issue.row == 2
    assert "never closed" in issue.message


@pytest.mark.parametrize("column", ["row_status", "join_status", "fid", "geom"])
def test_user_columns_named_like_kzgeos_are_renamed(tmp_path, column):
    folder = write_register(
        tmp_path / "reg",
        "project_id,company,investment_kzt\np1,Alpha,5 bn\n",
        f"site_id,project_id,settlement,{column}\ns1,p1,Almaty,ok\ns2,p1,Atlantis,ok\n",
    )
    result = kzgeo.build(folder)
    assert any(column in i.message and "user_" in i.message for i in result.register.warnings)
    sites = result.sites.set_index("site_id")
    assert sites.loc["s2", "geocode_status"] != "ok"  # the user's "ok" replaced nothing
    assert sites.loc["s1", f"user_{column}"] == "ok"
    out = tmp_path / "out"
    kzgeo.export.export_all(result, out)  # a GeoPackage with the user's fid/geom columns
    assert (out / "kzgeo.gpkg").is_file()


def test_a_folder_named_like_a_table_is_an_error(tmp_path):
    folder = write_register(tmp_path / "reg", "project_id,company\np1,Alpha\n")
    (folder / "sites.csv").mkdir()
    with pytest.raises(RegisterError, match=r"sites\.csv is a folder"):
        kzgeo.load_register(folder)


def test_a_link_loop_is_named_as_such(tmp_path, capsys):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert main(["validate", str(loop)]) == 2
    assert "leads nowhere" in capsys.readouterr().err
