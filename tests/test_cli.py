"""The command line and the files it writes."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pandas as pd
import pyogrio
import pytest

import kzgeo
from kzgeo._paths import geo_dir
from kzgeo.cli.main import main
from kzgeo.errors import OutputError
from kzgeo.export import neutralise, safe_name
from kzgeo.export.fields import describe
from kzgeo.register import seed_path
from tests.browser import NODE_MODULES, require
from tests.conftest import write_register

BUILD_FILES = {
    "map.html", "map.png", "report.html", "kzgeo.gpkg", "regions.csv", "sites.csv", "sez.csv",
    "region_sector.csv", "summary.csv", "issues.csv", "reconciliation.md", "reconciliation.json",
}  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    proc = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "kzgeo", "build", "--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return out


def test_build_writes_every_file(built):
    assert {p.name for p in built.iterdir()} == BUILD_FILES
    assert (built / "map.html").stat().st_size < 1_000_000  # the size budget
    assert (built / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = (built / "reconciliation.md").read_text(encoding="utf-8")
    assert "medicines" in text
    assert "467.6 KZT/USD" in text


def test_geopackage_layers_crs_and_types(built):
    path = built / "kzgeo.gpkg"
    layers = dict(pyogrio.list_layers(path))
    assert layers == {
        "sites": "Point",
        "regions": "MultiPolygon",
        "sez": "MultiPolygon",
        "layer_styles": None,
    }
    # sez: 16 zones (SEZ Aktobe added in 2025) + 7 TURAN sub-zones
    for name, count in (("sites", 5), ("regions", 20), ("sez", 23)):
        info = pyogrio.read_info(path, layer=name)
        assert info["crs"] == "EPSG:4326"
        assert info["features"] == count
    types = dict(
        zip(
            *(pyogrio.read_info(path, layer="regions")[k] for k in ("fields", "dtypes")),
            strict=True,
        )
    )
    assert types["investment_kzt"] == "float64"
    assert types["projects"] == "int64"
    assert types["has_projects"] == "bool"
    assert types["name_kk"] == "object"
    assert types["kato"] == "object"
    sez_types = dict(
        zip(*(pyogrio.read_info(path, layer="sez")[k] for k in ("fields", "dtypes")), strict=True)
    )
    assert sez_types["act_date"].startswith("datetime64")
    assert sez_types["valid_to_year"] == "int64"
    sites = pyogrio.read_dataframe(path, layer="sites")
    assert set(sites.site_id) == {
        "altinfarm-pit",
        "nobel-almaty",
        "abdi-ili",
        "msp-turan",
        "msp-almaty-region",
    }
    assert sites.set_index("site_id").loc["altinfarm-pit", "sez_id"] == "pit"
    assert sites["precision"].dtype == "int64"
    regions = pyogrio.read_dataframe(path, layer="regions")
    assert regions.investment_kzt.sum() == pytest.approx(173.4e9)
    assert regions.geometry.is_valid.all()


def _qml(text):
    """Parse a QML style kzgeo wrote (after its DOCTYPE line)."""
    return ET.fromstring(text.split(">", 1)[1])  # noqa: S314 - XML that kzgeo itself wrote


def test_geopackage_carries_qgis_styles(built):
    with sqlite3.connect(built / "kzgeo.gpkg") as db:
        rows = db.execute(
            "SELECT f_table_name, f_geometry_column, styleQML, useAsDefault FROM layer_styles"
        ).fetchall()
        geometry = dict(db.execute("SELECT table_name, column_name FROM gpkg_geometry_columns"))
    assert {r[0] for r in rows} == {"sites", "regions", "sez"}
    for table, column, qml, default in rows:
        assert column == geometry[table]
        assert default == 1
        root = _qml(qml)
        assert root.tag == "qgis"
        assert root.find("renderer-v2") is not None
    regions = next(r[2] for r in rows if r[0] == "regions")
    labels = [rule.get("label") for rule in _qml(regions).iter("rule")]
    assert labels[0] == "no project"
    assert "97.7 bn KZT" in labels


def _columns(db: sqlite3.Connection, table: str) -> dict[str, str]:
    return {row[1]: row[2] for row in db.execute(f"PRAGMA table_info({table})")}


def test_geopackage_version_and_declared_types(built):
    with sqlite3.connect(built / "kzgeo.gpkg") as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47  # "GPKG"
        assert db.execute("PRAGMA user_version").fetchone()[0] == 10200  # GeoPackage 1.2
        regions, sez, sites = (_columns(db, t) for t in ("regions", "sez", "sites"))
    assert regions["kato"] == "TEXT"
    assert regions["has_projects"] == "BOOLEAN"
    assert regions["kzt_per_usd_date"] == "DATE"
    for column in ("projects", "sites", "sites_listed", "jobs_missing", "population_2026"):
        assert regions[column] == "INTEGER", column
    assert (sez["act_date"], sez["valid_to"], sez["valid_to_year"]) == ("DATE", "DATE", "INTEGER")
    assert (sites["precision"], sites["source_line"]) == ("INTEGER", "INTEGER")


def test_geopackage_empty_text_is_null(built):
    with sqlite3.connect(built / "kzgeo.gpkg") as db:
        for table in ("sites", "regions", "sez"):
            for column, kind in _columns(db, table).items():
                if kind == "TEXT":
                    n = db.execute(
                        f"SELECT COUNT(*) FROM {table} WHERE TRIM(\"{column}\") = ''"  # noqa: S608
                    ).fetchone()[0]
                    assert n == 0, (table, column)
        # the seed's sites give no settlement for most rows: NULL, not ''
        assert db.execute("SELECT COUNT(*) FROM sites WHERE settlement IS NULL").fetchone()[0] == 4


def test_geopackage_valid_to_is_a_date_or_a_year(built):
    raw = pyogrio.read_dataframe(geo_dir() / "sez.geojson", read_geometry=False)  # as published
    written = pyogrio.read_dataframe(built / "kzgeo.gpkg", layer="sez", read_geometry=False)
    given = dict(zip(raw["sez_id"], raw["valid_to"], strict=True))
    for row in written.itertuples():
        text = given[row.sez_id]
        if not isinstance(text, str):  # None or NaN: no end date
            assert pd.isna(row.valid_to), row.sez_id
            assert pd.isna(row.valid_to_year), row.sez_id
        elif len(text) == 4:  # a year only
            assert pd.isna(row.valid_to), row.sez_id
            assert row.valid_to_year == int(text), row.sez_id
        else:
            assert row.valid_to.strftime("%Y-%m-%d") == text, row.sez_id
            assert row.valid_to_year == int(text[:4]), row.sez_id


def test_geopackage_describes_every_layer_and_field(built):
    with sqlite3.connect(built / "kzgeo.gpkg") as db:
        contents = dict(db.execute("SELECT table_name, description FROM gpkg_contents"))
        described = {
            (t, c): d
            for t, c, d in db.execute(
                "SELECT table_name, column_name, description FROM gpkg_data_columns"
            )
        }
        extension = db.execute(
            "SELECT COUNT(*) FROM gpkg_extensions WHERE extension_name = 'gpkg_schema'"
        ).fetchone()[0]
        columns = {t: _columns(db, t) for t in ("sites", "regions", "sez")}
    assert set(contents) == {"sites", "regions", "sez", "layer_styles"}
    assert all(contents.values())
    assert "do not sum zones and sub-zones" in contents["sez"]
    assert extension == 2
    # the bundled register has no column of its own: every one is kzgeo's, so none may be
    # described as passed through unread (as the as-written figure columns once were)
    passed_through = describe("sites", "no_such_column")
    for table, cols in columns.items():
        for column in cols:
            if column in ("fid", "geom"):
                continue
            assert described.get((table, column)), (table, column)
            assert described[(table, column)] != passed_through, (table, column)
    assert "as text" in described[("regions", "kato")]
    assert "do not sum both" in described[("sez", "level")]


def test_source_file_is_relative_to_the_register(built):
    sites = pd.read_csv(built / "sites.csv", encoding="utf-8-sig")
    layer = pyogrio.read_dataframe(built / "kzgeo.gpkg", layer="sites", read_geometry=False)
    for values in (sites["source_file"], layer["source_file"]):
        for value in values:
            assert not Path(value).is_absolute(), value
            assert (seed_path() / value).is_file(), value
    for csv in built.glob("*.csv"):
        assert str(seed_path().parent) not in csv.read_text(encoding="utf-8-sig"), csv.name


def test_csv_numbers_are_rounded_as_their_headers_say(built):
    regions = pd.read_csv(built / "regions.csv", encoding="utf-8-sig", dtype=str)
    exact = pyogrio.read_dataframe(built / "kzgeo.gpkg", layer="regions", read_geometry=False)
    for column in ("investment_kzt", "investment_usd", "jobs", "medicines", "projects",
                   "investment_usd_min", "jobs_missing"):  # fmt: skip
        cells = regions[column].dropna()
        assert cells.str.fullmatch(r"\d+").all(), column  # whole tenge / dollars / counts
        diff = (cells.astype(float) - exact.loc[cells.index, column]).abs().max()
        assert diff <= 0.5, column  # rounded, not truncated or rescaled
    summary = pd.read_csv(built / "summary.csv", encoding="utf-8-sig", dtype=str)
    usd = str(summary.set_index("figure").loc["investment_usd", "national_total"])
    assert usd.isdigit()
    assert abs(int(usd) - exact["investment_usd"].sum()) <= 1
    for csv in built.glob("*.csv"):
        text = csv.read_text(encoding="utf-8-sig")
        assert not re.search(r"\d\.\d{7,}", text), csv.name  # no 343690534.1005715
    sites = pd.read_csv(built / "sites.csv", encoding="utf-8-sig", dtype=str)
    assert sites["lat"].str.fullmatch(r"\d+\.\d{1,6}").all()


def test_csv_tables(built):
    regions = pd.read_csv(built / "regions.csv", encoding="utf-8-sig")
    assert len(regions) == 20
    assert "geometry" not in regions
    sites = pd.read_csv(built / "sites.csv", encoding="utf-8-sig")
    assert len(sites) == 5
    assert sites.lat.notna().all()


@pytest.mark.parametrize("fmt", ["geojson", "fgb", "parquet"])
def test_other_gis_formats(tmp_path, fmt):
    assert main(["build", "--out", str(tmp_path), "--format", f"gpkg,{fmt}", "--quiet"]) == 0
    for layer in ("sites", "regions", "sez"):
        path = tmp_path / f"{layer}.{fmt}"
        frame = pd.read_parquet(path) if fmt == "parquet" else pyogrio.read_dataframe(path)
        assert len(frame) > 0


def test_flatgeobuf_reads_back_like_the_geopackage(tmp_path):
    assert main(["build", "--out", str(tmp_path), "--format", "fgb", "--quiet"]) == 0
    assert not (tmp_path / "kzgeo.gpkg").exists()
    for layer, count in (("sites", 5), ("regions", 20), ("sez", len(kzgeo.load_sez()))):
        info = pyogrio.read_info(tmp_path / f"{layer}.fgb")
        assert (info["features"], info["crs"]) == (count, "EPSG:4326")
        assert "kzgeo:" in info["layer_metadata"]["DESCRIPTION"]
    regions = pyogrio.read_dataframe(tmp_path / "regions.fgb")
    assert regions["kato"].map(type).eq(str).all()
    assert regions["has_projects"].dtype == bool
    assert regions["projects"].dtype == "int64"
    assert regions.investment_kzt.sum() == pytest.approx(173.4e9)
    sez = pyogrio.read_dataframe(tmp_path / "sez.fgb")
    assert sez["act_date"].dtype.kind == "M"  # FlatGeobuf keeps dates as date-times
    zones = kzgeo.load_sez()
    assert sez["parent_id"].isna().sum() == zones["parent_id"].isna().sum()  # NULL, not ''
    assert main(["geocode", str(seed_path()), "-o", str(tmp_path / "s.fgb"), "--quiet"]) == 0
    assert len(pyogrio.read_dataframe(tmp_path / "s.fgb")) == 5


def test_formula_cells_are_neutralised(tmp_path):
    folder = write_register(
        tmp_path / "r",
        "project_id,company,partners,investment_kzt\n"
        'p1,"=HYPERLINK(""http://evil"",""x"")",+7 777,5 bn\n'
        "p2,@SUM(A1),-1,3 bn\n",
        "site_id,project_id,site_name,settlement\ns1,p1,=1+2,Almaty\ns2,p2,\tTab,Taraz\n",
    )
    out = tmp_path / "out"
    assert main(["build", str(folder), "--out", str(out), "--quiet"]) == 0
    sites = (out / "sites.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in sites
    assert "'@SUM(A1)" in sites
    assert "'=1+2" in sites
    for line in sites.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "-", "@", "\t")), cell


def test_neutralise():
    assert neutralise("=1") == "'=1"
    assert neutralise("ok") == "ok"
    assert neutralise(3.5) == 3.5


def test_overwrite_is_refused_without_force(tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path), "--quiet"]) == 0
    assert main(["build", "--out", str(tmp_path), "--quiet"]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert main(["build", "--out", str(tmp_path), "--quiet", "--force"]) == 0


def test_output_folder_that_cannot_be_made(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["build", "--out", str(blocker / "sub"), "--quiet"]) == 2
    assert "cannot create the output folder" in capsys.readouterr().err


def test_names_cannot_escape_the_folder():
    with pytest.raises(OutputError):
        safe_name("../x.csv")
    with pytest.raises(OutputError):
        safe_name("/etc/passwd")
    with pytest.raises(OutputError):
        safe_name(".hidden")


def test_validate_exit_codes(tmp_path, capsys):
    good = write_register(
        tmp_path / "good",
        "project_id,company\np1,A\n",
        "site_id,project_id,settlement\ns1,p1,Almaty\n",
    )
    bad = write_register(
        tmp_path / "bad",
        "project_id,company,jobs\np1,A,-3\n",
        "site_id,project_id,settlement\ns1,p1,Almaty\n",
    )
    assert main(["validate", str(good)]) == 0
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "projects.csv, line 2, field 'jobs'" in out
    assert main(["validate", str(tmp_path / "missing")]) == 2  # a usage problem


def test_build_with_bad_rows_writes_everything_and_exits_1(tmp_path):
    bad = write_register(
        tmp_path / "bad",
        "project_id,company,jobs\np1,A,-3\np2,B,10\n",
        "site_id,project_id,settlement\ns1,p1,Almaty\ns2,p2,Taraz\n",
    )
    out = tmp_path / "out"
    assert main(["build", str(bad), "--out", str(out), "--quiet"]) == 1
    sites = pd.read_csv(out / "sites.csv", encoding="utf-8-sig")
    assert list(sites.site_id) == ["s1", "s2"]
    assert list(sites.project_row_status) == ["invalid", "ok"]
    issues = pd.read_csv(out / "issues.csv", encoding="utf-8-sig")
    assert (issues.field == "jobs").any()
    assert main(["build", str(bad), "--out", str(tmp_path / "o2"), "--strict", "--quiet"]) == 1


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["build"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["nonsense"])
    assert exc.value.code == 2


def test_help_documents_every_option(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    text = capsys.readouterr().out
    for option in (
        "--out",
        "--policy",
        "--format",
        "--offline",
        "--assets",
        "--strict",
        "--force",
        "--online",
        "--user-agent",
        "--quiet",
        "Exit codes",
    ):
        assert option in text


def test_geocode_and_regions_commands(tmp_path):
    assert main(["geocode", str(seed_path()), "-o", str(tmp_path / "s.csv"), "--quiet"]) == 0
    sites = pd.read_csv(tmp_path / "s.csv", encoding="utf-8-sig")
    assert {"precision", "geocode_status", "region_iso", "join_status"} <= set(sites.columns)
    assert main(["geocode", str(seed_path()), "-o", str(tmp_path / "s.parquet"), "--quiet"]) == 0
    assert len(pd.read_parquet(tmp_path / "s.parquet")) == 5
    assert main(["regions", "-o", str(tmp_path / "r.gpkg")]) == 0
    assert dict(pyogrio.list_layers(tmp_path / "r.gpkg")) == {
        "regions": "MultiPolygon",
        "sez": "MultiPolygon",
    }
    assert main(["regions", "-o", str(tmp_path / "r.geojson"), "--resolution", "map"]) == 0
    assert len(pyogrio.read_dataframe(tmp_path / "r.geojson")) == 20
    assert main(["regions", "-o", str(tmp_path / "r.xyz")]) == 2
    assert main(["regions", "-o", str(tmp_path / "r.csv")]) == 2  # a usage error, no traceback
    assert not (tmp_path / "r.csv").exists()


def test_offline_build(tmp_path):
    require((NODE_MODULES / "leaflet" / "package.json").is_file(), "npm assets missing")
    assert (
        main(
            ["build", "--out", str(tmp_path), "--offline", "--assets", str(NODE_MODULES), "--quiet"]
        )
        == 0
    )
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert "<script src=" not in html
    assert "inlined by kzgeo" in html


def test_geocode_reports_progress_on_long_work():
    frame = pd.DataFrame({"settlement": ["Almaty", "Taraz", "Aksu"] * 7000})
    calls = []
    kzgeo.geocode(frame, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(10_000, 21_000), (20_000, 21_000), (21_000, 21_000)]


def test_progress_bar_is_quiet_when_not_a_terminal(tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "step" not in err
    assert "it/s" not in err


def test_build_on_user_boundaries_with_their_own_id(tmp_path):
    regions = kzgeo.load_regions("map")[["iso_3166_2", "name_en", "geometry"]]
    user = regions.rename(columns={"iso_3166_2": "code", "name_en": "name"})
    user["code"] = [f"U{i:02d}" for i in range(len(user))]
    user.to_file(tmp_path / "units.gpkg", driver="GPKG")
    out = tmp_path / "out"
    proc = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "kzgeo", "build", "--out", str(out), "--quiet",
         "--regions", str(tmp_path / "units.gpkg"), "--region-id", "code"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert (out / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = pd.read_csv(out / "regions.csv")
    assert set(table["code"]) == set(user["code"])
    assert table["investment_kzt"].sum() > 0


def test_geocode_and_build_check_region_hints_alike_on_iso_coded_layers(tmp_path: Path) -> None:
    # a user layer keyed by ISO codes: the written region (Almaty Region) disagrees with the
    # point (Astana); the build and `kzgeo geocode` must both say so
    layer = tmp_path / "regions.gpkg"
    kzgeo.load_regions()[["iso_3166_2", "geometry"]].to_file(layer)
    register = tmp_path / "register.csv"
    pd.DataFrame(
        {
            "project_id": ["p"],
            "company": ["X"],
            "lat": [51.16],
            "lon": [71.47],
            "region": ["Almaty Region"],
        }
    ).to_csv(register, index=False)
    built = kzgeo.build(register, regions=layer)
    assert built.sites["join_status"].tolist() == ["region-mismatch"]
    out = tmp_path / "sites.csv"
    assert main(["geocode", str(register), "--regions", str(layer), "-o", str(out)]) == 0
    assert pd.read_csv(out)["join_status"].tolist() == ["region-mismatch"]
