"""kzgeo.gpkg and the FlatGeobuf files in QGIS and in the system GDAL.

A real ``kzgeo build`` is opened with Debian's PyQGIS (QGIS 3.22, GDAL 3.6) in a subprocess
(``tests/qgis_render.py``, run by ``/usr/bin/python3``: the venv has no QGIS) exactly as a
drag-and-drop does, so the default styles in ``layer_styles`` are applied. The expected class of
each region is worked out here from the regions table and the class bounds the style states,
never from QGIS or from anything kzgeo computed for that region; the pixel at a point inside
each region of the rendered PNG must show that class's colour.

Without PyQGIS or ``ogrinfo`` these tests FAIL under CI / ``KZGEO_REQUIRE_BROWSER`` (as
``scripts/test.sh`` runs them, after installing them) and are skipped elsewhere.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import numpy as np
import pyogrio
import pytest
import shapely
from PIL import Image

import kzgeo
from tests.browser import ARTIFACTS, require
from tests.conftest import write_register

SYSTEM_PYTHON = "/usr/bin/python3"
HELPER = Path(__file__).with_name("qgis_render.py")
SEED_COUNTS = {"sites": 5, "regions": 20, "sez": len(kzgeo.load_sez())}
WHITE = np.array([255, 255, 255])


def _varied(out: Path) -> bool:
    return out.parent.name.startswith("qgis-varied")


def _counts(out: Path) -> dict[str, int]:
    """Features per layer: the register's sites, 20 regions, every SEZ row."""
    return {**SEED_COUNTS, "sites": len(VARIED)} if _varied(out) else SEED_COUNTS


def _has_pyqgis() -> bool:
    if not Path(SYSTEM_PYTHON).is_file():
        return False
    probe = subprocess.run(  # noqa: S603 - a fixed interpreter and statement
        [SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True, check=False, env=_env()
    )
    return probe.returncode == 0


def _env() -> dict[str, str]:
    """The environment for the system Python: no trace of kzgeo's venv, no display."""
    drop = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


# (region named, investment): seven classes' worth of values and one project that gives no
# investment, so every kind of rule (no project, figure not given, each class) is drawn
VARIED = (
    ("Pavlodar Region", "1 bn"), ("Aktobe Region", "2 bn"), ("Karaganda Region", "5 bn"),
    ("West Kazakhstan Region", "10 bn"), ("Zhambyl Region", "20 bn"), ("Almaty", "50 bn"),
    ("Abai Region", "100 bn"), ("Kostanay Region", ""),
)  # fmt: skip


def _varied_register(folder: Path) -> Path:
    projects = "project_id,company,investment_kzt,investment_kzt_flag,jobs,jobs_flag\n" + "".join(
        f"p{i},Company {i},{money},{'reported' if money else ''},10,reported\n"
        for i, (_, money) in enumerate(VARIED)
    )
    sites = "site_id,project_id,region\n" + "".join(
        f"s{i},p{i},{region}\n" for i, (region, _) in enumerate(VARIED)
    )
    return write_register(folder, projects, sites)


@pytest.fixture(scope="module", params=["seed", "varied"])
def built(request, tmp_path_factory):
    base = tmp_path_factory.mktemp(f"qgis-{request.param}")
    register = [] if request.param == "seed" else [str(_varied_register(base / "register"))]
    out = base / "out"
    proc = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "kzgeo", "build", *register, "--out", str(out), "--format",
         "gpkg,fgb", "--quiet"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def qgis(built):
    require(_has_pyqgis(), "PyQGIS is not installed (Debian python3-qgis qgis-providers)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    png = ARTIFACTS / f"qgis_render_{'varied' if _varied(built) else 'seed'}.png"
    report = built.parent / "qgis_report.json"
    proc = subprocess.run(  # noqa: S603 - the system Python and our helper script
        [SYSTEM_PYTHON, str(HELPER), str(built), str(png), str(report)],
        capture_output=True, text=True, check=False, env=_env(), timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(report.read_text(encoding="utf-8")), png


def _style(gpkg: Path, table: str) -> ET.Element:
    with sqlite3.connect(gpkg) as db:
        (qml,) = db.execute(
            "SELECT styleQML FROM layer_styles WHERE f_table_name = ? AND useAsDefault", (table,)
        ).fetchone()
    return ET.fromstring(qml.split(">", 1)[1])  # noqa: S314 - XML kzgeo wrote, after DOCTYPE


def _symbol_fills(style: ET.Element) -> dict[str, tuple[int, int, int, int]]:
    """Fill colour (r, g, b, a) of each symbol of a QML style."""
    out = {}
    for symbol in style.iter("symbol"):
        colour = next(o.get("value", "") for o in symbol.iter("Option") if o.get("name") == "color")
        r, g, b, a = (int(v) for v in colour.split(","))
        out[symbol.get("name", "")] = (r, g, b, a)
    return out


def _expected_rules(gpkg: Path) -> dict[str, tuple[str, tuple[int, int, int, int]]]:
    """Each region's rule label and fill colour, from its table row and the style's bounds."""
    style = _style(gpkg, "regions")
    fills = _symbol_fills(style)
    rules = [
        (r.get("label", ""), r.get("symbol", ""), r.get("filter", "")) for r in style.iter("rule")
    ]
    by_label = {label: fills[symbol] for label, symbol, _ in rules}
    classes = []  # (upper bound or inf, label), in the style's order
    for label, _, condition in rules:
        if '"investment_kzt" <=' in condition or '"investment_kzt" >' in condition:
            upper = re.search(r'"investment_kzt" <= ([0-9.e+]+)', condition)
            classes.append((float(upper.group(1)) if upper else np.inf, label))
    regions = pyogrio.read_dataframe(gpkg, layer="regions", read_geometry=False)
    out: dict[str, tuple[str, tuple[int, int, int, int]]] = {}
    for row in regions.itertuples():
        if not row.has_projects:
            label = "no project"
        elif np.isnan(row.investment_kzt):
            label = "projects, figure not given"
        else:
            label = next(lab for upper, lab in classes if row.investment_kzt <= upper)
        out[row.iso_3166_2] = (label, by_label[label])
    return out


def _all_opened(opened: dict[str, dict[str, Any]], built: Path) -> None:
    """Every layer QGIS opened is valid, with all its features."""
    for name, count in _counts(built).items():
        assert opened[name]["valid"], name
        assert opened[name]["features"] == count, name


def test_each_layer_opens_with_its_default_style(built, qgis):
    report, _ = qgis
    _all_opened(report["layers"], built)
    for name in _counts(built):
        assert report["layers"][name]["abstract"].startswith("kzgeo:"), name  # its description
    assert report["layers"]["regions"]["renderer"] == "RuleRenderer"
    for name in ("sez", "sites"):
        layer = report["layers"][name]
        assert layer["renderer"] == "singleSymbol"
        r, g, b, _ = _symbol_fills(_style(built / "kzgeo.gpkg", name))["0"]
        assert layer["colour"] == f"#{r:02x}{g:02x}{b:02x}"
    assert report["qgis"].startswith("3.")
    assert not [m for m in report["messages"] if "OGR" in m or "GDAL" in m], report["messages"]


def test_every_region_matches_exactly_one_rule_the_right_one(built, qgis):
    report, _ = qgis
    expected = _expected_rules(built / "kzgeo.gpkg")
    matches = {m["iso_3166_2"]: m["rules"] for m in report["matches"]}
    assert set(matches) == set(expected)
    assert len(matches) == 20
    for iso, rules in matches.items():
        assert rules == [expected[iso][0]], iso
    labels = {label for label, _ in expected.values()}
    assert "no project" in labels
    assert len(labels) >= 3  # the seed register fills at least two investment classes
    if _varied(built):  # five investment classes and a region whose projects give no figure
        assert "projects, figure not given" in labels
        assert len(labels) == 7


def _sample_points(gpkg: Path, px: float) -> dict[str, shapely.Point]:
    """A point well inside each region, away from outlines, SEZ shapes and site markers."""
    regions = pyogrio.read_dataframe(gpkg, layer="regions")
    sez = shapely.union_all(pyogrio.read_dataframe(gpkg, layer="sez").geometry.to_numpy())
    sites = pyogrio.read_dataframe(gpkg, layer="sites").geometry.to_numpy()
    # buffers in degrees on purpose: the map is drawn in EPSG:4326, so degrees are pixels
    covered = shapely.union_all([sez.buffer(4 * px), *shapely.buffer(sites, 8 * px)])
    out = {}
    for iso, geom in zip(regions["iso_3166_2"], regions.geometry, strict=True):
        inside = geom.buffer(-4 * px).difference(covered)
        assert not inside.is_empty, f"{iso}: no free pixel to sample"
        out[iso] = inside.point_on_surface()
    return out


def test_rendered_map_shows_each_region_in_its_class_colour(built, qgis):
    report, png = qgis
    image = np.asarray(Image.open(png).convert("RGB")).astype(int)
    xmin, ymin, xmax, ymax = report["render"]["extent"]
    width, height = report["render"]["size"]
    assert image.shape[:2] == (height, width)
    assert report["render"]["errors"] == []
    expected = _expected_rules(built / "kzgeo.gpkg")
    points = _sample_points(built / "kzgeo.gpkg", (xmax - xmin) / width)
    wrong = {}
    for iso, point in points.items():
        col = int((point.x - xmin) / (xmax - xmin) * width)
        row = int((ymax - point.y) / (ymax - ymin) * height)
        r, g, b, a = expected[iso][1]
        want = np.array([r, g, b]) * a / 255 + WHITE * (1 - a / 255)  # over the white background
        got = image[row, col]
        if np.abs(got - want).max() > 3:
            wrong[iso] = (expected[iso][0], got.tolist(), want.round().tolist())
    assert len(points) == 20
    assert wrong == {}


def test_flatgeobuf_opens_in_qgis(built, qgis):
    report, _ = qgis
    _all_opened(report["fgb"], built)
    regions = {f["name"]: f["type"] for f in report["fgb"]["regions"]["fields"]}
    assert regions["kato"] == "String"
    assert regions["projects"].startswith("Integer")
    assert regions["has_projects"] == "Boolean"
    sez = {f["name"]: f["type"] for f in report["fgb"]["sez"]["fields"]}
    assert sez["act_date"] == "DateTime"  # FlatGeobuf has no plain date type
    assert sez["valid_to_year"].startswith("Integer")


def _ogrinfo(*args: str) -> subprocess.CompletedProcess[str]:
    ogrinfo = shutil.which("ogrinfo")
    require(ogrinfo is not None, "the system GDAL's ogrinfo is not installed (Debian gdal-bin)")
    return subprocess.run(  # noqa: S603 - the system ogrinfo on our own output
        [str(ogrinfo), *args], capture_output=True, text=True, check=False, env=_env()
    )


def test_system_gdal_opens_the_geopackage_without_a_warning(built):
    proc = _ogrinfo("-ro", "-so", "-al", str(built / "kzgeo.gpkg"))
    assert proc.returncode == 0, proc.stderr
    assert "Warning" not in proc.stderr, proc.stderr
    assert "ERROR" not in proc.stderr, proc.stderr
    text = proc.stdout
    declared = (
        "act_date: Date", "valid_to: Date", "kzt_per_usd_date: Date", "kato: String",
        "projects: Integer", "has_projects: Integer(Boolean)", "source_line: Integer",
    )  # fmt: skip
    for line in declared:
        assert line in text, line
    assert text.count("DESCRIPTION=kzgeo:") >= 3  # each layer's description
    assert "do not sum zones and sub-zones" in text


def test_system_gdal_reads_nulls_and_field_descriptions(built):
    gpkg = str(built / "kzgeo.gpkg")
    empty = _ogrinfo(gpkg, "-sql", "SELECT COUNT(*) AS n FROM sites WHERE row_issues = '' "
                     "OR settlement = '' OR candidates = ''")  # fmt: skip
    assert "n (Integer) = 0" in empty.stdout, empty.stdout + empty.stderr
    nulls = _ogrinfo(gpkg, "-sql", "SELECT COUNT(*) AS n FROM sites WHERE row_issues IS NULL")
    sites = _counts(built)["sites"]  # no row of either register has an issue
    assert f"n (Integer) = {sites}" in nulls.stdout, nulls.stdout + nulls.stderr
    described = _ogrinfo(
        gpkg, "-sql", "SELECT COUNT(*) AS n FROM gpkg_data_columns WHERE table_name = 'sez' "
        "AND column_name = 'level' AND description LIKE '%do not sum both%'",
    )  # fmt: skip
    assert "n (Integer) = 1" in described.stdout, described.stdout + described.stderr
