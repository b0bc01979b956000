"""Figures through the register loader: routing by currency, conversion, pairs, ranges, text as
written in the outputs, exchange-rate checks, and Excel / OpenDocument registers."""

from __future__ import annotations

import datetime as dt
import importlib
import math

import openpyxl
import pandas as pd
import pyogrio
import pytest

import kzgeo
from kzgeo.cli.main import main
from kzgeo.errors import RegisterError
from kzgeo.register.rates import bundled_rates
from tests.conftest import write_register

HEAD = "project_id,company,approval_date,investment_kzt,investment_kzt_flag,investment_kzt_basis,"
HEAD += "investment_usd,investment_usd_flag,investment_usd_basis,jobs,source_urls\n"
SRC = "https://example.org/a"


def _load(tmp_path, rows, manifest=None, **kw):
    folder = write_register(tmp_path / "r", HEAD + rows, None, manifest)
    return kzgeo.load_register(folder, errors="flag", **kw)


def _row(reg, pid="p1"):
    return reg.projects.set_index("project_id").loc[pid]


def _messages(reg, level="warning"):
    return [f"{i.row}|{i.field}|{i.message}" for i in reg.issues if i.level == level]


def test_usd_figure_in_the_kzt_column_moves_with_its_flag_and_a_warning(tmp_path):
    reg = _load(tmp_path, f"p1,A,2026-01-22,$2.1 billion,reported,{SRC},,,,500 jobs,{SRC}\n")
    row = _row(reg)
    assert math.isnan(row.investment_kzt)
    assert row.investment_usd == pytest.approx(2.1e9)
    assert (row.investment_usd_flag, row.investment_usd_basis) == ("reported", SRC)
    assert row.investment_usd_text == "$2.1 billion"
    assert any("2|investment_kzt|'$2.1 billion' is in USD" in m for m in _messages(reg))
    assert row.row_status == "ok"


def test_a_pair_fills_both_figures_as_reported(tmp_path):
    reg = _load(tmp_path, f'p1,A,,"78.2 billion tenge (US$163.7 million)",reported,{SRC},,,,,\n')
    row = _row(reg)
    assert (row.investment_kzt, row.investment_usd) == (pytest.approx(78.2e9), 163.7e6)
    assert (row.investment_kzt_flag, row.investment_usd_flag) == ("reported", "reported")
    assert row.investment_kzt_text == row.investment_usd_text


def test_a_pair_that_contradicts_the_other_column_is_an_error(tmp_path):
    reg = _load(tmp_path, f'p1,A,,"8 bn tenge ($16 M)",reported,{SRC},20 M,reported,{SRC},,\n')
    assert _row(reg).row_status == "invalid"
    assert any("two investment_usd figures" in m for m in _messages(reg, "error"))


@pytest.mark.parametrize(
    ("date", "currency", "cell", "rate_date"),
    [
        ("2024-05-01", "EUR", "50 млн евро", "2024-04-24"),
        ("2025-10-01", "EUR", "€50 M", "2025-09-25"),
        ("2025-10-01", "CNY", "50 M yuan", "2024-04-24"),
        ("2024-05-01", "RUB", "50 млн руб.", "2024-04-24"),
        ("", "RUB", "50 млн рублей", "2025-09-25"),  # no date: the latest rate
    ],
)
def test_other_currencies_are_converted_at_the_dated_nbk_rate(
    tmp_path, date, currency, cell, rate_date
):
    reg = _load(tmp_path, f"p1,A,{date},{cell},reported,{SRC},,,,,\n")
    row = _row(reg)
    rate = next(r for r in bundled_rates() if r.currency == currency and str(r.date) == rate_date)
    assert row.investment_kzt == pytest.approx(50e6 * rate.kzt_per_unit)
    assert row.investment_kzt_flag == "derived"
    basis = row.investment_kzt_basis
    assert f"x {rate.kzt_per_unit:g} KZT/{currency}" in basis
    assert rate_date in basis
    assert "http" in basis
    assert cell in basis
    assert SRC in basis  # the converted figure's own source is kept
    assert row.investment_kzt_text == cell


def test_every_bundled_rate_has_a_date_a_positive_value_and_a_url():
    rates = bundled_rates()
    assert {"USD", "EUR", "CNY", "RUB"} <= {r.currency for r in rates}
    for r in rates:
        assert r.kzt_per_unit > 0
        assert "http" in r.source


def test_the_registers_own_rate_comes_first(tmp_path):
    manifest = "exchange_rate: {kzt_per_eur: 600, date: 2026-01-23, source: my bank}\n"
    reg = _load(tmp_path, f"p1,A,2024-05-01,10 M EUR,reported,{SRC},,,,,\n", manifest)
    row = _row(reg)
    assert row.investment_kzt == pytest.approx(6e9)
    assert "my bank" in row.investment_kzt_basis


def test_a_currency_without_a_rate_is_an_error_with_the_fix(tmp_path):
    reg = _load(tmp_path, f"p1,A,,5 M JPY,reported,{SRC},,,,,\n")
    err = next(i for i in reg.errors if i.field == "investment_kzt")
    assert "no JPY rate" in err.message
    assert "kzt_per_jpy" in err.hint


@pytest.mark.parametrize("value", ["0", "-5", "true", ".inf", "abc", "[1]"])
def test_bad_exchange_rates_are_refused(tmp_path, value):
    manifest = f"exchange_rate: {{kzt_per_usd: {value}, date: 2026-01-23, source: NBK}}\n"
    folder = write_register(tmp_path / "r", HEAD + "p1,A,,1 bn,reported,x,,,,,\n", None, manifest)
    with pytest.raises(RegisterError) as info:
        kzgeo.load_register(folder)
    issue = next(i for i in info.value.issues if i.field == "exchange_rate")
    assert str(issue.file).endswith("register.yaml")
    assert "rate" in issue.message
    assert issue.hint


def test_a_zero_usd_figure_does_not_break_the_reconciliation(tmp_path):
    manifest = "stated_totals:\n  investment_kzt: {value: 1 bn}\n  investment_usd: {value: 2 M}\n"
    reg = _load(tmp_path, f"p1,A,,1 bn,reported,{SRC},0,reported,{SRC},,\n", manifest)
    report = kzgeo.reconcile(reg)
    assert report.rate is not None
    assert all(p.usd > 0 for p in report.rate.pairs)
    assert "investment_usd" in report.to_markdown()


def test_single_investment_column_takes_the_cells_currency(tmp_path):
    folder = write_register(
        tmp_path / "r",
        "project_id,company,investment,jobs\n"
        "a,A,8 billion tenge,about 300\nb,B,$41.5 million,\nc,C,5 bn,\nd,D,10 M EUR,\n",
    )
    reg = kzgeo.load_register(folder, errors="flag")
    p = reg.projects.set_index("project_id")
    assert p.loc["a", "investment_kzt"] == 8e9
    assert p.loc["b", "investment_usd"] == 41.5e6
    assert math.isnan(p["investment_kzt"].astype(float)["b"])
    assert p.loc["c", "investment_kzt"] == 5e9  # no currency: KZT, with a warning naming line 4
    assert any(i.field == "investment" and "4" in i.message for i in reg.warnings)
    assert p.loc["d", "investment_kzt_flag"] == "derived"
    assert (p.loc["a", "jobs"], p.loc["a", "jobs_qualifier"]) == (300, "approx")


def test_several_figures_keep_the_range_and_say_which_is_used(tmp_path):
    cell = '"3,000 during construction and 400 permanent"'
    reg = _load(tmp_path, f"p1,A,,1 bn,reported,{SRC},,,,{cell},{SRC}\n")
    row = _row(reg)
    assert (row.jobs, row.jobs_min, row.jobs_max) == (400, 400, 3000)
    assert "permanent" in row.jobs_note
    assert row.jobs_text == cell.strip('"')


def test_unread_cells_name_the_words_row_and_field(tmp_path):
    reg = _load(tmp_path, f"p1,A,,1 bn,reported,{SRC},,,,about 300 vacancies,{SRC}\n")
    err = next(i for i in reg.errors if i.field == "jobs")
    assert (err.row, "'vacancies'" in err.message) == (2, True)
    assert _row(reg).jobs_text == "about 300 vacancies"  # kept as written even when refused


def test_the_text_as_written_reaches_sites_csv_and_the_geopackage(tmp_path):
    folder = write_register(
        tmp_path / "r",
        "project_id,company,investment,jobs,settlement\n"
        'a,A,"78.2 billion tenge (US$163.7 million)","400 at first, then 1,500",Almaty\n',
    )
    result = kzgeo.build(folder)
    kzgeo.export_tables(result, tmp_path / "out")
    sites = pd.read_csv(tmp_path / "out" / "sites.csv", dtype=str, keep_default_na=False)
    assert sites.loc[0, "jobs_text"] == "400 at first, then 1,500"
    assert sites.loc[0, "investment_usd_text"] == "78.2 billion tenge (US$163.7 million)"
    first = sites.iloc[0]  # every cell a str (read with dtype=str)
    assert (float(str(first["jobs_min"])), float(str(first["jobs_max"]))) == (400, 1500)
    files = kzgeo.export_gis(result, tmp_path / "gis")
    layer = pyogrio.read_dataframe(files[0], layer="sites")
    assert layer.loc[0, "jobs_text"] == "400 at first, then 1,500"
    assert layer.loc[0, "jobs_max"] == 1500


# --- workbooks ---------------------------------------------------------------------------


def _xlsx(path, sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


COLUMNS = ["project_id", "company", "investment", "jobs", "settlement"]


def test_xlsx_register_is_read_with_spreadsheet_row_numbers(tmp_path):
    path = _xlsx(
        tmp_path / "reg.xlsx",
        {
            "Projects": [
                COLUMNS,
                ["a", "Alpha", 58.5e9, 60, "Almaty"],
                [None, None, None, None, None],  # a blank row 3 still counts
                ["b", "Beta", "$2.1 billion", "about 300 vacancies", "Taraz"],
            ]
        },
    )
    reg = kzgeo.load_register(path, errors="flag")
    p = reg.projects.set_index("project_id")
    assert p.loc["a", "investment_kzt"] == 58.5e9
    assert p.loc["a", "jobs"] == 60
    assert p.loc["b", "investment_usd"] == 2.1e9
    err = next(i for i in reg.errors if i.field == "jobs")
    assert err.row == 4
    assert str(err.file).endswith("reg.xlsx")
    assert list(reg.projects.source_line) == [2, 4]


def test_another_sheet_by_name_in_python_and_on_the_cli(tmp_path, capsys):
    path = _xlsx(
        tmp_path / "reg.xlsx",
        {
            "Notes": [["nothing here"]],
            "Projects": [COLUMNS, ["a", "Alpha", "1 bn", 5, "Almaty"]],
        },
    )
    reg = kzgeo.load_register(path, sheet="Projects")
    assert reg.projects.loc[0, "investment_kzt"] == 1e9
    with pytest.raises(RegisterError, match="required column missing"):
        kzgeo.load_register(path)  # the first sheet has no register
    with pytest.raises(RegisterError, match=r"no sheet named 'Nope'.*Notes, Projects"):
        kzgeo.load_register(path, sheet="Nope")
    assert main(["validate", str(path), "--sheet", "Projects"]) == 0
    capsys.readouterr()
    assert main(["validate", str(path), "--sheet", "Nope"]) == 1
    printed = capsys.readouterr()
    assert "no sheet named 'Nope'" in printed.out + printed.err


def test_build_reads_the_named_sheet(tmp_path, capsys):
    path = _xlsx(
        tmp_path / "reg.xlsx",
        {"Notes": [["x"]], "Projects": [COLUMNS, ["a", "Alpha", "1 bn", "about 60", "Almaty"]]},
    )
    assert main(["build", str(path), "--sheet", "Projects", "--out", str(tmp_path / "o")]) == 0
    sites = pd.read_csv(tmp_path / "o" / "sites.csv", dtype=str, keep_default_na=False)
    assert (sites.loc[0, "jobs_text"], sites.loc[0, "jobs_qualifier"]) == ("about 60", "approx")
    capsys.readouterr()


def test_ods_register(tmp_path):
    importlib.import_module("odf")  # the .ods engine, a test dependency: fail if missing
    path = tmp_path / "reg.ods"
    frame = pd.DataFrame([["a", "Alpha", "58,5 млрд тенге", "более 500 рабочих мест", "Almaty"]])
    frame.columns = COLUMNS
    with pd.ExcelWriter(path, engine="odf") as writer:
        frame.to_excel(writer, index=False)
    reg = kzgeo.load_register(path)
    row = reg.projects.iloc[0]
    assert (row.investment_kzt, row.jobs, row.jobs_qualifier) == (58.5e9, 500, "more-than")


def test_dates_and_numbers_in_workbook_cells(tmp_path):
    path = _xlsx(
        tmp_path / "reg.xlsx",
        {
            "S": [
                [*COLUMNS, "approval_date"],
                ["a", "A", 1.5e9, 3.0, "Almaty", dt.date(2026, 1, 22)],
            ]
        },
    )
    row = kzgeo.load_register(path).projects.iloc[0]
    assert (row.investment_kzt, row.jobs, row.approval_date) == (1.5e9, 3, dt.date(2026, 1, 22))


def test_a_broken_or_unknown_file_is_refused_with_a_hint(tmp_path):
    broken = tmp_path / "r.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(RegisterError, match="not a readable workbook"):
        kzgeo.load_register(broken)
    other = tmp_path / "r.docx"
    other.write_bytes(b"x")
    with pytest.raises(RegisterError, match=r"cannot read \.docx files"):
        kzgeo.load_register(other)


def test_only_investment_cells_without_a_currency_are_said_to_be_read_as_kzt(tmp_path):
    csv = tmp_path / "r.csv"
    csv.write_text(
        "project_id,company,investment\np1,A,122.8 bn tenge\np2,B,$16 M\np3,C,12 bn\np4,D,\n",
        encoding="utf-8",
    )
    reg = kzgeo.load_register(csv, errors="flag")
    said = [i for i in reg.issues if "no currency written" in i.message]
    assert len(said) == 1
    assert "(lines 4)" in said[0].message  # p3 only: the others name theirs or are empty
    assert _row(reg, "p3").investment_kzt == pytest.approx(12e9)
