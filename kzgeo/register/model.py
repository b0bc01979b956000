"""The :class:`Register` object: projects, sites, sources, stated totals and issues."""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - dataclass field types are resolved at run time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kzgeo.register.schema import BUILTIN_FIGURES, FigureSpec
from kzgeo.settings import options

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from kzgeo.errors import Issue


@dataclass(frozen=True)
class Source:
    """A report a register cites: ``id`` is what figure basis columns refer to.

    Attributes
    ----------
    id : str
        The key under ``sources:`` in ``register.yaml``; basis columns and stated totals
        name it.
    url : str
        Where the report can be read.
    title : str
        The report's title as written (``""`` if the manifest gives none).
    publisher : str
        Who published it (``""`` if not given).
    date : datetime.date or None
        Its publication date; None if the manifest gives none.
    """

    id: str
    url: str
    title: str = ""
    publisher: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class StatedTotal:
    """A total the source states for the whole register (e.g. "173 bn tenge, 675 jobs").

    Attributes
    ----------
    figure : str
        The figure it totals (``investment_kzt``, ``jobs``, a declared figure, or
        ``projects`` for the number of projects).
    value : float
        The total as parsed from ``text``, in the figure's unit (tenge, US dollars, count).
    half_unit : float
        Half the last stated digit of ``text`` (``173 bn`` -> 0.5 bn), the rounding a
        reconciliation allows.
    qualifier : str
        How the number was qualified (``около 500`` -> ``approx``; see
        :data:`kzgeo.register.figure_words.Qualifier`), ``""`` if it was not.
    flag : str
        ``reported``, ``derived`` or ``estimated``, as the manifest says (default
        ``reported``).
    source : str
        The id of the :class:`Source` that states it (``""`` if none is named).
    text : str
        The value as written in the manifest.
    note : str
        The manifest's note on it (``""`` if none).
    """

    figure: str
    value: float
    half_unit: float
    qualifier: str
    flag: str
    source: str
    text: str
    note: str = ""


@dataclass(frozen=True)
class ExchangeRate:
    """A KZT per USD rate with its date and source.

    Attributes
    ----------
    kzt_per_usd : float
        Tenge per one US dollar; NaN for registers combined at different rates, each
        converted at its own.
    date : datetime.date or None
        The date the rate applies to; None when there is no single date (registers combined
        at rates of different days).
    source : str
        Who publishes the rate (e.g. the National Bank of Kazakhstan), as the manifest or
        ``kzgeo.options`` names it, so a derived figure can name it.
    """

    kzt_per_usd: float
    date: dt.date | None
    source: str

    @classmethod
    def resolve(
        cls, register: Register | None = None, rate: ExchangeRate | None = None
    ) -> ExchangeRate:
        """Explicit rate, else the register's own, else ``kzgeo.options``.

        Parameters
        ----------
        register : Register, optional
            A register whose manifest may state its own exchange rate; None: no register.
        rate : ExchangeRate, optional
            A rate given by the caller; when not None it is returned as it is.

        Returns
        -------
        ExchangeRate
            ``rate`` if given, else the register's stated rate, else the rate, date and
            source set in ``kzgeo.options``.

        Examples
        --------
        >>> import datetime as dt
        >>> ExchangeRate.resolve(rate=ExchangeRate(500.0, dt.date(2026, 1, 1), "NBK")).date
        datetime.date(2026, 1, 1)
        >>> ExchangeRate.resolve().kzt_per_usd
        505.71
        """
        if rate is not None:
            return rate
        if register is not None and register.exchange_rate is not None:
            return register.exchange_rate
        return cls(options.kzt_per_usd, options.kzt_per_usd_date, options.kzt_per_usd_source)


@dataclass
class Register:
    """A project register as loaded and validated.

    Attributes
    ----------
    projects
        One row a project: ids, names, partners, figures with ``_flag``, ``_basis`` and
        ``_qualifier`` columns, ``row_status`` (``ok`` / ``invalid``), ``row_issues``,
        ``source_file`` and ``source_line``.
    sites
        One row a site: ids, location columns, ``role``, ``weight``, ``location_flag``,
        ``row_status`` (``ok`` / ``invalid`` / ``project-invalid``), ``row_issues``.
    meta
        The manifest's descriptive keys (``id``, ``title``, ``approval_date`` ...).
    sources
        Cited reports by id.
    stated_totals
        Totals the sources state, by figure name (checked by :func:`kzgeo.reconcile`).
    exchange_rate
        The register's own KZT/USD rate, if its manifest gives one.
    figures
        The register's figures in order: the built-ins (``investment_kzt``, ``investment_usd``,
        ``jobs``), then those its manifest declares under ``figures:``.
    issues
        Every warning and error found while loading.
    path
        Where the register was read from (``None`` for in-memory registers).
    """

    projects: pd.DataFrame
    sites: pd.DataFrame
    meta: dict[str, object] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    stated_totals: dict[str, StatedTotal] = field(default_factory=dict)
    exchange_rate: ExchangeRate | None = None
    figures: dict[str, FigureSpec] = field(default_factory=lambda: dict(BUILTIN_FIGURES))
    issues: list[Issue] = field(default_factory=list)
    path: Path | None = None

    @property
    def errors(self) -> list[Issue]:
        """The issues of level ``error``: with ``errors="flag"``, their rows do not count.

        Returns
        -------
        list of Issue
            The errors among :attr:`issues`, in the order they were found.
        """
        return self._of_level("error")

    @property
    def warnings(self) -> list[Issue]:
        """The issues of level ``warning``: the rows they are about still count.

        Returns
        -------
        list of Issue
            As :attr:`errors` has the errors.
        """
        return self._of_level("warning")

    def _of_level(self, level: str) -> list[Issue]:
        return [i for i in self.issues if i.level == level]

    @property
    def title(self) -> str:
        """The register's title (or its id, or its path).

        Returns
        -------
        str
            The manifest's ``title``, else its ``id``, else the path, else ``"register"``.
        """
        return str(self.meta.get("title") or self.meta.get("id") or self.path or "register")

    def __repr__(self) -> str:
        """Summarise the register in one line."""

        def n(count: int, word: str) -> str:
            return f"{count} {word}" + ("" if count == 1 else "s")

        return (
            f"<Register {self.title!r}: {n(len(self.projects), 'project')}, "
            f"{n(len(self.sites), 'site')}, {n(len(self.errors), 'error')}, "
            f"{n(len(self.warnings), 'warning')}>"
        )
