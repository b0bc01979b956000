"""The interactive map in a real browser (headless Debian Chromium), offline."""

from __future__ import annotations

import pandas as pd
import pytest

import kzgeo
from kzgeo.mapping import render_html
from tests.browser import ARTIFACTS, MAP_JS, open_page
from tests.conftest import write_register

pytestmark = pytest.mark.browser


def _base_layer(page, name):
    return page.locator(".leaflet-control-layers-base label", has_text=name).locator("input")


def _fills(page):
    return page.eval_on_selector_all(
        "path.kzgeo-region", "els => els.map(e => e.getAttribute('fill'))"
    )


def test_seed_map_renders_and_works(browser, seed_map):
    result, path = seed_map
    page, log = open_page(browser, path)
    assert log.errors == []
    assert log.blocked == []
    assert any("leaflet@1.9.3/dist/leaflet.js" in u for u in log.served)
    # 20 region paths (the active choropleth), the SEZ shapes, one marker per placed site
    assert page.locator("path.kzgeo-region").count() == 20
    leaves = kzgeo.load_sez(leaves=True)
    assert page.locator("path.kzgeo-sez").count() == len(leaves)
    placed = result.sites.geometry.notna().sum()
    assert placed == len(result.register.sites) == 5
    assert page.locator("path.kzgeo-site").count() == placed
    # title, legend, layer control, scale, fullscreen, minimap, attribution
    assert "Four pharmaceutical plants" in page.inner_text("[data-kzgeo=title]")
    assert "no project" in page.inner_text("[data-kzgeo=legend]")
    assert page.locator(".leaflet-control-layers").count() == 1
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".leaflet-control-zoom-fullscreen, .fullscreen-icon").count() >= 1
    assert page.locator(".leaflet-control-minimap").count() == 1
    assert "OpenStreetMap" in page.inner_text(".leaflet-control-attribution")
    assert "GeoNames" in page.inner_text(".leaflet-control-attribution")  # kzgeo's own credits
    # opens fitted to Kazakhstan
    bounds = page.evaluate(
        f"() => {{ const b = {MAP_JS}.getBounds();"
        " return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"
    )
    south, west, north, east = bounds
    assert south < 41
    assert north > 55
    assert west < 47
    assert east > 87

    # clicking a marker opens a popup with the company's name
    companies = set(result.sites.company)
    page.locator("path.kzgeo-site").first.click(force=True)
    page.wait_for_selector(".leaflet-popup-content .kzgeo-card", timeout=5000)
    popup = page.inner_text(".leaflet-popup-content")
    assert any(c in popup for c in companies)
    assert "Precision" in popup

    # switching the choropleth changes the fills
    before = _fills(page)
    _base_layer(page, "Jobs").click()
    page.wait_for_timeout(300)
    after = _fills(page)
    assert len(after) == 20
    assert before != after
    assert "new jobs" in page.inner_text("[data-kzgeo=legend]")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _base_layer(page, "Investment").click()
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "seed_map.png"))
    assert (ARTIFACTS / "seed_map.png").stat().st_size > 20_000
    assert log.errors == []
    page.close()


def test_offline_map_needs_no_network_at_all(browser, seed_map, tmp_path):
    result, _ = seed_map
    path = tmp_path / "offline.html"
    path.write_text(render_html(result.map, offline=True), encoding="utf-8")
    html = path.read_text(encoding="utf-8")
    assert "<script src=" not in html
    assert 'rel="stylesheet" href="https' not in html
    page, log = open_page(browser, path)
    assert log.errors == []
    assert log.served == []  # nothing came from the (routed) CDN: it is all inline
    assert log.blocked == []
    assert page.locator("path.kzgeo-region").count() == 20
    page.close()


HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>${alert(3)}`"


def test_register_text_is_shown_as_text(browser, tmp_path):
    folder = write_register(
        tmp_path / "evil",
        "project_id,company,partners,investment_kzt,source_urls\n"
        f'p1,"{HOSTILE}","{HOSTILE}",5 bn,javascript:alert(4)\n',
        f'site_id,project_id,site_name,settlement\ns1,p1,"{HOSTILE}",Almaty\n',
        f"title: '{HOSTILE}'\n",
    )
    result = kzgeo.build(folder)
    path = tmp_path / "evil.html"
    path.write_text(render_html(result.map), encoding="utf-8")
    page, log = open_page(browser, path)
    assert log.dialogs == []
    assert log.errors == []
    assert HOSTILE in page.inner_text("[data-kzgeo=title]")
    assert HOSTILE in page.inner_text("[data-kzgeo=legend]")
    page.locator("path.kzgeo-site").first.hover(force=True)
    page.wait_for_selector(".leaflet-tooltip .kzgeo-card", timeout=5000)
    assert HOSTILE in page.inner_text(".leaflet-tooltip")
    page.locator("path.kzgeo-site").first.click(force=True)
    page.wait_for_selector(".leaflet-popup-content .kzgeo-card", timeout=5000)
    assert HOSTILE in page.inner_text(".leaflet-popup-content")
    assert page.locator(".leaflet-popup-content img").count() == 0
    assert page.locator(".leaflet-popup-content a[href^=javascript]").count() == 0
    page.wait_for_timeout(300)
    assert log.dialogs == []
    page.close()


def test_many_facilities_are_dots_on_one_canvas(browser, tmp_path):
    n = 1500
    places = kzgeo.load_places().sample(n, replace=True, random_state=1)
    sites = pd.DataFrame(
        {
            "site_id": [f"s{i}" for i in range(n)],
            "project_id": [f"p{i}" for i in range(n)],
            "lat": places.lat.to_numpy(),
            "lon": places.lon.to_numpy(),
        }
    )
    projects = pd.DataFrame(
        {
            "project_id": sites.project_id,
            "company": [f"Co {i % 3}" for i in range(n)],
            "investment_kzt": [f"{i % 7 + 1} bn" for i in range(n)],
        }
    )
    folder = tmp_path / "many"
    folder.mkdir()
    projects.to_csv(folder / "projects.csv", index=False)
    sites.to_csv(folder / "sites.csv", index=False)
    result = kzgeo.build(folder)
    path = tmp_path / "many.html"
    path.write_text(render_html(result.map), encoding="utf-8")
    page, log = open_page(browser, path, wait_ms=500)
    assert log.errors == []
    assert page.locator("path.kzgeo-site").count() == 0  # no Leaflet layer per facility
    assert page.get_attribute("canvas.kzgeo-dots", "data-drawn") == str(n)
    assert page.locator("path.kzgeo-region").count() == 20
    assert "drawn as dots" in page.inner_text("[data-kzgeo=legend]")
    # clicking a dot opens its card: click the dot drawn nearest the middle of the map
    xy = page.evaluate(
        "() => { const layer = window[Object.keys(window).find(n => n.startsWith('kzgeo_sites_'))];"
        f" const m = {MAP_JS};"
        " const c = m.getSize().divideBy(2); let best = 0, bd = Infinity;"
        " for (let i = 0; i < layer._x.length; i++) { const d = (layer._x[i] - c.x) ** 2"
        " + (layer._y[i] - c.y) ** 2; if (d < bd) { bd = d; best = i; } }"
        " return [layer._x[best], layer._y[best]]; }"
    )
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
    page.wait_for_selector(".leaflet-popup-content .kzgeo-card", timeout=5000)
    card = page.inner_text(".leaflet-popup-content")
    assert "Co " in card
    assert "bn KZT" in card
    assert "Precision" in card
    # the canvas is redrawn after a zoom
    page.evaluate(
        f"() => {{ const m = {MAP_JS}; m.setZoom(m.getZoom() + 1, {{animate: false}}); }}"
    )
    assert page.get_attribute("canvas.kzgeo-dots", "data-drawn") == str(n)
    assert log.errors == []
    page.close()
