"""Spreading each project's figures over its sites, under a named policy.

Policies (``kzgeo.options.allocation_policy``, default ``primary``):

- ``primary``: everything to the project's primary site. It never invents a split the source
  did not state, so it is the default.
- ``equal``: equal shares across the project's valid sites.
- ``weights``: shares in proportion to the sites' ``weight`` column; a project whose valid sites
  do not all have a positive weight falls back to ``equal``, and the note says so.

Only valid sites (``row_status == "ok"``) of valid projects receive a share. For every project
with at least one valid site the shares sum to exactly 1, so totals over sites equal the project
totals. Every allocated row records the policy used, its share, and the project figure's flag.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, cast

import numpy as np
import pandas as pd

from kzgeo.register.model import ExchangeRate
from kzgeo.register.schema import FIGURE_AS_WRITTEN, FIGURES_ATTR, figures_in
from kzgeo.settings import options
from kzgeo.vocabularies import ALLOCATION_POLICIES

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas as gpd


PROJECT_ATTRIBUTES_ON_SITES = ("sector_code", "stage", "year")
"""The project's attributes each allocated site carries (totals by sector and stage use them)."""


def complete_money(projects: pd.DataFrame, rate: ExchangeRate) -> pd.DataFrame:
    """Derive the missing one of KZT and USD investment at ``rate``, flagged ``derived``.

    A project given only in KZT gets ``investment_usd = investment_kzt / rate``; one given only
    in USD gets ``investment_kzt = investment_usd * rate``. The basis column holds the formula,
    the rate, its date and its source. Figures the register gives are never changed.

    Parameters
    ----------
    projects : pandas.DataFrame
        Projects with ``investment_kzt`` and ``investment_usd`` and their ``_flag`` and
        ``_basis`` columns; it is not modified.
    rate : ExchangeRate
        The KZT per USD rate to convert at; its date and source go into the basis column.

    Returns
    -------
    pandas.DataFrame
        A copy of ``projects`` with the missing currency filled in where the other is given.

    Examples
    --------
    >>> import datetime as dt
    >>> import pandas as pd
    >>> p = pd.DataFrame({"investment_kzt": [505.71e6, float("nan")],
    ...                   "investment_usd": [float("nan"), 2e6],
    ...                   "investment_kzt_flag": ["reported", None],
    ...                   "investment_usd_flag": [None, "reported"],
    ...                   "investment_kzt_basis": ["s", ""], "investment_usd_basis": ["", "s"]})
    >>> out = complete_money(p, ExchangeRate(505.71, dt.date(2026, 1, 23), "NBK"))
    >>> out.investment_usd.tolist(), out.investment_kzt.tolist()
    ([1000000.0, 2000000.0], [505710000.0, 1011420000.0])
    >>> out.investment_kzt_flag.tolist()
    ['reported', 'derived']
    """
    out = projects.copy()
    where = f"{rate.kzt_per_usd} KZT per USD ({rate.source}, {rate.date})"
    fill = out["investment_usd"].isna() & out["investment_kzt"].notna()
    out.loc[fill, "investment_usd"] = out.loc[fill, "investment_kzt"] / rate.kzt_per_usd
    out.loc[fill, "investment_usd_flag"] = "derived"
    out.loc[fill, "investment_usd_basis"] = f"investment_kzt / {where}"
    back = out["investment_kzt"].isna() & out["investment_usd"].notna() & ~fill
    out.loc[back, "investment_kzt"] = out.loc[back, "investment_usd"] * rate.kzt_per_usd
    out.loc[back, "investment_kzt_flag"] = "derived"
    out.loc[back, "investment_kzt_basis"] = f"investment_usd * {where}"
    return out


def shares(sites: pd.DataFrame, *, policy: str) -> tuple[np.ndarray, list[str]]:
    """Return each site's share of its project (0 for invalid sites) and a note per site.

    Vectorised over projects (a business register may have a project per site).

    Parameters
    ----------
    sites : pandas.DataFrame
        Sites with ``project_id``, ``row_status``, ``role`` and (for ``"weights"``)
        ``weight``.
    policy : str
        ``"primary"``, ``"equal"`` or ``"weights"`` (see the module docstring).

    Returns
    -------
    shares : numpy.ndarray
        One share per row of ``sites``, in row order; the shares of each project with a
        valid site sum to 1.
    notes : list of str
        Per row, why the policy was not applied as named (e.g. a fallback to ``equal``),
        else ``""``.

    Raises
    ------
    ValueError
        If ``policy`` is not one of the allocation policies.

    Examples
    --------
    >>> import pandas as pd
    >>> sites = pd.DataFrame({"project_id": ["a", "a", "b"], "row_status": ["ok"] * 3,
    ...                       "role": ["primary", "secondary", "primary"],
    ...                       "weight": [3.0, 1.0, float("nan")]})
    >>> shares(sites, policy="weights")[0].tolist()
    [0.75, 0.25, 1.0]
    """
    if policy not in ALLOCATION_POLICIES:
        raise ValueError(f"policy must be one of {ALLOCATION_POLICIES}, got {policy!r}")
    n = len(sites)
    share = np.zeros(n)
    notes = np.full(n, "", dtype=object)
    valid = (sites["row_status"] == "ok").to_numpy()
    project = pd.factorize(sites["project_id"].to_numpy(dtype=object))[0]
    rows = np.flatnonzero(valid)
    if not len(rows):
        return share, notes.tolist()
    group = project[rows]
    count = np.bincount(group, minlength=project.max() + 1)[group]
    if policy == "primary":
        primary = sites["role"].to_numpy(dtype=object)[rows] == "primary"
        # the first valid primary site of each project; failing that, its first valid site
        order = np.lexsort((rows, ~primary, group))
        first = order[np.r_[True, group[order][1:] != group[order][:-1]]]
        share[rows[first]] = 1.0
        fallback = rows[first][~primary[first]]
        notes[fallback] = "its primary site is not valid: this site takes the project"
        return share, notes.tolist()
    weights = pd.to_numeric(sites["weight"], errors="coerce").to_numpy(dtype=float)[rows]
    if policy == "weights":
        good = np.isfinite(weights) & (weights > 0)
        size = project.max() + 1
        all_good = np.bincount(group, weights=~good, minlength=size)[group] == 0
        # scaled by each project's largest weight first: weights of 1e308 must not sum to inf
        largest = np.zeros(size)
        np.maximum.at(largest, group, np.where(good, weights, 0.0))
        scaled = np.where(good, weights / np.where(largest[group] > 0, largest[group], 1.0), 0.0)
        total = np.bincount(group, weights=scaled, minlength=size)[group]
        share[rows] = np.where(all_good, scaled / np.where(all_good, total, 1.0), 1.0 / count)
        notes[rows[~all_good & (count > 1)]] = (
            "weights missing or not positive for this project: equal shares"
        )
        return share, notes.tolist()
    share[rows] = 1.0 / count
    return share, notes.tolist()


def _carry_project(out: pd.DataFrame, table: pd.DataFrame, projects: pd.DataFrame) -> None:
    """Give each site its project's company, sector code, stage and year, and declared figures."""
    out["company"] = out["project_id"].map(table["company"])
    for column in PROJECT_ATTRIBUTES_ON_SITES:
        if column in table.columns:
            out[column] = out["project_id"].map(table[column])
    out.attrs[FIGURES_ATTR] = _Figures(
        {**out.attrs.get(FIGURES_ATTR, {}), **projects.attrs.get(FIGURES_ATTR, {})}
    )


class _Figures(dict[str, dict[str, object]]):
    """The declared figures a table's ``attrs`` carries, read-only and so shared, not copied.

    pandas deep-copies ``attrs`` into every Series and frame an operation returns; on the
    allocated sites and the layers made from them that copying was a tenth of a build. As a
    dict it is still plain data (JSON, GeoParquet metadata).
    """

    def __deepcopy__(self, memo: dict[int, object]) -> _Figures:
        return self

    def __copy__(self) -> _Figures:
        return self

    def __reduce__(self) -> tuple[type[_Figures], tuple[dict[str, dict[str, object]]]]:
        return (type(self), (dict(self),))

    def _read_only(self, *_args: object, **_kwargs: object) -> None:
        raise TypeError("a table's declared figures are read-only: copy them with dict()")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]
    __ior__ = _read_only  # type: ignore[assignment]


def _one_row_per_project(projects: pd.DataFrame) -> pd.DataFrame:
    """Index projects by id, keeping one row per id: a valid one where there is one.

    A repeated id is an error of the register (validation flags the repeat); its figures must
    not be counted twice, nor make the build fail.
    """
    invalid = projects["row_status"].ne("ok").to_numpy()
    order = np.argsort(invalid, kind="stable")  # valid rows first, file order kept
    return projects.iloc[order].drop_duplicates("project_id").set_index("project_id")


# A type variable, not overloads: geopandas has no type hints, so to a type checker a
# GeoDataFrame is Any and an overload for it would swallow every DataFrame too.
Frame = TypeVar("Frame", bound=pd.DataFrame)


def allocate(
    sites: Frame,
    projects: pd.DataFrame,
    *,
    policy: str | None = None,
    rate: ExchangeRate | None = None,
    figures: Iterable[str] | None = None,
) -> Frame:
    """Give each site its share of each of its project's figures.

    Parameters
    ----------
    sites
        Sites with ``site_id``, ``project_id``, ``role``, ``weight``, ``row_status`` (e.g. from
        :func:`kzgeo.assign_regions`); every row is kept.
    projects
        The register's projects (``Register.projects``).
    policy
        ``"primary"``, ``"equal"`` or ``"weights"`` (default ``kzgeo.options.allocation_policy``).
    rate
        KZT per USD for projects without a USD figure (default ``kzgeo.options``).
    figures
        The figures to allocate (default: the built-ins and every declared figure found in
        ``projects``).

    Returns
    -------
    DataFrame or GeoDataFrame
        ``sites``, of the type it was given (a GeoDataFrame stays one), with, for each
        figure, the allocated value, ``<figure>_flag`` (the project figure's flag), plus
        ``share``, ``allocation_policy`` and ``allocation_note``, and the project's
        ``company``, ``sector_code``, ``stage`` and ``year`` where it has them.

    Examples
    --------
    >>> import kzgeo
    >>> reg = kzgeo.load_register()
    >>> out = kzgeo.allocate(reg.sites, reg.projects, policy="equal")
    >>> out.set_index("site_id").share.loc[["msp-turan", "msp-almaty-region"]].tolist()
    [0.5, 0.5]
    """
    # allocations copies ``sites`` (sites.copy()), so its table is of the type it was given
    allocated = allocations(sites, projects, policy=policy, rate=rate, figures=figures)
    return cast("Frame", allocated.sites)


@dataclass(frozen=True)
class Allocations:
    """The sites allocated under one policy, and every policy's shares of the figures.

    Made once by :func:`allocations` for all the layers of a build: a layer's ``_min`` and
    ``_max`` need the totals under every policy, but only the chosen one's full table.

    Attributes
    ----------
    sites : pandas.DataFrame
        :func:`allocate`'s output under :attr:`policy`.
    projects : pandas.DataFrame
        The projects as given (before the missing currency is derived).
    policy : str
        The chosen allocation policy.
    rate : ExchangeRate
        The KZT per USD rate used.
    figures : tuple of str
        The figures allocated, in column order of :attr:`amounts`.
    shares : dict of str to numpy.ndarray
        Per policy, each site's share (0 for a site that takes nothing).
    amounts : dict of str to numpy.ndarray
        Per policy, each site's allocated figures (sites x figures), as :func:`allocate`
        computes them under that policy.
    """

    sites: pd.DataFrame
    projects: pd.DataFrame
    policy: str
    rate: ExchangeRate
    figures: tuple[str, ...]
    shares: dict[str, np.ndarray]
    amounts: dict[str, np.ndarray]


def allocations(
    sites: gpd.GeoDataFrame | pd.DataFrame,
    projects: pd.DataFrame,
    *,
    policy: str | None = None,
    rate: ExchangeRate | None = None,
    figures: Iterable[str] | None = None,
    every_policy: bool = False,
) -> Allocations:
    """Allocate under ``policy`` (as :func:`allocate`), and optionally under every policy.

    The projects are completed and indexed, and each site's project figures looked up, once;
    the other policies only change the shares.

    Parameters
    ----------
    sites
        Sites as for :func:`allocate`.
    projects
        The register's projects.
    policy
        The chosen policy (default ``kzgeo.options.allocation_policy``).
    rate
        KZT per USD (default ``kzgeo.options``).
    figures
        The figures to allocate (default: the built-ins and every declared one in ``projects``).
    every_policy
        Also compute the shares and values of every other policy (for the layers' ranges).

    Returns
    -------
    Allocations
        The allocated sites, and the shares and values of ``policy`` (and, with
        ``every_policy``, of every policy).

    Examples
    --------
    >>> import kzgeo
    >>> reg = kzgeo.load_register()
    >>> both = allocations(reg.sites, reg.projects, policy="equal", every_policy=True)
    >>> sorted(both.shares), float(both.shares["equal"].sum())
    (['equal', 'primary', 'weights'], 4.0)
    """
    policy = policy or options.allocation_policy
    if policy not in ALLOCATION_POLICIES:
        raise ValueError(f"policy must be one of {ALLOCATION_POLICIES}, got {policy!r}")
    rate = rate or ExchangeRate.resolve()
    completed = complete_money(projects, rate)
    figs = figures_in(completed, figures)
    table = _one_row_per_project(completed)
    valid_project = table["row_status"].eq("ok")
    ids = sites["project_id"]
    valid_ids = pd.Index(table.index[valid_project].to_numpy(dtype=object))
    known = valid_ids.get_indexer(ids.to_numpy(dtype=object)) >= 0
    given = np.empty((len(sites), len(figs)))
    for j, fig in enumerate(figs):
        given[:, j] = ids.map(table[fig]).to_numpy(dtype=float)
    shares_of: dict[str, np.ndarray] = {}
    amounts_of: dict[str, np.ndarray] = {}
    notes: list[str] = []
    for p in ALLOCATION_POLICIES if every_policy else (policy,):
        share, why = shares(sites, policy=p)
        share = np.where(known, share, 0.0)
        # a known project's site with no share gets 0; a site of an unknown project gets NaN
        positive = (share > 0)[:, None]
        shared = given * share[:, None]
        amounts_of[p] = np.where(positive, shared, np.where(known[:, None], 0.0, math.nan))
        shares_of[p] = share
        if p == policy:
            notes = why
    out = sites.copy()
    out["share"] = shares_of[policy]
    out["allocation_policy"] = policy
    out["allocation_note"] = notes
    for j, fig in enumerate(figs):
        out[fig] = amounts_of[policy][:, j]
        out[f"{fig}_flag"] = ids.map(table[f"{fig}_flag"])
        # the project's figure as written beside the site's share of it
        for part in FIGURE_AS_WRITTEN:
            if f"{fig}_{part}" in table.columns:
                out[f"{fig}_{part}"] = ids.map(table[f"{fig}_{part}"])
    _carry_project(out, table, completed)
    out["project_row_status"] = ids.map(table["row_status"]).fillna("unknown")
    return Allocations(out, projects, policy, rate, figs, shares_of, amounts_of)
