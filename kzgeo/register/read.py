"""Reading register tables: encodings, delimiters, headers, size limits.

Nothing here interprets values; :mod:`kzgeo.register.validate` does. What this module
guarantees: a file is either read into a table of strings with every row's line number, or
refused with an :class:`~kzgeo.errors.InputError` that names the file and says why.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from kzgeo.errors import InputError, Issue, input_error
from kzgeo.register.schema import (
    HEADER_ALIASES,
    RESERVED_COLUMNS,
    closest_column,
    normalize_header,
)
from kzgeo.settings import options

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from kzgeo.register.schema import Column

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


@dataclass
class Table:
    """A register table as read: strings, the line each row starts on, and what was noticed.

    Attributes
    ----------
    frame : pandas.DataFrame
        The table's cells as strings, one row per data row of the file.
    lines : list of int
        For each row of ``frame``, the 1-based line (or sheet row) of the file it starts on,
        so issues can name it.
    file : str
        The file (and sheet) the table was read from, as issues name it.
    issues : list of Issue
        Warnings and errors noticed while reading (encoding, headers, malformed rows).
    encoding : str
        The text encoding the file was read in (``utf-8``, ``utf-8-sig``, ``cp1251`` ...).
    extra_columns : list of str
        Headers kzgeo does not know that the user declared as their own; kept as they are.
    row_errors : dict of int to list of str
        Problems of single rows, by position in ``frame`` (not by file line).
    """

    frame: pd.DataFrame
    lines: list[int]
    file: str
    issues: list[Issue] = field(default_factory=list)
    encoding: str = "utf-8"
    extra_columns: list[str] = field(default_factory=list)
    row_errors: dict[int, list[str]] = field(default_factory=dict)  # by position in frame


def decode(data: bytes, *, file: str) -> tuple[str, str, list[Issue]]:
    """Return (text, encoding, issues) for the bytes of a CSV file.

    Parameters
    ----------
    data : bytes
        The file's content.
    file : str
        The file's name, for the issues.

    Returns
    -------
    text : str
        The decoded text.
    encoding : str
        The encoding used: that of a byte-order mark, else UTF-8, else Windows-1251.
    issues : list of Issue
        A warning when the text was read as Windows-1251 or had stray bytes, else empty.

    Raises
    ------
    InputError
        If the bytes are neither valid UTF-8 nor Windows-1251 text.

    Examples
    --------
    >>> decode("Караганда".encode("cp1251"), file="p.csv")[:2]
    ('Караганда', 'cp1251')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, []
            except UnicodeDecodeError as exc:
                raise input_error(
                    f"not valid {encoding} ({exc.reason})",
                    file=file,
                    hint="save the file again as UTF-8 CSV",
                ) from None
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    stray = _stray_bytes(data, file)
    if stray is not None:
        return stray
    text = data.decode("cp1251", errors="strict") if _is_cp1251(data) else None
    if text is None:
        raise input_error(
            "not a text file in UTF-8 or Windows-1251",
            file=file,
            hint="save the register as CSV (UTF-8)",
        )
    note = Issue(
        "warning",
        file,
        None,
        None,
        "read as Windows-1251 (cp1251), not UTF-8",
        "save as UTF-8 to avoid surprises",
    )
    return text, "cp1251", [note]


def _stray_bytes(data: bytes, file: str) -> tuple[str, str, list[Issue]] | None:
    """Read UTF-8 text with a few bytes that are not UTF-8: name each; None if it is not UTF-8.

    One stray byte (a cell pasted from another program) must not make the whole file read as
    Windows-1251, which would turn every Cyrillic name into mojibake. A file is taken as UTF-8
    when its other non-ASCII text decodes as UTF-8 and the bad bytes are few.
    """
    bad: list[int] = []
    chars: list[str] = []
    position = 0
    while True:
        try:
            chars.append(data[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            chars.append(data[position : position + exc.start].decode("utf-8"))
            bad.append(position + exc.start)
            chars.append("\ufffd")
            position += exc.end
    text = "".join(chars)
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if good == 0 or len(bad) > max(3, good // 100):
        return None
    issues = [
        Issue(
            "error",
            file,
            data.count(b"\n", 0, at) + 1,
            None,
            f"byte 0x{data[at]:02X} is not UTF-8 (shown as \ufffd); the rest of the file is UTF-8",
            "retype that character, or save the file again as UTF-8",
        )
        for at in bad[:20]
    ]
    return text, "utf-8", issues


def _is_cp1251(data: bytes) -> bool:
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return False
    # binary data decodes as cp1251 too: demand mostly printable text
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable >= 0.98 * max(len(text), 1) and "\x00" not in text


def _delimiter(text: str) -> str:
    """Pick the delimiter that splits the first lines into the same number of columns.

    csv.Sniffer is fooled by commas inside Russian headers ("Инвестиции, тенге") and decimal
    commas; a delimiter is right when the header and the rows agree on their width.
    """
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()][:20]
    best, best_score = ",", (-1, -1)
    for candidate in (",", ";", "\t", "|"):
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=candidate)]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        agree = sum(w == widths[0] for w in widths)
        score = (agree, widths[0])
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_table(
    path: Path,
    *,
    columns: tuple[Column, ...],
    label: str,
    sheet: str | None = None,
    own_columns: frozenset[str] = frozenset(),
    aliases: Mapping[str, str] | None = None,
) -> Table:
    """Read a register table (CSV or workbook) into strings, mapping headers to canonical names.

    Parameters
    ----------
    path
        The CSV file, or an ``.xlsx`` / ``.xls`` / ``.ods`` workbook.
    columns
        The canonical columns of this table (for header mapping and required columns).
    label
        ``"projects"`` or ``"sites"``, used in messages.
    sheet
        The worksheet of a workbook (default: the first); ignored for CSV.
    own_columns
        Headers the user declared as their own (``extra_columns`` in ``register.yaml``): kept,
        never taken for a misspelt known column.
    aliases
        More headers to read as canonical names (normalised header -> name), besides
        :data:`~kzgeo.register.schema.HEADER_ALIASES`: the labels of declared figures.

    Returns
    -------
    Table
        The rows as strings (empty cells as ``""``), with the line number of each row (for a
        workbook, the row number the spreadsheet shows).

    Raises
    ------
    kzgeo.errors.InputError
        For a missing, unreadable, empty, header-only or oversized file, a missing required
        column, a duplicated column, or a row with too many fields.
    """
    file = str(path)
    _check_file(path, file, label)
    header, header_line, rows, lines, encoding, issues = _raw_rows(path, file, sheet)
    names, extra, header_issues = _map_header(
        header, columns, file=file, line=header_line, own=own_columns, aliases=aliases
    )
    issues += header_issues
    if not rows:
        raise InputError(
            [
                *issues,
                Issue(
                    "error",
                    file,
                    None,
                    None,
                    "header only: no data rows",
                    f"add one row per {label[:-1]}",
                ),
            ]
        )
    data, row_errors = _pad_rows(rows, lines, len(names), file, issues)
    frame = pd.DataFrame(data, columns=names, dtype=object)
    return Table(frame, lines, file, issues, encoding, extra, row_errors)


def _check_file(path: Path, file: str, label: str) -> None:
    """Refuse a table that is missing, empty or over ``options.max_register_mb``."""
    if not path.is_file():
        raise input_error(f"{label} file not found", file=file, hint="check the path")
    size = path.stat().st_size
    limit = options.max_register_mb * 1e6
    if size > limit:
        raise input_error(
            f"file is {size / 1e6:,.0f} MB, over the {options.max_register_mb:,.0f} MB limit",
            file=file,
            hint="split the register, or raise kzgeo.options.max_register_mb if the machine has "
            "the memory (a register row takes about 1 kB in memory)",
        )
    if size == 0:
        raise input_error(
            "file is empty", file=file, hint=f"add a header row and one row per {label[:-1]}"
        )


def _raw_rows(
    path: Path, file: str, sheet: str | None
) -> tuple[list[str], int, list[list[str]], list[int], str, list[Issue]]:
    """Read a workbook's sheet or a CSV file: header, its line, rows, their lines, encoding."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        header, header_line, rows, lines = _workbook_rows(path, sheet=sheet, file=file)
        return header, header_line, rows, lines, "workbook", []
    return _csv_rows(path, file=file)


def _pad_rows(
    rows: list[list[str]], lines: list[int], width: int, file: str, issues: list[Issue]
) -> tuple[list[list[str]], dict[int, list[str]]]:
    """Cut or pad every row to the header's width; a row with more filled cells is an error.

    Returns the stripped cells and the row errors by position; the issues go to ``issues``.
    """
    data: list[list[str]] = []
    row_errors: dict[int, list[str]] = {}
    for position, (row, line) in enumerate(zip(rows, lines, strict=True)):
        if len(row) > width and any(c.strip() for c in row[width:]):
            message = f"row has {len(row)} fields, the header has {width}"
            row_errors[position] = [message]
            issues.append(
                Issue("error", file, line, None, message, "quote cells that contain the delimiter")
            )
        data.append([c.strip() for c in (row + [""] * width)[:width]])
    return data, row_errors


def _misspelt(key: str, canonical: set[str]) -> str | None:
    """Return the canonical column a header is a typo of (directly or of an alias)."""
    best = closest_column(key, (*canonical, *HEADER_ALIASES))
    if best is None:
        return None
    return best if best in canonical else HEADER_ALIASES[best]


def _unknown(raw: str, columns: tuple[Column, ...], file: str, line: int) -> Issue:
    return Issue(
        "warning",
        file,
        line,
        raw,
        "unknown column: kept in the outputs, not interpreted",
        f"known columns: {', '.join(c.name for c in columns)}",
    )


def _reserved(raw: str, file: str, line: int) -> Issue:
    return Issue(
        "warning",
        file,
        line,
        raw,
        f"column {raw!r} has the name of a column kzgeo writes (or a GIS file keeps for itself); "
        f"it is kept as 'user_{normalize_header(raw)}'",
        "rename the column in the file to keep its own name",
    )


def _typo(raw: str, meant: str, file: str, line: int) -> Issue:
    return Issue(
        "error",
        file,
        line,
        raw,
        f"unknown column {raw!r}: did you mean {meant!r}?",
        f"rename it to {meant!r}, or declare it as your own column in register.yaml: "
        f"extra_columns: [{raw}]",
    )


def _map_header(
    header: list[str],
    columns: tuple[Column, ...],
    *,
    file: str,
    line: int,
    own: frozenset[str] = frozenset(),
    aliases: Mapping[str, str] | None = None,
) -> tuple[list[str], list[str], list[Issue]]:
    canonical = {c.name for c in columns}
    known_aliases = {**HEADER_ALIASES, **(aliases or {})}
    declared = {normalize_header(o) for o in own}
    names: list[str] = []
    extra: list[str] = []
    issues: list[Issue] = []
    typos: list[Issue] = []
    for position, raw in enumerate(header, start=1):
        key = normalize_header(raw)
        name = key if key in canonical else known_aliases.get(key, "")
        typo = _typo_of(raw, key, name, canonical, declared, file, line)
        if typo is not None:
            typos.append(typo)
        if name not in canonical:
            name = _extra_name(raw, key, position, file, line, issues)
            extra.append(name)
        if name in extra and key not in declared:
            issues.append(_unknown(raw.strip() or name, columns, file, line))
        if name in names:
            raise input_error(
                f"column {name!r} appears twice",
                file=file,
                row=line,
                field=raw,
                hint="keep one of them",
            )
        names.append(name)
    _refuse_header(columns, names, issues, typos, file, line)
    return names, extra, issues


def _typo_of(
    raw: str,
    key: str,
    name: str,
    canonical: set[str],
    declared: set[str],
    file: str,
    line: int,
) -> Issue | None:
    """Return the error for a header that is a misspelt known column, else None."""
    if name in canonical or key in declared:
        return None
    meant = _misspelt(key, canonical)
    if meant is None or meant not in canonical:
        return None
    return _typo(raw.strip(), meant, file, line)


def _extra_name(
    raw: str, key: str, position: int, file: str, line: int, issues: list[Issue]
) -> str:
    """Name a column kzgeo does not know; one named like a column kzgeo writes gets ``user_``."""
    name = key or f"column_{position}"
    if name in RESERVED_COLUMNS:
        issues.append(_reserved(raw.strip(), file, line))
        name = f"user_{name}"
    return name


def _refuse_header(
    columns: tuple[Column, ...],
    names: list[str],
    issues: list[Issue],
    typos: list[Issue],
    file: str,
    line: int,
) -> None:
    """Raise for misspelt known columns, else for missing required ones (with the warnings)."""
    if typos:
        # a misspelt location column would otherwise drop its sites to country level unseen
        raise InputError([*issues, *typos])
    missing = [c.name for c in columns if c.required and c.name not in names]
    if missing:
        raise InputError(
            [
                *issues,
                *(
                    Issue(
                        "error",
                        file,
                        line,
                        m,
                        "required column missing",
                        f"add a column named {m!r}",
                    )
                    for m in missing
                ),
            ]
        )


def _csv_rows(
    path: Path, *, file: str
) -> tuple[list[str], int, list[list[str]], list[int], str, list[Issue]]:
    """Read a CSV file: header, its line, the non-empty rows and the line each starts on."""
    text, encoding, issues = decode(path.read_bytes(), file=file)
    if "\x00" in text:
        raise input_error(
            "file contains NUL bytes", file=file, hint="save the register as a CSV text file"
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        header = next(reader, None)
        while header is not None and not any(c.strip() for c in header):
            header = next(reader, None)
        if header is None:
            raise input_error(
                "file has no header row", file=file, hint="the first line must name the columns"
            )
        header_line = reader.line_num
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise input_error(
            f"CSV syntax: {exc}",
            file=file,
            row=reader.line_num,
            hint="check quotes and delimiters on that line",
        ) from None
    _check_quotes(rows, lines, len(header), _delimiter(text), file)
    return header, header_line, rows, lines, encoding, issues


def _check_quotes(
    rows: list[list[str]], lines: list[int], width: int, delimiter: str, file: str
) -> None:
    """Refuse a quote that opens and never closes: it swallows the rows after it into one cell.

    A cell may hold line breaks, but one whose lines look like rows of the table (as many
    delimiters as a row has) is the rest of the file read as text; the error names the line
    where the quote opens, not the end of the file.
    """
    for row, line in zip(rows, lines, strict=True):
        for cell in row:
            if "\n" not in cell:  # nearly every cell: skip the split
                continue
            inner = cell.split("\n")[1:]
            if any(part.count(delimiter) >= max(width - 1, 1) for part in inner):
                raise input_error(
                    f"a quote opened on line {line} is never closed: the lines after it were "
                    "read into one cell",
                    file=file,
                    row=line,
                    hint='close the quote ("...") on that line, or remove it',
                )


def _workbook_rows(
    path: Path, *, sheet: str | None, file: str
) -> tuple[list[str], int, list[list[str]], list[int]]:
    """Read one sheet of a workbook: header, its row, the non-empty rows and their rows.

    Row numbers are the spreadsheet's own (the first row is 1), blank rows included.
    """
    names = _sheet_names(path, file=file)
    if sheet is not None and sheet not in names:
        raise input_error(
            f"no sheet named {sheet!r}",
            file=file,
            hint=f"sheets in this workbook: {', '.join(names)}",
        )
    try:
        frame = pd.read_excel(
            path, sheet_name=sheet or 0, engine="calamine", header=None, dtype=object
        )
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types for broken files
        raise input_error(f"cannot read the workbook: {exc}", file=file, hint=_RESAVE) from None
    cells = [[_cell_text(v) for v in row] for row in frame.itertuples(index=False)]
    numbered = [(n, row) for n, row in enumerate(cells, start=1) if any(row)]
    if not numbered:
        raise input_error(f"sheet {sheet or names[0]!r} is empty", file=file, hint=_RESAVE)
    header_line, header = numbered[0]
    width = max(i + 1 for i, c in enumerate(header) if c)
    rows = [row for _, row in numbered[1:]]
    lines = [n for n, _ in numbered[1:]]
    return header[:width], header_line, rows, lines


_RESAVE = "open it in a spreadsheet and save it again as .xlsx, or save as CSV"


def _sheet_names(path: Path, *, file: str) -> list[str]:
    from python_calamine import CalamineWorkbook  # noqa: PLC0415 - only workbooks need it

    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types for broken files
        raise input_error(f"not a readable workbook ({exc})", file=file, hint=_RESAVE) from None


def _cell_text(value: object) -> str:
    """Return a workbook cell as the text a CSV would hold: 58500000000, 1.5, 2026-01-22."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.15g}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()
