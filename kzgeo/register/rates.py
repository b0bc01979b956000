"""Exchange rates for figures written in a currency other than KZT or USD.

The bundled table ``data/curated/nbk_rates.csv`` holds National Bank of Kazakhstan official rates
(KZT per unit) on stated dates, each row with the URL it was read from. A register may give its
own rates in ``register.yaml`` (``exchange_rate: {kzt_per_eur: ..., date: ..., source: ...}``);
those come first. A figure is converted at the rate of the latest date on or before its
project's ``approval_date`` (the earliest later date when none is before; the latest date when
the row has no date), and the basis of the converted figure names the rate, its date and source.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass, field
from functools import cache

from kzgeo._paths import curated_dir

RATES_FILE = "nbk_rates.csv"


@dataclass(frozen=True)
class FxRate:
    """KZT per one unit of ``currency`` on ``date``, from ``source``.

    Attributes
    ----------
    currency : str
        ISO 4217 code (``USD``, ``EUR``, ``CNY`` ...).
    date : datetime.date
        The date the rate applies to.
    kzt_per_unit : float
        Tenge per one unit of ``currency`` (NBK quotes per 10 or 100 units are divided out).
    source : str
        Who set the rate, with the date and URL it was reported under.
    """

    currency: str
    date: dt.date
    kzt_per_unit: float
    source: str


@dataclass
class RateBook:
    """The rates a register converts with: its own first, then the bundled NBK table.

    Attributes
    ----------
    own : dict of str to FxRate
        The register's own rates by currency code (from its manifest); they win over NBK's.
    default_date : datetime.date or None
        The date to take NBK's rate on when a figure has none (e.g. the register's approval
        date); None: the latest bundled rate.
    """

    own: dict[str, FxRate] = field(default_factory=dict)
    default_date: dt.date | None = None

    def rate(self, currency: str, on: dt.date | None) -> FxRate | None:
        """Return the rate to use for ``currency`` on ``on`` (``None``: no rate known).

        Parameters
        ----------
        currency : str
            ISO 4217 code.
        on : datetime.date or None
            The date of the figure to convert; None: :attr:`default_date`.

        Returns
        -------
        FxRate or None
            The register's own rate for ``currency`` if it has one, else NBK's latest rate on
            or before the date (the earliest bundled one if the date precedes them all);
            None if no rate for ``currency`` is known.

        Examples
        --------
        >>> import datetime as dt
        >>> RateBook().rate("EUR", dt.date(2024, 5, 1)).kzt_per_unit
        473.33
        """
        if currency in self.own:
            return self.own[currency]
        table = [r for r in bundled_rates() if r.currency == currency]
        if not table:
            return None
        when = on or self.default_date
        if when is None:
            return max(table, key=lambda r: r.date)
        before = [r for r in table if r.date <= when]
        if before:
            return max(before, key=lambda r: r.date)
        return min(table, key=lambda r: r.date)


def parse_rate(value: object) -> float:
    """Return a rate as a positive finite float, or raise ``ValueError`` saying why.

    Parameters
    ----------
    value : object
        A rate as written in a manifest or table: a number or its text.

    Returns
    -------
    float
        The rate.

    Raises
    ------
    ValueError
        If ``value`` is not a number, or not a positive finite one.

    Examples
    --------
    >>> parse_rate(505.71)
    505.71
    >>> parse_rate(0)
    Traceback (most recent call last):
    ...
    ValueError: 0 is not a positive rate
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{value!r} is not a number")  # noqa: TRY004 - one error type for callers
    try:
        rate = float(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None
    if not math.isfinite(rate) or rate <= 0:
        raise ValueError(f"{value!r} is not a positive rate")
    return rate


@cache
def bundled_rates() -> tuple[FxRate, ...]:
    """Return the bundled NBK rates (``data/curated/nbk_rates.csv``), checked row by row.

    Returns
    -------
    tuple of FxRate
        Every row of the file, in file order.

    Raises
    ------
    ValueError
        If a row lacks a column, has an unreadable date or rate, or no source URL; the
        message names the file and line.
    """
    path = curated_dir() / RATES_FILE
    out = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                units = parse_rate(row["units"])
                rate = FxRate(
                    row["currency"],
                    dt.date.fromisoformat(row["date"]),
                    parse_rate(row["kzt"]) / units,
                    f"NBK official rate of {row['date']} ({row['reported_by']}, "
                    f"{row['source_url']})",
                )
            except (KeyError, ValueError) as exc:
                raise ValueError(f"{path}, line {line}: {exc}") from None
            if not row["source_url"].startswith("http"):
                raise ValueError(f"{path}, line {line}: a rate needs its source URL")
            out.append(rate)
    return tuple(out)
