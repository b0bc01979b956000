"""Several registers in one build (issue 14): rows kept, duplicates found, totals per register.

The expected totals are computed here from the input CSVs themselves (the seed's figures are
read with a regular expression, its regions from the sites' own region column and the ISO
3166-2:KZ codes), not from kzgeo's reader.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import kzgeo
from kzgeo.cli.main import main
from kzgeo.errors import InputError, UsageError
from kzgeo.register import seed_path
from kzgeo.register.combine import company_key
from tests.conftest import write_register

SEED_ID = "kz-pharma-2026-01"
# ISO 3166-2:KZ codes of the regions the test registers name
ISO = {
    "Almaty": "KZ-75",
    "Almaty Region": "KZ-19",
    "Turkistan Region": "KZ-61",
    "Karaganda Region": "KZ-35",
    "Zhambyl Region": "KZ-31",
    "Shymkent": "KZ-79",
}
HEADER = (
    "project_id,company,investment_kzt,investment_kzt_flag,investment_kzt_basis,"
    "jobs,jobs_flag,jobs_basis\n"
)
SITES = "site_id,project_id,role,settlement,region\n"
SECOND = (
    HEADER
    + "alt,ТОО «АльтИнФарм»,58500000000,reported,https://example.org/a,60,reported,https://example.org/a\n"
    + "steel,ТОО «Карагандинский литейный завод»,100000000000,reported,https://example.org/s,500,reported,https://example.org/s\n"
    + "wind,Zhanatas Wind LLP,20000000000,reported,https://example.org/w,40,reported,https://example.org/w\n",
    SITES
    + "alt-1,alt,primary,,Almaty\n"
    + "steel-1,steel,primary,Темиртау,Karaganda Region\n"
    + "wind-1,wind,primary,,Zhambyl Region\n",
)


def _manifest(rid: str, extra: str = "") -> str:
    return f"schema: kzgeo-register/1\nid: {rid}\ntitle: Test register {rid}\n{extra}"


@pytest.fixture(scope="module")
def second(tmp_path_factory) -> Path:
    """A second register: one seed project spelled otherwise, and two new projects."""
    folder = tmp_path_factory.mktemp("regs") / "second"
    return write_register(folder, *SECOND, manifest=_manifest("second"))


@pytest.fixture(scope="module")
def combined(second):
    return kzgeo.build([seed_path(), second])


def _number(text: str) -> float:
    """Read '58.5 bn', 'around 60', 'at least 200' or '58500000000' (the test's own reader)."""
    found = re.search(r"\d+(?:\.\d+)?", str(text))
    assert found is not None, text
    value = float(found.group())
    return value * 1e9 if " bn" in str(text) else value


def _expected(folder: Path, *, skip: tuple[str, ...] = ()) -> pd.DataFrame:
    """Investment and jobs by region of the primary sites, straight from the CSV files."""
    projects = pd.read_csv(folder / "projects.csv", dtype=str)
    sites = pd.read_csv(folder / "sites.csv", dtype=str)
    primary = sites[sites["role"] == "primary"].set_index("project_id")["region"]
    projects = projects[~projects["project_id"].isin(skip)]
    return pd.DataFrame(
        {
            "region": projects["project_id"].map(primary).map(ISO).to_numpy(),
            "investment_kzt": projects["investment_kzt"].map(_number).to_numpy(),
            "jobs": projects["jobs"].map(_number).to_numpy(),
        }
    )


FIGS = ("investment_kzt", "jobs")


def _by_region(frame: pd.DataFrame) -> dict[str, float]:
    sums = frame.groupby("region")[list(FIGS)].sum()
    return {f"{k} {f}": float(v[f]) for k, v in sums.iterrows() for f in FIGS}


def _layer(regions: pd.DataFrame) -> dict[str, float]:
    rows = regions[regions["has_projects"]]
    return {f"{r.iso_3166_2} {f}": float(r[f]) for _, r in rows.iterrows() for f in FIGS}


def test_the_duplicate_is_found_whatever_the_spelling(combined):
    dupes = combined.duplicates
    assert len(dupes) == 1
    pair = dupes.iloc[0]
    assert (pair.first_key, pair.second_key, pair.match) == (
        f"{SEED_ID}/altinfarm",
        "second/alt",
        "duplicate",
    )
    assert "same region KZ-75" in pair.why
    assert "ТОО «АльтИнФарм»" in pair.why
    assert "AltINFARM" in pair.why
    assert pair.first_investment_kzt == pair.second_investment_kzt == 58.5e9
    sites = combined.sites.set_index("project_key")
    assert sites.loc["second/alt", "row_status"] == f"duplicate_of:{SEED_ID}/altinfarm"
    assert sites.loc["second/alt", "project_id"] == "alt"  # the id as written
    assert sites.loc["second/steel", "row_status"] == "ok"


def test_combined_totals_are_the_seed_plus_the_two_new_projects(combined, second):
    expected = pd.concat([_expected(seed_path()), _expected(second, skip=("alt",))])
    assert _layer(combined.regions) == pytest.approx(_by_region(expected))
    summary = combined.summary.set_index(["scope", "register_id", "figure"])
    jobs = summary.loc[("combined", "", "jobs")]
    assert jobs.national_total == pytest.approx(expected["jobs"].sum())
    assert jobs.left_out_as_duplicate == 60
    assert summary.loc[("register", "second", "jobs"), "left_out_as_duplicate"] == 60


def test_per_register_totals_equal_each_register_built_alone(combined, second):
    totals = combined.register_totals
    for rid, path in ((SEED_ID, seed_path()), ("second", second)):
        alone = kzgeo.build(path)
        mine = totals[(totals["register_id"] == rid) & (totals["scope"] == "region")]
        got = mine.pivot_table(index="region", columns="figure", values="total")
        want = alone.regions[alone.regions["has_projects"]].set_index("iso_3166_2")
        assert sorted(got.index) == sorted(want.index)
        for fig in ("investment_kzt", "investment_usd", "jobs"):
            assert got[fig].to_dict() == pytest.approx(want[fig].to_dict())
        national = totals[(totals["register_id"] == rid) & (totals["scope"] == "national")]
        own = alone.summary.set_index("figure")["national_total"]
        assert national.set_index("figure")["total"].to_dict() == pytest.approx(
            own[national["figure"]].to_dict()
        )
    # what each register adds to the combined totals sums to the combined layer
    counted = totals[totals["scope"] == "region"].groupby(["region", "figure"])["in_combined"]
    layer = combined.regions.set_index("iso_3166_2")
    for (region, fig), value in counted.sum(min_count=1).items():  # NaN: no one gives it
        assert value == pytest.approx(layer.at[region, fig], nan_ok=True), (region, fig)


def test_keep_duplicates_counts_both_and_says_so(combined, second):
    both = kzgeo.build([seed_path(), second], keep_duplicates=True)
    expected = pd.concat([_expected(seed_path()), _expected(second)])
    assert _layer(both.regions) == pytest.approx(_by_region(expected))
    assert not both.sites["row_status"].str.startswith("duplicate_of:").any()
    assert both.duplicates is not None
    assert both.combination is not None
    assert both.duplicates.iloc[0].action == "both counted (--keep-duplicates)"
    assert "counted in both registers (--keep-duplicates)" in both.combination.notes()[0]
    kept = both.regions.set_index("iso_3166_2").at["KZ-75", "jobs"]
    assert kept == combined.regions.set_index("iso_3166_2").at["KZ-75", "jobs"] + 60


@pytest.mark.parametrize(
    ("row", "region", "reason"),
    [
        # same company, same figures, another region: perhaps a second plant
        ("n2,Nobel Almaty Pharmaceutical Factory JSC,39200000000,200", "Shymkent", "other place"),
        # same company and region, jobs three times as many: not the same figures
        ("n2,АО «Нобел Алматинская фармацевтическая фабрика»,39200000000,600", "Almaty", "too far"),
    ],
)
def test_a_near_miss_is_reported_as_possible_and_counted_in_both(tmp_path, row, region, reason):
    name, fig = row.split(",")[1], row.split(",")
    cells = f"{fig[0]},{name},{fig[2]},reported,https://example.org/n,{fig[3]},reported,https://example.org/n\n"
    folder = write_register(
        tmp_path / "near", HEADER + cells, SITES + f"n2-1,n2,primary,,{region}\n"
    )
    result = kzgeo.build([seed_path(), folder])
    assert result.duplicates is not None
    assert result.combination is not None
    pair = result.duplicates.set_index("second_key").loc["near/n2"]
    assert pair.first_key == f"{SEED_ID}/nobel-aff"
    assert pair.match == "possible"
    assert reason in pair.why
    assert (result.sites["row_status"] == "ok").sum() == 6  # nothing left out
    expected = pd.concat([_expected(seed_path()), _expected(folder)])
    assert _layer(result.regions) == pytest.approx(_by_region(expected))
    assert "1 possible duplicate(s)" in result.combination.notes()[0]
    # a wider tolerance makes the second case one project; another place never does
    wide = kzgeo.build([seed_path(), folder], duplicate_tolerance=0.9)
    assert wide.duplicates is not None
    assert wide.duplicates.iloc[0].match == ("possible" if region == "Shymkent" else "duplicate")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("ТОО «АльтИнФарм»", "AltINFARM LLP", True),
        ("Alt-INPHARM LLP", "ТОО «АлтИНФАРМ»", True),
        ('АО "Нобел"', "Nobel JSC", True),
        ("ЖШС «Қармет»", "Qarmet LLP", True),
        ("MSP-ROMPHARM", "ТОО «МСП-РОМФАРМ»", True),
        ("AltINFARM", "Abdi Ibrahim", False),
        ("Nobel", "Noble", False),
        ("LLP", "ТОО", False),  # only a legal form: no name to compare
    ],
)
def test_company_key(a, b, same):
    assert (company_key(a) == company_key(b) and company_key(a) != "") is same


def test_a_list_of_one_is_the_one_register_build():
    one, listed = kzgeo.build(seed_path()), kzgeo.build([seed_path()])
    assert listed.combination is None
    assert listed.duplicates is None
    pd.testing.assert_frame_equal(one.summary, listed.summary)
    assert list(one.sites.columns) == list(listed.sites.columns)


def test_the_same_register_twice_is_refused():
    with pytest.raises(UsageError, match="both have the id"):
        kzgeo.build([seed_path(), seed_path()])


def test_rates_and_sources_are_kept_per_register(tmp_path):
    rate = (
        "sources:\n  astanatimes: {url: https://example.org/other-astanatimes}\n"
        "exchange_rate: {kzt_per_usd: 470, date: 2025-06-01, source: https://example.org/r}\n"
    )
    folder = write_register(
        tmp_path / "ratereg",
        HEADER + "w,Wind LLP,47000000000,reported,astanatimes,10,reported,astanatimes\n",
        SITES + "w-1,w,primary,,Zhambyl Region\n",
        manifest=_manifest("rated", rate),
    )
    result = kzgeo.build([seed_path(), folder])
    urls = {k: s.url for k, s in result.register.sources.items()}
    assert urls["rated/astanatimes"] == "https://example.org/other-astanatimes"
    assert urls[f"{SEED_ID}/astanatimes"].startswith("https://astanatimes.com/")
    assert result.combination is not None
    notes = " ".join(result.combination.notes())
    assert "rated: 470 KZT/USD (2025-06-01" in notes
    assert f"{SEED_ID}: 505.71 KZT/USD" in notes
    projects = result.combination.projects.set_index("project_key")
    assert projects.at["rated/w", "investment_usd"] == pytest.approx(47e9 / 470)
    assert projects.at[f"{SEED_ID}/abdi-ibrahim", "investment_usd"] == pytest.approx(39e9 / 505.71)
    layer = result.regions.set_index("iso_3166_2")
    assert layer.at["KZ-31", "investment_usd"] == pytest.approx(1e8)
    # no one rate is true of the combined layer: NaN there, both named on the map's cards
    assert layer["kzt_per_usd"].isna().all()
    shown = result.combination.with_rates(result.regions)["kzt_per_usd"].iloc[0]
    assert shown == f"505.71 ({SEED_ID}) / 470 (rated)"
    files = kzgeo.export_tables(result, tmp_path / "out")
    data = json.loads(
        (tmp_path / "out" / "reconciliation.json").read_text(encoding="utf-8"),
        parse_constant=lambda c: pytest.fail(f"{c} in JSON"),
    )
    assert data["kzt_per_usd_by_register"]["rated"]["rate"] == 470
    assert any("different KZT/USD rates" in n for n in data["combination"])
    assert "register_totals.csv" in {f.name for f in files}


def _rows_of(folder: Path) -> int:
    return len(pd.read_csv(folder / "sites.csv"))


def test_cli_builds_several_registers(tmp_path, second, capsys):
    out = tmp_path / "out"
    code = main(["build", str(seed_path()), str(second), "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "1 duplicate project(s) found across 2 registers" in printed
    assert "left out of the combined totals" in printed
    sites = pd.read_csv(out / "sites.csv", encoding="utf-8-sig")
    assert len(sites) == _rows_of(seed_path()) + _rows_of(second)
    assert sites["row_status"].notna().all()
    assert sites["register_id"].notna().all()
    assert sites.groupby("register_id").size().to_dict() == {SEED_ID: 5, "second": 3}
    totals = pd.read_csv(out / "register_totals.csv", encoding="utf-8-sig")
    assert set(totals["register_id"]) == {SEED_ID, "second"}
    dupes = pd.read_csv(out / "duplicates.csv", encoding="utf-8-sig")
    assert dupes["second_key"].tolist() == ["second/alt"]
    issues = pd.read_csv(out / "issues.csv", encoding="utf-8-sig", dtype=str)
    warning = issues[issues["message"].str.contains(f"same project as {SEED_ID}/altinfarm")]
    assert warning[["register_id", "file", "row", "field"]].to_numpy().tolist() == [
        ["second", "projects.csv", "2", "company"]
    ]
    data = json.loads(
        (out / "reconciliation.json").read_text(encoding="utf-8"),
        parse_constant=lambda c: pytest.fail(f"{c} in JSON"),
    )
    assert set(data["registers"]) == {SEED_ID, "second"}
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Registers in this build" in report
    assert "second/alt" in report
    assert f"duplicate: {SEED_ID}/altinfarm" in report  # its site row names the copy counted
    md = (out / "reconciliation.md").read_text(encoding="utf-8")
    assert f"## Register {SEED_ID}" in md
    assert "## Register second" in md


def test_cli_keep_duplicates_and_exit_codes(tmp_path, second, capsys):
    code = main(["build", str(seed_path()), str(second), "-o", str(tmp_path / "k"), "-q"])
    assert code == 0
    assert "left out of the combined totals" in capsys.readouterr().err  # said even with -q
    code = main(
        ["build", str(seed_path()), str(second), "-o", str(tmp_path / "b"), "--keep-duplicates"]
    )
    assert code == 0
    assert "counted in both registers (--keep-duplicates)" in capsys.readouterr().out
    # the same register twice, a missing one, a bad tolerance: usage errors
    assert main(["build", str(seed_path()), str(seed_path()), "-o", str(tmp_path / "x")]) == 2
    assert "both have the id" in capsys.readouterr().err
    assert main(["build", str(seed_path()), str(tmp_path / "nope"), "-o", str(tmp_path / "y")]) == 2
    with pytest.raises(SystemExit) as stop:
        main(
            [
                "build",
                str(seed_path()),
                str(second),
                "-o",
                str(tmp_path / "z"),
                "--duplicate-tolerance",
                "5",
            ]
        )
    assert stop.value.code == 2
    # a register with an error row: the build goes on, the exit code says so
    bad = write_register(
        tmp_path / "bad",
        HEADER + "b1,Bad LLP,lots,reported,x,1,reported,x\n",
        SITES + "b1-1,b1,primary,,Almaty\n",
        manifest=_manifest("bad"),
    )
    assert main(["build", str(seed_path()), str(bad), "-o", str(tmp_path / "e"), "-q"]) == 1
    sites = pd.read_csv(tmp_path / "e" / "sites.csv", encoding="utf-8-sig")
    assert sites.set_index("site_id").at["b1-1", "row_status"] == "project-invalid"


def test_a_figure_declared_in_two_units_is_refused(tmp_path):
    figure = (
        "figures:\n  capacity_mw: {{kind: quantity, unit: {unit}, "
        "label: {{en: Capacity, ru: Мощность, kk: Қуаты}}}}\n"
    )
    rows = (
        "project_id,company,capacity_mw,capacity_mw_flag,capacity_mw_basis\n"
        "p,Solar LLP,100,reported,https://example.org/s\n"
    )
    folders = [
        write_register(
            tmp_path / rid,
            rows,
            SITES + "p-1,p,primary,,Almaty\n",
            manifest=_manifest(rid, figure.format(unit=unit)),
        )
        for rid, unit in (("mw", "MW"), ("kw", "kW"))
    ]
    with pytest.raises(InputError, match="a quantity in kW here and as a quantity in MW in mw"):
        kzgeo.build(folders)


def test_cli_builds_bundled_registers_by_name(tmp_path, capsys):
    out = tmp_path / "named"
    assert main(["build", "kz-pharma-2026", "kz-industry", "--out", str(out)]) == 0
    assert "duplicate project(s) found across 2 registers" in capsys.readouterr().out
    sites = pd.read_csv(out / "sites.csv", encoding="utf-8-sig")
    bundled = seed_path().parent / "kz-industry"
    assert len(sites) == _rows_of(seed_path()) + _rows_of(bundled)
    assert sites["row_status"].notna().all()
    assert set(sites["register_id"]) == {SEED_ID, kzgeo.load_register(bundled).meta["id"]}
