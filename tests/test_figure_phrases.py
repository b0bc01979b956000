"""Figure phrases from real reporting (tests/fixtures/figure_phrases), read by kzgeo.

Each phrase was copied from a news page and its figure written down by reading it (see the
fixture's README). A phrase read must be read right: value, currency, qualifier and range
(a wrong figure in a register is worse than an empty one). A phrase refused must be refused
with an error naming words of it, and a phrase that is no amount (a change, "увеличится на
2,3 трлн") must be refused naming the word that makes it one. The share read right is printed
and may not fall below the share measured when the fixes of this fixture were made.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest

from kzgeo.register.numbers import FigureError, parse_figure

PHRASES = Path(__file__).parent / "fixtures" / "figure_phrases" / "phrases.csv"
# measured on 2026-12-03: 187 of 249 read right (75.1 %, and 4 read wrong) before the fixes
# that came with the fixture, 240 of 249 (96.4 %) after them; with the 45 Kazakh rows of the
# second round, 271 of 294 (92.2 %, none wrong) before its fixes, 288 of 294 (98.0 %; the
# first 249 rows 244, 98.0 %) after them
MEASURED = 288 / 294


def _rows() -> list[dict[str, str]]:
    with PHRASES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _close(got: float, want: str) -> bool:
    if not want:
        return math.isnan(got)
    return math.isclose(got, float(want), rel_tol=1e-9)


def _names_words(message: str, phrase: str) -> bool:
    """Whether an error quotes a word of the phrase besides the phrase as a whole."""
    rest = message.replace(repr(phrase), "")
    words = {w.lower() for w in re.findall(r"[^\W\d_]+|\d+|\$", phrase)}
    quoted = re.findall(r"'([^']*)'", rest)
    return any(w in q.lower() for q in quoted for w in words)


def _outcome(row: dict[str, str]) -> tuple[str, str]:
    """Return ("right" | "wrong" | "unread", what was read) for one phrase."""
    try:
        fig = parse_figure(row["phrase"], money=row["column"] == "investment")
    except FigureError as err:
        message = str(err)
        if row["expected_error"]:
            ok = row["expected_error"].lower() in message.lower()
            return ("right" if ok else "wrong"), message
        return ("unread" if _names_words(message, row["phrase"]) else "wrong"), message
    if fig is None or row["expected_error"]:
        return "wrong", repr(fig)
    read = (
        f"{fig.value:g} {fig.currency or ''} {fig.qualifier!r} "
        f"min {fig.minimum:g} max {fig.maximum:g}"
    )
    right = (
        math.isclose(fig.value, float(row["expected_value"]), rel_tol=1e-9)
        and (fig.currency or "") == row["expected_currency"]
        and fig.qualifier == row["expected_qualifier"]
        and _close(fig.minimum, row["expected_min"])
        and _close(fig.maximum, row["expected_max"])
    )
    return ("right" if right else "wrong"), read


def test_fixture_is_well_formed():
    rows = _rows()
    assert len(rows) >= 200
    assert len({r["source_url"] for r in rows}) >= 60
    for r in rows:
        assert r["column"] in ("investment", "jobs")
        assert bool(r["expected_value"]) != bool(r["expected_error"]), r["phrase"]


def test_figure_phrases(capsys):
    rows = _rows()
    outcomes = [(_outcome(r), r) for r in rows]
    wrong = [(r, read) for (kind, read), r in outcomes if kind == "wrong"]
    unread = [(r, read) for (kind, read), r in outcomes if kind == "unread"]
    right = sum(1 for (kind, _), _r in outcomes if kind == "right")
    share = right / len(rows)
    with capsys.disabled():
        print(f"\n[figure phrases] read right: {right}/{len(rows)} = {share:.1%}")  # noqa: T201
        for r, read in unread:
            print(f"  unread {r['phrase']!r}: {read}")  # noqa: T201
        for r, read in wrong:
            print(f"  WRONG  {r['phrase']!r} ({r['column']}): {read}")  # noqa: T201
    assert not wrong, f"{len(wrong)} phrases read wrong: {[r['phrase'] for r, _ in wrong]}"
    assert share >= MEASURED


@pytest.mark.parametrize(
    ("message", "phrase", "names"),
    [
        ("'a b': cannot read 'b'", "a b", True),
        ("'a b' is not a number", "a b", False),
    ],
)
def test_an_error_names_words(message, phrase, names):
    assert _names_words(message, phrase) is names
