"""Figures a register declares (``figures:`` in register.yaml), sectors, stages and years.

A declared figure must travel like jobs: flag and basis, allocation over sites, region and SEZ
totals, totals by sector and stage, reconciliation against a stated total. The expected totals
here are computed by the tests from the numbers they write into the register files (share
1/n per valid site under the ``equal`` policy), not read back from kzgeo.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kzgeo
from kzgeo.aggregate.layers import sector_stage_totals
from kzgeo.errors import RegisterError
from kzgeo.mapping import cards
from kzgeo.mapping.filters import filter_spec
from kzgeo.register.sectors import section_of
from tests.conftest import write_register

FIGURES_YAML = """
figures:
  capacity_mw: {kind: quantity, unit: MW, label: {en: Capacity, ru: Мощность, kk: Қуаты}}
"""
MANIFEST = (
    "schema: kzgeo-register/1\ntitle: declared\nsources: {s: {url: https://example.org/s}}\n"
    + FIGURES_YAML
)
PROJECTS_HEADER = (
    "project_id,company,sector,sector_code,stage,year,investment_kzt,investment_kzt_flag,"
    "investment_kzt_basis,jobs,jobs_flag,jobs_basis,capacity_mw,capacity_mw_flag,"
    "capacity_mw_basis\n"
)
SITES_HEADER = "site_id,project_id,region\n"
# (sector text, code kzgeo must find for it): hand-assigned from the NACE Rev. 2 notes
SECTORS = [("цементный завод", "23"), ("wind farm", "35"), ("ет комбинаты", "10"), ("", None)]
STAGES_WRITTEN = [("запущен", "launched"), ("строится", "under_construction"), ("", None)]
REGIONS = ["KZ-75", "KZ-71", "KZ-61", "KZ-23"]


def _three_sector_register(tmp_path: Path) -> Path:
    return write_register(
        tmp_path / "reg",
        PROJECTS_HEADER
        + "a,A,цементный завод,,запущен,2024,10 bn,reported,s,100,reported,s,,,\n"
        + "b,B,wind farm (1 GW),,строится,2025,200 bn,reported,s,50,reported,s,1000,reported,s\n"
        + "c,C,солнечная электростанция,,announced,2026,5 bn,estimated,from size,10,reported,s,"
        "12.5,estimated,nameplate per panel\n"
        + "d,D,квантовые кристаллы,,посетил аким,2025,1 bn,reported,s,5,reported,s,,,\n",
        SITES_HEADER + "a1,a,KZ-75\nb1,b,KZ-71\nb2,b,KZ-61\nc1,c,KZ-75\nd1,d,KZ-23\n",
        manifest=MANIFEST + "stated_totals:\n  capacity_mw: {value: 1012.5, source: s}\n",
    )


def test_register_with_a_declared_figure_and_three_sectors_builds(tmp_path):
    result = kzgeo.build(_three_sector_register(tmp_path), policy="equal")
    reg = result.register
    assert list(reg.figures) == ["investment_kzt", "investment_usd", "jobs", "capacity_mw"]
    assert reg.figures["capacity_mw"].unit == "MW"
    assert not reg.errors
    projects = reg.projects.set_index("project_id")
    assert projects.loc["b", "capacity_mw"] == 1000
    assert projects.loc["c", "capacity_mw"] == 12.5  # a quantity keeps its fraction
    assert projects.loc["c", "capacity_mw_flag"] == "estimated"
    assert projects["sector_code"].fillna("").tolist() == ["23", "35", "35", ""]
    assert list(projects["sector_code_flag"]) == ["derived", "derived", "derived", ""]
    stages = projects["stage"].fillna("").tolist()
    assert stages == ["launched", "under_construction", "announced", ""]
    assert projects.loc["d", "stage_text"] == "посетил аким"
    assert projects["year"].tolist() == [2024, 2025, 2026, 2025]
    # the project kzgeo cannot classify stays valid, and the warnings name the words
    assert projects.loc["d", "row_status"] == "ok"
    warned = {i.field: i.message for i in reg.warnings if i.row == 5}
    assert "квантовые" in warned["sector"]
    assert "кристаллы" in warned["sector"]
    assert "посетил" in warned["stage"]
    regions = result.regions.set_index("iso_3166_2")
    assert regions.loc["KZ-71", "capacity_mw"] == 500  # half of b's 1000 MW
    assert regions.loc["KZ-75", "capacity_mw"] == 12.5
    assert regions.loc["KZ-75", "capacity_mw_estimated"] == 12.5
    assert regions.loc["KZ-75", "capacity_mw_sector_C"] == 0
    assert regions.loc["KZ-75", "capacity_mw_sector_D"] == 12.5
    assert regions.loc["KZ-23", "investment_kzt_sector_unclassified"] == 1e9
    assert regions.loc["KZ-75", "jobs_stage_launched"] == 100
    # the reconciliation checks the declared figure too: 1000 + 12.5 = 1012.5, and says that
    # two projects give no capacity
    checks = {c.figure: c for c in result.reconciliation.checks}
    assert checks["capacity_mw"].parts_sum == 1012.5
    assert checks["capacity_mw"].status == "incomplete"


def test_declared_figure_reaches_every_output(tmp_path):
    result = kzgeo.build(_three_sector_register(tmp_path), policy="equal")
    out = tmp_path / "out"
    kzgeo.export_tables(result, out)
    kzgeo.export_gis(result, out)
    regions = pd.read_csv(out / "regions.csv", dtype={"iso_3166_2": str})
    assert regions.set_index("iso_3166_2").loc["KZ-75", "capacity_mw"] == 12.5
    long = pd.read_csv(out / "region_sector.csv", dtype={"sector_code": str})
    assert set(long["sector_code"]) == {"23", "35", "unclassified"}
    summary = pd.read_csv(out / "summary.csv").set_index("figure")
    assert summary.loc["capacity_mw", "national_total"] == 1012.5
    import pyogrio  # noqa: PLC0415

    info = pyogrio.read_info(out / "kzgeo.gpkg", layer="regions")
    assert "capacity_mw_sector_D" in list(info["fields"])


def _project(result: kzgeo.BuildResult, project_id: str) -> dict[str, object]:
    """A project as the map gives it to its cards: a plain dict, without the table's attrs."""
    row = result.register.projects.set_index("project_id").loc[project_id]
    return {str(k): v for k, v in row.items()}


def test_cards_use_the_declared_label_in_each_language(tmp_path):
    result = kzgeo.build(_three_sector_register(tmp_path), policy="equal")
    row = result.regions.set_index("iso_3166_2").loc["KZ-71"].copy()
    row["iso_3166_2"] = "KZ-71"
    card = cards.region_card(row, policy="equal", lang="kk", figures=result.register.figures)
    assert ["Қуаты", "500 MW"] in card["rows"]
    project = _project(result, "b")
    site = result.sites.set_index("site_id").loc["b1"]
    _, popup = cards.site_card(site, project, {}, lang="ru", figures=result.register.figures)
    labels = [r[0] for r in popup["rows"]]
    assert "Мощность" in labels
    assert "Стадия" in labels


def test_two_registers_in_one_process_keep_their_own_labels(tmp_path):
    # the same figure name declared twice, differently: each register's tables carry its own
    first = kzgeo.build(_three_sector_register(tmp_path / "a"), policy="equal")
    other_yaml = (
        "capacity_mw: {kind: quantity, unit: kW, label: {en: Output, ru: Выработка, kk: Өндіріс}}"
    )
    other = write_register(
        tmp_path / "b",
        PROJECTS_HEADER
        + "x,X,wind farm,,строится,2025,1 bn,reported,s,1,reported,s,7,reported,s\n",
        SITES_HEADER + "x1,x,KZ-75\n",
        manifest=MANIFEST.replace(FIGURES_YAML.strip().splitlines()[1].strip(), other_yaml),
    )
    second = kzgeo.build(other, policy="equal")
    assert second.register.figures["capacity_mw"].unit == "kW"
    for result, site_id, label, unit in (
        (first, "b1", "Capacity", "MW"),
        (second, "x1", "Output", "kW"),
    ):
        _, row = next(result.regions.iterrows())
        assert cards.card_figures(row)["capacity_mw"].label["en"] == label
        site = result.sites.set_index("site_id").loc[site_id]
        _, popup = cards.site_card(site, _project(result, site["project_id"]), {}, lang="en")
        assert label in [r[0] for r in popup["rows"] if r]
        assert cards.figure_text(site, None, "capacity_mw").endswith(f" {unit}")
    spec = filter_spec(
        first.sites,
        first.regions,
        first.register.projects,
        region_id="iso_3166_2",
        figures=["capacity_mw"],
        layers=[],
        marker_ids=[],
        lang="en",
    )
    assert spec is not None
    assert spec["figures"] == [{"figure": "capacity_mw", "label": "Capacity", "unit": "MW"}]


def _stated(value: str) -> str:
    return f"stated_totals:\n  capacity_mw: {{value: {value}, source: s}}\n"


@pytest.mark.parametrize(
    ("stated", "status", "difference"), [("1500", "agrees", 0.0), ("1600", "disagrees", -100.0)]
)
def test_reconciliation_of_a_declared_figure(tmp_path, stated, status, difference):
    folder = write_register(
        tmp_path / "r",
        "project_id,company,capacity_mw,capacity_mw_flag,capacity_mw_basis\n"
        "a,A,1000,reported,s\nb,B,500,reported,s\n",
        manifest=MANIFEST + _stated(stated),
    )
    check = {c.figure: c for c in kzgeo.reconcile(kzgeo.load_register(folder)).checks}
    assert check["capacity_mw"].status == status
    assert check["capacity_mw"].parts_sum == 1500
    assert check["capacity_mw"].difference == difference


@pytest.mark.parametrize(
    ("declaration", "field", "words"),
    [
        ("  power: {kind: energy, unit: MW, label: {en: P, ru: P, kk: P}}", "figures.power.kind",
         "energy"),
        ("  jobs: {kind: count, unit: jobs, label: {en: J, ru: J, kk: J}}", "figures.jobs",
         "built-in"),
        ("  share: {kind: quantity, unit: x, label: {en: S, ru: S, kk: S}}", "figures.share",
         "already has"),
        ("  sector: {kind: count, unit: x, label: {en: S, ru: S, kk: S}}", "figures.sector",
         "already has"),
        ("  power: {kind: quantity, label: {en: P, ru: P, kk: P}}", "figures.power.unit",
         "missing unit"),
        ("  power: {kind: quantity, unit: MW}", "figures.power.label", "missing label"),
        ("  power: {kind: quantity, unit: MW, label: {en: P}}", "figures.power.label", "ru, kk"),
        ("  power: {kind: money, unit: KZT, label: {en: P, ru: P, kk: P}}", "figures.power.kind",
         "built in"),
    ],
)  # fmt: skip
def test_bad_declarations_name_file_key_and_what_to_do(tmp_path, declaration, field, words):
    folder = write_register(
        tmp_path / "r",
        "project_id,company\na,A\n",
        manifest="schema: kzgeo-register/1\ntitle: t\nfigures:\n" + declaration + "\n",
    )
    with pytest.raises(RegisterError) as caught:
        kzgeo.load_register(folder)
    issues = [i for i in caught.value.issues if i.field == field]
    assert issues, [str(i) for i in caught.value.issues]
    assert words in issues[0].message
    assert str(issues[0].file).endswith("register.yaml")
    assert issues[0].hint


def test_a_stated_total_of_an_undeclared_figure_says_to_declare_it(tmp_path):
    folder = write_register(
        tmp_path / "r",
        "project_id,company\na,A\n",
        manifest="schema: kzgeo-register/1\ntitle: t\nsources: {s: {url: https://x.org}}\n"
        "stated_totals:\n  capacity_mw: {value: 5, source: s}\n",
    )
    with pytest.raises(RegisterError, match="declare capacity_mw under figures"):
        kzgeo.load_register(folder)


@pytest.mark.parametrize("year", ["20x5", "1066", "2025-26", "3000"])
def test_a_bad_year_is_an_error_naming_row_and_field(tmp_path, year):
    folder = write_register(tmp_path / "r", f"project_id,company,year\na,A,2024\nb,B,{year}\n")
    reg = kzgeo.load_register(folder, errors="flag")
    [issue] = reg.errors
    assert (issue.row, issue.field) == (3, "year")
    assert year in issue.message
    assert reg.projects["row_status"].tolist() == ["ok", "invalid"]


def test_headers_in_russian_and_kazakh(tmp_path):
    folder = write_register(
        tmp_path / "r",
        "project_id,company,Отрасль,Код ОКЭД,Статус,Жыл,Мощность\n"
        "a,A,цемент,,іске қосылды,2025 г.,300\n"
        "b,B,что-то,c,начато строительство,2024,\n",
        manifest=MANIFEST,
    )
    reg = kzgeo.load_register(folder, errors="flag")
    p = reg.projects
    assert p["sector_code"].tolist() == ["23", "C"]
    assert p["sector_code_flag"].tolist() == ["derived", "reported"]
    assert p["stage"].tolist() == ["launched", "under_construction"]
    assert p["year"].tolist() == [2025, 2024]
    assert p["capacity_mw"].tolist()[0] == 300  # the Russian label names the declared column


# ---------------------------------------------------------------------------------------------
# property: totals per region and per sector equal the sums of the site shares of valid rows


@st.composite
def random_registers(draw):
    n = draw(st.integers(1, 6))
    projects, sites, expected = [], [], []
    for p in range(n):
        sector, code = draw(st.sampled_from(SECTORS))
        stage_text, stage = draw(st.sampled_from(STAGES_WRITTEN))
        invalid = draw(st.booleans()) and draw(st.booleans())  # about one in four
        jobs = draw(st.one_of(st.none(), st.integers(0, 5000)))
        mw = draw(st.one_of(st.none(), st.integers(0, 200_000)))  # hundredths of a MW
        kzt = draw(st.integers(1, 500))  # bn
        cells = [
            f"p{p}",
            f"C{p}",
            sector,
            "",
            stage_text,
            "20x5" if invalid else "2025",
            f"{kzt} bn",
            "reported",
            "s",
            "" if jobs is None else str(jobs),
            "" if jobs is None else "reported",
            "" if jobs is None else "s",
            "" if mw is None else f"{mw / 100:.2f}",
            "" if mw is None else draw(st.sampled_from(["reported", "estimated"])),
            "" if mw is None else "s",
        ]
        projects.append(",".join(cells))
        places = draw(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=3))
        sites += [f"p{p}s{i},p{p},{r}" for i, r in enumerate(places)]
        if not invalid:
            capacity = None if mw is None else mw / 100
            values = {"investment_kzt": kzt * 1e9, "jobs": jobs, "capacity_mw": capacity}
            expected += [(r, code, stage, values, 1 / len(places)) for r in places]
    return "\n".join(projects) + "\n", "\n".join(sites) + "\n", expected


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(random_registers())
def test_totals_per_region_and_sector_equal_the_site_shares(tmp_path, data):
    projects_csv, sites_csv, expected = data
    folder = write_register(
        tmp_path / "prop", PROJECTS_HEADER + projects_csv, SITES_HEADER + sites_csv, MANIFEST
    )
    reg = kzgeo.load_register(folder, errors="flag")
    sites = kzgeo.allocate(kzgeo.assign_regions(kzgeo.geocode(reg)), reg.projects, policy="equal")
    layer = kzgeo.region_layer(sites, reg.projects, policy="equal", resolution="map")
    layer = layer.set_index("iso_3166_2")
    long = sector_stage_totals(sites)
    by_region: dict[tuple[str, str], float] = defaultdict(float)
    by_sector: dict[tuple[str, str, str], float] = defaultdict(float)
    for region, code, stage, values, share in expected:
        for fig, value in values.items():
            if value is None:
                continue
            by_region[region, fig] += value * share
            key = code or "unclassified"
            by_sector[region, key, fig] += value * share
            section = section_of(code) if code else "unclassified"
            by_region[region, f"{fig}_sector_{section}"] += value * share
            by_region[region, f"{fig}_stage_{stage or 'unknown'}"] += value * share
    for fig in ("investment_kzt", "jobs", "capacity_mw"):
        for region in REGIONS:
            got = layer.loc[region, fig]
            want = by_region.get((region, fig), 0.0)
            assert math.isclose(0 if pd.isna(got) else got, want, rel_tol=1e-9, abs_tol=1e-9)
            for column in [c for c in layer.columns if c.startswith(f"{fig}_sector_")]:
                want = by_region.get((region, column), 0.0)
                assert math.isclose(layer.loc[region, column], want, rel_tol=1e-9, abs_tol=1e-9)
            stage_parts = [c for c in layer.columns if c.startswith(f"{fig}_stage_")]
            total = 0 if pd.isna(got) else got
            assert math.isclose(layer.loc[region, stage_parts].sum(), total, abs_tol=1e-6)
        summed = long.groupby(["region_iso", "sector_code"])[fig].sum()
        for (region, code, name), want in by_sector.items():
            if name == fig:
                assert math.isclose(summed.get((region, code), 0.0), want, rel_tol=1e-9)
