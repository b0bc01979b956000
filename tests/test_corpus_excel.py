"""The real-register corpus as an Excel 97-2003 ``.xls`` workbook, read through calamine.

Analysts' registers often come as old ``.xls`` files. The dev corpus is written to one with
``xlwt`` (a test-only writer; kzgeo reads with pandas' ``calamine`` engine), after a title row
and with a blank row inside, as spreadsheets have them; the register read from it must equal
the one read from the CSV, and every message must carry the row number Excel shows.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
import xlwt  # test extra: writes the .xls that kzgeo then reads

import kzgeo

DEV = Path(__file__).parent / "fixtures" / "real_registers" / "dev" / "projects.csv"
FIGURES = ("investment_kzt", "investment_usd", "jobs")


def _write_xls(path: Path, rows: list[list[str]]) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Register")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value != "":
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def test_the_dev_corpus_reads_the_same_from_xls_with_excel_row_numbers(tmp_path):
    if not DEV.is_file():
        pytest.fail(f"{DEV} is missing: merge the corpus branch")
    raw = pd.read_csv(DEV, dtype=str, keep_default_na=False)
    header = list(raw.columns)
    body = raw.to_numpy().tolist()
    bad = ["bad-figure", *[""] * (len(header) - 1)]
    bad[header.index("company")] = "Test row"
    bad[header.index("jobs")] = "около 300 бегемотов"
    bad[header.index("location")] = "г. Алматы"
    # Excel rows: 1 header, 2..k the first rows, then one blank row, the rest, the bad row last
    cut = 10
    rows = [header, *body[:cut], [""] * len(header), *body[cut:], bad]
    path = _write_xls(tmp_path / "register.xls", rows)

    from_csv = kzgeo.load_register(DEV, errors="flag").projects.set_index("project_id")
    read = kzgeo.load_register(path, errors="flag")
    from_xls = read.projects.set_index("project_id")

    assert list(from_xls.index[:-1]) == list(from_csv.index)
    for column in FIGURES:
        pairs = zip(from_xls[column].iloc[:-1], from_csv[column], strict=True)
        assert all(_same(float(a), float(b)) for a, b in pairs), column
    # Excel row numbers: rows after the blank one are one further down than in the CSV
    lines = from_xls["source_line"].astype(int)
    assert list(lines.iloc[:cut]) == list(range(2, cut + 2))
    assert list(lines.iloc[cut:-1]) == list(range(cut + 3, cut + 3 + len(body) - cut))
    excel_row = len(rows)  # the bad row is the sheet's last
    assert lines.iloc[-1] == excel_row
    issue = next(i for i in read.errors if i.field == "jobs" and i.row == excel_row)
    assert "бегемотов" in issue.message
    assert str(issue.file).endswith("register.xls")
