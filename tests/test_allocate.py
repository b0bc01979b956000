"""Allocation over sites and the region/SEZ layers: totals always add up (property tests)."""

from __future__ import annotations

import datetime as dt
import warnings

import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzgeo
from kzgeo.aggregate import national_summary, shares
from kzgeo.mapping.jenks import fisher_jenks
from kzgeo.register import ExchangeRate
from kzgeo.register.schema import BUILTIN_FIGURES
from tests.conftest import write_register

# the built-ins and two declared counts (found by their _flag/_basis companions)
FIGURES = (*BUILTIN_FIGURES, "medicines", "social_medicines")
REGIONS = kzgeo.load_regions("map")
ISO = list(REGIONS.iso_3166_2)
RATE = ExchangeRate(505.71, dt.date(2026, 1, 23), "test")


@st.composite
def registers(draw):
    n_projects = draw(st.integers(1, 8))
    projects, sites = [], []
    for p in range(n_projects):
        row: dict[str, object] = {"project_id": f"p{p}", "company": f"C{p}", "row_status": "ok"}
        for fig in FIGURES:
            value = draw(st.one_of(st.none(), st.floats(0, 1e11, allow_nan=False)))
            if fig in ("jobs", "medicines", "social_medicines") and value is not None:
                value = float(int(value) % 5000)
            row[fig] = np.nan if value is None else value
            row[f"{fig}_flag"] = (
                None
                if value is None
                else draw(st.sampled_from(["reported", "derived", "estimated"]))
            )
            row[f"{fig}_basis"] = "x"
        projects.append(row)
        n_sites = draw(st.integers(0, 4))
        sites.extend(
            [
                {
                    "site_id": f"p{p}s{s}",
                    "project_id": f"p{p}",
                    "role": "primary" if s == 0 else "secondary",
                    "weight": draw(st.one_of(st.just(np.nan), st.floats(0.1, 10))),
                    "row_status": draw(st.sampled_from(["ok", "ok", "ok", "invalid"])),
                    "region_iso": draw(st.one_of(st.none(), st.sampled_from(ISO))),
                    "sez_id": None,
                    "sez_part_id": None,
                }
                for s in range(n_sites)
            ]
        )
    return pd.DataFrame(projects), pd.DataFrame(
        sites,
        columns=[
            "site_id",
            "project_id",
            "role",
            "weight",
            "row_status",
            "region_iso",
            "sez_id",
            "sez_part_id",
        ],
    )


@settings(max_examples=60, deadline=None)
@given(registers(), st.sampled_from(["primary", "equal", "weights"]))
def test_shares_sum_to_one_and_totals_add_up(data, policy):
    projects, sites = data
    share, _ = shares(sites, policy=policy)
    sites_ok = sites.assign(share=share)
    for pid, group in sites_ok.groupby("project_id"):
        valid = group[group.row_status == "ok"]
        assert group.share.sum() == pytest.approx(1.0 if len(valid) else 0.0)
        assert (group.loc[group.row_status != "ok", "share"] == 0).all(), pid
    allocated = kzgeo.allocate(sites, projects, policy=policy, rate=RATE)
    assert len(allocated) == len(sites)  # no site lost
    completed = kzgeo.aggregate.complete_money(projects, RATE).set_index("project_id")
    with_sites = set(sites.loc[sites.row_status == "ok", "project_id"])
    for fig in FIGURES:
        expected = completed.loc[list(with_sites), fig].fillna(0).sum() if with_sites else 0.0
        got = allocated.loc[allocated.share > 0, fig].fillna(0).sum()
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-6)
    layer = kzgeo.region_layer(sites, projects, policy=policy, rate=RATE, resolution="map")
    summary = national_summary(sites, projects, policy=policy, rate=RATE).set_index("figure")
    assert len(layer) == 20
    for fig in FIGURES:
        in_regions = layer[fig].sum()
        assert in_regions == pytest.approx(summary.loc[fig, "in_regions"], rel=1e-9, abs=1e-6)
        assert in_regions + summary.loc[fig, "without_region"] == pytest.approx(
            summary.loc[fig, "national_total"], rel=1e-9, abs=1e-6
        )
        parts = sum(layer[f"{fig}_{k}"].sum() for k in ("reported", "derived", "estimated"))
        assert parts == pytest.approx(in_regions, rel=1e-9, abs=1e-6)
        known = layer[fig].notna()
        assert (layer.loc[known, f"{fig}_min"] <= layer.loc[known, fig] + 1e-6).all()
        assert (layer.loc[known, f"{fig}_max"] >= layer.loc[known, fig] - 1e-6).all()
        # unknown only where the unit has projects and none of them gives the figure
        unknown = layer[layer[fig].isna()]
        assert (unknown.sites > 0).all()
        assert (unknown[f"{fig}_missing"] == unknown.projects).all()


@pytest.fixture(scope="module")
def seed():
    reg = kzgeo.load_register()
    return reg, kzgeo.assign_regions(kzgeo.geocode(reg))


@pytest.mark.parametrize("policy", ["primary", "equal", "weights"])
def test_seed_region_sums_equal_site_sums(seed, policy):
    reg, sites = seed
    layer = kzgeo.region_layer(sites, reg.projects, policy=policy)
    allocated = kzgeo.allocate(sites, reg.projects, policy=policy)
    for fig in FIGURES:
        assert layer[fig].sum() == pytest.approx(allocated[fig].sum())
    assert layer.investment_kzt.sum() == pytest.approx(173.4e9)
    assert set(layer.allocation_policy) == {policy}


def test_seed_layer_details(seed):
    reg, sites = seed
    layer = kzgeo.region_layer(sites, reg.projects).set_index("iso_3166_2")
    assert layer.has_projects.sum() == 3
    assert not layer.loc["KZ-71", "has_projects"]
    assert layer.loc["KZ-71", "investment_kzt"] == 0
    assert layer.loc["KZ-75", "investment_kzt"] == pytest.approx(97.7e9)
    # the MSP-ROMPHARM split moves up to half its money to Almaty Region: the range shows it
    assert layer.loc["KZ-61", "investment_kzt_min"] == pytest.approx(18.35e9)
    assert layer.loc["KZ-61", "investment_kzt_max"] == pytest.approx(36.7e9)
    assert layer.loc["KZ-19", "investment_kzt_max"] == pytest.approx(39.0e9 + 18.35e9)
    # USD: reported for AltINFARM and Nobel, derived at 505.71 for the others
    assert layer.loc["KZ-75", "investment_usd_reported"] == pytest.approx(194e6)
    assert layer.loc["KZ-61", "investment_usd_derived"] == pytest.approx(36.7e9 / 505.71)
    assert layer.loc["KZ-61", "kzt_per_usd"] == 505.71
    # per 100k where a population figure exists (its date in per_100k_basis), null where not
    assert layer.loc["KZ-75", "jobs_per_100k"] == pytest.approx(260 / 2_347_924 * 1e5)
    assert layer.loc["KZ-75", "per_100k_basis"] == "population of 2026-01-01 (reported)"
    assert layer.loc["KZ-33", "per_100k_basis"] == "population of 2022-08-01 (reported-other-date)"
    akmola = layer.loc["KZ-11"]
    assert akmola.jobs_per_100k == pytest.approx(akmola.jobs / 788_000 * 1e5)
    assert akmola.per_100k_basis == "population of 2023-01-01 (reported-other-date)"
    # a user layer with no figure for a unit: null per 100k, and the basis says why
    own = kzgeo.load_regions()
    own.loc[own.iso_3166_2 == "KZ-11", "population"] = pd.NA
    mine = kzgeo.region_layer(sites, reg.projects, regions=own).set_index("iso_3166_2")
    assert pd.isna(mine.loc["KZ-11", "jobs_per_100k"])
    assert mine.loc["KZ-11", "per_100k_basis"] == "no population figure"
    assert mine.loc["KZ-75", "jobs_per_100k"] == layer.loc["KZ-75", "jobs_per_100k"]
    assert layer.jobs_share_pct.sum() == pytest.approx(100)
    # Abdi Ibrahim and MSP-ROMPHARM give no count of socially significant medicines
    assert pd.isna(layer.loc["KZ-61", "social_medicines"])
    assert layer.loc["KZ-61", "social_medicines_basis"] == "not given by the project here"
    assert layer.loc["KZ-75", "social_medicines"] == 52
    assert "reported" in layer.loc["KZ-75", "jobs_basis"]


def test_equal_policy_marks_allocated_share(seed):
    reg, sites = seed
    layer = kzgeo.region_layer(sites, reg.projects, policy="equal").set_index("iso_3166_2")
    assert layer.loc["KZ-61", "investment_kzt_allocated"] == pytest.approx(18.35e9)
    assert "100% from allocation" in layer.loc["KZ-61", "investment_kzt_basis"]
    assert "0% from allocation" in layer.loc["KZ-75", "investment_kzt_basis"]


def test_sez_layer(seed):
    reg, sites = seed
    layer = kzgeo.sez_layer(sites, reg.projects).set_index("sez_id")
    assert layer.loc["pit", "investment_kzt"] == pytest.approx(58.5e9)
    assert layer.loc["turan", "jobs"] == 265
    assert layer.loc["alatau", "investment_kzt"] == 0
    assert isinstance(layer, gpd.GeoDataFrame)
    assert len(layer) == len(kzgeo.load_sez())


def test_huge_weights_do_not_overflow():
    sites = pd.DataFrame(
        {
            "project_id": ["a", "a", "b", "b"],
            "row_status": ["ok"] * 4,
            "role": ["primary", "secondary", "primary", "secondary"],
            "weight": [1e308, 1e308, 3e-320, 1e-320],
        }
    )
    share, _ = shares(sites, policy="weights")
    assert share.tolist() == pytest.approx([0.5, 0.5, 0.75, 0.25])


def test_a_project_without_a_counted_site_stays_in_the_national_total(tmp_path):
    folder = write_register(
        tmp_path / "reg",
        "project_id,company,investment_kzt,jobs\np1,Alpha,10 bn,100\np2,Beta,5 bn,40\n"
        "p3,Gamma,1 bn,7\n",
        "site_id,project_id,settlement,lat,lon\ns1,p1,Almaty,,\ns3,p3,,95.0,300.0\n",
    )
    reg = kzgeo.load_register(folder, errors="flag")
    summary = kzgeo.build(reg).summary.set_index("figure")
    # p2 has no site, p3's only site is invalid: both are counted, without a region
    assert summary.loc["jobs", "national_total"] == 147
    assert summary.loc["jobs", "without_region"] == 47
    assert summary.loc["jobs", "in_regions"] == 100
    assert summary.loc["investment_kzt", "national_total"] == 16e9
    assert summary.loc["jobs", "projects_without_site"] == 2


def test_fisher_jenks_matches_mapclassify():
    rng = np.random.default_rng(3)
    for _ in range(200):
        n, k = int(rng.integers(6, 40)), int(rng.integers(2, 6))
        values = rng.lognormal(2, 1.5, n)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = np.asarray(mapclassify.FisherJenks(values, k=k).bins)
        assert fisher_jenks(values, k) == pytest.approx(expected)
