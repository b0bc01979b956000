"""The web map where people open it: markers above the choropleths, phone layout, popups clear
of the title, the cities at country scale, the 0 % card, flags on the map, three languages.

Headless Debian Chromium through tests/browser.py (offline, every request routed); screenshots
go to tests/artifacts/ to be looked at.
"""

from __future__ import annotations

import re

import pytest

import kzgeo
from kzgeo.mapping import render_html
from kzgeo.mapping.i18n import LANGUAGES, STRINGS, text
from tests.browser import ARTIFACTS, MAP_JS, open_page, route_offline
from tests.conftest import PROJECTS_HEADER, SITES_HEADER, write_register

pytestmark = pytest.mark.browser

# the marker paths whose centre is the topmost element there (so a real click lands on it)
HITTABLE_JS = """() => Array.from(document.querySelectorAll('path.kzgeo-site')).map(p => {
  const b = p.getBoundingClientRect(); const x = b.x + b.width / 2, y = b.y + b.height / 2;
  const top = document.elementFromPoint(x, y);
  return {x, y, hit: top === p || (top && top.classList.contains('kzgeo-site'))};
})"""


def _switch(page, name):
    page.locator(".leaflet-control-layers-base label", has_text=name).locator("input").click()
    page.wait_for_timeout(250)


def _click_a_marker(page, companies):
    spots = [s for s in page.evaluate(HITTABLE_JS) if s["hit"]]
    assert spots, "no facility marker is the topmost element at its own centre"
    page.mouse.click(spots[0]["x"], spots[0]["y"])  # a real click, not force
    page.wait_for_selector(".leaflet-popup-content .kzgeo-card", timeout=5000)
    card = page.inner_text(".leaflet-popup-content")
    page.evaluate(f"() => {MAP_JS}.closePopup()")
    return any(c in card for c in companies)


def test_markers_stay_clickable_after_switching_both_ways(browser, seed_map):
    result, path = seed_map
    page, log = open_page(browser, path)
    companies = set(result.sites.company)
    assert _click_a_marker(page, companies)
    _switch(page, "Jobs")
    assert all(s["hit"] for s in page.evaluate(HITTABLE_JS))
    assert _click_a_marker(page, companies)
    _switch(page, "Investment")
    assert all(s["hit"] for s in page.evaluate(HITTABLE_JS))
    assert _click_a_marker(page, companies)
    # the panes themselves: sites above SEZs above the regions' overlay pane
    z = page.evaluate(
        f"() => {{ const m = {MAP_JS}; return ['overlayPane', 'kzgeoSez', 'kzgeoSites']"
        ".map(n => +getComputedStyle(m.getPane(n)).zIndex); }"
    )
    assert z[0] < z[1] < z[2]
    assert log.errors == []
    page.close()


def _controls_cover(page):
    """Share of the viewport covered by visible Leaflet controls (union on a 4 px grid)."""
    return page.evaluate(
        """() => { const W = innerWidth, H = innerHeight, s = 4;
        const grid = new Uint8Array(Math.ceil(W / s) * Math.ceil(H / s)); let n = 0;
        document.querySelectorAll('.leaflet-control').forEach(c => {
          const b = c.getBoundingClientRect();
          if (!b.width || !b.height || getComputedStyle(c).display === 'none') return;
          for (let x = Math.max(0, b.left); x < Math.min(W, b.right); x += s)
            for (let y = Math.max(0, b.top); y < Math.min(H, b.bottom); y += s) {
              const i = Math.floor(y / s) * Math.ceil(W / s) + Math.floor(x / s);
              if (!grid[i]) { grid[i] = 1; n++; } } });
        return n / grid.length; }"""
    )


def test_phone_layout_and_tap(browser, seed_map):
    result, path = seed_map
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    log = route_offline(page)
    page.goto(path.resolve().as_uri())
    page.wait_for_timeout(800)
    title = page.locator("[data-kzgeo=title]").bounding_box()
    assert title["height"] < 30  # one line
    assert page.locator(".leaflet-control-layers-expanded").count() == 0
    assert not page.locator(".kzgeo-legend-content").is_visible()
    assert page.locator(".kzgeo-legend-toggle").is_visible()
    assert not page.locator(".leaflet-control-minimap").is_visible()
    assert page.locator(".leaflet-control-attribution").bounding_box()["width"] < 40
    cover = _controls_cover(page)
    assert cover < 0.25, cover
    page.screenshot(path=str(ARTIFACTS / "map_phone.png"))
    spots = [s for s in page.evaluate(HITTABLE_JS) if s["hit"]]
    assert spots
    page.touchscreen.tap(spots[0]["x"], spots[0]["y"])
    page.wait_for_selector(".leaflet-popup-content .kzgeo-card", timeout=5000)
    page.wait_for_timeout(500)  # the pan that brings the card into view
    card = page.inner_text(".leaflet-popup-content")
    assert any(c in card for c in set(result.sites.company))
    popup = page.locator(".leaflet-popup").bounding_box()
    assert popup["x"] >= 0
    assert popup["x"] + popup["width"] <= 390
    # the tap's hover card is gone once the card is open (it stood cut off beside it)
    shown = "ts => ts.filter(t => getComputedStyle(t).opacity !== '0').length"
    assert page.locator(".leaflet-tooltip").evaluate_all(shown) == 0
    page.screenshot(path=str(ARTIFACTS / "map_phone_card.png"))
    # the legend opens behind its button
    page.evaluate(f"() => {MAP_JS}.closePopup()")
    page.locator(".kzgeo-legend-toggle").tap()
    assert page.locator(".kzgeo-legend-content").is_visible()
    page.screenshot(path=str(ARTIFACTS / "map_phone_legend.png"))
    assert log.errors == []
    assert log.blocked == []
    context.close()


def test_popup_pans_clear_of_the_title(browser, seed_map):
    _, path = seed_map
    page, log = open_page(browser, path)
    # put the northern-most facility just under the title box, then open its card
    page.evaluate(
        f"""() => {{ const m = {MAP_JS};
        const layer = window[Object.keys(window).find(n => n.startsWith('kzgeo_sites_'))];
        const ms = layer.getLayers().sort((a, b) => b.getLatLng().lat - a.getLatLng().lat);
        const p = m.latLngToContainerPoint(ms[0].getLatLng());
        m.panBy([p.x - m.getSize().x / 2, p.y - 20], {{animate: false}});
        ms[0].openPopup(); }}"""
    )
    page.wait_for_timeout(600)
    title = page.locator("[data-kzgeo=title]").bounding_box()
    popup = page.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert popup["y"] >= title["y"] + title["height"]
    page.screenshot(path=str(ARTIFACTS / "map_popup_clear.png"))
    assert log.errors == []
    page.close()


def test_cities_and_region_labels_at_country_scale(browser, seed_map):
    result, path = seed_map
    page, log = open_page(browser, path, viewport={"width": 1280, "height": 800})
    almaty = result.regions.set_index("iso_3166_2").loc["KZ-75"]
    value = f"{almaty.investment_kzt / 1e9:,.1f}"
    callouts = page.locator(".kzgeo-city-label").all_inner_texts()
    assert any("Almaty" in c and value in c for c in callouts), callouts
    # the city's circle: area in proportion to its value, the largest on the map
    sizes = page.eval_on_selector_all(
        "path.kzgeo-city", "els => els.map(e => e.getBoundingClientRect().width)"
    )
    assert max(sizes) >= 30
    labels = " ".join(page.locator(".kzgeo-label").all_inner_texts())
    for name in ("Turkistan Region", "Karaganda Region", "Mangystau Region"):
        assert name in labels
    assert "36.7 bn KZT" in labels
    _switch(page, "Jobs")
    callouts = " ".join(page.locator(".kzgeo-city-label").all_inner_texts())
    assert f"{almaty.jobs:,.0f} jobs" in callouts
    page.screenshot(path=str(ARTIFACTS / "map_desktop_jobs.png"))
    assert log.errors == []
    page.close()


def _all_cards(page):
    return page.evaluate(
        """() => {
        const layer = window[Object.keys(window).find(n => n.startsWith('kzgeo_sites_'))];
        return layer.getLayers().map(m => { m.openPopup();
          const t = m.getPopup().getElement().innerText; m.closePopup(); return t; }); }"""
    )


def test_secondary_site_at_zero_percent_says_so(browser, seed_map):
    result, path = seed_map
    page, log = open_page(browser, path)
    cards = _all_cards(page)
    zero = [c for c in cards if "0 % of the project under policy primary" in c]
    assert len(zero) == (result.sites.share == 0).sum() == 1
    investment = next(line for line in zero[0].splitlines() if line.startswith("Investment\t"))
    assert investment.split("\t")[1].startswith("0 % of the project")
    # plain words; the code words only behind "Technical detail"
    for card in cards:
        visible = card.split("Technical detail")[0]
        assert "geocode ok" not in visible
        assert "investment_kzt /" not in visible
        assert "Technical detail" in card
    page.wait_for_timeout(400)  # closed popups fade out
    page.locator("path.kzgeo-site").first.click(force=True)
    page.locator(".leaflet-popup-content details summary").click()
    assert "geocode ok" in page.inner_text(".leaflet-popup-content details")
    assert log.errors == []
    page.close()


def test_estimates_and_derived_totals_are_told_apart_on_the_map(browser, tmp_path):
    folder = write_register(
        tmp_path / "reg",
        PROJECTS_HEADER
        + "p1,Alpha,10 bn,reported,https://example.org/a,100,reported,https://example.org/a,,,\n"
        + "p2,Beta,20 bn,estimated,from plant size,50,reported,https://example.org/b,,,\n",
        SITES_HEADER + "s1,p1,primary,,43.25,76.95,,,,\ns2,p2,primary,,52.28,76.97,,,,\n",
    )
    result = kzgeo.build(folder)
    path = tmp_path / "map.html"
    path.write_text(render_html(result.map), encoding="utf-8")
    page, log = open_page(browser, path)
    dashes = page.eval_on_selector_all(
        "path.kzgeo-region", "els => els.map(e => e.getAttribute('stroke-dasharray'))"
    )
    assert dashes.count("7 4") == 1  # Pavlodar Region: its total rests on an estimate
    fills = page.eval_on_selector_all(
        "path.kzgeo-site", "els => els.map(e => e.getAttribute('fill'))"
    )
    assert fills.count("#ffffff") == 1  # the estimated one is a hollow ring
    assert len(set(fills)) == 2
    legend = page.inner_text("[data-kzgeo=legend]")
    assert "rests partly on estimates" in legend
    assert "hollow ring: investment estimated" in legend
    page.screenshot(path=str(ARTIFACTS / "map_estimates.png"))
    assert log.errors == []
    page.close()


KEY = re.compile(r"\b(" + "|".join(re.escape(k) for k in STRINGS if "_" in k) + r")\b")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_renders_with_no_untranslated_key(browser, tmp_path, lang):
    with kzgeo.options.context(language=lang):
        result = kzgeo.build()
        path = tmp_path / f"map_{lang}.html"
        path.write_text(render_html(result.map), encoding="utf-8")
    page, log = open_page(browser, path, viewport={"width": 1280, "height": 800})
    layers = page.inner_text(".leaflet-control-layers")
    assert text("layer_investment", lang) in layers
    assert text("layer_jobs", lang) in layers
    legend = page.inner_text("[data-kzgeo=legend]")
    assert text("no_project", lang) in legend
    assert text("cities_title", lang) in legend
    almaty = result.regions.set_index("iso_3166_2").loc["KZ-75", f"name_{lang}"]
    assert almaty in " ".join(page.locator(".kzgeo-city-label").all_inner_texts())
    cards = " ".join(_all_cards(page))
    assert text("precision", lang) in cards
    assert text("details", lang) in cards
    page.locator("path.kzgeo-region").nth(18).hover(force=True)
    page.wait_for_selector(".leaflet-tooltip .kzgeo-card", timeout=5000)
    shown = page.inner_text("body") + cards
    assert KEY.findall(shown) == []
    assert "{" not in shown  # no unfilled placeholder
    if lang != "en":
        assert text("layer_investment", "en") not in layers
    page.screenshot(path=str(ARTIFACTS / f"map_{lang}.png"))
    assert log.errors == []
    page.close()
