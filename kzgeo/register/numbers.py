"""Reading figures the way people write them: ``58,5 млрд``, ``US$116 M``, ``~60``, ``1 234``.

A figure cell may carry a scale word (bn, млрд, M, млн, тыс, трлн ...), a currency (KZT, тенге,
₸, USD, $, долл ...), a decimal comma, thousands separators (space, no-break space, comma or
dot) and a qualifier (``~``, ``≈``, ``about``, ``около``, ``at least``, ``не менее``). Anything
else is refused with a reason, never guessed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

Qualifier = Literal["", "approx", "at-least"]

_SCALES = {
    "трлн": 1e12,
    "trln": 1e12,
    "tn": 1e12,
    "trillion": 1e12,
    "млрд": 1e9,
    "mlrd": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "b": 1e9,
    "milliard": 1e9,
    "млн": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "million": 1e6,
    "mio": 1e6,
    "тыс": 1e3,
    "k": 1e3,
    "thousand": 1e3,
    "th": 1e3,
}
_CURRENCIES = {
    "kzt": "KZT",
    "тенге": "KZT",
    "₸": "KZT",
    "tenge": "KZT",
    "тг": "KZT",
    "теңге": "KZT",
    "usd": "USD",
    "$": "USD",
    "us$": "USD",
    "долл": "USD",
    "доллар": "USD",
    "долларов": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "долл.сша": "USD",
}
_FOREIGN = {
    "eur": "EUR",
    "€": "EUR",
    "евро": "EUR",
    "rub": "RUB",
    "руб": "RUB",
    "₽": "RUB",
    "рублей": "RUB",
    "cny": "CNY",
    "¥": "CNY",
    "юань": "CNY",
    "юаней": "CNY",
    "gbp": "GBP",
    "£": "GBP",
    "try": "TRY",
    "₺": "TRY",
    "лир": "TRY",
    "uzs": "UZS",
    "сум": "UZS",
}
_QUALIFIERS: tuple[tuple[str, Qualifier], ...] = (
    ("at least", "at-least"),
    ("не менее", "at-least"),
    ("не меньше", "at-least"),
    ("more than", "at-least"),
    ("over", "at-least"),
    ("свыше", "at-least"),
    ("более", "at-least"),
    (">=", "at-least"),
    ("≥", "at-least"),
    ("approximately", "approx"),
    ("approx.", "approx"),
    ("approx", "approx"),
    ("about", "approx"),
    ("around", "approx"),
    ("около", "approx"),
    ("порядка", "approx"),
    ("примерно", "approx"),
    ("ca.", "approx"),
    ("~", "approx"),
    ("≈", "approx"),
)
_PLAIN = re.compile(r"^\d+(\.\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']+")
_NUMBER = re.compile(r"^[+-]?(\d[\d\s.,]*\d|\d)(e[+-]?\d+)?")


NUMBER_HINT = "write a plain number such as 58.5 bn, 58,5 млрд or 58500000000"


class FigureError(ValueError):
    """A figure cell that cannot be read; ``hint`` says what to write instead."""

    def __init__(self, message: str, hint: str = NUMBER_HINT) -> None:
        """Keep the message and the hint."""
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Figure:
    """A figure read from a cell."""

    value: float
    currency: str | None
    qualifier: Qualifier
    text: str
    half_unit: float = 0.0
    """Half a unit of the last digit written: ``173 bn`` -> 0.5e9; rounding tolerance."""


def _number(token: str) -> float:
    """Return the number in ``token``, deciding between decimal and thousands separators."""
    token = token.replace(" ", "")
    commas, dots = token.count(","), token.count(".")
    if commas and dots:
        # the one that comes last is the decimal mark: 1.234,5 or 1,234.5
        decimal = "," if token.rfind(",") > token.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        token = token.replace(thousands, "").replace(decimal, ".")
    elif commas:
        groups = token.split(",")
        if commas > 1 or (len(groups[1]) == 3 and groups[0] not in ("", "0")):
            token = token.replace(",", "")
        else:
            token = token.replace(",", ".")
    elif dots > 1:
        token = token.replace(".", "")
    return float(token)


def parse_figure(text: object, *, money: bool) -> Figure | None:
    """Read one figure cell.

    Parameters
    ----------
    text
        The cell as read (string, number or empty).
    money
        ``True`` for investment cells, where a currency may be written; ``False`` for counts.

    Returns
    -------
    Figure or None
        ``None`` for an empty cell.

    Raises
    ------
    FigureError
        For text that is not a number, a negative or non-finite value, or a currency kzgeo does
        not convert.

    Examples
    --------
    >>> parse_figure("58,5 млрд тенге", money=True).value
    58500000000.0
    >>> parse_figure("US$116 M", money=True).value
    116000000.0
    >>> parse_figure("at least 200", money=False).qualifier
    'at-least'
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    if isinstance(text, bool):
        raise FigureError(f"{text!r} is not a number")
    if isinstance(text, int | float):
        return _checked(Figure(float(text), None, "", str(text), _half_unit(str(text), 1.0)))
    raw = str(text)
    if _PLAIN.match(raw):  # most cells are plain numbers: no words to look for
        return Figure(float(raw), None, "", raw, _half_unit(raw, 1.0))
    cell = raw.strip().lower()
    if cell in ("", "-", "—", "n/a", "na"):
        return None
    qualifier, cell = _qualifier(cell)
    currency, cell = _currency(cell, raw, money=money)
    number_text, scale = _scale(cell, raw)
    try:
        value = _number(number_text) * scale
    except ValueError as exc:
        raise FigureError(f"{raw!r} is not a number") from exc
    return _checked(Figure(value, currency, qualifier, raw, _half_unit(number_text, scale)))


def _qualifier(cell: str) -> tuple[Qualifier, str]:
    for word, kind in _QUALIFIERS:
        if cell.startswith(word):
            return kind, cell[len(word) :].strip()
    return "", cell


def _currency(cell: str, raw: str, *, money: bool) -> tuple[str | None, str]:
    for word in sorted(_FOREIGN, key=len, reverse=True):
        if word in cell:
            raise FigureError(
                f"currency {_FOREIGN[word]} in {raw!r}: kzgeo reads KZT and USD only",
                "convert the figure to KZT or USD and give the rate in the basis column",
            )
    for word in sorted(_CURRENCIES, key=len, reverse=True):
        if word in cell:
            if not money:
                raise FigureError(
                    f"{raw!r} has a currency but this column is a count",
                    "write the count alone, e.g. 150",
                )
            return _CURRENCIES[word], cell.replace(word, " ")
    return None, cell


def _scale(cell: str, raw: str) -> tuple[str, float]:
    """Split ``58,5 млрд`` into the number text and the scale factor."""
    cell = _SPACES.sub(" ", cell).strip().replace("us ", "").strip()
    if cell in ("nan", "inf", "-inf", "infinity", "+inf"):
        raise FigureError(f"{raw!r} is not a finite number")
    match = _NUMBER.match(cell)
    if not match:
        raise FigureError(f"{raw!r} is not a number")
    rest = cell[match.end() :].strip().strip(".").strip()
    if not rest:
        return match.group(0).strip(), 1.0
    word = rest.split()[0].strip(".")
    if word not in _SCALES or len(rest.split()) > 1:
        raise FigureError(f"{raw!r}: cannot read {rest!r} after the number")
    return match.group(0).strip(), _SCALES[word]


def _half_unit(number_text: str, scale: float) -> float:
    """Return half a unit of the last written digit (0 for exponent notation)."""
    if "e" in number_text.lower():
        return 0.0
    compact = number_text.replace(" ", "")
    for mark in (",", "."):
        head, sep, tail = compact.rpartition(mark)
        if sep and head and len(tail) != 3 and tail.isdigit():
            return 0.5 * scale / 10.0 ** len(tail)
    return 0.5 * scale


def _checked(figure: Figure) -> Figure:
    if not math.isfinite(figure.value):
        raise FigureError(f"{figure.text!r} is not a finite number")
    if figure.value < 0:
        raise FigureError(
            f"{figure.text!r} is negative",
            "figures are amounts, not changes: write the amount without a sign",
        )
    return figure
