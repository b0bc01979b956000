"""Reading figures the way people write them: ``58,5 млрд``, ``US$116 M``, ``over 500 jobs``.

A figure cell may carry numbers written in digits or words (``eight billion``, ``четыре с
половиной миллиарда``, ``1 млрд 250 млн``), a currency (KZT, тенге, ₸, USD, $, долл., EUR, €,
юаней, руб. ...), a qualifier before or after the number (``about``, ``over``, ``up to``,
``не менее``, ``500-ден астам``), unit words (``jobs``, ``рабочих мест``, ``адам``) and
several figures (``3,000 during construction and 400 permanent``, ``500 jobs, of which 300
permanent``, ``40 сварщиков и 20 водителей``). A word typed with letters of both keyboards
(``tеńgе`` with a Cyrillic ``е``) is read in one script; a number of shifts (``in two shifts``)
or of projects (``25 млрд теңгеге 1 жоба``) is not a figure, and a change (``увеличится на 2
млрд``) is refused. Anything else is refused with the words that were not understood, never
guessed.

Number rules: thousands groups have three digits and there is one decimal mark, so ``12,5,6``,
``1,23,45`` and ``1..2`` are refused; date-shaped text (``22.01.2026``) is refused; a lone mark
before three digits (``12.500``, ``12,500``) is ambiguous and read with a warning (see
:func:`read_number`).
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from kzgeo.geocoding.kazakh_script import from_arabic, from_latin
from kzgeo.register.figure_words import (
    CHANGES,
    CONTEXT,
    COUNTED,
    CURRENCIES,
    ENDINGS_ALONE,
    FILLER,
    HALVES,
    HUNDREDS,
    POST_QUALIFIERS,
    PRE_QUALIFIERS,
    RANGE_JOINS,
    SCALE_ALONE,
    SCALES,
    SEPARATORS,
    UNITS,
    WORD_NUMBERS,
    Context,
    Qualifier,
    is_kazakh_verb,
    is_person_noun,
    kazakh_stems,
    latin_readings,
    lemma,
    one_script,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "NUMBER_HINT",
    "RANGE_RULE",
    "Figure",
    "FigureError",
    "Qualifier",
    "parse_figure",
]

NUMBER_HINT = "write a plain number such as 58.5 bn, 58,5 млрд or 58500000000"
RANGE_RULE = (
    "a cell with several figures gives its range (min, max) and one value for the totals: a "
    "permanent figure over temporary (construction) ones, the whole over a part of it ('of "
    "which', 'в том числе'), otherwise the last one written (the final phase, the upper end "
    "of a range)"
)

_EMPTY = frozenset(("", "-", "—", "n/a", "na"))
_NOT_FINITE = frozenset(("nan", "inf", "-inf", "+inf", "infinity"))
_PLAIN = re.compile(r"^\d+(\.\d+)?$")
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")
# "by 2030", "в 2025 году": a year beside a figure says when, it is not a second figure
_YEAR = re.compile(
    r"(?:\b(?:by|in|until|till|from|since|к|в|до|с|от)\s+)?\(?\b(?:19|20)\d\d\b\)?"
    r"(?:\s*(?:года|году|год|гг|г|жылы|жылға|жылдан|year)\b\.?)?"
)
_YEAR_CONTEXT = re.compile(
    r"\b(?:by|in|until|till|since|к|в)\s+\(?(?:19|20)\d\d\b|\b(?:19|20)\d\d\s*"
    r"(?:года|году|год|гг|г|жылы|жылға|жылдан)\b"
)
_DATE = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}(?![\d.,])|\d{4}-\d{1,2}-\d{1,2}(?!\d)")
_DOUBLE_MARK = re.compile(r"\d[.,]{2,}\d")
_COLON_DIGITS = re.compile(r"\d\s*:\s*\d")
_TOKEN = re.compile(
    r"(?P<num>\d+(?:(?:[.,'’]| (?=\d{3}(?!\d)))\d+)*(?:e[+-]?\d+)?)"
    r"|(?P<word>us\$|[^\W\d_]+)"
    r"|(?P<mark>\.\.\.|…|>=|[~≈≥>+$₸€£₽₺,;()/:-])"
    r"|(?P<skip>[\s.]+)"
    r"|(?P<other>.)"
)
# a Kazakh ending after a number or a scale abbreviation: "300-ден", "841 млрд-қа"
_SUFFIX = re.compile(
    r"(?:(?<=\d)|(?<=\bмлрд)|(?<=\bмлн)|(?<=\bтрлн)|(?<=\bтыс)|(?<=\bмың)|(?<=\bmlrd)|(?<=\bmln))"
    r"-(?:ден|дан|тан|тен|нан|нен|ге|ға|ке|қа|ы|і|den|dan|ten|tan|nan|nen|ge|ga|ke|qa|ǵa|y|i)"
    r"(?![^\W\d_])"
)
# an ending that qualifies the number, kept as a word: "100-дей" (about 100)
_QUALIFYING_SUFFIX = re.compile(
    r"(?<=\d)-(?=(?:дай|дей|тай|тей)(?![^\W\d_]))"
    # written on to a scale word: "3 мыңдай" (some 3 thousand), "3 myńdaı"
    r"|(?<=\bмың)(?=дай(?![^\W\d_]))|(?<=\bmyń)(?=daı(?![^\W\d_]))"
)
_LATIN_WORD = re.compile(r"^[a-zäğñöüūşçáǵńóúýı]+$")
_SPACES = str.maketrans(dict.fromkeys("\u00a0\u202f\u2009\u2007\t\n\r", " "))
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "ё": "е"})


class FigureError(ValueError):
    """A figure cell that cannot be read; ``hint`` says what to write instead.

    Parameters
    ----------
    message : str
        What could not be read, quoting the words kzgeo did not understand.
    hint : str, default NUMBER_HINT
        What the user should write instead.
    """

    def __init__(self, message: str, hint: str = NUMBER_HINT) -> None:
        """Keep the message and the hint."""
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Figure:
    """A figure read from a cell: the value, how it was qualified, and the text as written.

    Attributes
    ----------
    value : float
        The figure in whole units (tenge, dollars, jobs), scale words applied (``1.5 bn`` ->
        1.5e9).
    currency : str or None
        The ISO 4217 code the cell names (``KZT``, ``USD`` ...); None if it names none.
    qualifier : Qualifier
        How the number was qualified (``около 500`` -> ``approx``; see
        :data:`kzgeo.register.figure_words.Qualifier`), ``""`` if it was not.
    text : str
        The cell as written.
    half_unit : float
        Half a unit of the last digit written: ``173 bn`` -> 0.5e9; rounding tolerance.
    minimum : float
        The smallest figure of a cell with several (NaN for a single figure).
    maximum : float
        The largest figure of a cell with several (NaN for a single figure).
    note : str
        What was read and which figure the value is, for a cell with several figures.
    warnings : tuple of str
        Readings kzgeo had to choose (an ambiguous ``12.500``).
    other : Figure or None
        The same amount in another currency, for cells like ``8 bn tenge (US$16 M)``.
    """

    value: float
    currency: str | None
    qualifier: Qualifier
    text: str
    half_unit: float = 0.0
    minimum: float = math.nan
    maximum: float = math.nan
    note: str = ""
    warnings: tuple[str, ...] = ()
    other: Figure | None = None


class _Tok(NamedTuple):
    kind: str
    text: str
    value: object = None


@dataclass
class _Quantity:
    """One figure of a cell while it is being read.

    Attributes
    ----------
    total : float
        The part already multiplied out by a scale word (``1 bn 200 M``: 1e9 after ``bn``).
    current : float or None
        The number read since the last scale word; None before any.
    scale : float or None
        The last scale word's factor (1e9 for ``bn``); None if none was written yet.
    half_base : float
        Half a unit of the last digit of ``current`` (0.5 for ``12``, 0.05 for ``1.2``).
    half_unit : float
        ``half_base`` times the scale: the figure's rounding tolerance.
    qualifier : Qualifier
        Its qualifier (``approx``, ``up-to`` ...), ``""`` if none.
    currency : str or None
        The ISO 4217 code named for it; None if none yet.
    currency_word : str
        The currency as written, to quote in an error naming two currencies.
    unit : bool
        Whether a word counting people or jobs was written with it.
    group : str
        The people a noun of persons names (``сварщик`` for ``40 сварщиков``), ``""`` for a
        general unit (jobs, человек, адам) or none.
    closed : bool
        Whether a currency or unit word ended it (no more numbers belong to it).
    joined : bool
        Whether a range word (``-``, ``to``, ``до`` ...) joins it to the next figure, which
        may lend it a scale (``1-2 bn``).
    context : set of Context
        What nearby words say of it (temporary, permanent, a phase).
    words : list of str
        Qualifier words read before a number came, quoted if none follows.
    """

    total: float = 0.0
    current: float | None = None
    scale: float | None = None
    half_base: float = 0.5
    half_unit: float = 0.5
    qualifier: Qualifier = ""
    currency: str | None = None
    currency_word: str = ""
    unit: bool = False
    group: str = ""
    closed: bool = False
    joined: bool = False
    context: set[Context] = field(default_factory=set)
    words: list[str] = field(default_factory=list)

    @property
    def value(self) -> float:
        return self.total + (self.current or 0.0)


def read_number(
    token: str, *, scaled: bool = False, whole: bool = False
) -> tuple[float, int | None, str]:
    """Read digits with separators: return (value, decimals written, warning).

    Thousands groups have three digits (``1,234,567``, ``1 234 567``, ``1.234.567``), the
    decimal mark is the last mark when both kinds appear (``1.234,5``, ``1,234.5``), and
    ``decimals`` is ``None`` for exponent notation. A lone mark before exactly three digits is
    ambiguous: it is read as a thousands separator, except a dot before a scale word
    (``2.125 bn``), with a warning naming both readings; in a count (``whole``) column, which
    has no decimals, it is a thousands separator and needs no warning.

    Parameters
    ----------
    token : str
        Digits with separators and an optional exponent (``1 234,5``, ``2.5e6``).
    scaled : bool, default False
        Whether a scale word (``bn``, ``млн`` ...) follows, which makes a dot before three
        digits a decimal mark.
    whole : bool, default False
        Whether the column holds counts, which have no decimals.

    Returns
    -------
    value : float
        The number read.
    decimals : int or None
        The number of decimals written; None for exponent notation.
    warning : str
        The readings kzgeo chose between, if the token was ambiguous, else ``""``.

    Examples
    --------
    >>> read_number("1 234,5")
    (1234.5, 1, '')
    >>> read_number("12,500")[0]
    12500.0
    >>> read_number("12.500")[2]
    "'12.500' could be 12.5 or 12,500: read as 12,500; write 12500 or 12.5 to be sure"
    """
    mantissa, e, exponent = token.lower().partition("e")
    body = re.sub(r"[ '’]", "", mantissa)
    value, decimals, warning = _mantissa(body, token, spaced=body != mantissa, scaled=scaled)
    if whole and warning:
        warning = ""  # counts have no decimals: 1,500 jobs and 1.500 рабочих мест are 1500
    if e:
        try:
            return value * 10.0 ** int(exponent), None, warning
        except OverflowError:
            raise FigureError(f"{token!r} is not a finite number") from None
    return value, decimals, warning


def _mantissa(body: str, token: str, *, spaced: bool, scaled: bool) -> tuple[float, int, str]:
    marks = [m for m in (",", ".") if m in body]
    if len(marks) == 2:
        return _both_marks(body, token)
    if not marks:
        return float(body), 0, ""
    mark = marks[0]
    parts = body.split(mark)
    if len(parts) > 2 or (spaced and mark == "."):
        if spaced:
            raise FigureError(f"{token!r} mixes spaces and {mark!r} between digit groups")
        _check_groups(parts, token)
        return float("".join(parts)), 0, ""
    head, tail = parts
    if len(tail) == 3 and 0 < len(head) <= 3 and head != "0" and not spaced:
        return _three_after_mark(head, tail, token, decimal=scaled and mark == ".")
    return float(f"{head}.{tail}"), len(tail), ""


def _both_marks(body: str, token: str) -> tuple[float, int, str]:
    """Read ``1.234,5`` or ``1,234.5``: the last mark is the decimal one."""
    decimal = "," if body.rfind(",") > body.rfind(".") else "."
    thousands = "." if decimal == "," else ","
    head, _, tail = body.partition(decimal)
    if decimal in tail:
        raise FigureError(f"{token!r} has two decimal marks")
    _check_groups(head.split(thousands), token)
    return float(head.replace(thousands, "") + "." + tail), len(tail), ""


def _three_after_mark(head: str, tail: str, token: str, *, decimal: bool) -> tuple[float, int, str]:
    """Read ``12.500``: a decimal mark if ``decimal``, else a thousands one; warn of the other."""
    read = float(f"{head}.{tail}") if decimal else float(head + tail)
    other = float(head + tail) if decimal else float(f"{head}.{tail}")
    warning = (
        f"{token!r} could be {_fmt(other)} or {_fmt(read)}: read as {_fmt(read)}; write "
        f"{int(float(head + tail))} or {head}.{tail.rstrip('0') or '0'} to be sure"
    )
    return read, (3 if decimal else 0), warning


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.6g}"


def _check_groups(groups: list[str], token: str) -> None:
    first, rest = groups[0], groups[1:]
    if not (1 <= len(first) <= 3) or any(len(g) != 3 for g in rest):
        sizes = "-".join(str(len(g)) for g in groups)
        raise FigureError(
            f"{token!r} has digit groups of {sizes} digits: thousands groups have three",
            "write the number without separators (12500) or with one decimal mark (12.5)",
        )


def parse_figure(text: object, *, money: bool) -> Figure | None:
    """Read one figure cell.

    Parameters
    ----------
    text
        The cell as read (string, number or empty).
    money
        ``True`` for investment cells, where a currency may be written; ``False`` for counts,
        where unit words (jobs, рабочих мест, адам) may be written.

    Returns
    -------
    Figure or None
        ``None`` for an empty cell.

    Raises
    ------
    FigureError
        For text that is not a figure (the message names the words not understood), a date,
        a negative or non-finite value, or a currency in a count column.

    Examples
    --------
    >>> parse_figure("58,5 млрд тенге", money=True).value
    58500000000.0
    >>> parse_figure("US$116 M", money=True).currency
    'USD'
    >>> parse_figure("более 500 рабочих мест", money=False).qualifier
    'more-than'
    >>> fig = parse_figure("3,000 during construction and 400 permanent", money=False)
    >>> fig.value, fig.minimum, fig.maximum
    (400.0, 400.0, 3000.0)
    >>> parse_figure("8 bn tenge (US$16 M)", money=True).other.value
    16000000.0
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    if isinstance(text, bool):
        raise FigureError(f"{text!r} is not a number")
    if isinstance(text, int | float):
        return _checked(Figure(float(text), None, "", str(text), _half(str(text))))
    return _parse_text(str(text), money=money)


@lru_cache(maxsize=65536)
def _parse_text(raw: str, *, money: bool) -> Figure | None:
    """Read a text cell (memoised: registers repeat their ways of writing)."""
    if _PLAIN.match(raw) and not _AMBIGUOUS.match(raw):  # most cells: no words to look for
        return Figure(float(raw), None, "", raw, _half(raw))
    # Kazakh in the Arabic script (digits too) is read in Cyrillic; the text stays as written
    cell = from_arabic(raw).translate(_SPACES).translate(_DASHES).strip().lower()
    if cell in _EMPTY:
        return None
    _refuse_shapes(cell, raw)
    quantities, warnings = _read_cell(_without_years(cell), raw, whole=not money)
    return _checked(_figure(quantities, raw, money=money, warnings=warnings))


def _half(number: str) -> float:
    return 0.5 / 10.0 ** len(number.partition(".")[2]) if "e" not in number.lower() else 0.0


def _refuse_shapes(cell: str, raw: str) -> None:
    if cell in _NOT_FINITE:
        raise FigureError(f"{raw!r} is not a finite number")
    if re.match(r"^-\s*\d", cell):
        raise FigureError(
            f"{raw!r} is negative",
            "figures are amounts, not changes: write the amount without a sign",
        )
    if _DATE.search(cell):
        raise FigureError(
            f"{raw!r} looks like a date, not a figure",
            "put dates in approval_date; write the figure as a number such as 58.5 bn",
        )
    if _DOUBLE_MARK.search(cell):
        raise FigureError(f"{raw!r} has two separators in a row")
    if _COLON_DIGITS.search(cell):  # "10:30", "1:2": a time or a ratio, not two figures
        raise FigureError(
            f"{raw!r} looks like a time or a ratio, not a figure",
            "write the figure as a number such as 58.5 bn; a label before a colon is fine "
            "(jobs: 50)",
        )


def _without_years(cell: str) -> str:
    """Drop "by 2030" / "в 2025 году": said when, not how much (a bare 2030 stays a number)."""
    if not _YEAR_CONTEXT.search(cell):
        return cell
    return _YEAR.sub(lambda m: " " if _YEAR_CONTEXT.search(m.group(0)) else m.group(0), cell)


def _tokens(cell: str) -> Iterator[_Tok]:
    """Split a cell into marks, numbers and words (raw, not yet classified)."""
    cell = _QUALIFYING_SUFFIX.sub(" ", _SUFFIX.sub(" ", cell.lstrip("+")))
    for match in _TOKEN.finditer(cell):
        kind = match.lastgroup or "other"
        if kind != "skip":
            yield _Tok(kind, match.group(0))


def _classify(raw: list[_Tok], *, scaled: list[bool], whole: bool) -> Iterator[_Tok]:
    """Turn raw tokens into meanings, longest phrase first (words keep their text as written)."""
    words = [one_script(t.text) if t.kind == "word" else t.text for t in raw]
    lemmas = [lemma(w) if t.kind == "word" else w for t, w in zip(raw, words, strict=True)]
    i = 0
    while i < len(raw):
        found = _phrase(words, lemmas, i)
        if found is not None:
            kind, value, length = found
            yield _Tok(kind, " ".join(words[i : i + length]), value)
            i += length
            continue
        yield _single(raw[i], words[i], lemmas[i], scaled=scaled[i], whole=whole)
        i += 1


_PHRASES: tuple[tuple[str, dict[tuple[str, ...], object]], ...] = (
    ("half", dict.fromkeys(HALVES, 0.5)),
    ("pre", dict(PRE_QUALIFIERS)),
    ("post", dict(POST_QUALIFIERS)),
    ("context", dict(CONTEXT)),
)


def _phrase_index() -> dict[str, list[tuple[tuple[str, ...], str, object]]]:
    """Phrases of two or more words by their first word, longest first."""
    index: dict[str, list[tuple[tuple[str, ...], str, object]]] = {}
    for kind, table in _PHRASES:
        for key, value in table.items():
            if len(key) > 1:
                index.setdefault(key[0], []).append((key, kind, value))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


_PHRASE_INDEX = _phrase_index()


def _phrase(words: list[str], lemmas: list[str], i: int) -> tuple[str, object, int] | None:
    candidates = _PHRASE_INDEX.get(words[i], []) + _PHRASE_INDEX.get(lemmas[i], [])
    for key, kind, value in sorted(candidates, key=lambda e: -len(e[0])):
        if i + len(key) <= len(words) and all(
            key[k] in (words[i + k], lemmas[i + k]) for k in range(1, len(key))
        ):
            return kind, value, len(key)
    return None


def _single(tok: _Tok, written: str, lem: str, *, scaled: bool, whole: bool) -> _Tok:
    """Classify one token; ``written`` is its word in one script (see ``one_script``)."""
    if tok.kind == "num":
        return _Tok("num", tok.text, read_number(tok.text, scaled=scaled, whole=whole))
    latin = _LATIN_WORD.match(written) is not None and len(written) >= 3
    # Kazakh in a Latin alphabet ("shamamen", "teńgege", "jumys orny"): the Cyrillic words
    cyrillic = from_latin(written) if latin else written
    # then the other readings of a Latin word: "quraıtyn" is "құрайтын", "júmys" is "жұмыс"
    others = latin_readings(cyrillic) if latin else ()
    for word in _readings(written, lem, (cyrillic, *others) if latin else ()):
        found = _meaning(word)
        if found is not None:
            return _Tok(found[0], tok.text, found[1])
    if any(map(is_kazakh_verb, (cyrillic, *others))):  # "ашылады": what happens, not how much
        return _Tok("filler", tok.text)
    if is_person_noun(written):  # "40 сварщиков", "150 сельчан", "12 айыртауцев": people
        return _Tok("unit", tok.text, lem)
    return _Tok("unknown", tok.text)


def _readings(written: str, lem: str, cyrillic: tuple[str, ...]) -> Iterator[str]:
    """Yield the forms a word is looked up by: as written first, then without Kazakh endings.

    ``cyrillic`` holds the Cyrillic readings of a Latin word, in order (none for Cyrillic).
    """
    yield written
    yield lem
    # a stem is never an ending left alone: "тендер" is no "тен" + "дер"
    yield from (w for w in kazakh_stems(written) if w not in ENDINGS_ALONE)
    for word in cyrillic:
        yield word
        yield from (w for w in kazakh_stems(word) if w not in ENDINGS_ALONE)


def _meaning(word: str) -> tuple[str, object] | None:
    """Return (kind, value) of one word, or ``None`` when kzgeo does not know it."""
    tables: tuple[tuple[str, dict[str, float] | dict[str, str]], ...] = (
        ("scale", SCALES),
        ("currency", CURRENCIES),
        ("word_number", WORD_NUMBERS),
    )
    for kind, table in tables:
        if word in table:
            return kind, table[word]
    for kind, phrases in _PHRASES[1:]:
        if (word,) in phrases:
            return kind, phrases[(word,)]
    for counted, words in COUNTED.items():
        if word in words:
            return "counted", counted
    sets = (
        ("change", CHANGES),
        ("hundred", HUNDREDS),
        ("unit", UNITS),
        ("sep", SEPARATORS),
        ("filler", FILLER),
    )
    for kind, words in sets:
        if word in words or (kind == "sep" and word == "…"):
            return kind, None
    return None


def _scaled_flags(raw: list[_Tok]) -> list[bool]:
    """Say for each token whether the next word is a scale word (``2.125 bn``)."""
    out = []
    for i in range(len(raw)):
        nxt = one_script(raw[i + 1].text) if i + 1 < len(raw) else ""
        out.append(nxt in SCALES or lemma(nxt) in SCALES)
    return out


def _as_written(word: str, raw_text: str) -> str:
    """Quote a word not understood as the cell writes it.

    The Arabic script is read in Cyrillic, and the user looks for the word they wrote.
    """
    if raw_text == from_arabic(raw_text):
        return repr(word)
    written = [w for w in raw_text.split() if word in from_arabic(w).lower()]
    return f"{written[0]!r} (read {word!r})" if written else repr(word)


def _read_cell(cell: str, raw_text: str, *, whole: bool) -> tuple[list[_Quantity], list[str]]:
    raw = list(_tokens(cell))
    toks = list(_classify(raw, scaled=_scaled_flags(raw), whole=whole))
    changes = [t.text for t in toks if t.kind == "change"]
    if changes:
        words = ", ".join(repr(w) for w in dict.fromkeys(changes))
        raise FigureError(
            f"{raw_text!r} says a change ({words}), not an amount",
            "write the amount itself (the total invested, the jobs created)",
        )
    unknown = [t.text for t in toks if t.kind in ("unknown", "other")]
    if unknown:
        words = ", ".join(_as_written(w, raw_text) for w in dict.fromkeys(unknown))
        numbers = any(t.kind in ("num", "word_number") for t in toks)
        raise FigureError(
            f"{raw_text!r}{'' if numbers else ' is not a number'}: cannot read {words} (not a "
            "number, scale, currency, unit or qualifier kzgeo knows)",
            NUMBER_HINT + "; qualifiers such as about / около / шамамен, units such as jobs",
        )
    reader = _CellReader(raw_text)
    for tok in toks:
        reader.feed(tok)
    return reader.finish(), reader.warnings


class _CellReader:
    """Groups classified tokens into quantities: one per figure written in the cell.

    Parameters
    ----------
    raw : str
        The cell as written, quoted in warnings.
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.done: list[_Quantity] = []
        self.open: _Quantity | None = None
        self.pending = _Quantity()
        self.bracket_owner: _Quantity | None = None
        self.warnings: list[str] = []
        self.last_kind = ""
        self.counted: dict[str, list[str]] = {}

    def close(self) -> None:
        if self.open is not None:
            self._fold(self.open)
            self.done.append(self.open)
        self.open = None

    def _fold(self, q: _Quantity) -> None:
        if q.current is not None and q.scale is not None and q.total:
            raise FigureError(f"{self.raw!r}: a number after {q.scale:,.0f}s has no scale word")
        if q.scale is None:
            q.half_unit = q.half_base

    def start(self) -> _Quantity:
        q, self.pending = self.pending, _Quantity()
        self.open = q
        return q

    def feed(self, tok: _Tok) -> None:
        handler = getattr(self, f"_on_{tok.kind}", None)
        if handler is not None:
            handler(tok)
        self.last_kind = tok.kind

    def _on_sep(self, tok: _Tok) -> None:
        last = self.open
        self.close()
        if last is not None and tok.text in RANGE_JOINS:
            last.joined = True
        # "1500 people (construction)": words in brackets describe the figure before them
        if tok.text == "(":
            self.bracket_owner = self.done[-1] if self.done else None
        elif tok.text == ")":
            self.bracket_owner = None

    def _on_pre(self, tok: _Tok) -> None:
        last = self.open
        if last is not None and last.current is None and not last.total:
            last.qualifier = tok.value  # type: ignore[assignment]
            return
        self.close()
        if last is not None and tok.text in RANGE_JOINS:
            # "от 10 до 15 млрд", "10 до 15": "до" after a number ends a range, no "up to"
            last.joined = True
            return
        self.pending.qualifier = tok.value  # type: ignore[assignment]
        self.pending.words.append(tok.text)

    def _on_post(self, tok: _Tok) -> None:
        target = self.open or (self.done[-1] if self.done else None)
        if target is None:
            raise FigureError(f"{self.raw!r}: {tok.text!r} comes before any number")
        target.qualifier = tok.value  # type: ignore[assignment]

    def _on_currency(self, tok: _Tok) -> None:
        q = self.open
        if q is not None and (q.current is not None or q.total) and q.currency is None:
            q.currency, q.currency_word, q.closed = str(tok.value), tok.text, True
            return
        has_number = q is not None and (q.current is not None or bool(q.total))
        if q is not None and has_number and q.currency is not None and not q.closed:
            # the currency was written before the number, and now after it too
            if q.currency == tok.value:
                q.closed = True  # "$5 M USD"
                return
            raise FigureError(
                f"{self.raw!r} names two currencies for one figure: {q.currency_word!r} "
                f"({q.currency}) and {tok.text!r} ({tok.value})",
                "keep the currency the figure is in",
            )
        self.close()
        self.pending.currency, self.pending.currency_word = str(tok.value), tok.text

    def _on_context(self, tok: _Tok) -> None:
        target = self.open or self.bracket_owner or self.pending
        target.context.add(tok.value)  # type: ignore[arg-type]

    def _on_counted(self, tok: _Tok) -> None:
        q = self.open
        # "for one shift", "в две смены", "1 жоба": the number just before counts shifts or
        # projects, not jobs or money
        if q is not None and q.scale is None and self.last_kind in ("num", "word_number"):
            self.open = None
            self.counted.setdefault(str(tok.value), []).append(_fmt(q.value))

    def _on_unit(self, tok: _Tok) -> None:
        target = self.open if self.open is not None else self.pending
        # "занятость 50 человек", "jobs: 50": the unit before its number goes to the next one
        target.unit, target.closed = True, self.open is not None
        target.group = str(tok.value or "")

    def _number_target(self, tok: _Tok) -> _Quantity:
        q = self.open
        if q is not None and q.closed:
            self.close()
            q = None
        if q is None:
            return self.start()
        if q.current is not None and tok.kind == "num":
            raise FigureError(f"{self.raw!r}: two numbers side by side, cannot tell them apart")
        return q

    def _on_num(self, tok: _Tok) -> None:
        q = self._number_target(tok)
        reading: tuple[float, int | None, str] = tok.value  # type: ignore[assignment]
        value, decimals, warning = reading
        if warning:
            self.warnings.append(warning)
        q.current = value
        q.half_base = 0.0 if decimals is None else 0.5 / 10.0**decimals

    def _on_word_number(self, tok: _Tok) -> None:
        q = self._number_target(tok)
        q.current = (q.current or 0.0) + float(tok.value)  # type: ignore[arg-type]

    def _on_hundred(self, tok: _Tok) -> None:
        q = self._number_target(tok)
        q.current = (q.current or 1.0) * 100.0

    def _on_half(self, tok: _Tok) -> None:
        q = self.open
        if q is None or q.current is None:
            raise FigureError(f"{self.raw!r}: {tok.text!r} without a number before it")
        q.current += 0.5
        q.half_base = 0.25

    def _on_scale(self, tok: _Tok) -> None:
        q = self.open
        factor = float(tok.value)  # type: ignore[arg-type]
        alone = q is None or q.closed or (q.current is None and not q.total)
        if alone and one_script(tok.text) in SCALE_ALONE:  # "a thousand", "миллиард тенге"
            q = self._number_target(tok)
            q.current = 1.0
        if q is None or q.current is None or q.closed:
            raise FigureError(f"{self.raw!r}: {tok.text!r} without a number before it")
        if q.scale is not None and factor >= q.scale:
            raise FigureError(f"{self.raw!r}: scale words out of order ({tok.text!r})")
        q.total += q.current * factor
        q.current, q.scale = None, factor
        q.half_unit = q.half_base * factor

    def finish(self) -> list[_Quantity]:
        self.close()
        if self.pending.qualifier or self.pending.currency:
            words = " ".join(self.pending.words) or self.pending.currency
            raise FigureError(f"{self.raw!r}: {words!r} is not followed by a number")
        if not self.done and self.counted:
            what, numbers = next(iter(self.counted.items()))
            raise FigureError(
                f"{self.raw!r}: {', '.join(numbers)!r} counts {what}, not jobs or money",
                "write the figure itself, e.g. 120 jobs in two shifts",
            )
        return self.done


def _figure(quantities: list[_Quantity], raw: str, *, money: bool, warnings: list[str]) -> Figure:
    if not quantities:
        raise FigureError(f"{raw!r} is not a number")
    _spread_ranges(quantities)
    for q in quantities:
        if q.currency and not money:
            raise FigureError(
                f"{raw!r} has a currency but this column is a count",
                "write the count alone, e.g. 150",
            )
        if q.unit and money:
            raise FigureError(
                f"{raw!r} counts people or jobs but this column is money",
                "put the count in jobs and the amount here",
            )
    codes = list(dict.fromkeys(q.currency for q in quantities if q.currency))
    if len(codes) > 1:
        if len(quantities) != 2:
            raise FigureError(
                f"{raw!r} mixes currencies {', '.join(codes)} across {len(quantities)} figures",
                "give one figure, or one figure with its conversion in brackets",
            )
        first, second = quantities
        other = _single_figure(second, raw, warnings=())
        return _single_figure(first, raw, warnings=tuple(warnings), other=other)
    for q in quantities:
        q.currency = codes[0] if codes else None
    if len(quantities) == 1:
        return _single_figure(quantities[0], raw, warnings=tuple(warnings))
    return _several(quantities, raw, warnings=tuple(warnings))


def _spread_ranges(quantities: list[_Quantity]) -> None:
    """Spread what one end of a range says to the other.

    ``100-150 млн``: the lower end takes the scale of the upper end it is joined to; ``около
    10-15 млрд``: the upper end takes the qualifier written before the lower one.
    """
    for a, b in itertools.pairwise(quantities):
        if a.joined and not b.qualifier:
            b.qualifier = a.qualifier
    for a, b in zip(reversed(quantities[:-1]), reversed(quantities[1:]), strict=True):
        if a.joined and a.scale is None and b.scale is not None and not a.total:
            a.total, a.current, a.scale = (a.current or 0.0) * b.scale, None, b.scale
            a.half_unit = a.half_base * b.scale


def _single_figure(
    q: _Quantity, raw: str, *, warnings: tuple[str, ...], other: Figure | None = None
) -> Figure:
    return Figure(
        q.value, q.currency, q.qualifier, raw, q.half_unit, warnings=warnings, other=other
    )


def _several(quantities: list[_Quantity], raw: str, *, warnings: tuple[str, ...]) -> Figure:
    values = [x.value for x in quantities]
    listed = ", ".join(_fmt(v) for v in values)
    groups = [x.group for x in quantities]
    if all(groups) and len(set(groups)) == len(groups) and not any(x.context for x in quantities):
        return _sum_of_groups(quantities, raw, warnings=warnings)
    index, reason = _chosen(quantities)
    q = quantities[index]
    note = (
        f"{len(values)} figures ({listed}): {_fmt(q.value)} is used, {reason}; "
        f"range {_fmt(min(values))}-{_fmt(max(values))}"
    )
    return Figure(
        q.value,
        q.currency,
        q.qualifier,
        raw,
        q.half_unit,
        minimum=min(values),
        maximum=max(values),
        note=note,
        warnings=warnings,
    )


def _sum_of_groups(quantities: list[_Quantity], raw: str, *, warnings: tuple[str, ...]) -> Figure:
    """``40 сварщиков и 20 водителей``: one workforce told by trade is the sum of its groups.

    The parts are not a range of one figure, so the sum has no minimum or maximum; its
    qualifier is the parts' one if they share it, else ``approx``.
    """
    value = math.fsum(q.value for q in quantities)
    qualifiers = {q.qualifier for q in quantities}
    qualifier: Qualifier = qualifiers.pop() if len(qualifiers) == 1 else "approx"
    parts = ", ".join(f"{_fmt(q.value)} {q.group}" for q in quantities)
    note = f"{len(quantities)} figures, one per group ({parts}): their sum {_fmt(value)} is used"
    half_unit = math.fsum(q.half_unit for q in quantities)
    currency = quantities[0].currency
    return Figure(value, currency, qualifier, raw, half_unit, note=note, warnings=warnings)


def _chosen(quantities: list[_Quantity]) -> tuple[int, str]:
    """Apply :data:`RANGE_RULE`: return the index of the figure used and why."""
    permanent = [i for i, q in enumerate(quantities) if "permanent" in q.context]
    if permanent:
        return permanent[-1], "the permanent one"
    wholes = [i for i, q in enumerate(quantities) if "part" not in q.context]
    lasting = [i for i in wholes if "temporary" not in quantities[i].context]
    if lasting and len(lasting) < len(wholes):
        return lasting[-1], "not the temporary (construction) one"
    if wholes and len(wholes) < len(quantities):
        return wholes[-1], "the whole, not a part of it"
    return len(quantities) - 1, "the last written (final phase or upper end)"


def _checked(figure: Figure) -> Figure:
    for value in (figure.value, figure.other.value if figure.other else 0.0):
        if not math.isfinite(value):
            raise FigureError(f"{figure.text!r} is not a finite number")
        if value < 0:
            raise FigureError(
                f"{figure.text!r} is negative",
                "figures are amounts, not changes: write the amount without a sign",
            )
    return figure
