"""Fuzzing registers, manifests and boundary files: a result or a KzgeoError, never a crash.

Hypothesis writes odd but plausible inputs (cells as people type them, broken YAML, stray
bytes, repeated ids, huge and tiny numbers, polygons of every kind). Every outcome is either a
build result or a :class:`kzgeo.errors.KzgeoError` that names a file; and whenever a build
succeeds, its totals are conserved under every allocation policy: the regions' totals plus
what has no region equal the valid projects' figures.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely import box

import kzgeo
from kzgeo.aggregate import national_summary, region_layer
from kzgeo.errors import InputError, KzgeoError
from kzgeo.vocabularies import ALLOCATION_POLICIES

FUZZ = settings(
    max_examples=int(__import__("os").environ.get("KZGEO_FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NUMBER_CELLS = st.one_of(
    st.sampled_from(
        ["", "12", "58,5 млрд", "1 234", "around 60 jobs", "$2.1 billion", "1..2", "12,5,6",
         "22.01.2026", "1e308", "-5", "nan", "inf", "0", "шамамен 12 млрд теңге", "15,4 млн €"]
    ),
    st.text(alphabet="0123456789 .,-$€₸мнлрдbnMk", max_size=12),
)  # fmt: skip
PLACE_CELLS = st.sampled_from(
    ["Almaty", "Шымкент", "Pavlodar Region", "TURAN", "", "Atlantis", "Aksu", "KZ-YUZ", "\x00"]
)
TEXT = st.text(max_size=30)
LATS = ["", "43.25", "95", "nan", "5e6"]
LONS = ["", "76.95", "300", "49.1"]


def _csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False)


@st.composite
def registers(draw: st.DrawFn) -> tuple[str, str, str]:
    n = draw(st.integers(1, 6))
    ids = draw(st.lists(st.sampled_from(["p1", "p2", "p3", "p4", ""]), min_size=n, max_size=n))
    projects = pd.DataFrame(
        {
            "project_id": ids,
            "company": draw(st.lists(TEXT, min_size=n, max_size=n)),
            "investment_kzt": draw(st.lists(NUMBER_CELLS, min_size=n, max_size=n)),
            "jobs": draw(st.lists(NUMBER_CELLS, min_size=n, max_size=n)),
        }
    )
    m = draw(st.integers(0, 6))
    sites = pd.DataFrame(
        {
            "site_id": [f"s{k}" for k in range(m)],
            "project_id": draw(st.lists(st.sampled_from([*ids, "px"]), min_size=m, max_size=m)),
            "settlement": draw(st.lists(PLACE_CELLS, min_size=m, max_size=m)),
            "weight": draw(st.lists(NUMBER_CELLS, min_size=m, max_size=m)),
            "lat": draw(st.lists(st.sampled_from(LATS), min_size=m, max_size=m)),
            "lon": draw(st.lists(st.sampled_from(LONS), min_size=m, max_size=m)),
        }
    )  # fmt: skip
    manifest = draw(
        st.sampled_from(
            [
                "",
                "schema: kzgeo-register/1\ntitle: Fuzz\n",
                "title: [unclosed\n",
                "stated_totals:\n  jobs: {value: 100}\n",
                "exchange_rate: {kzt_per_usd: 0}\n",
                "approval_date: 2026-02-30\n",
                "sources: [a, b]\n",
                "a: &a [1, 2]\nb: [*a, *a]\n",
                "projects: ../elsewhere.csv\n",
                # found by test_random_manifests_load_or_say_why: an AttributeError and an
                # OSError (a mapping used as a file name) before
                "stated_totals: n\n",
                "sites: {figures: [1, 2]}\n",
            ]
        )
    )
    return _csv(projects), _csv(sites), manifest


def _check_conservation(result: kzgeo.BuildResult) -> None:
    projects = result.register.projects
    valid = projects[projects["row_status"] == "ok"].drop_duplicates("project_id")
    expected = float(valid["jobs"].fillna(0).sum())
    for policy in ALLOCATION_POLICIES:
        layer = region_layer(result.sites, projects, policy=policy)
        summary = national_summary(result.sites, projects, policy=policy)
        by_figure = summary.set_index("figure")
        in_regions = float(layer["jobs"].fillna(0).sum())
        without = by_figure["without_region"].astype(float)["jobs"]
        national = by_figure["national_total"].astype(float)["jobs"]
        assert math.isclose(in_regions + without, expected, rel_tol=1e-9, abs_tol=1e-6)
        assert math.isclose(national, expected, rel_tol=1e-9, abs_tol=1e-6)


@FUZZ
@given(registers())
def test_random_registers_build_or_say_why(tmp_path_factory, register):
    folder = tmp_path_factory.mktemp("fuzz")
    projects, sites, manifest = register
    (folder / "projects.csv").write_text(projects, encoding="utf-8")
    (folder / "sites.csv").write_text(sites, encoding="utf-8")
    if manifest:
        (folder / "register.yaml").write_text(
            manifest + "projects: projects.csv\n" if "projects:" not in manifest else manifest,
            encoding="utf-8",
        )
    try:
        result = kzgeo.build(folder)
    except KzgeoError as exc:
        assert str(folder) in str(exc) or "register" in str(exc)  # noqa: PT017 - either outcome
        return
    assert len(result.sites) == len(result.register.sites)  # every site row has a status
    assert result.sites["join_status"].notna().all()
    _check_conservation(result)


@st.composite
def boundary_layers(draw: st.DrawFn) -> gpd.GeoDataFrame:
    n = draw(st.integers(0, 4))
    shapes = []
    for _ in range(n):
        x = draw(st.floats(40, 85))
        y = draw(st.floats(38, 54))
        w = draw(st.floats(0, 15))
        shapes.append(box(x, y, x + w, y + draw(st.floats(0, 8))))
    ids = draw(st.lists(st.sampled_from(["A", "B", "C", None]), min_size=n, max_size=n))
    crs = draw(st.sampled_from([4326, 3857, None]))
    frame = gpd.GeoDataFrame({"code": ids}, geometry=shapes, crs=4326 if n else None)
    if crs == 3857 and n:
        frame = frame.to_crs(3857).set_crs(draw(st.sampled_from([3857, 4326])), allow_override=True)
    if crs is None:
        frame = frame.set_crs(None, allow_override=True)
    return frame


@FUZZ
@given(boundary_layers())
def test_random_boundary_layers_join_or_say_why(boundary):
    reg = kzgeo.load_register()
    try:
        result = kzgeo.build(reg, regions=boundary, region_id="code")
    except KzgeoError as exc:
        # a result or a reasoned error, both fine
        assert exc.issues if isinstance(exc, InputError) else str(exc)  # noqa: PT017
        return
    assert len(result.sites) == len(reg.sites)
    ids = set(result.regions["code"].astype(str))
    placed = result.sites["region_iso"].dropna().astype(str)
    assert set(placed) <= ids
    total = float(np.nansum(result.regions["jobs"].to_numpy(dtype=float)))
    without = result.summary.set_index("figure")["without_region"].astype(float)["jobs"]
    assert total + without == pytest.approx(675.0)


MANIFEST_KEYS = [
    "schema", "id", "title", "description", "approval_date", "projects", "sites", "sources",
    "stated_totals", "exchange_rate", "extra_columns", "figures", "licence", "unknown_key",
]  # fmt: skip
YAML_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates().map(str),
    st.sampled_from(["projects.csv", "sites.csv", "../x.csv", "/etc/passwd", "2026-02-30"]),
)
YAML_VALUES = st.recursive(
    YAML_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from([*MANIFEST_KEYS, "value", "url", "kzt_per_usd"]), inner,
                        max_size=3),
    ),
    max_leaves=8,
)  # fmt: skip


@st.composite
def manifests(draw: st.DrawFn) -> str:
    import yaml  # noqa: PLC0415

    doc = draw(st.dictionaries(st.sampled_from(MANIFEST_KEYS), YAML_VALUES, max_size=6))
    text = yaml.safe_dump(doc, allow_unicode=True)
    # and sometimes a hand-edited file: a line cut off or a stray character put in
    cut = draw(st.integers(0, len(text)))
    return draw(st.sampled_from([text, text[:cut], text[:cut] + draw(st.text(max_size=3))]))


@FUZZ
@given(manifests())
def test_random_manifests_load_or_say_why(tmp_path_factory, manifest):
    folder = tmp_path_factory.mktemp("manifest")
    (folder / "projects.csv").write_text("project_id,company,jobs\np1,A,10\n", encoding="utf-8")
    (folder / "sites.csv").write_text(
        "site_id,project_id,settlement\ns1,p1,Almaty\n", encoding="utf-8"
    )
    (folder / "register.yaml").write_text(manifest, encoding="utf-8")
    try:
        reg = kzgeo.load_register(folder)
    except KzgeoError as exc:
        assert str(folder) in str(exc)  # noqa: PT017 - names a file of the register
        return
    assert len(reg.projects) >= 1
    assert set(reg.projects["row_status"]) <= {"ok", "invalid"}
