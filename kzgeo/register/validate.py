"""Turning register tables of strings into typed tables, with an issue for every problem.

Every input row stays in the output. A row with an error gets ``row_status = "invalid"`` and
its issues in ``row_issues``; later steps carry it through with that status and leave its figures
out of every total.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kzgeo.errors import Issue
from kzgeo.register.figure_words import CURRENCIES
from kzgeo.register.manifest import parse_date
from kzgeo.register.numbers import Figure, FigureError, parse_figure
from kzgeo.register.rates import RateBook
from kzgeo.register.schema import (
    BUILTIN_FIGURES,
    FIGURE_CURRENCY,
    FLAGS,
    LOCATION_FIELDS,
    LOCATION_FLAGS,
    MONEY_COLUMNS,
    MONEY_TARGET,
    ROLES,
    FigureSpec,
)
from kzgeo.register.sectors import classify_sector, normalize_code, parse_stage

if TYPE_CHECKING:
    from kzgeo.register.read import Table

_ID = re.compile(r"^[\w.\-]+$")
CURRENCY_CODES = frozenset(CURRENCIES.values())
_YEAR = re.compile(r"^(\d{4})(?:\.0+)?\s*(?:г\.?|года?|жылы?|year)?$", re.IGNORECASE)
YEAR_RANGE = (1900, 2100)
DATE_FIELDS = ("announced_date", "approval_date", "launch_date")


class _Rows:
    """Collects issues per row while a table is validated.

    Parameters
    ----------
    table : Table
        The table as read; its ``row_errors`` (malformed rows) are taken over.
    """

    def __init__(self, table: Table) -> None:
        self.table = table
        self.issues: list[Issue] = []
        self.errors: dict[int, list[str]] = defaultdict(list)
        for position, messages in table.row_errors.items():
            self.errors[position].extend(messages)

    def error(self, i: int, field: str | None, message: str, hint: str) -> None:
        issue = Issue("error", self.table.file, self.table.lines[i], field, message, hint)
        self.issues.append(issue)
        self.errors[i].append(f"{field}: {message}" if field else message)

    def has_error(self, i: int, field: str) -> bool:
        return any(m.startswith(f"{field}: ") for m in self.errors.get(i, []))

    def warn(self, i: int | None, field: str | None, message: str, hint: str = "") -> None:
        line = None if i is None else self.table.lines[i]
        self.issues.append(Issue("warning", self.table.file, line, field, message, hint))

    def status(self, n: int) -> tuple[list[str], list[str]]:
        return (
            ["invalid" if self.errors.get(i) else "ok" for i in range(n)],
            ["; ".join(self.errors.get(i, [])) for i in range(n)],
        )


class _Cells:
    """A table's cells as plain lists: reading one cell must not cost a pandas lookup.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table's cells as strings.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.columns = set(frame.columns)
        self._values = {c: frame[c].tolist() for c in frame.columns}

    def __call__(self, i: int, col: str) -> str:
        values = self._values.get(col)
        if values is None:
            return ""
        value = values[i]
        return "" if value is None else str(value).strip()


def _list(text: str) -> str:
    parts = [p.strip() for p in re.split(r"[;\n]|,\s(?=[A-ZА-ЯЁ])", text) if p.strip()]
    return "; ".join(parts)


def _date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=dt.UTC).date()
        except ValueError:
            continue
    raise ValueError(text)


def _check_ids(rows: _Rows, ids: list[str], field: str) -> None:
    seen: dict[str, int] = {}
    for i, value in enumerate(ids):
        if not value:
            rows.error(i, field, "empty", f"give every row a {field}")
        elif not _ID.match(value):
            rows.error(
                i,
                field,
                f"{value!r} has characters other than letters, digits, - _ .",
                "use a short id such as abc-1",
            )
        elif value in seen:
            rows.error(
                i,
                field,
                f"duplicate {field} {value!r} (first on line {rows.table.lines[seen[value]]})",
                "ids must be unique",
            )
        else:
            seen[value] = i


def validate_projects(
    table: Table,
    *,
    rates: RateBook | None = None,
    figures: dict[str, FigureSpec] | None = None,
) -> tuple[pd.DataFrame, list[Issue]]:
    """Return the typed projects table and the issues found.

    Figures become floats (NaN when empty) with ``<figure>_flag``, ``<figure>_basis``,
    ``<figure>_qualifier`` (see :data:`kzgeo.register.numbers.Qualifier`), ``<figure>_text`` (the
    cell as written), ``<figure>_min`` / ``<figure>_max`` (a cell with several figures) and
    ``<figure>_note`` beside them. Money is routed by the currency written in the cell: a USD
    figure in ``investment_kzt`` fills ``investment_usd`` (with a warning), and other currencies
    are converted to KZT at ``rates`` (default: the bundled NBK table), flagged ``derived``.
    ``figures`` are the register's figures (default: the built-ins). ``sector``, ``stage``,
    ``year`` and the dates are read by :func:`_attributes`.

    Parameters
    ----------
    table : Table
        ``projects.csv`` (or its sheet) as read.
    rates : RateBook, optional
        The rates other currencies are converted at; None: the bundled NBK table.
    figures : dict of str to FigureSpec, optional
        The register's figures; None: the built-ins (``investment_kzt``,
        ``investment_usd``, ``jobs``).

    Returns
    -------
    projects : pandas.DataFrame
        One row per input row, in file order, with the typed columns above, ``row_status``
        (``ok`` / ``invalid``) and ``row_issues`` (the errors of the row).
    issues : list of Issue
        Every error and warning, each naming the file, line and field.
    """
    figures = figures or dict(BUILTIN_FIGURES)
    frame, rows = _Cells(table.frame), _Rows(table)
    rates = rates or RateBook()
    n = len(table.frame)
    out: dict[str, list[Any]] = defaultdict(list)
    ids = [frame(i, "project_id") for i in range(n)]
    _check_ids(rows, ids, "project_id")
    _warn_missing_flag_columns(rows, frame, figures)
    assumed: list[int] = []
    for i in range(n):
        out["project_id"].append(ids[i])
        company = frame(i, "company")
        if not company:
            rows.error(i, "company", "empty", "name the company")
        out["company"].append(company)
        out["legal_name_ru"].append(frame(i, "legal_name_ru"))
        out["partners"].append(_list(frame(i, "partners")))
        out["source_urls"].append(_list(frame(i, "source_urls")))
        out["notes"].append(frame(i, "notes"))
        _attributes(rows, frame, i, out)
        date = out["approval_date"][-1]
        currency = _row_currency(rows, frame, i)
        money = _Money(rows, frame, i, rates=rates, date=date, currency=currency)
        if money.assumed_kzt:
            assumed.append(i)
        for spec in figures.values():
            if spec.kind == "money":
                money.write(spec, out)
            else:
                _count(rows, frame, i, spec, out)
    _warn_assumed_currency(rows, table, assumed)
    typed = _typed(out, rows, table)
    typed["year"] = pd.array(out["year"], dtype="Int64")
    return typed, rows.issues


def _warn_assumed_currency(rows: _Rows, table: Table, assumed: list[int]) -> None:
    """One warning for every ``investment`` cell written without a currency (read as KZT)."""
    if not assumed:
        return
    lines = ", ".join(str(table.lines[i]) for i in assumed[:10])
    rows.warn(
        None,
        "investment",
        f"no currency written (lines {lines}{' ...' if len(assumed) > 10 else ''}): read as KZT",
        "write the currency in the cell (8 bn tenge, $16 M) or add a currency column",
    )


def _warn_missing_flag_columns(rows: _Rows, frame: _Cells, figures: dict[str, FigureSpec]) -> None:
    for fig in figures:
        if fig in frame.columns and f"{fig}_flag" not in frame.columns:
            rows.warn(
                None,
                f"{fig}_flag",
                f"no {fig}_flag column: {fig} figures are taken as "
                "reported, from the row's source_urls",
                "add the column to say which figures are derived or estimated",
            )


def _attributes(rows: _Rows, frame: _Cells, i: int, out: dict[str, list[Any]]) -> None:
    """Read the project's sector, stage, year and dates (the cells as written kept too).

    A sector or stage kzgeo does not understand is a warning naming the words, never an
    error: the row stays valid with the code or stage empty. A year that is not one is an
    error (it would place the project in the wrong year of a filter).
    """
    sector = frame(i, "sector")
    out["sector"].append(sector)
    code, flag = _sector_code(rows, frame, i, sector)
    out["sector_code"].append(code)
    out["sector_code_flag"].append(flag)
    out["sector_code_text"].append(frame(i, "sector_code"))
    stage_text = frame(i, "stage")
    stage, unknown = parse_stage(stage_text) if stage_text else (None, [])
    if stage_text and stage is None:
        rows.warn(
            i,
            "stage",
            f"stage {stage_text!r} not understood (words: {', '.join(unknown) or stage_text})",
            "write one of announced, approved, under_construction, launched, suspended, "
            "cancelled, or a phrase such as 'запущен' / 'салына бастады'",
        )
    out["stage"].append(stage)
    out["stage_text"].append(stage_text)
    out["year"].append(_year(rows, frame, i))
    for field in DATE_FIELDS:
        out[field].append(_row_date(rows, frame, i, field))


def _sector_code(rows: _Rows, frame: _Cells, i: int, sector: str) -> tuple[str | None, str]:
    """Return the row's OKED code and its flag: given (``reported``) or read from the text."""
    given = frame(i, "sector_code")
    if given:
        code = normalize_code(given)
        if code is not None:
            return code, "reported"
        rows.warn(
            i,
            "sector_code",
            f"{given!r} is not a KZ OKED section (A-U) or division (01-99)",
            "write a section letter (C) or a two-digit division (23); the sector text is "
            "read instead",
        )
    if not sector:
        return None, ""
    code, unknown = classify_sector(sector)
    if code is None:
        rows.warn(
            i,
            "sector",
            f"sector {sector!r} not classified (words not understood: "
            f"{', '.join(unknown) or sector})",
            "add a sector_code column with the OKED section or division",
        )
        return None, ""
    return code, "derived"


def _year(rows: _Rows, frame: _Cells, i: int) -> int | None:
    text = frame(i, "year")
    if not text:
        return None
    match = _YEAR.match(text)
    low, high = YEAR_RANGE
    if match is None or not low <= int(match.group(1)) <= high:
        rows.error(
            i,
            "year",
            f"{text!r} is not a year",
            f"write the year as four digits between {low} and {high}, e.g. 2025",
        )
        return None
    return int(match.group(1))


def _row_date(rows: _Rows, frame: _Cells, i: int, field: str) -> dt.date | None:
    text = frame(i, field)
    try:
        return _date(text) if text else None
    except ValueError:
        # a well-formed date that does not exist (2026-02-30) gets the specific reason
        parse_date(text, field, lambda f, m, h: rows.error(i, f, m, h))
        if not rows.has_error(i, field):
            rows.error(
                i,
                field,
                f"{text!r} is not a date",
                "write YYYY-MM-DD (22.01.2026 and 22/01/2026 are read too)",
            )
    return None


def _row_currency(rows: _Rows, frame: _Cells, i: int) -> str:
    text = frame(i, "currency")
    code = CURRENCIES.get(text.lower(), text.upper()) if text else ""
    if code and code not in CURRENCY_CODES:
        rows.error(
            i,
            "currency",
            f"unknown currency {text!r}",
            f"use a currency code kzgeo knows: {', '.join(sorted(CURRENCY_CODES))}",
        )
        return ""
    return code


@dataclass
class _Slot:
    """A money figure on its way to its column (``investment_kzt`` or ``investment_usd``).

    Attributes
    ----------
    figure : Figure
        The figure as read from the cell.
    column : str
        The column it was written in.
    value : float
        Its amount in the target column's currency (converted to KZT if it was another).
    half_unit : float
        Its rounding tolerance, in the same currency as ``value``.
    flag : str
        ``derived`` when converted, else ``""`` (the row's flag applies).
    basis : str
        The conversion written out, when converted; else ``""``.
    """

    figure: Figure
    column: str
    value: float
    half_unit: float
    flag: str = ""
    basis: str = ""


class _Money:
    """The money cells of one row, each routed by its currency.

    Parameters
    ----------
    rows, frame, i
        Where issues of the row are collected, the table's cells and the row's position in
        the table (as every ``_row_*`` reader takes them).
    rates
        The rates other currencies are converted at.
    date
        The row's approval date, for the rate; None: the book's default date.
    currency
        The row's ``currency`` cell as a code; ``""`` if it names none.
    """

    def __init__(
        self,
        rows: _Rows,
        frame: _Cells,
        i: int,
        *,
        rates: RateBook,
        date: dt.date | None,
        currency: str,
    ) -> None:
        self.rows, self.frame, self.i = rows, frame, i
        self.rates, self.date, self.currency = rates, date, currency
        self.slots: dict[str, _Slot] = {}
        self.refused: dict[str, str] = {}
        # an ``investment`` figure read as KZT only because neither it nor the row named a
        # currency ("12 bn"): the register is told, once for all such rows
        self.assumed_kzt = False
        for column in MONEY_COLUMNS:
            figure = _parse(rows, i, column, frame(i, column), money=True)
            if figure is None and frame(i, column):
                self.refused[column] = frame(i, column)
            for part in (figure, figure.other if figure else None):
                if part is not None:
                    self._route(column, part)

    def _route(self, column: str, figure: Figure) -> None:
        code = figure.currency or self._default(column)
        if column == "investment" and not figure.currency and not self.currency:
            self.assumed_kzt = True
        target = MONEY_TARGET.get(code, "investment_kzt")
        slot = _Slot(figure, column, figure.value, figure.half_unit)
        if code not in MONEY_TARGET:
            if not self._convert(slot, code):
                return
        elif column in FIGURE_CURRENCY and target != column:
            self.rows.warn(
                self.i,
                column,
                f"{figure.text!r} is in {code}, the column is {FIGURE_CURRENCY[column]}: "
                f"read into {target}",
                f"put it in {target}",
            )
        self._place(target, slot)

    def _default(self, column: str) -> str:
        if column == "investment_usd":
            return "USD"
        return self.currency or "KZT"

    def _convert(self, slot: _Slot, code: str) -> bool:
        rate = self.rates.rate(code, self.date)
        figure = slot.figure
        if rate is None:
            self.rows.error(
                self.i,
                slot.column,
                f"{figure.text!r} is in {code}, and kzgeo has no {code} rate",
                f"convert it to KZT, or give kzt_per_{code.lower()} under exchange_rate in "
                "register.yaml",
            )
            return False
        slot.value = figure.value * rate.kzt_per_unit
        slot.half_unit = figure.half_unit * rate.kzt_per_unit
        slot.flag = "derived"
        slot.basis = (
            f"{figure.value:,.0f} {code} x {rate.kzt_per_unit:g} KZT/{code} = "
            f"{slot.value:,.0f} KZT ({rate.source}); written {figure.text!r}"
        )
        self.rows.warn(
            self.i,
            slot.column,
            f"{figure.text!r} is in {code}: converted to {slot.value:,.0f} KZT at "
            f"{rate.kzt_per_unit:g} KZT/{code} of {rate.date}, flagged derived",
        )
        return True

    def _place(self, target: str, slot: _Slot) -> None:
        have = self.slots.get(target)
        if have is None:
            self.slots[target] = slot
        elif abs(have.value - slot.value) > have.half_unit + slot.half_unit:
            self.rows.error(
                self.i,
                slot.column,
                f"two {target} figures: {have.figure.text!r} ({have.column}) and "
                f"{slot.figure.text!r} ({slot.column})",
                "keep one of them",
            )

    def write(self, spec: FigureSpec, out: dict[str, list[Any]]) -> None:
        fig = spec.name
        slot = self.slots.get(fig)
        figure = slot.figure if slot else None
        value = math.nan
        if slot is not None and _within_limits(self.rows, self.i, slot.column, spec, slot.value):
            value = slot.value
        column = slot.column if slot else fig
        given = bool(self.frame(self.i, fig)) or slot is not None
        flag, basis = _flag_and_basis(
            self.rows, self.frame, self.i, column, has_value=not math.isnan(value), given=given
        )
        if slot is not None and slot.flag:
            flag, basis = slot.flag, slot.basis + (f"; source: {basis}" if basis else "")
        # a refused cell keeps its text too: investment_kzt for a refused "investment" cell
        text = figure.text if figure else self.refused.get(fig, "")
        if not text and fig == "investment_kzt":
            text = self.refused.get("investment", "")
        _emit(out, fig, value, figure, flag, basis, slot.half_unit if slot else 0.0, text)


def _parse(rows: _Rows, i: int, column: str, text: str, *, money: bool) -> Figure | None:
    """Parse one cell; ``None`` when empty or refused (with an error naming the field)."""
    try:
        figure = parse_figure(text, money=money)
    except FigureError as exc:
        rows.error(i, column, str(exc), exc.hint)
        return None
    if figure is not None:
        for warning in figure.warnings:
            rows.warn(i, column, warning, "write the number without separators")
    return figure


def _within_limits(rows: _Rows, i: int, column: str, spec: FigureSpec, value: float) -> bool:
    limit = spec.upper_limit
    if limit is not None and value > limit:
        rows.error(
            i,
            column,
            f"{value:,.0f} is implausibly large for {spec.name} (limit {limit:,.0f})",
            "check the units (bn vs M) and the number of zeros",
        )
        return False
    if value == 0:
        rows.warn(i, column, "zero: is the figure missing?", "leave the cell empty if unknown")
    return True


def _count(rows: _Rows, frame: _Cells, i: int, spec: FigureSpec, out: dict[str, list[Any]]) -> None:
    """Read a count (whole numbers) or a quantity (any number, in the figure's unit)."""
    fig = spec.name
    text = frame(i, fig)
    figure = _parse(rows, i, fig, text, money=False)
    value = math.nan
    if figure is not None:
        if spec.kind == "count" and figure.value != int(figure.value):
            rows.error(i, fig, f"{figure.text!r} is not a whole number", "counts are whole numbers")
        elif _within_limits(rows, i, fig, spec, figure.value):
            value = figure.value
    # a cell that was given but refused has its own error: no second warning about the flag
    flag, basis = _flag_and_basis(
        rows, frame, i, fig, has_value=not math.isnan(value), given=bool(text.strip())
    )
    _emit(out, fig, value, figure, flag, basis, figure.half_unit if figure else 0.0, text)


def _emit(
    out: dict[str, list[Any]],
    fig: str,
    value: float,
    figure: Figure | None,
    flag: str,
    basis: str,
    half_unit: float,
    text: str,
) -> None:
    """Append one figure and its companions (flag, basis, text as written, range, note)."""
    kept = figure is not None and not math.isnan(value)
    out[fig].append(value)
    out[f"{fig}_flag"].append(flag or None)
    out[f"{fig}_basis"].append(basis)
    out[f"{fig}_qualifier"].append(figure.qualifier if kept and figure else "")
    out[f"{fig}_half_unit"].append(half_unit if kept else 0.0)
    out[f"{fig}_text"].append(text)
    out[f"{fig}_min"].append(figure.minimum if kept and figure else math.nan)
    out[f"{fig}_max"].append(figure.maximum if kept and figure else math.nan)
    out[f"{fig}_note"].append(figure.note if figure else "")


def _flag_and_basis(
    rows: _Rows, frame: _Cells, i: int, fig: str, *, has_value: bool, given: bool
) -> tuple[str, str]:
    """Return the flag and basis of the figure written in column ``fig``."""
    flag = frame(i, f"{fig}_flag").lower()
    basis = frame(i, f"{fig}_basis")
    if flag and flag not in FLAGS:
        rows.error(i, f"{fig}_flag", f"{flag!r} is not a flag", f"use one of {', '.join(FLAGS)}")
        flag = ""
    if not has_value:
        if flag and not given:
            rows.warn(i, f"{fig}_flag", "flag given but no figure", "")
        return "", basis
    if not flag:
        flag = "reported"
        if f"{fig}_flag" in frame.columns:
            rows.warn(
                i, f"{fig}_flag", "empty: taken as reported", "say reported, derived or estimated"
            )
    if not basis and flag == "reported":
        basis = frame(i, "source_urls")
        if not basis:
            rows.warn(
                i, f"{fig}_basis", "reported figure without a source", "add source ids or URLs"
            )
    if flag in ("derived", "estimated") and not basis:
        rows.error(
            i,
            f"{fig}_basis",
            f"{flag} figure without its formula or method",
            "write how it was derived or estimated",
        )
    return flag, basis


def validate_sites(table: Table, projects: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Return the typed sites table and the issues found.

    Parameters
    ----------
    table : Table
        ``sites.csv`` (or its sheet) as read.
    projects : pandas.DataFrame
        The validated projects; a site must name one of their ``project_id``.

    Returns
    -------
    sites : pandas.DataFrame
        One row per input row, in file order, typed, with ``row_status`` and
        ``row_issues``.
    issues : list of Issue
        Every error and warning, each naming the file, line and field.
    """
    frame, rows = _Cells(table.frame), _Rows(table)
    n = len(table.frame)
    ids = [frame(i, "site_id") for i in range(n)]
    _check_ids(rows, ids, "site_id")
    known = set(projects["project_id"])
    out: dict[str, list[Any]] = defaultdict(list)
    for i in range(n):
        out["site_id"].append(ids[i])
        out["project_id"].append(_site_project(rows, frame, i, known))
        role = frame(i, "role").lower()
        if role and role not in ROLES:
            rows.error(i, "role", f"{role!r} is not a role", "use primary or secondary")
        out["role"].append(role)
        out["weight"].append(_number(rows, frame, i, "weight", minimum=0.0))
        _site_location(rows, frame, i, out)
        for col in _SITE_TEXT_COLUMNS:
            out[col].append(frame(i, col))
    typed = _typed(out, rows, table)
    _roles(typed, rows)
    return typed, rows.issues


# the site columns kept as written, in the order of the typed table
_SITE_TEXT_COLUMNS = (
    "site_name",
    "sez",
    "settlement",
    "district",
    "region",
    "country",
    "location",
    "location_basis",
    "notes",
)


def _site_project(rows: _Rows, frame: _Cells, i: int, known: set[str]) -> str:
    """Return the site's project id; an empty or unknown one is an error."""
    project = frame(i, "project_id")
    if not project:
        rows.error(i, "project_id", "empty", "say which project the site belongs to")
    elif project not in known:
        rows.error(
            i,
            "project_id",
            f"unknown project {project!r}",
            "add the project to projects.csv or fix the id",
        )
    return project


def _site_location(rows: _Rows, frame: _Cells, i: int, out: dict[str, list[Any]]) -> None:
    """Read the site's coordinates and location flag; warn when it names no location at all."""
    lat = _number(rows, frame, i, "lat", minimum=None)
    lon = _number(rows, frame, i, "lon", minimum=None)
    if math.isnan(lat) != math.isnan(lon):
        rows.error(
            i,
            "lat" if math.isnan(lat) else "lon",
            "only one coordinate given",
            "give both lat and lon, or neither",
        )
    elif not math.isnan(lat):
        _coords(rows, i, lat, lon)
    flag = frame(i, "location_flag").lower()
    if flag and flag not in LOCATION_FLAGS:
        rows.error(
            i,
            "location_flag",
            f"{flag!r} is not a location flag",
            f"use one of {', '.join(LOCATION_FLAGS)}",
        )
    located = any(frame(i, f) for f in LOCATION_FIELDS)
    if not located:
        rows.warn(
            i,
            None,
            "no location (coordinates, SEZ, settlement, district or region)",
            "the site is counted at country level only",
        )
    out["lat"].append(lat)
    out["lon"].append(lon)
    out["location_flag"].append(flag or ("reported" if located else ""))


def _typed(out: dict[str, list[Any]], rows: _Rows, table: Table) -> pd.DataFrame:
    """Finish a typed table: each row's status and issues, its source line, the user's columns."""
    n = len(table.frame)
    status, why = rows.status(n)
    out["row_status"], out["row_issues"] = status, why
    out["source_file"] = [table.file] * n
    out["source_line"] = table.lines
    typed = pd.DataFrame(out)
    for extra in table.extra_columns:
        typed[extra] = table.frame[extra].to_numpy()
    return typed


def _number(rows: _Rows, frame: _Cells, i: int, col: str, *, minimum: float | None) -> float:
    text = frame(i, col).replace(",", ".")
    if not text:
        return math.nan
    try:
        value = float(text)
    except ValueError:
        rows.error(i, col, f"{text!r} is not a number", "write decimal degrees, e.g. 43.2567")
        return math.nan
    if not math.isfinite(value):
        rows.error(i, col, f"{text!r} is not a number", "write a finite number or leave it empty")
        return math.nan
    if minimum is not None and value < minimum:
        rows.error(i, col, f"{text!r} is out of range", f"must be a number >= {minimum}")
        return math.nan
    return value


def _coords(rows: _Rows, i: int, lat: float, lon: float) -> None:
    if abs(lat) > 90 or abs(lon) > 180:
        rows.error(
            i,
            "lat" if abs(lat) > 90 else "lon",
            f"({lat}, {lon}) are not degrees: projected metres?",
            "give WGS84 longitude/latitude in decimal degrees (EPSG:4326)",
        )


def _roles(sites: pd.DataFrame, rows: _Rows) -> None:
    """Fill empty roles: a project's first site is primary unless another is."""
    sites["weight"] = sites["weight"].astype(np.float64)
    if not len(sites):
        return
    role = sites["role"].to_numpy(dtype=object).copy()
    project = pd.factorize(sites["project_id"].to_numpy(dtype=object))[0]
    is_primary = role == "primary"
    # count primaries before each row, per project (rows in file order)
    before = pd.Series(is_primary.astype(int)).groupby(project).cumsum().to_numpy() - is_primary
    for i in np.flatnonzero(is_primary & (before > 0)):
        rows.warn(
            int(i),
            "role",
            "second primary site: taken as secondary",
            "mark one site primary per project",
        )
        role[i] = "secondary"
    has_primary = np.bincount(project, weights=is_primary, minlength=project.max() + 1) > 0
    first = ~pd.Series(project).duplicated().to_numpy()
    role[first & ~has_primary[project]] = "primary"
    role[role == ""] = "secondary"
    sites["role"] = role
