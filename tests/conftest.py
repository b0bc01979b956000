"""Shared fixtures: small registers written by the tests themselves (no external files)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest

import kzgeo
from kzgeo.geocoding.morphology import KAZAKH_LETTERS, RUSSIAN_ONLY

if TYPE_CHECKING:
    import geopandas as gpd

pytest_plugins = ["tests.browser"]  # the `browser` fixture


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory):
    """Prepared indexes go to a folder of this test run, not the user's cache (see prepared)."""
    before = os.environ.get("KZGEO_CACHE_DIR")
    os.environ["KZGEO_CACHE_DIR"] = str(tmp_path_factory.mktemp("kzgeo-cache"))
    yield
    if before is None:
        os.environ.pop("KZGEO_CACHE_DIR", None)
    else:
        os.environ["KZGEO_CACHE_DIR"] = before


@pytest.fixture(autouse=True)
def _reset_options():
    """Every test starts with default options."""
    kzgeo.options.reset()
    yield
    kzgeo.options.reset()


PROJECTS_HEADER = (
    "project_id,company,investment_kzt,investment_kzt_flag,investment_kzt_basis,jobs,jobs_flag,"
    "jobs_basis,medicines,medicines_flag,medicines_basis\n"
)
SITES_HEADER = "site_id,project_id,role,weight,lat,lon,sez,settlement,district,region\n"


def check_point_layer(layer: gpd.GeoDataFrame, id_column: str) -> None:
    """Assert what every bundled point layer holds: ids, names, sources, points in their region."""
    assert layer.crs.to_epsg() == 4326
    assert layer[id_column].is_unique
    assert set(layer.point_basis) <= {"reported", "settlement", "district-seat", "region-centre"}
    assert layer.source_url.str.match(r"https?://").all()
    assert layer.name_ru.str.len().gt(0).all()
    assert layer.name_en.str.len().gt(0).all()
    regions = kzgeo.load_regions().set_index("iso_3166_2").geometry
    for iso, point, rid in zip(layer.region_iso, layer.geometry, layer[id_column], strict=True):
        assert regions[iso].covers(point), rid


def geocode_locations(*locations: str, **columns: list[str]) -> gpd.GeoDataFrame:
    """Geocode and join free-text locations, with any other site columns given."""
    frame = pd.DataFrame({"location": list(locations), **columns})
    return kzgeo.assign_regions(kzgeo.geocode(frame))


def geocode_one(location: str, **columns: str) -> pd.Series[Any]:
    """Geocode and join one free-text location; the site's row."""
    row: pd.Series[Any] = geocode_locations(location, **{k: [v] for k, v in columns.items()}).iloc[
        0
    ]
    return row


def write_register(
    folder: Path, projects: str, sites: str | None = None, manifest: str | None = None
) -> Path:
    """Write a register folder from CSV text (headers included by the caller)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "projects.csv").write_text(projects, encoding="utf-8")
    if sites is not None:
        (folder / "sites.csv").write_text(sites, encoding="utf-8")
    if manifest is not None:
        (folder / "register.yaml").write_text(manifest, encoding="utf-8")
    return folder


# ../shared beside the checkout (CI, /work/main) or beside the worktrees' folder (/work/wt/NAME)
_ROOT = Path(__file__).resolve().parents[1]
SHARED_CANDIDATES = (_ROOT.parent / "shared", _ROOT.parent.parent / "shared")


def shared_file(relative: str) -> Path:
    """Return a reference file from ``../shared/``; fail (never skip) when it is missing."""
    for shared in SHARED_CANDIDATES:
        path = shared / relative
        if path.exists():
            return path
    tried = ", ".join(str(s / relative) for s in SHARED_CANDIDATES)
    pytest.fail(f"reference file missing (tried {tried}); it is required, not optional")


@pytest.fixture(scope="module")
def seed_map(tmp_path_factory):
    """The seed register built, and its web map saved (for the browser tests)."""
    from kzgeo.mapping import render_html  # noqa: PLC0415

    result = kzgeo.build()
    path = tmp_path_factory.mktemp("map") / "map.html"
    path.write_text(render_html(result.map), encoding="utf-8")
    return result, path


# kzgeo notes the words it did not use as "words not understood: 'a'; 'b'" (locations.py)
_NOT_UNDERSTOOD = re.compile(r"words not understood: ((?:'[^']*'(?:; )?)+)")
_QUOTED_WORD = re.compile(r"'([^']*)'")
_LATIN_KAZAKH = re.compile(r"[áǵńóúýı]")


def unknown_words(note: str) -> list[str]:
    """Return the words a geocode note lists as not understood, in order."""
    return [w for group in _NOT_UNDERSTOOD.findall(note) for w in _QUOTED_WORD.findall(group)]


def script_of(text: str) -> str:
    """Tell Kazakh (Cyrillic or the acute Latin letters), Russian and other Latin text apart."""
    low = text.lower()
    if KAZAKH_LETTERS.search(low) or _LATIN_KAZAKH.search(low):
        return "kk"
    return "ru" if RUSSIAN_ONLY.search(low) else "latin"
