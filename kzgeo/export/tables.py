"""CSV outputs that are safe to open in a spreadsheet, with numbers as a reader wants them.

Numbers are rounded as :mod:`kzgeo.export.fields` declares: money in whole units of the
currency the column names (``investment_kzt``: tenge, ``investment_usd``: dollars), counts as
integers, shares and coordinates to a fixed number of decimals. The GIS files keep full
precision; a CSV total can differ from the sum of its rounded parts by the rounding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from kzgeo.export.fields import LayerName, field
from kzgeo.register.schema import attr_figures, figure_specs

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from kzgeo.register.schema import FigureSpec

TableName = LayerName | Literal["summary"]

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# (OWASP "CSV injection"); tab and carriage return are included for the same reason.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# summary.csv has one row per figure: money and counts in whole units, a declared quantity
# (1.5 MW) to QUANTITY_DECIMALS
SUMMARY_DECIMALS = 0
QUANTITY_DECIMALS = 3


def neutralise(value: object) -> object:
    r"""Prefix a text cell that a spreadsheet would read as a formula with ``'``.

    Parameters
    ----------
    value : object
        A cell; only strings are changed.

    Returns
    -------
    object
        ``value`` with a leading ``'`` if it is a string starting with ``=``, ``+``, ``-``,
        ``@``, a tab or a carriage return, else ``value`` unchanged.

    Examples
    --------
    >>> neutralise('=HYPERLINK("http://x")'), neutralise("-5"), neutralise(-5), neutralise("ok")
    ('\'=HYPERLINK("http://x")', "'-5", -5, 'ok')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def rounded(series: pd.Series, decimals: int) -> pd.Series:
    """Round half away from zero; ``decimals=0`` gives whole numbers (nullable integers).

    Parameters
    ----------
    series : pandas.Series
        Numbers (missing values stay missing).
    decimals : int
        Decimals to keep.

    Returns
    -------
    pandas.Series
        The rounded values, same index: ``Int64`` when ``decimals`` is 0, else float.

    Examples
    --------
    >>> rounded(pd.Series([343690534.1005715, 2.5, None]), 0).tolist()
    [343690534, 3, <NA>]
    >>> rounded(pd.Series([0.123456]), 2).tolist()
    [0.12]
    """
    values = series.astype("float64").to_numpy()
    scale = 10.0**decimals
    out = np.sign(values) * np.floor(np.abs(values) * scale + 0.5) / scale
    if decimals == 0:
        return pd.Series(out, index=series.index).round().astype("Int64")
    return pd.Series(out, index=series.index).round(decimals)


def _decimals(
    table: TableName | None, column: str, series: pd.Series, specs: Mapping[str, FigureSpec]
) -> int | None:
    if not pd.api.types.is_float_dtype(series) or table is None:
        return None
    if table == "summary":
        return SUMMARY_DECIMALS
    declared = field(table, column, figures=specs)
    return declared.decimals if declared is not None else None


def _summary_quantities(frame: pd.DataFrame, specs: Mapping[str, FigureSpec]) -> pd.DataFrame:
    """Write the summary rows of quantity figures with decimals, the others as whole numbers."""
    if "figure" not in frame.columns:
        return frame
    quantity = frame["figure"].map(lambda f: f in specs and specs[f].kind == "quantity")
    if not quantity.any():
        return frame
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            # as text: a column of mixed whole and fractional numbers would be read back as float
            whole = rounded(out[column], SUMMARY_DECIMALS).map(_plain_number)
            fine = rounded(out[column], QUANTITY_DECIMALS).map(_plain_number)
            out[column] = pd.Series(
                [f if q else w for f, w, q in zip(fine, whole, quantity, strict=True)],
                index=out.index,
                dtype=object,
            )
    return out


def _plain_number(value: object) -> str:
    """Write a number without a trailing ``.0`` ("1012.5", "675"); missing as empty."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else repr(number)


def write_csv(frame: pd.DataFrame, path: Path, *, layer: TableName | None = None) -> Path:
    r"""Write ``frame`` as UTF-8 CSV with a BOM (so Excel reads Cyrillic), formulas disarmed.

    With ``layer``, numbers are rounded as that layer's fields declare.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to write; it is not modified.
    path : pathlib.Path
        The file to write (overwritten if it exists).
    layer : {"sites", "regions", "sez", "summary"}, optional
        The table ``frame`` is, for its fields' decimals; None: numbers are written as
        stored.

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> from pathlib import Path
    >>> frame = pd.DataFrame({"investment_usd": [343690534.1005715], "projects": [3]})
    >>> path = write_csv(frame, Path(tempfile.mkdtemp()) / "t.csv", layer="regions")
    >>> path.read_text(encoding="utf-8-sig")
    'investment_usd,projects\n343690534,3\n'
    """
    specs = figure_specs(frame)
    # summary.csv has one row per figure: the figures are its rows, not its columns
    safe = _summary_quantities(frame, attr_figures(frame)) if layer == "summary" else frame.copy()
    for column in safe.columns:
        series = safe[column]
        decimals = _decimals(layer, column, series, specs)
        if decimals is not None:
            safe[column] = rounded(series, decimals)
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            safe[column] = series.map(neutralise)
    safe.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path
