"""Headless Chromium for the map tests, with every network request answered locally.

Leaflet and its plugins come from the npm copies in ``node_modules`` (``npm ci``), map tiles are
a 1x1 PNG, and any other request is refused and recorded, so a test also proves the page asks
for nothing unexpected. Uses Debian's ``chromium`` through Playwright (no browser download).

When Chromium or the npm assets are missing, tests FAIL if ``KZGEO_REQUIRE_BROWSER`` or ``CI``
is set (as ``scripts/test.sh`` does); elsewhere they are skipped with a message saying why.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kzgeo.mapping.assets import REQUIRED_PACKAGES, local_file

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
ARTIFACTS = ROOT / "tests" / "artifacts"
# a JavaScript expression for the page's Leaflet map (folium names it map_<id>)
MAP_JS = "window[Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map)]"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def chromium_path() -> str | None:
    """Return Debian chromium's path, or None."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require(condition: bool, why: str) -> None:
    """Fail in CI, skip elsewhere, when a piece the browser tests need is missing."""
    if condition:
        return
    if os.environ.get("KZGEO_REQUIRE_BROWSER") or os.environ.get("CI"):
        pytest.fail(f"{why} (required here: KZGEO_REQUIRE_BROWSER/CI is set)")
    pytest.skip(f"{why}; run scripts/test.sh to install it")


@dataclass
class PageLog:
    """What happened while a page was open."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    served: list[str] = field(default_factory=list)


def route_offline(page) -> PageLog:
    """Route every request of ``page`` offline (npm copies, 1x1 tiles); return its log."""
    log = PageLog()

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file://", "data:")):
            return request_route.continue_()
        local = local_file(url, NODE_MODULES)
        if local is not None and local.is_file():
            log.served.append(url)
            return request_route.fulfill(path=str(local))
        if "tile.openstreetmap.org" in url:
            return request_route.fulfill(body=PNG_1X1, content_type="image/png")
        log.blocked.append(url)
        return request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda exc: log.errors.append(str(exc)))
    page.on("console", lambda msg: log.errors.append(msg.text) if msg.type == "error" else None)

    def dialog(d):
        log.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    return log


def open_page(browser, path: Path, *, wait_ms: int = 800, viewport=None):
    """Open a saved HTML file (default viewport 1400x900); return (page, log)."""
    page = browser.new_page(viewport=viewport or {"width": 1400, "height": 900})
    log = route_offline(page)
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(wait_ms)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return page, log


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright."""
    executable = chromium_path()
    require(executable is not None, "Debian chromium is not installed")
    require(
        all((NODE_MODULES / p / "package.json").is_file() for p in REQUIRED_PACKAGES),
        "npm assets missing (run `npm ci`)",
    )
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()
