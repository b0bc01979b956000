"""report.html in headless Chromium: self-contained (no request at all), no script, no error,
the map image decoded, the chart, the reconciliation, every site and every source."""

from __future__ import annotations

import pytest

import kzgeo
from kzgeo.export import export_all
from kzgeo.mapping.i18n import text
from tests.browser import ARTIFACTS, open_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result = kzgeo.build()
    out = tmp_path_factory.mktemp("report")
    export_all(result, out)
    return result, out / "report.html"


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)])
def test_report_opens_offline_and_holds_everything(browser, built, viewport):
    result, path = built
    width, height = viewport
    page, log = open_page(browser, path, viewport={"width": width, "height": height})
    assert log.errors == []
    assert log.blocked == []
    assert log.served == []  # nothing asked for: the page is whole
    assert page.locator("script").count() == 0
    assert page.title() == result.register.title
    natural = page.eval_on_selector("img.map", "e => [e.complete, e.naturalWidth]")
    assert natural[0]
    assert natural[1] > 1000  # the embedded PNG decoded
    # the chart: a bar per region with projects, with its total written beside it
    chart = page.eval_on_selector("svg.chart", "e => e.textContent")
    with_projects = result.regions[result.regions.has_projects]
    for _, region in with_projects.iterrows():
        assert region.name_en in chart
        assert f"{region.investment_kzt / 1e9:,.1f} bn KZT" in chart
    bars = page.locator("svg.chart rect title").count()
    parts = sum(
        int((with_projects[f"investment_kzt_{p}"] > 0).sum())
        for p in ("reported", "derived", "estimated")
    )
    assert bars == parts
    # the reconciliation in words, with what does not add up
    body = page.inner_text("body")
    for check in result.reconciliation.checks:
        assert check.figure in body
    assert body.count(text("report_disagrees")) == sum(
        c.status == "disagrees" for c in result.reconciliation.checks
    )
    assert "343.7" in body  # the USD parts with the derived figures, as the check compares
    # every site, every source (links only for web addresses)
    assert page.locator("table tr").count() == len(result.sites) + 1
    assert "0 % (policy primary)" in body
    hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    assert sorted(hrefs) == sorted(s.url for s in result.register.sources.values())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report_{width}.png"), full_page=True)
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width  # wide parts scroll inside their own box
    page.close()


def test_report_in_russian(browser, tmp_path):
    with kzgeo.options.context(language="ru"):
        result = kzgeo.build()
        export_all(result, tmp_path)
    page, log = open_page(browser, tmp_path / "report.html")
    body = page.inner_text("body")
    assert text("report_sources", "ru") in body
    assert "Алматинская область" in body
    assert page.get_attribute("html", "lang") == "ru"
    assert log.errors == []
    page.close()
