"""The map's sector / stage / year filter panel, in headless Chromium (issue 14).

A register of seven projects in three OKED sectors (21, 23, D) plus one with no code, two stages
(plus one not given) and two years (plus one not given), allocated by weights so that a
project's sites carry 75 % and 25 %. Two sites the region layer leaves out stay out: one in
Moscow (no region; half of its project under equal shares) and one with coordinates out of
range (an invalid row, 0 %). What the page shows after a filter is checked against
sums computed here from the sites frame ``kzgeo.build`` returns, and against the classes
``kzgeo.mapping.style.classify`` gives the unfiltered region layer (the legend's classes).
Screenshots go to tests/artifacts/ at 1280x800 and 390x844.
"""

from __future__ import annotations

import json
import math

import folium
import numpy as np
import pandas as pd
import pytest
from folium import plugins

import kzgeo
from kzgeo.mapping import cards, render_html
from kzgeo.mapping.elements import FilterPanel, Legend, Title
from kzgeo.mapping.filters import filter_spec, sector_code, sector_options, stage_index
from kzgeo.mapping.i18n import text
from kzgeo.mapping.style import FIGURE_STYLES, NO_PROJECT, UNKNOWN, classify
from kzgeo.register.sectors import STAGES
from tests.browser import ARTIFACTS, MAP_JS, open_page, route_offline
from tests.conftest import write_register

PROJECTS = """project_id,company,investment_kzt,jobs,output_kt,sector,sector_code,stage,year
p1,Alpha Pharm,10 bn,100,,pharmaceutical plant,21,launched,2023
p2,Beta Cement,30 bn,200,2000,cement plant,23,under_construction,2024
p3,Gamma Solar,5 bn,40,,solar power plant,D,launched,2024
p4,Delta Pharma,8 bn,60,,medicines,21,under_construction,2023
p5,Epsilon Wind,30 bn,,,wind farm,D,under_construction,2023
p6,Zeta Glass,4 bn,25,150,glass works,23,launched,2024
p7,Eta Trade,2 bn,15,,trading house,,,
"""
MANIFEST = """schema: kzgeo-register/1
id: filters-test
title: Filter test register
projects: projects.csv
sites: sites.csv
figures:
  output_kt: {kind: quantity, unit: kt, label: {en: Output, ru: Выпуск, kk: Өнім}}
"""
SITES = """site_id,project_id,role,weight,lat,lon
s1,p1,primary,,43.25,76.95
s2a,p2,primary,3,42.32,69.59
s2b,p2,secondary,1,43.30,68.25
s3,p3,primary,,52.28,76.97
s4,p4,primary,,43.87,77.07
s5,p5,primary,,43.24,76.90
s6,p6,primary,,49.80,73.10
s7,p7,primary,,51.13,71.43
s3b,p3,secondary,1,55.75,37.62
s9,p2,secondary,1,95,200
"""
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
FILTERS_JS = "window[Object.keys(window).find(k => k.startsWith('kzgeo_filters_'))]"
# per region row index: the fill of its SVG path in the active choropleth
FILLS_JS = f"""() => {{ const m = {MAP_JS}, out = {{}};
  Object.keys(window).filter(k => k.startsWith('kzgeo_layer_')).map(k => window[k])
    .filter(l => m.hasLayer(l) && l.options.className === 'kzgeo-region')
    .forEach(l => l.eachLayer(f => {{
      out[f.feature.properties.i] = f._path.getAttribute('fill'); }}));
  return out; }}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = write_register(tmp_path_factory.mktemp("filters") / "reg", PROJECTS, SITES, MANIFEST)
    result = kzgeo.build(folder, policy="weights")
    path = folder / "map.html"
    path.write_text(render_html(result.map), encoding="utf-8")
    return result, path


def _regions(result):
    return result.regions.reset_index(drop=True)  # the map's row order


def _kept_totals(result, keep, fig):
    """Per region, the sum of the kept projects' sites' shares of ``fig`` (as Python counts)."""
    s = result.sites
    counted = s[(s["share"] > 0) & s["region_iso"].notna() & s["project_id"].isin(keep)]
    return counted.groupby("region_iso")[fig].sum(min_count=1)


def _expected_fills(result, keep, column="investment_kzt"):
    """The fill of each region: its kept total placed in the unfiltered layer's classes."""
    style = FIGURE_STYLES[column]
    regions = _regions(result)
    values = regions[column].to_numpy(dtype=float) / style.scale
    known = regions["has_projects"].to_numpy(dtype=bool) & ~np.isnan(values)
    classes = classify(np.nan_to_num(values), known, colours=style.ramp)
    totals = _kept_totals(result, keep, column)
    out = {}
    for i, rid in enumerate(regions["iso_3166_2"]):
        if rid not in totals.index:
            out[str(i)] = NO_PROJECT
        elif math.isnan(totals[rid]):
            out[str(i)] = UNKNOWN
        else:
            c = int(np.searchsorted(classes.bounds, totals[rid] / style.scale, side="left"))
            out[str(i)] = classes.colours[min(c, len(classes.bounds) - 1)]
    return out


def _open_panel(page, *, tap=False):
    """Open the filter panel with its button, as a person does, unless it is open."""
    if not page.locator("[data-kzgeo=filter] .kzgeo-filter-content").is_visible():
        toggle = page.locator("[data-kzgeo=filter] .kzgeo-filter-toggle")
        toggle.tap() if tap else toggle.click()


def _tick(page, name, label, *, tap=False):
    _open_panel(page, tap=tap)
    option = page.locator(f"[data-kzgeo=filter] label:has(input[name={name}])", has_text=label)
    assert option.count() == 1, label
    option.tap() if tap else option.click()
    page.wait_for_timeout(250)


def _projects(result, **where):
    p = result.register.projects
    mask = pd.Series(True, index=p.index)
    for column, allowed in where.items():
        mask &= p[column].astype(str).isin(allowed)
    return set(p.loc[mask, "project_id"])


def _placed(result, keep):
    s = result.sites
    return int((s.geometry.notna() & s["project_id"].isin(keep)).sum())


def _inside(geom, n=9):
    """Points inside ``geom``: its representative point, then a grid over its bounds."""
    from shapely.geometry import Point  # noqa: PLC0415

    west, south, east, north = geom.bounds
    grid = [
        Point(west + (east - west) * (i + 0.5) / n, south + (north - south) * (j + 0.5) / n)
        for i in range(n)
        for j in range(n)
    ]
    return [geom.representative_point(), *(p for p in grid if geom.contains(p))]


def _region_point(page, result, rid, *, zoom=None):
    """A point of the page inside region ``rid`` where the region's own path is on top."""
    geom = result.regions.set_index("iso_3166_2").to_crs(4326).loc[rid, "geometry"]
    if zoom is not None:  # a city is a few pixels at country scale: go closer first
        centre = geom.representative_point()
        page.evaluate(
            f"([lat, lon, z]) => {MAP_JS}.setView([lat, lon], z, {{animate: false}})",
            [centre.y, centre.x, zoom],
        )
        page.wait_for_timeout(300)
    for point in _inside(geom):
        xy = page.evaluate(
            f"([lat, lon]) => {{ const p = {MAP_JS}.latLngToContainerPoint([lat, lon]);"
            " const b = document.querySelector('.folium-map').getBoundingClientRect();"
            " const x = b.x + p.x, y = b.y + p.y, top = document.elementFromPoint(x, y);"
            " return top && top.classList.contains('kzgeo-region') ? [x, y] : null; }",
            [point.y, point.x],
        )
        if xy:
            return xy
    pytest.fail(f"no point of {rid} where its own path is on top")


def _region_card(page, result, rid, *, tap=False, zoom=None):
    x, y = _region_point(page, result, rid, zoom=zoom)
    if tap:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.move(x, y)
    page.wait_for_selector(".leaflet-tooltip .kzgeo-card", timeout=5000)
    return page.inner_text(".leaflet-tooltip")


def _away(page):
    """Move the pointer onto the title, off every region (their tooltips close)."""
    box = page.locator("[data-kzgeo=title]").bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.wait_for_timeout(100)


def _row(card, label):
    return next(line.split("\t", 1)[1] for line in card.splitlines() if line.startswith(label))


def _open(browser, fmap, path):
    """Save ``fmap`` at ``path`` and open it at desktop size."""
    path.write_text(render_html(fmap), encoding="utf-8")
    return open_page(browser, path, viewport=DESKTOP)


def _no_nan(values):
    return [None if isinstance(v, float) and math.isnan(v) else v for v in values]


# -- the data, in Python ---------------------------------------------------------------------


def test_sector_options_sections_match_their_divisions():
    options, matches = sector_options(["21", "C", "23", "D", ""], "en")
    assert [o["value"] for o in options] == ["C", "21", "23", "D", ""]
    assert matches == [[0, 1], [0], [0, 2], [3], [4]]
    assert sector_code(5.0) == "05"
    assert stage_index(STAGES[0]) == 0
    assert stage_index("запущен") == stage_index(None) == len(STAGES)


def test_no_panel_without_data_and_only_the_parts_given(tmp_path):
    seed = kzgeo.build()
    assert set(seed.register.projects["sector_code"]) == {"21"}  # four pharmaceutical plants
    assert "kzgeo_filters_" not in render_html(seed.map)  # nothing a filter could tell apart
    folder = write_register(
        tmp_path / "years",
        "project_id,company,investment_kzt,year\np1,A,1 bn,2021\np2,B,2 bn,2025\n",
        "site_id,project_id,lat,lon\ns1,p1,43.25,76.95\ns2,p2,52.28,76.97\n",
    )
    result = kzgeo.build(folder)
    spec = filter_spec(
        result.sites,
        _regions(result),
        result.register.projects,
        region_id="iso_3166_2",
        figures=["investment_kzt"],
        layers=[],
        marker_ids=["p1", "p2"],
        lang="en",
    )
    assert spec is not None
    assert spec["parts"] == ["year"]
    assert spec["years"] == [2021, 2025]


def test_counted_sites_are_those_the_region_layer_sums(built):
    result, _ = built
    spec = filter_spec(
        result.sites,
        _regions(result),
        result.register.projects,
        region_id="iso_3166_2",
        figures=["investment_kzt", "jobs"],
        layers=[],
        marker_ids=[],
        lang="en",
    )
    assert spec is not None
    counted = result.sites[(result.sites["share"] > 0) & result.sites["region_iso"].notna()]
    assert len(spec["counted"]["region"]) == len(counted) == 8  # not s3b (Moscow), not s9
    assert set(result.sites.site_id) - set(counted.site_id) == {"s3b", "s9"}
    # 89 bn in the register, 2.5 bn of it (half of p3) in Moscow: not in any region
    assert sum(spec["counted"]["values"]["investment_kzt"]) == pytest.approx(86.5e9)
    summary = result.summary.set_index("figure")
    assert summary.loc["investment_kzt", "without_region"] == pytest.approx(2.5e9)
    assert [s["value"] for s in spec["sectors"]] == ["21", "23", "D", ""]


def _elements(element, kind):
    """Every element of class ``kind`` under ``element``, depth first."""
    for child in element._children.values():
        if isinstance(child, kind):
            yield child
        yield from _elements(child, kind)


def test_map_style_reaches_the_legend_the_title_the_tiles_and_the_panel(built):
    result, _ = built
    register = result.register

    def islands(style):
        fmap = kzgeo.make_map(result.sites, result.regions, projects=register.projects, style=style)
        found = {
            kind: [json.loads(e.island) for e in _elements(fmap, kind)]
            for kind in (Legend, Title, FilterPanel)
        }
        tiles = {
            kind: len(list(_elements(fmap, kind))) for kind in (folium.TileLayer, plugins.MiniMap)
        }
        return found, tiles

    plain, plain_tiles = islands(None)
    styled, styled_tiles = islands(
        kzgeo.MapStyle(subtitle="Sub", tiles=None, k=2, scheme="Quantiles", figures=("jobs",))
    )
    assert plain_tiles == {folium.TileLayer: 1, plugins.MiniMap: 1}
    assert styled_tiles == {folium.TileLayer: 0, plugins.MiniMap: 0}
    assert plain[Title][0]["subtitle"] == ""
    assert styled[Title][0]["subtitle"] == "Sub"
    layer = text("layer_investment", "en")
    for found, k, scheme in ((plain, 5, "FisherJenks"), (styled, 2, "Quantiles")):
        section = found[Legend][0]["sections"][layer]
        assert scheme in section["note"]
        assert len(found[FilterPanel][0]["layers"][0]["bounds"]) == k  # the legend's classes
    assert [f["figure"] for f in styled[FilterPanel][0]["figures"]] == ["jobs"]
    assert [f["figure"] for f in plain[FilterPanel][0]["figures"]] == [
        "investment_kzt", "investment_usd", "jobs", "output_kt"
    ]  # fmt: skip


# -- the page --------------------------------------------------------------------------------


@pytest.mark.browser
def test_no_filter_totals_equal_the_region_layer_exactly(browser, built):
    result, path = built
    page, log = open_page(browser, path, viewport=DESKTOP)
    assert log.errors == []
    totals = page.evaluate(f"() => {FILTERS_JS}.totals()")
    regions = _regions(result)
    for fig in ("investment_kzt", "investment_usd", "jobs", "output_kt"):
        assert _no_nan(totals[fig]) == _no_nan(regions[fig].tolist()), fig  # ==, not approx
    assert totals["sites"] == regions["sites"].tolist()
    assert totals["projects"] == regions["projects"].tolist()
    # the styles the page computes with no filter are the ones Python drew
    styles = page.evaluate(f"() => {FILTERS_JS}.styles()")
    assert {str(i): s["fillColor"] for i, s in enumerate(styles[0])} == page.evaluate(FILLS_JS)
    labels = page.locator("[data-kzgeo=filter] label")
    assert labels.count() == 4 + 7 + 2  # sectors, stages, the two ends of the years
    for i in range(labels.count()):  # every control is a real input inside its label
        assert labels.nth(i).locator("input, select").count() == 1
    page.close()


@pytest.mark.browser
def test_one_sector_recolours_regions_hides_markers_and_retotals_cards(browser, built):
    result, path = built
    page, log = open_page(browser, path, viewport=DESKTOP)
    before = page.evaluate(FILLS_JS)
    assert before == _expected_fills(result, set(result.register.projects.project_id))
    assert page.locator("path.kzgeo-site").count() == _placed(result, _projects(result)) == 10
    _tick(page, "sector", "21 ·")
    keep = _projects(result, sector_code=["21"])
    assert keep == {"p1", "p4"}
    after = page.evaluate(FILLS_JS)
    assert after == _expected_fills(result, keep)
    regions = _regions(result)
    holds_other = [
        str(i)
        for i, rid in enumerate(regions["iso_3166_2"])
        if set(result.sites.loc[result.sites.region_iso == rid, "project_id"]) - keep
    ]
    assert holds_other
    assert all(after[i] != before[i] for i in holds_other)
    assert page.locator("path.kzgeo-site").count() == _placed(result, keep) == 2
    assert "Filter on: 2 of the 7 projects on the map kept" in page.inner_text(
        "[data-kzgeo=legend]"
    )
    # Almaty (city) holds p1 (21) and p5 (D): its card and callout show p1's share only
    want = _kept_totals(result, keep, "investment_kzt")["KZ-75"]
    callouts = " ".join(page.locator(".kzgeo-city-label").all_inner_texts())
    assert cards.kzt(want) in callouts
    page.screenshot(path=str(ARTIFACTS / "map_filter_sector.png"))
    card = _region_card(page, result, "KZ-75", zoom=9)
    assert _row(card, "Investment").startswith(cards.kzt(want))
    assert _row(card, "Jobs") == cards.count(_kept_totals(result, keep, "jobs")["KZ-75"])
    assert "totals of 1 of the 2 projects here" in card
    # the Jobs choropleth is re-coloured too
    page.locator(".leaflet-control-layers-base label", has_text="Jobs").locator("input").click()
    page.wait_for_timeout(250)
    assert page.evaluate(FILLS_JS) == _expected_fills(result, keep, "jobs")
    assert log.errors == []
    page.close()


@pytest.mark.browser
def test_stage_and_year_range(browser, built):
    result, path = built
    page, log = open_page(browser, path, viewport=DESKTOP)
    _tick(page, "stage", "under construction")
    keep = _projects(result, stage=["under_construction"])
    assert keep == {"p2", "p4", "p5"}
    assert page.evaluate(FILLS_JS) == _expected_fills(result, keep)
    assert page.locator("path.kzgeo-site").count() == _placed(result, keep) == 5
    # Turkistan Region holds only the 25 % site of p2
    card = _region_card(page, result, "KZ-61")
    assert _row(card, "Investment").startswith(
        cards.kzt(_kept_totals(result, keep, "investment_kzt")["KZ-61"])
    )
    assert "7.5 bn KZT" in card
    # the declared figure too: 25 % of p2's 2,000 kt
    assert _row(card, "Output") == f"{_kept_totals(result, keep, 'output_kt')['KZ-61']:,.0f} kt"
    assert _row(card, "Output") == "500 kt"
    # and the years narrowed to 2024: p2 only
    page.select_option("[data-kzgeo=filter] select[name=from]", "2024")
    page.wait_for_timeout(250)
    keep = keep & _projects(result, year=["2024"])
    assert keep == {"p2"}
    assert page.evaluate(FILLS_JS) == _expected_fills(result, keep)
    assert page.locator("path.kzgeo-site").count() == _placed(result, keep) == 3
    status = page.inner_text("[data-kzgeo=filter] .kzgeo-filter-status")
    assert "1 of the 7 projects on the map kept" in status
    assert "having no year: 1" in status
    page.screenshot(path=str(ARTIFACTS / "map_filter_stage_year.png"))
    # a year range alone
    page.locator("[data-kzgeo=filter] input[name=stage]:checked").uncheck()
    page.wait_for_timeout(250)
    keep = _projects(result, year=["2024"])
    assert page.evaluate(FILLS_JS) == _expected_fills(result, keep)
    assert log.errors == []
    page.close()


@pytest.mark.browser
def test_clear_restores_the_original_fills_cards_and_markers(browser, built):
    result, path = built
    page, log = open_page(browser, path, viewport=DESKTOP)
    before = page.evaluate(FILLS_JS)
    dashes = "els => els.map(e => e.getAttribute('stroke-dasharray'))"
    dash_before = page.eval_on_selector_all("path.kzgeo-region", dashes)
    card_before = _region_card(page, result, "KZ-61")
    _away(page)
    _tick(page, "sector", "D ·")
    _tick(page, "stage", "launched")
    assert page.evaluate(FILLS_JS) != before
    assert page.locator("path.kzgeo-site").count() == 2  # p3's two sites
    page.locator("[data-kzgeo=filter] .kzgeo-filter-clear").click()
    page.wait_for_timeout(250)
    assert page.evaluate(FILLS_JS) == before
    assert page.eval_on_selector_all("path.kzgeo-region", dashes) == dash_before
    assert page.locator("path.kzgeo-site").count() == 10
    assert page.locator("[data-kzgeo=filter] input:checked").count() == 0
    assert _region_card(page, result, "KZ-61") == card_before
    assert "Filter on" not in page.inner_text("[data-kzgeo=legend]")
    assert log.errors == []
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("viewport", "starts_open"),
    [(DESKTOP, False), ({"width": 2560, "height": 1080}, True)],
)
def test_the_panel_starts_closed_where_it_would_cover_the_country(
    browser, built, viewport, starts_open
):
    # at 1280 px the open panel lies over West Kazakhstan; on a 2560 x 1080 screen it fits beside
    _, path = built
    page, log = open_page(browser, path, viewport=viewport)
    content = page.locator("[data-kzgeo=filter] .kzgeo-filter-content")
    assert content.is_visible() == starts_open
    _open_panel(page)
    assert content.is_visible()
    # the reason, in the page's own geometry: open, the panel reaches past the country's west end
    panel = page.locator("[data-kzgeo=filter]").bounding_box()
    west = page.evaluate(f"() => {MAP_JS}.latLngToContainerPoint([48, 46.4]).x")
    assert (panel["x"] + panel["width"] <= west) == starts_open
    assert log.errors == []
    page.close()


@pytest.mark.browser
def test_keyboard_alone_sets_a_filter(browser, built):
    result, path = built
    page, log = open_page(browser, path, viewport=DESKTOP)
    page.focus("[data-kzgeo=filter] .kzgeo-filter-toggle")
    page.keyboard.press("Enter")  # open it (closed at first: it would cover the country)
    for _ in range(20):  # Tab on to the first sector box
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "sector":
            break
    assert page.evaluate("() => document.activeElement.name") == "sector"
    page.keyboard.press("Space")
    page.wait_for_timeout(250)
    assert page.evaluate(FILLS_JS) == _expected_fills(result, _projects(result, sector_code=["21"]))
    assert log.errors == []
    page.close()


@pytest.mark.browser
def test_phone_tap_open_choose_and_tap_a_region(browser, built):
    result, path = built
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    log = route_offline(page)
    page.goto(path.resolve().as_uri())
    page.wait_for_timeout(800)
    content = page.locator("[data-kzgeo=filter] .kzgeo-filter-content")
    assert not content.is_visible()  # collapsed like the legend
    page.screenshot(path=str(ARTIFACTS / "map_filter_phone.png"))
    page.locator("[data-kzgeo=filter] .kzgeo-filter-toggle").tap()
    assert content.is_visible()
    box = page.locator("[data-kzgeo=filter]").bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    _tick(page, "sector", "23 ·", tap=True)
    page.screenshot(path=str(ARTIFACTS / "map_filter_phone_open.png"))
    keep = _projects(result, sector_code=["23"])
    assert page.evaluate(FILLS_JS) == _expected_fills(result, keep)
    assert "2 / 7" in page.inner_text("[data-kzgeo=filter] .kzgeo-filter-toggle")
    page.locator("[data-kzgeo=filter] .kzgeo-filter-toggle").tap()  # close it again
    assert not content.is_visible()
    card = _region_card(page, result, "KZ-61", tap=True)
    want = _kept_totals(result, keep, "investment_kzt")["KZ-61"]
    assert _row(card, "Investment").startswith(cards.kzt(want))
    page.screenshot(path=str(ARTIFACTS / "map_filter_phone_card.png"))
    assert log.errors == []
    assert log.blocked == []
    context.close()


@pytest.mark.browser
def test_many_facilities_as_dots_are_filtered_too(browser, built, tmp_path):
    result, _ = built
    with kzgeo.options.context(canvas_markers_threshold=3):
        fmap = kzgeo.make_map(
            result.sites, result.regions, sez=result.sez, projects=result.register.projects
        )
    page, log = _open(browser, fmap, tmp_path / "dots.html")
    assert page.get_attribute("canvas.kzgeo-dots", "data-drawn") == "10"
    _tick(page, "sector", "D ·")
    keep = _projects(result, sector_code=["D"])
    assert page.get_attribute("canvas.kzgeo-dots", "data-drawn") == str(_placed(result, keep))
    assert log.errors == []
    page.close()


HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(2)</script>{{7*7}}"


@pytest.mark.browser
def test_register_text_in_the_panel_is_shown_as_text(browser, tmp_path):
    folder = write_register(
        tmp_path / "evil",
        "project_id,company,investment_kzt,sector,sector_code,stage,year\n"
        f'p1,A,1 bn,"{HOSTILE}","{HOSTILE}","{HOSTILE}",2024\n'
        "p2,B,2 bn,cement,23,launched,2025\n",
        "site_id,project_id,lat,lon\ns1,p1,43.25,76.95\ns2,p2,52.28,76.97\n",
    )
    page, log = _open(browser, kzgeo.build(folder).map, tmp_path / "evil.html")
    _open_panel(page)
    panel = page.inner_text("[data-kzgeo=filter]")
    assert "{{7*7}}" in panel or "unclassified" in panel  # as written, or not taken as a code
    assert "49" not in panel
    assert page.locator("[data-kzgeo=filter] img, [data-kzgeo=filter] script").count() == 0
    _tick(page, "sector", "23 ·")
    page.wait_for_timeout(300)
    assert log.dialogs == []
    assert log.errors == []
    page.close()


@pytest.mark.browser
def test_panel_speaks_the_page_language(browser, built, tmp_path):
    result, _ = built
    with kzgeo.options.context(language="kk"):
        fmap = kzgeo.make_map(result.sites, result.regions, projects=result.register.projects)
    page, log = _open(browser, fmap, tmp_path / "kk.html")
    _open_panel(page)
    panel = page.inner_text("[data-kzgeo=filter]")
    from kzgeo.register.sectors import sector_label  # noqa: PLC0415

    for key in ("filter_title", "filter_sector", "filter_stage", "filter_year", "filter_clear"):
        assert text(key, "kk") in panel
    assert sector_label("23", lang="kk") in panel
    assert "Manufacture" not in panel
    for stage in STAGES:
        assert text(f"stage_{stage}", "kk") in panel
    assert "launched" not in panel
    _tick(page, "sector", "23 ·")
    assert text("filter_active", "kk", n=2, m=7) in page.inner_text("[data-kzgeo=legend]")
    page.screenshot(path=str(ARTIFACTS / "map_filter_kk.png"))
    assert log.errors == []
    page.close()


@pytest.mark.browser
def test_in_a_short_window_legend_and_panel_scroll_instead_of_covering(browser, built):
    _, path = built
    page, log = open_page(browser, path, viewport={"width": 1280, "height": 560})
    _tick(page, "sector", "21 ·")
    layers = page.locator(".leaflet-control-layers").bounding_box()
    legend = page.locator("[data-kzgeo=legend]").bounding_box()
    assert legend["y"] >= layers["y"] + layers["height"]  # scrolls instead of covering it
    panel = page.locator("[data-kzgeo=filter]").bounding_box()
    below = page.locator(".leaflet-control-minimap").bounding_box()
    assert panel["y"] + panel["height"] <= below["y"]  # and the panel above the minimap
    assert "Filter on" in page.inner_text("[data-kzgeo=legend]")
    page.screenshot(path=str(ARTIFACTS / "map_filter_short_window.png"))
    assert log.errors == []
    page.close()


@pytest.mark.browser
def test_a_region_left_with_no_figure_gets_its_legend_swatch(browser, built):
    result, path = built
    page, log = open_page(browser, path, viewport=DESKTOP)
    page.locator(".leaflet-control-layers-base label", has_text="Jobs").locator("input").click()
    page.wait_for_timeout(250)
    legend = "[data-kzgeo=legend]"
    assert "figure not given" not in page.inner_text(legend)  # every region gives its jobs
    _tick(page, "sector", "D ·")  # Almaty keeps p5 only, which gives no jobs
    keep = _projects(result, sector_code=["D"])
    assert math.isnan(_kept_totals(result, keep, "jobs")["KZ-75"])
    fills = page.evaluate(FILLS_JS)
    assert fills == _expected_fills(result, keep, "jobs")
    assert UNKNOWN in fills.values()
    assert "figure not given" in page.inner_text(legend)
    page.locator("[data-kzgeo=filter] .kzgeo-filter-clear").click()
    page.wait_for_timeout(250)
    assert "figure not given" not in page.inner_text(legend)
    assert log.errors == []
    page.close()
