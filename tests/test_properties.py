"""Property tests (hypothesis): nothing lost, the fast join equals sjoin, loader never crashes."""

from __future__ import annotations

import contextlib
import csv
import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kzgeo
from kzgeo.errors import KzgeoError
from kzgeo.join import locate
from kzgeo.join.assign import STATUS_ORDER
from kzgeo.vocabularies import GEOCODE_METHODS, GEOCODE_STATUSES

REGIONS = kzgeo.load_regions()
SEZ = kzgeo.load_sez(leaves=True)
BOUNDS = REGIONS.total_bounds
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(
    points=st.lists(
        st.tuples(st.floats(BOUNDS[0] - 2, BOUNDS[2] + 2), st.floats(BOUNDS[1] - 2, BOUNDS[3] + 2)),
        min_size=1,
        max_size=300,
    ),
    snap_to_grid=st.booleans(),
)
def test_fast_join_agrees_with_sjoin(points, snap_to_grid):
    xy = np.array(points)
    if snap_to_grid:  # points exactly on the cutting grid lines are the hard case
        xy = np.round(xy * 2) / 2
    for layer in (REGIONS, SEZ):
        fast = locate(xy[:, 0], xy[:, 1], layer, method="pieces")
        slow = locate(xy[:, 0], xy[:, 1], layer, method="sjoin")
        assert np.array_equal(fast[0], slow[0])
        assert np.array_equal(fast[1], slow[1])


NAMES = st.sampled_from(
    [
        "Almaty",
        "Алматы",
        "Aksu",
        "Taraz",
        "Nowhere",
        "",
        "Kaskelen",
        "Turkestan",
        "<b>x</b>",
        "Aktau",
    ]
)
REGION_TEXT = st.sampled_from(["", "Almaty Region", "KZ-61", "Pavlodar", "Narnia"])


@SETTINGS
@given(
    rows=st.lists(
        st.tuples(
            NAMES,
            REGION_TEXT,
            st.one_of(st.none(), st.tuples(st.floats(35, 60), st.floats(40, 95))),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_statuses_partition_every_input_row(rows, tmp_path_factory):
    folder = tmp_path_factory.mktemp("r")
    projects = ["project_id,company,investment_kzt,jobs"]
    sites = ["site_id,project_id,settlement,region,lat,lon"]
    for i, (name, region, coords) in enumerate(rows):
        projects.append(f"p{i},Co {i},{i + 1} bn,{i * 3}")
        lat, lon = coords or ("", "")
        sites.append(f"s{i},p{i},{name},{region},{lat},{lon}")
    (folder / "projects.csv").write_text("\n".join(projects) + "\n", encoding="utf-8")
    (folder / "sites.csv").write_text("\n".join(sites) + "\n", encoding="utf-8")
    result = kzgeo.build(folder)
    assert list(result.sites.site_id) == [f"s{i}" for i in range(len(rows))]
    assert set(result.sites.geocode_status) <= set(GEOCODE_STATUSES)
    assert set(result.sites.geocode_method) <= set(GEOCODE_METHODS)
    assert set(result.sites.join_status) <= set(STATUS_ORDER)
    assert result.sites.join_status.notna().all()
    summary = result.summary.set_index("figure")
    for fig in ("investment_kzt", "jobs"):
        total = float(result.register.projects[fig].sum())
        assert summary.loc[fig, "national_total"] == pytest.approx(total, rel=1e-6, abs=1e-6)
        in_regions = float(result.regions[fig].sum())
        without = summary["without_region"].astype(float)[fig]
        assert in_regions + without == pytest.approx(total, rel=1e-6, abs=1e-6)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2000))
def test_loader_survives_random_bytes(data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("b")
    (folder / "projects.csv").write_bytes(data)
    with contextlib.suppress(KzgeoError):
        kzgeo.load_register(folder, errors="flag")


CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["1 bn", "-3", "NaN", "=1+1", "58,5 млрд", "1e400", "∞", "0x10", "", "   "]),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    header=st.lists(
        st.sampled_from(
            [
                "project_id",
                "company",
                "investment_kzt",
                "jobs",
                "medicines",
                "currency",
                "approval_date",
                "investment_usd_flag",
                "x",
                "Проект",
                "lat",
                "lon",
                "settlement",
            ]
        ),
        min_size=1,
        max_size=8,
    ),
    rows=st.lists(st.lists(CELL, min_size=0, max_size=9), max_size=6),
)
def test_loader_survives_random_csv(header, rows, tmp_path_factory):
    folder = tmp_path_factory.mktemp("c")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    (folder / "projects.csv").write_text(buffer.getvalue(), encoding="utf-8")
    try:
        reg = kzgeo.load_register(folder, errors="flag")
    except KzgeoError:
        return
    assert isinstance(reg.projects, pd.DataFrame)
    assert len(reg.projects) == sum(1 for r in rows if any(str(c).strip() for c in r))
