"""Maps of many facilities: HTML size, build time and load time in headless Chromium.

For 1e3, 1e4 and 1e5 facilities (gazetteer places with random offsets, one project each,
coordinates given, so geocoding is not what is measured):

- kzgeo: ``kzgeo.build(folder).map`` rendered with ``kzgeo.mapping.render_html``. Above
  ``kzgeo.options.canvas_markers_threshold`` (1,000) facilities the facilities are dots on one
  canvas (column-packed data, a card on click); the regions stay at map resolution.
- **baseline**: the obvious folium map: ``folium.Map`` + the same map-resolution regions as one
  ``folium.GeoJson`` + one ``folium.Marker`` with a ``folium.Tooltip`` per facility. Measured at
  1e3 and 1e4; at 1e5 the table prints an estimate (x10 from 1e4), clearly marked.

Each page is opened in Debian ``chromium`` (Playwright, headless) with Leaflet and the plugins
served from ``node_modules`` and tiles answered with a 1x1 PNG (folium's jQuery/Bootstrap/icon
links are refused: neither page needs them). Two times are read:

- ``load``: navigation start to the load event plus two animation frames (the map painted);
- ``interactive``: then one zoom-in, until ``zoomend`` and two more frames (the map responds).

Goal: 1e5 facilities in under 10 MB and interactive in under 5 s.

Usage::

    .venv/bin/python benchmarks/bench_maps.py [--sizes 1e3,1e4,1e5] [--baseline-max 1e4]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from _harness import fmt_s, header, parse_sizes, save, size_label, table

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
COMPANIES = [f"Company {c}" for c in "ABCDEFGHIJKLMNOPQRST"]


def make_register(n: int, folder: Path, seed: int = 7) -> pd.DataFrame:
    """Write a register of ``n`` single-site projects with coordinates; return the sites."""
    import kzgeo  # noqa: PLC0415

    rng = np.random.default_rng(seed)
    places = kzgeo.load_places()
    pick = rng.integers(len(places), size=n)
    sites = pd.DataFrame(
        {
            "site_id": [f"s{i}" for i in range(n)],
            "project_id": [f"p{i}" for i in range(n)],
            "lat": np.round(places.lat.to_numpy()[pick] + rng.normal(0, 0.03, n), 5),
            "lon": np.round(places.lon.to_numpy()[pick] + rng.normal(0, 0.03, n), 5),
        }
    )
    projects = pd.DataFrame(
        {
            "project_id": sites.project_id,
            "company": [COMPANIES[i % len(COMPANIES)] for i in range(n)],
            "investment_kzt": np.round(rng.lognormal(22, 1.2, n), -6),
            "jobs": rng.integers(5, 500, n),
        }
    )
    folder.mkdir(parents=True, exist_ok=True)
    projects.to_csv(folder / "projects.csv", index=False)
    sites.to_csv(folder / "sites.csv", index=False)
    return sites


def kzgeo_page(folder: Path, out: Path) -> dict[str, Any]:
    """Build the register and render its map; time the pipeline and the map apart."""
    import kzgeo  # noqa: PLC0415
    from kzgeo.mapping import render_html  # noqa: PLC0415

    start = time.perf_counter()
    result = kzgeo.build(folder)
    pipeline = time.perf_counter() - start
    start = time.perf_counter()
    html = render_html(result.map)
    build = time.perf_counter() - start
    out.write_text(html, encoding="utf-8")
    return {"pipeline_s": pipeline, "build_s": build, "bytes": out.stat().st_size}


def baseline_page(sites: pd.DataFrame, out: Path) -> dict[str, Any]:
    """The obvious folium map: GeoJson regions and one Marker with a Tooltip per facility."""
    import folium  # noqa: PLC0415

    import kzgeo  # noqa: PLC0415

    start = time.perf_counter()
    fmap = folium.Map(location=[48.0, 67.0], zoom_start=5)
    regions = kzgeo.load_regions("map")[["iso_3166_2", "name_en", "geometry"]]
    folium.GeoJson(regions.__geo_interface__, name="regions").add_to(fmap)
    row: Any
    for row in sites.itertuples():
        folium.Marker([row.lat, row.lon], tooltip=folium.Tooltip(str(row.site_id))).add_to(fmap)
    html = fmap.get_root().render()
    build = time.perf_counter() - start
    out.write_text(html, encoding="utf-8")
    return {"pipeline_s": None, "build_s": build, "bytes": out.stat().st_size}


def browser_times(path: Path) -> dict[str, Any]:
    """Open the page in headless Chromium; return load and interactive times and errors."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    from tests.browser import CHROMIUM_FLAGS, MAP_JS, chromium_path, open_page  # noqa: PLC0415

    executable = chromium_path()
    if executable is None:
        raise SystemExit("Debian chromium is not installed (apt-get install chromium)")
    frames = (
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(1))))"
    )
    zoom = (
        f"() => new Promise(r => {{ const m = {MAP_JS};"
        " m.once('zoomend', () => requestAnimationFrame(() => requestAnimationFrame(() => r(1))));"
        " setTimeout(() => r(0), 60000); m.setZoom(m.getZoom() + 1, {animate: false}); })"
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        start = time.perf_counter()
        page, log = open_page(browser, path, wait_ms=0)
        page.evaluate(frames)
        load = time.perf_counter() - start
        zoomed = page.evaluate(zoom)
        interactive = time.perf_counter() - start if zoomed else float("inf")
        errors = [e for e in log.errors if "Failed to load resource" not in e]
        browser.close()
    return {
        "load_s": load,
        "interactive_s": interactive,
        "page_errors": errors,
        "refused_requests": len(log.blocked),
    }


def main() -> int:
    """Build, measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1e3,1e4,1e5", help="facility counts")
    parser.add_argument(
        "--baseline-max", type=float, default=1e4, help="largest size the folium baseline is run at"
    )
    args = parser.parse_args()
    info = header("bench_maps: kzgeo map vs one folium.Marker per facility")
    rows, results = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in parse_sizes(args.sizes):
            folder = Path(tmp) / f"reg{n}"
            sites = make_register(n, folder)
            methods = {"kzgeo": lambda f=folder, n=n: kzgeo_page(f, Path(tmp) / f"kz{n}.html")}
            if n <= args.baseline_max:
                methods["folium Marker"] = lambda s=sites, n=n: baseline_page(
                    s, Path(tmp) / f"base{n}.html"
                )
            for name, make in methods.items():
                measured = make()
                page = Path(tmp) / (f"kz{n}.html" if name == "kzgeo" else f"base{n}.html")
                measured |= browser_times(page)
                results.append({"n": n, "method": name, **measured})
                print(
                    f"  {size_label(n)} {name}: {measured['bytes'] / 1e6:,.2f} MB, build "
                    f"{measured['build_s']:.2f} s, load {measured['load_s']:.2f} s, interactive "
                    f"{measured['interactive_s']:.2f} s",
                    flush=True,
                )
                rows.append(
                    [
                        size_label(n),
                        name,
                        f"{measured['bytes'] / 1e6:,.2f}",
                        fmt_s(measured["build_s"]),
                        fmt_s(measured["load_s"]),
                        fmt_s(measured["interactive_s"]),
                        str(len(measured["page_errors"])),
                    ]
                )
            if n > args.baseline_max:
                base = next(
                    (
                        r
                        for r in results
                        if r["method"] == "folium Marker" and r["n"] == int(args.baseline_max)
                    ),
                    None,
                )
                if base:
                    scale = n / base["n"]
                    rows.append(
                        [
                            size_label(n),
                            "folium Marker",
                            f"~{base['bytes'] * scale / 1e6:,.0f} (est.)",
                            f"~{fmt_s(base['build_s'] * scale)} (est.)",
                            "not run",
                            "not run",
                            "-",
                        ]
                    )
    print(
        table(
            [
                "facilities",
                "method",
                "HTML MB",
                "build s",
                "load s",
                "interactive s",
                "page errors",
            ],
            rows,
        )
    )
    big = [r for r in results if r["method"] == "kzgeo" and r["n"] == 100_000]
    if big:
        ok = big[0]["bytes"] < 10e6 and big[0]["interactive_s"] < 5.0
        print(
            f"\ngoal (1e5 facilities: under 10 MB and interactive in under 5 s): "
            f"{'met' if ok else 'NOT met'}"
        )
    save("maps", {"machine": info, "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
