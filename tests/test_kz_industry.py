"""The second bundled register ``kz-industry`` (issue 14) and bundled registers by name.

The register is built by scripts/build_kz_industry.py from the dev corpus
(tests/fixtures/real_registers/dev). What is checked here, against the corpus and the register's
own files read with pandas and yaml (not through kzgeo):

- ``kzgeo build kz-industry`` exits 0, writes every output, has no error, and every project is
  in ``sites.csv`` with a status;
- the cells kzgeo must read are the corpus's, as written (apart from the listed edits);
- every source a row cites (``source_urls``, ``*_basis`` ids, URLs in ``notes``) is in the
  manifest, and the register's README lists every one of those URLs;
- the committed files are what the script builds from the corpus and the codes table.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest
import yaml

import kzgeo
from kzgeo.cli.main import main
from kzgeo.errors import RegisterError
from kzgeo.export.gis import gis_file_names
from kzgeo.export.outputs import LAYERS, MAP_FILES, REPORTS, TABLES
from kzgeo.register import bundled_register_path, bundled_registers, seed_path
from kzgeo.register.bundled import resolve_register
from kzgeo.register.sectors import classify_sector, section_of, sector_label

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "data" / "registers" / "kz-industry"
CORPUS = ROOT / "tests" / "fixtures" / "real_registers" / "dev"
CODES = ROOT / "data" / "curated" / "kz_industry_codes.csv"
URL = re.compile(r"https?://[^\s;,]+")
# cells the script changes, with the corpus text that must then be in the row's notes
EDITED = {("polyethylene-karabatan", "investment"), ("rudny-iron-ore-processing", "jobs")}
AS_WRITTEN = ("company", "investment", "jobs", "sector", "stage", "year", "lang", "notes")


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("kz-industry")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "kzgeo", "build", "kz-industry", "--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=out,  # not the repository: the name must resolve to the bundled folder
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def manifest():
    return yaml.safe_load((REGISTER / "register.yaml").read_text(encoding="utf-8"))


def test_build_writes_every_output(built):
    expected = {*gis_file_names(("gpkg",), LAYERS), *TABLES, *REPORTS, *MAP_FILES}
    assert {p.name for p in built.iterdir()} == expected
    assert all((built / name).stat().st_size > 0 for name in expected)


def test_every_project_in_sites_with_a_status(built):
    projects = _csv(REGISTER / "projects.csv")
    sites = _csv(built / "sites.csv")
    assert len(projects) >= 60
    assert set(sites["project_id"]) == set(projects["project_id"])
    for column in ("row_status", "geocode_status", "join_status", "project_row_status"):
        assert (sites[column] != "").all(), column


def test_no_error_comes_from_the_register(built):
    issues = _csv(built / "issues.csv")
    errors = issues[issues["level"] == "error"]
    assert errors.empty, errors.to_string()
    sites = _csv(built / "sites.csv")
    bad = sites[(sites["row_status"] != "ok") | (sites["project_row_status"] != "ok")]
    assert bad.empty, bad[["project_id", "row_issues"]].to_string()


def test_what_kzgeo_reads(built):
    """Measured: sites placed in a region, figures read; every figure cell gives a number."""
    sites = _csv(built / "sites.csv")
    placed = sites[sites["region_iso"] != ""]
    assert (placed["precision"].astype(int) <= 5).all()
    reg = kzgeo.load_register("kz-industry")
    projects = reg.projects.set_index("project_id")
    raw = _csv(REGISTER / "projects.csv").set_index("project_id")
    money = raw["investment"].ne("") | raw["investment_usd"].ne("")
    read_money = projects["investment_kzt"].notna() | projects["investment_usd"].notna()
    unread = raw.index[money & ~read_money].tolist()
    unread += raw.index[raw["jobs"].ne("") & projects["jobs"].isna()].tolist()
    assert not unread, unread
    print(  # noqa: T201 - the counts are what this register shows of kzgeo
        f"\nkz-industry: {len(sites)} sites, {len(placed)} placed in a region "
        f"(precision <= 4: {(placed['precision'].astype(int) <= 4).sum()}, "
        f"geocode ok: {(placed['geocode_status'] == 'ok').sum()}); figures read: "
        f"{int(money.sum())} investment, {int(raw['jobs'].ne('').sum())} jobs"
    )


def test_cells_are_the_corpus_as_written():
    corpus = _csv(CORPUS / "projects.csv").set_index("project_id")
    projects = _csv(REGISTER / "projects.csv").set_index("project_id")
    sites = _csv(REGISTER / "sites.csv").set_index("project_id")
    assert list(projects.index) == list(corpus.index)
    for pid, row in corpus.iterrows():
        cells = projects.loc[str(pid)]  # every cell a str (read with dtype=str)
        assert sites.loc[str(pid), "location"] == row["location"], pid
        assert str(cells["source_urls"]).split("; ") == row["source_urls"].split(), pid
        for column in AS_WRITTEN:
            if (pid, column) in EDITED:
                assert row[column] in str(cells["notes"]), (pid, column)
                assert cells[column] == "", (pid, column)
            elif column == "notes":
                assert str(cells[column]).startswith(row[column]), pid
            else:
                assert cells[column] == row[column], (pid, column)


def test_edited_figures_are_flagged():
    projects = _csv(REGISTER / "projects.csv").set_index("project_id")
    row = projects.loc["polyethylene-karabatan"]
    assert row["investment_usd_flag"] == "estimated"
    assert "$7.7 billion tenge" in row["investment_usd_basis"]
    others = projects.drop(index="polyethylene-karabatan")
    assert (others[["investment_usd", "investment_usd_flag"]] == "").all().all()


def test_every_cited_source_is_in_the_manifest(manifest):
    sources = manifest["sources"]
    urls = {s["url"] for s in sources.values()}
    projects = _csv(REGISTER / "projects.csv")
    sites = _csv(REGISTER / "sites.csv")
    cited = {u for cell in projects["source_urls"] for u in cell.split("; ") if u}
    cited |= {u.rstrip(").") for cell in projects["notes"] for u in URL.findall(cell)}
    assert cited <= urls, sorted(cited - urls)
    assert urls <= cited, sorted(urls - cited)  # no source nobody cites
    for table, column in ((projects, "jobs_basis"), (sites, "location_basis")):
        ids = {t for cell in table[column] for t in cell.split("; ") if t}
        assert ids <= set(sources), sorted(ids - set(sources))
    # each row's basis names exactly the sources of its own URLs
    by_url = {s["url"]: sid for sid, s in sources.items()}
    for row in sites.merge(projects, on="project_id").itertuples():
        cited_urls = str(row.source_urls).split("; ")
        assert str(row.location_basis).split("; ") == [by_url[u] for u in cited_urls], (
            row.project_id
        )


def test_readme_lists_every_source_url(manifest):
    text = (REGISTER / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"<(https?://[^>]+)>", text))
    used = {s["url"] for s in manifest["sources"].values()}
    assert used <= listed, sorted(used - listed)
    for heading in ("## How the rows were chosen", "## Columns", "## Figures are as reported"):
        assert heading in text


def test_manifest_describes_the_register(manifest):
    assert manifest["id"] == "kz-industry"
    assert manifest["title"]
    assert manifest["description"]
    assert "MIT" in manifest["licence"]
    for sid, spec in manifest["sources"].items():
        assert spec["url"].startswith("http"), sid
        assert spec["publisher"], sid


def test_every_project_has_a_sector_code():
    codes = _csv(CODES)
    projects = _csv(REGISTER / "projects.csv")
    assert codes["project_id"].is_unique
    assert set(codes["project_id"]) == set(projects["project_id"])
    assert codes["sector_code"].str.fullmatch(r"[A-U]|\d{2}").all()
    assert (codes["reason"].str.strip() != "").all()
    merged = projects.merge(codes, on="project_id", suffixes=("", "_table"))
    assert (merged["sector_code"] == merged["sector_code_table"]).all()
    assert projects["sector_code"].nunique() >= 10  # multi-sector, as the issue asks


def test_sector_codes_are_oked_codes():
    """Each code is in the OKED table; agreement with kzgeo's own classifier is printed."""
    projects = _csv(REGISTER / "projects.csv")
    assert all(section_of(code) is not None for code in projects["sector_code"])
    assert all(sector_label(code) for code in projects["sector_code"])
    derived = [classify_sector(text)[0] for text in projects["sector"]]
    agree = sum(d == code for d, code in zip(derived, projects["sector_code"], strict=True))
    print(  # noqa: T201 - a measurement: hand codes against classify_sector on the same text
        f"\nkz-industry: classify_sector(sector) equals the compiler's code on {agree} of "
        f"{len(projects)} rows"
    )


def test_script_rebuilds_the_committed_files():
    proc = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(ROOT / "scripts" / "build_kz_industry.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr


# bundled registers by name


def test_bundled_registers_are_listed():
    names = bundled_registers()
    assert "kz-industry" in names
    assert seed_path().name in names
    assert "template" not in names
    assert bundled_register_path("kz-industry") == REGISTER


def test_load_by_name_equals_load_by_path():
    by_name = kzgeo.load_register("kz-industry")
    by_path = kzgeo.load_register(REGISTER)
    assert by_name.path == by_path.path
    assert by_name.projects["project_id"].tolist() == by_path.projects["project_id"].tolist()
    assert len(by_name.sources) == len(
        yaml.safe_load((REGISTER / "register.yaml").read_text())["sources"]
    )


def test_an_unknown_name_lists_the_bundled_ones():
    with pytest.raises(RegisterError) as err:
        kzgeo.load_register("kz-industri")
    text = str(err.value)
    assert "'kz-industri' is neither a file or folder nor a bundled register" in text
    assert "did you mean 'kz-industry'?" in text
    for name in bundled_registers():
        assert name in text


def test_the_command_line_names_the_bundled_registers(tmp_path, capsys):
    code = main(["build", "no-such-register", "--out", str(tmp_path / "out")])
    assert code == 2
    err = capsys.readouterr().err
    assert "no-such-register" in err
    assert "kz-industry" in err


def test_a_path_wins_over_a_bundled_name(tmp_path, monkeypatch):
    own = tmp_path / "kz-industry"
    own.mkdir()
    (own / "projects.csv").write_text("project_id,company\nmine,My Co\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert resolve_register("kz-industry") == Path("kz-industry")
    reg = kzgeo.load_register("kz-industry")
    assert reg.projects["project_id"].tolist() == ["mine"]


def test_a_missing_path_is_not_taken_for_a_name(tmp_path):
    missing = tmp_path / "nowhere" / "projects.csv"
    assert resolve_register(missing) == missing
    with pytest.raises(RegisterError) as err:
        kzgeo.load_register(missing)
    assert "bundled register" not in str(err.value)


def test_the_wheel_ships_every_bundled_register():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert included.get("data/registers") == "kzgeo/_data/registers"


@pytest.mark.browser
def test_77_companies_are_coloured_by_stage_in_the_browser(built, browser):
    # 77 companies and 8 colours: colours by company would repeat and name nobody
    from kzgeo.mapping.style import COMPANY_COLOURS  # noqa: PLC0415
    from tests.browser import open_page  # noqa: PLC0415

    sites = _csv(built / "sites.csv")
    placed = sites[sites["lat"] != ""]
    stage_colour = {  # the legend's order: the six stages, then "not stated" in grey
        "announced": COMPANY_COLOURS[0],
        "approved": COMPANY_COLOURS[1],
        "under_construction": COMPANY_COLOURS[2],
        "launched": COMPANY_COLOURS[3],
        "": COMPANY_COLOURS[7],
    }
    want = placed["stage"].map(stage_colour).value_counts().to_dict()
    page, log = open_page(browser, built / "map.html", viewport={"width": 1280, "height": 800})
    legend = page.inner_text("[data-kzgeo=legend]")
    # a hollow ring (estimated figure) shows its colour in the rim
    colours = page.eval_on_selector_all(
        "path.kzgeo-site",
        "els => els.map(e => e.getAttribute('fill') === '#ffffff' ? "
        "e.getAttribute('stroke') : e.getAttribute('fill'))",
    )
    page.close()
    assert "colour: stage" in legend
    assert "coloured by the project's stage" in legend
    for label in ("announced", "approved", "under construction", "launched", "stage not stated"):
        assert label in legend
    assert pd.Series(colours).value_counts().to_dict() == want
    assert log.errors == []
