"""CSV outputs that are safe to open in a spreadsheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from pathlib import Path

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# (OWASP "CSV injection"); tab and carriage return are included for the same reason.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    r"""Prefix a text cell that a spreadsheet would read as a formula with ``'``.

    Examples
    --------
    >>> neutralise('=HYPERLINK("http://x")'), neutralise("-5"), neutralise(-5), neutralise("ok")
    ('\'=HYPERLINK("http://x")', "'-5", -5, 'ok')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` as UTF-8 CSV with a BOM (so Excel reads Cyrillic), formulas disarmed."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path
