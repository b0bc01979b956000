"""Hostile text in every input field never runs, and always shows as written.

Registers come from news sites, ministries and colleagues' spreadsheets. Each text field of a
register (manifest, projects, sites) and of a boundary file gets a hostile string: Jinja
expressions that would write a file if a template evaluated them, ``{{7*7}}``, ``{% raw %}``,
``</script>`` built by concatenation, ``javascript:`` links, ``<img onerror>``, SVG ``onload``,
mathtext and XML entities. ``kzgeo build`` runs on it as a user would, and the outputs are read
in the clients people use: the map in headless Chromium, the CSVs with pandas, the GeoPackage
with pyogrio, the QGIS styles as XML.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

import kzgeo
from tests.browser import MAP_JS, open_page


def _exec_payloads(folder: Path) -> dict[str, str]:
    """Jinja expressions that reach ``os`` through a template's globals; each writes a file."""
    routes = {
        "cycler": "cycler.__init__.__globals__.os",
        "lipsum": "lipsum.__globals__['os']",
        "joiner": "joiner.__init__.__globals__.os",
        "namespace": "namespace.__init__.__globals__.os",
    }
    return {
        name: "{{ " + route + ".popen('touch " + str(folder / f"ran-{name}") + "').read() }}"
        for name, route in routes.items()
    }


STATIC = [
    "Acme {{7*7}}",
    "{% raw %}raw{% endraw %} {# hidden #} {% for i in range(3) %}loop{% endfor %}",
    "{{ '<' ~ '/script><script>alert(1)<' ~ '/script>' }}",
    "</script><script>alert(2)</script>",
    "<img src=x onerror=alert(3)>",
    '<svg onload="alert(4)"><circle r="9"/></svg>',
    "$x^$ and $\\frac{1}{0}$",
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]> &xxe; &amp; &lt;',
    "${alert(5)} `backtick` <!-- open comment",
]
JS_LINK = "javascript:alert(6)"


def _strings(folder: Path) -> list[str]:
    return [*_exec_payloads(folder).values(), *STATIC]


def _pick(strings: list[str], i: int) -> str:
    return strings[i % len(strings)]


def _write_hostile_register(folder: Path) -> dict[str, str]:
    """Write the register; return field -> the hostile string it holds."""
    folder.mkdir(parents=True)
    strings = _strings(folder.parent)
    fields: dict[str, str] = {}

    def put(field: str) -> str:
        fields[field] = _pick(strings, len(fields))
        return fields[field]

    projects = pd.DataFrame(
        {
            "project_id": ["p1", "p2"],
            "company": [put("company"), put("company-2")],
            "legal_name_ru": [put("legal_name_ru"), ""],
            "partners": [put("partners"), ""],
            "therapeutic_areas": [put("therapeutic_areas"), ""],
            "investment_kzt": ["10 bn", "5 bn"],
            "investment_kzt_flag": ["reported", "estimated"],
            "investment_kzt_basis": ["src", put("investment_kzt_basis")],
            "jobs": ["100", "50"],
            "source_urls": [JS_LINK, "https://example.org/a"],
            "notes": [put("notes"), ""],
        }
    )
    sites = pd.DataFrame(
        {
            "site_id": ["s1", "s2"],
            "project_id": ["p1", "p2"],
            "site_name": [put("site_name"), put("site_name-2")],
            "role": ["primary", "primary"],
            "lat": ["43.25", ""],
            "lon": ["76.95", ""],
            "settlement": ["", "Pavlodar"],
            "address": [put("address"), ""],
            "location_basis": [put("location_basis"), ""],
            "notes": [put("site-notes"), ""],
        }
    )
    projects.to_csv(folder / "projects.csv", index=False)
    sites.to_csv(folder / "sites.csv", index=False)
    manifest = {
        "schema": "kzgeo-register/1",
        "title": put("title"),
        "description": put("description"),
        "projects": "projects.csv",
        "sites": "sites.csv",
        "sources": {
            "src": {"url": JS_LINK, "title": put("source-title"), "publisher": put("publisher")}
        },
        "stated_totals": {"jobs": {"value": "150", "source": "src", "note": put("total-note")}},
    }
    (folder / "register.yaml").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return fields


def _write_hostile_boundaries(path: Path) -> list[str]:
    regions = kzgeo.load_regions("map")[["iso_3166_2", "geometry"]].copy()
    strings = _strings(path.parent)
    names = [_pick(strings, i) for i in range(len(regions))]
    regions["name"] = names
    regions.to_file(path, driver="GeoJSON")
    return names


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    fields = _write_hostile_register(root / "reg")
    names = _write_hostile_boundaries(root / "regions.geojson")
    out = root / "out"
    proc = subprocess.run(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "kzgeo",
            "build",
            str(root / "reg"),
            "--out",
            str(out),
            "--regions",
            str(root / "regions.geojson"),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
    )
    return root, out, fields, names, proc


def test_no_payload_runs(hostile_build):
    root, out, _, _, proc = hostile_build
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("ran-")) == []
    assert (out / "map.html").is_file()
    assert (out / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # mathtext title drawn
    html = (out / "map.html").read_text(encoding="utf-8")
    assert "Acme 49" not in html
    assert "loop" * 3 not in html


def _island_strings(page) -> set[str]:
    texts = page.eval_on_selector_all(
        'script[type="application/json"]', "els => els.map(e => e.textContent)"
    )
    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for text in texts:
        walk(json.loads(text))
    return found


@pytest.mark.browser
def test_map_shows_every_string_as_text(browser, hostile_build):
    _, out, fields, names, _ = hostile_build
    page, log = open_page(browser, out / "map.html")
    assert log.errors == []
    assert page.inner_text("[data-kzgeo=title]").startswith(fields["title"])
    assert page.title() == fields["title"]
    shown = " ".join(_island_strings(page))
    for field in ("company", "company-2", "partners", "site_name", "therapeutic_areas"):
        assert fields[field] in shown, field
    for name in set(names):
        assert name in shown
    # nothing the register wrote became markup or script
    assert page.locator("[onerror], [onload], svg circle").count() == 0
    scripts = page.eval_on_selector_all(
        'script:not([type="application/json"])', "els => els.map(e => e.textContent)"
    )
    assert not any("alert(" in s for s in scripts)
    # the card of the facility with coordinates: text as written, javascript: not a link
    page.locator("path.kzgeo-site").first.click(force=True)
    page.wait_for_selector(".leaflet-popup-content .kzgeo-card", timeout=5000)
    popup = page.inner_text(".leaflet-popup-content")
    assert fields["company"] in popup
    assert fields["site_name"] in popup
    assert JS_LINK in popup
    hrefs = page.eval_on_selector_all(".leaflet-popup-content a", "els => els.map(e => e.href)")
    assert all(h.startswith(("http://", "https://")) for h in hrefs)
    # switch the layer, hover a region: its hostile name shows as text
    page.locator(".leaflet-control-layers-base label", has_text="Jobs").locator("input").click()
    page.evaluate(f"() => {MAP_JS}.closePopup()")
    page.locator("path.kzgeo-region").nth(3).hover(force=True)
    page.wait_for_selector(".leaflet-tooltip .kzgeo-card", timeout=5000)
    tip = page.inner_text(".leaflet-tooltip")
    assert any(name in tip for name in names)
    page.wait_for_timeout(300)
    assert log.dialogs == []
    assert log.errors == []
    page.close()


def test_tables_and_geopackage_keep_strings_verbatim(hostile_build):
    _, out, fields, names, _ = hostile_build
    sites = pd.read_csv(out / "sites.csv", dtype=str, keep_default_na=False)
    cells = set(sites.to_numpy().ravel())
    for field in ("company", "company-2", "site_name", "address"):
        assert fields[field] in cells, field
    region_cells = set(pd.read_csv(out / "regions.csv", dtype=str, keep_default_na=False)["name"])
    assert set(names) <= region_cells
    gpkg = gpd.read_file(out / "kzgeo.gpkg", layer="sites")
    assert fields["company"] in set(gpkg["company"])
    assert fields["site_name"] in set(gpkg["site_name"])
    regions = pyogrio.read_dataframe(out / "kzgeo.gpkg", layer="regions")
    assert set(names) <= set(regions["name"])
    with sqlite3.connect(out / "kzgeo.gpkg") as db:
        styles = [row[0] for row in db.execute("SELECT styleQML FROM layer_styles")]
    assert styles
    for qml in styles:
        ET.fromstring(qml)  # noqa: S314 - kzgeo's own output; well-formed is the point


@pytest.mark.parametrize("target", ["/etc/passwd", "../outside.csv", "link.csv"])
def test_manifest_paths_stay_in_the_register_folder(tmp_path, target):
    folder = tmp_path / "reg"
    folder.mkdir()
    (tmp_path / "outside.csv").write_text("project_id,company\np1,Secret\n", encoding="utf-8")
    (folder / "link.csv").symlink_to(tmp_path / "outside.csv")
    (folder / "register.yaml").write_text(
        f"schema: kzgeo-register/1\nprojects: {target}\nsites: ''\n", encoding="utf-8"
    )
    proc = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "kzgeo", "build", str(folder), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "outside the register's folder" in proc.stderr
    assert "register.yaml" in proc.stderr
    assert "projects" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "sites.csv").exists()


def test_png_title_is_drawn_as_written(tmp_path):
    result = kzgeo.build()
    out = kzgeo.save_png(result.regions, tmp_path / "map.png", title="$x^$ and {{7*7}}")
    assert out.stat().st_size > 10_000


@pytest.mark.browser
def test_report_shows_every_string_as_text(browser, hostile_build):
    _, out, fields, _, _ = hostile_build
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Acme 49" not in html
    assert "loop" * 3 not in html
    page, log = open_page(browser, out / "report.html")
    assert log.errors == []
    assert log.blocked == []
    assert page.title() == fields["title"]
    body = page.inner_text("body")
    for field in ("title", "company", "company-2", "site_name", "source-title", "publisher"):
        assert fields[field] in body, field
    # nothing the register wrote became markup, script or a link
    assert page.locator("script, [onerror], [onload], svg circle, iframe").count() == 0
    hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    assert all(h.startswith(("http://", "https://")) for h in hrefs)
    assert JS_LINK in body  # shown as text
    page.wait_for_timeout(300)
    assert log.dialogs == []
    page.close()
