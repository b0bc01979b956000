"""Figures of the real-register corpus as written (tests/fixtures/real_registers), read by kzgeo.

For each set the share of ``investment`` and ``jobs`` cells read is printed. On the development
sets (``dev``, and ``heldout`` since it was studied on 2026-12-02) it must be at least 95 % and
the cells not read are listed; ``fresh`` and ``fresh2`` are measured, their cells never listed or
tuned on. Every
cell that is not read must have an error on its row and field quoting words of the cell (the
words not understood).

What "read" is checked against, independently of the parser:

- the currency: a plain regex over the cell finds tenge and dollar markers; the figure must
  land in ``investment_kzt`` / ``investment_usd`` accordingly (both for a pair);
- the digits: the significant digits of the value appear in the digits the cell was written
  with (a misread separator breaks it); each part of a compound number stands at its scale's
  place ("1 mlrd 41 mln" is 1.041e9, and 1.41e9 fails);
- a pair "X tenge (US$Y)" implies a KZT/USD rate within 150-700, the tenge's range since 2009.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import kzgeo
from tests.conftest import script_of

CORPUS = Path(__file__).parent / "fixtures" / "real_registers"
KZT = re.compile(r"тенге|теңге|tenge|teńge|тг\b|kzt|₸", re.IGNORECASE)
USD = re.compile(r"\$|usd|долл|dollar", re.IGNORECASE)
TARGET = 0.95
DEVELOPMENT = ("dev", "heldout")
UNTOUCHED = ("fresh", "fresh2")
# the goal tests of the untouched sets carry their measurement while the goal is open
UNTOUCHED_GAPS = {
    # fresh reached the goal on 2026-12-03 (59 of 62 cells, 95.2 %) after the fixes found on the
    # independent phrase fixture (tests/fixtures/figure_phrases); from 88.7 % (55 of 62)
    "fresh2": (
        "open goal of the real-registers issue: 64.1 % of the second untouched set's figure cells "
        "read at its first measurement (41 of 64), 76.6 % (49) after the fixes found on the "
        "phrase fixture and 78.1 % (50) after its second, Kazakh round; its cells are not read "
        "by developers"
    ),
}


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


# scale words as the cells write them (stems: "миллиардов" starts with "миллиард"), with their
# powers of ten; kept apart from kzgeo's own tables so that the check stays independent
POWER = {
    word: power
    for power, words in {
        12: "трлн trln trillion триллион",
        9: "млрд mlrd billion bn миллиард",
        6: "млн mln million миллион",
        3: "тыс мың myń thousand",
    }.items()
    for word in words.split()
}
SCALES = re.compile("(" + "|".join(POWER) + ")", re.IGNORECASE)
# a number in parts: a scale word followed by more digits ("1 mlrd 41 mln", "пять миллиардов 600")
COMPOUND = re.compile(SCALES.pattern + r"\S*\s+\d", re.IGNORECASE)
NUMBER = re.compile(r"(\d+(?:[ ,.\u00a0]\d+)*)\s*(\S*)")


def _groups_in(value: float, cell: str) -> bool:
    """Every number the cell writes stands in the value: at its scale's place when a scale word
    follows it, else at some place.

    This is the check for compound and word numbers, whose parts are written without their
    zeros: "1 mlrd 41 mln" is 1,041,000,000 ("41" at the millions, so 1.41e9 fails);
    "пять миллиардов 600 миллионов" is 5.6e9 ("600" at the millions). A trailing ",5" or ".25"
    is a decimal part; other separators ("1,500", "2 400") group thousands.
    """
    whole, found = round(value), False
    for number, after in NUMBER.findall(cell):
        decimals = re.search(r"[,.](\d{1,2})$", number)
        digits = re.sub(r"\D", "", number)
        scale = SCALES.match(after)
        places = range(16)
        if scale:
            places = range(POWER[scale[1].lower()] - (len(decimals[1]) if decimals else 0), 16)
            places = places[:1]
        if not any((whole // 10**k) % 10 ** len(digits) == int(digits) for k in places if k >= 0):
            return False
        found = True
    return found


def _agrees(value: float, cell: str) -> bool:
    """The value's digits are the cell's: every part of a compound number stands at its scale's
    place; otherwise the value's significant digits stand among the cell's digits (one number,
    or the one of several that the totals use)."""
    if COMPOUND.search(cell):
        return _groups_in(value, cell)
    digits = re.sub(r"\D", "", cell)
    return not digits or _digits(value) in digits


def _side(cell: str, currency: re.Pattern[str]) -> str:
    """The part of a pair "X tenge (US$Y)" that writes the given currency: in "eight billion
    tenge (US$15.2 million)" the tenge are written in words, and US$'s digits are not theirs."""
    inside = re.search(r"\(([^)]*)\)", cell)
    if not inside:
        return cell
    outside = cell[: inside.start()] + cell[inside.end() :]
    sides = [part for part in (inside[1], outside) if currency.search(part)]
    return sides[0] if len(sides) == 1 else cell


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


_QUOTED = re.compile(r"'[^']*'")


def _kinds(unread: list[str]) -> str:
    """Count unread cells by column, the cell's language and the error's wording, quotes removed.

    Counts only, so that an untouched set says which capability is missing without showing rows.
    """
    kinds: Counter[str] = Counter()
    for line in unread:
        parts = re.match(r"\S+\.(\w+) (.*?): (\[.*\])$", line)
        assert parts, line
        head, cell, messages = parts.groups()
        wording = _QUOTED.sub("…", messages.strip('[]"')).split(";")[0].split(" (")[0] or "misread"
        kinds[f"{head} {script_of(cell)}: {wording}"] += 1
    return "; ".join(f"{k} ×{n}" for k, n in kinds.most_common())


def _check_cell(pid, column, cell, p, problems, counts) -> bool:
    if column == "jobs":
        if math.isnan(p.jobs):
            return False
        counts["qualifier"] += bool(p.jobs_qualifier)
        counts["range"] += not math.isnan(p.jobs_max)
        if not _agrees(p.jobs, cell):
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
    value = usd if has_usd and not has_kzt else kzt
    reported = p.investment_usd_flag if value is usd else p.investment_kzt_flag
    if reported == "reported" and not _agrees(value, _side(cell, KZT if value is kzt else USD)):
        problems.append(f"{pid}.investment {cell!r} read as {value:,.0f}")
    return True


@pytest.mark.parametrize("name", [*DEVELOPMENT, *UNTOUCHED])
def test_corpus_figures(name, capsys):
    cells, read, unread, problems, counts = _measure(name)
    share = read / cells
    with capsys.disabled():
        print(  # noqa: T201 - the issue asks the test to print its numbers
            f"\n[{name}] figure cells read: {read}/{cells} = {share:.1%}; with a qualifier "
            f"{counts['qualifier']}, a currency {counts['currency']} ({counts['pair']} pairs), "
            f"a range {counts['range']}"
        )
        # the untouched set's cells are counted, not shown: nobody is to tune the parser on them
        for line in unread if name in DEVELOPMENT else []:
            print(f"  unread {line}")  # noqa: T201
        if name not in DEVELOPMENT and unread:
            print(f"  unread by kind: {_kinds(unread)}")  # noqa: T201
    assert not problems, problems
    if name in DEVELOPMENT:
        assert share >= TARGET, unread


def _untouched_params() -> list[object]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=UNTOUCHED_GAPS[name]))
        if name in UNTOUCHED_GAPS
        else name
        for name in UNTOUCHED
    ]


# the ids hold the set's name, so ``-k "not fresh"`` deselects every test that reads these sets
@pytest.mark.parametrize("name", _untouched_params())
def test_untouched_set_reaches_the_goal(name):
    cells, read, *_ = _measure(name)
    assert read / cells >= TARGET


@pytest.mark.parametrize(
    ("value", "cell", "agrees"),
    [
        (1.041e9, "1 mlrd 41 mln teńge", True),
        (1.41e9, "1 mlrd 41 mln teńge", False),
        (5.6e9, "пять миллиардов 600 миллионов тенге", True),
        (5.6e8, "пять миллиардов 600 миллионов тенге", False),
        (2.04e9, "2 млрд 400 млн", False),
        (1500, "400 at first, then 1,500", True),
        (310, "около 300 рабочих мест", False),
        (8e9, _side("eight billion tenge (US$15.2 million)", KZT), True),
        (8e9, _side("8 billion tenge (US$15.2 million)", KZT), True),
        (9e9, _side("8 billion tenge (US$15.2 million)", KZT), False),
        (15.2e6, _side("8 billion tenge (US$15.2 million)", USD), True),
    ],
)
def test_the_digit_check_tells_a_misread(value, cell, agrees):
    """The check above is independent of the parser; here it is shown to catch a wrong scale
    inside a compound number and a wrong digit."""
    assert _agrees(value, cell) is agrees
