"""Figures of the real-register corpus as written (tests/fixtures/real_registers), read by kzgeo.

For each set the share of ``investment`` and ``jobs`` cells read is printed; on ``dev`` it must
be at least 95 %. The ``heldout`` set is measured, never tuned on. Every cell that is not read
must have an error on its row and field quoting words of the cell (the words not understood).

What "read" is checked against, independently of the parser:

- the currency: a plain regex over the cell finds tenge and dollar markers; the figure must
  land in ``investment_kzt`` / ``investment_usd`` accordingly (both for a pair);
- the digits: the significant digits of the value appear in the digits the cell was written
  with (a wrong scale or a misread separator breaks it: "1 млрд 250 млн" is 1.25e9, digits
  "125" in "1250");
- a pair "X tenge (US$Y)" implies a KZT/USD rate within 150-700, the tenge's range since 2009.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

import kzgeo

CORPUS = Path(__file__).parent / "fixtures" / "real_registers"
KZT = re.compile(r"тенге|теңге|tenge|teńge|тг\b|kzt|₸", re.IGNORECASE)
USD = re.compile(r"\$|usd|долл|dollar", re.IGNORECASE)
DEV_TARGET = 0.95


def _load(name: str):
    path = CORPUS / name / "projects.csv"
    if not path.is_file():
        pytest.fail(f"{path} is missing: the corpus is part of the repository")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False).set_index("project_id")
    reg = kzgeo.load_register(path, errors="flag")
    return raw, reg.projects.set_index("project_id"), reg


def _errors_by_cell(reg) -> dict[tuple[int, str], list[str]]:
    out: dict[tuple[int, str], list[str]] = {}
    for issue in reg.errors:
        out.setdefault((issue.row, issue.field), []).append(issue.message)
    return out


def _digits(value: float) -> str:
    """Significant digits of a value: 1.25e9 -> '125'."""
    return f"{value:.6e}".split("e")[0].replace(".", "").rstrip("0") or "0"


def _quotes_a_word_of(message: str, cell: str) -> bool:
    quoted = re.findall(r"'([^']+)'", message)
    return any(q.lower() in cell.lower() and q.lower() != cell.lower() for q in quoted)


def _measure(name: str):
    raw, projects, reg = _load(name)
    errors = _errors_by_cell(reg)
    cells = read = 0
    unread: list[str] = []
    problems: list[str] = []
    counts = {"qualifier": 0, "currency": 0, "range": 0, "pair": 0}
    for pid, row in raw.iterrows():
        line = int(projects.loc[pid, "source_line"])
        for column in ("investment", "jobs"):
            cell = row[column].strip()
            if not cell:
                continue
            cells += 1
            ok = _check_cell(pid, column, cell, projects.loc[pid], problems, counts)
            if ok and not errors.get((line, column)):
                read += 1
                continue
            messages = errors.get((line, column), [])
            unread.append(f"{pid}.{column} {cell!r}: {messages}")
            if not any(_quotes_a_word_of(m, cell) for m in messages):
                problems.append(f"{pid}.{column} {cell!r} unread without naming its words")
    return cells, read, unread, problems, counts


def _check_cell(pid, column, cell, p, problems, counts) -> bool:
    if column == "jobs":
        if math.isnan(p.jobs):
            return False
        counts["qualifier"] += bool(p.jobs_qualifier)
        counts["range"] += not math.isnan(p.jobs_max)
        digits = re.sub(r"\D", "", cell)
        if digits and _digits(p.jobs) not in digits:
            problems.append(f"{pid}.jobs {cell!r} read as {p.jobs:,.0f}")
        return True
    kzt, usd = p.investment_kzt, p.investment_usd
    if math.isnan(kzt) and math.isnan(usd):
        return False
    counts["qualifier"] += bool(p.investment_kzt_qualifier or p.investment_usd_qualifier)
    has_kzt, has_usd = bool(KZT.search(cell)), bool(USD.search(cell))
    counts["currency"] += has_kzt or has_usd
    if has_kzt and has_usd:
        counts["pair"] += 1
        rate = kzt / usd if usd else math.inf
        if not 150 <= rate <= 700:
            problems.append(f"{pid} {cell!r}: pair implies {rate:,.1f} KZT/USD")
    elif has_usd != (not math.isnan(usd)) or (has_kzt and math.isnan(kzt)):
        problems.append(f"{pid} {cell!r}: KZT {kzt}, USD {usd}")
    digits = re.sub(r"\D", "", cell)
    value = usd if has_usd and not has_kzt else kzt
    reported = p.investment_usd_flag if value is usd else p.investment_kzt_flag
    if digits and reported == "reported" and _digits(value) not in digits:
        problems.append(f"{pid}.investment {cell!r} read as {value:,.0f}")
    return True


@pytest.mark.parametrize("name", ["dev", "heldout"])
def test_corpus_figures(name, capsys):
    cells, read, unread, problems, counts = _measure(name)
    share = read / cells
    with capsys.disabled():
        print(  # noqa: T201 - the issue asks the test to print its numbers
            f"\n[{name}] figure cells read: {read}/{cells} = {share:.1%}; with a qualifier "
            f"{counts['qualifier']}, a currency {counts['currency']} ({counts['pair']} pairs), "
            f"a range {counts['range']}"
        )
        # held-out cells are counted, not shown: nobody is to tune the parser on them
        for line in unread if name == "dev" else []:
            print(f"  unread {line}")  # noqa: T201
    assert not problems, problems
    if name == "dev":
        assert share >= DEV_TARGET, unread
