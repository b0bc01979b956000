"""Per-region and per-SEZ totals, with what they rest on and their range across policies.

For every figure (the built-in investment in KZT and USD and jobs, and every figure the register
declares) each region or SEZ row carries:

- ``<figure>``: the total under the chosen allocation policy;
- ``<figure>_reported`` / ``_derived`` / ``_estimated``: how much of it comes from project figures
  with each flag (they add up to the total);
- ``<figure>_allocated``: how much of it comes from splitting a multi-site project (shares below
  1), i.e. rests on the allocation policy rather than on the source;
- ``<figure>_min`` / ``<figure>_max``: the range the total takes over all allocation policies;
- ``<figure>_per_100k``: per 100,000 inhabitants (null where the population is not known);
  ``per_100k_basis`` names the population's date and flag (``reported-other-date`` where the
  official figure found is not for 1 January 2026);
- ``<figure>_share_pct``: share of the national total of that figure (all valid projects);
- ``<figure>_basis``: a sentence, e.g. "100 % reported; 0 % from allocation";
- ``<figure>_missing``: how many projects there give no figure. When all of them lack it the
  total is unknown (NaN), not 0.

``projects`` and ``sites`` count what the totals rest on (sites with a share under the policy);
``sites_listed`` counts every valid site placed there. Rows with no project have zeros and
``has_projects = False`` (maps draw them as "no project").

Totals by sector and by stage: ``<figure>_sector_<S>`` for each OKED section ``S`` present
(``<figure>_sector_unclassified`` for projects without a code) and ``<figure>_stage_<stage>``
for each stage present (``<figure>_stage_unknown`` without one); each family adds up to
``<figure>``. :func:`sector_stage_totals` gives the long form (one row per unit, sector code as
given and stage), written by ``kzgeo build`` as ``region_sector.csv``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

import geopandas as gpd
import numpy as np
import pandas as pd

from kzgeo.aggregate.allocate import Allocations, allocations, complete_money
from kzgeo.datasets import load_regions, load_sez
from kzgeo.register.model import ExchangeRate
from kzgeo.register.schema import FIGURES_ATTR, figures_in
from kzgeo.register.sectors import UNCLASSIFIED, section_of, sector_label
from kzgeo.settings import options
from kzgeo.vocabularies import ALLOCATION_POLICIES

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Unpack

    from kzgeo.datasets.regions import Resolution

FLAG_KINDS = ("reported", "derived", "estimated")


class TotalsOptions(TypedDict, total=False):
    """The keyword options :func:`sez_layer` and :func:`national_summary` share.

    They mean what :func:`region_layer`'s parameters of the same names mean: the allocation
    ``policy``, the ``rate`` (KZT per USD) and the ``figures`` to total.
    """

    policy: str | None
    rate: ExchangeRate | None
    figures: Iterable[str] | None


REGION_KEEP = (
    "iso_3166_2", "kato", "kind", "name_en", "name_kk", "name_ru", "admin_centre_en",
    "admin_centre_geonameid", "area_km2", "population", "population_date", "population_2026",
    "population_flag", "population_source", "geometry",
)  # fmt: skip


def _totals(sites: pd.DataFrame, key: str, figs: tuple[str, ...]) -> pd.DataFrame:
    """Sum allocated figures by ``key``, split by flag and by allocated share.

    A unit whose projects all lack a figure gets NaN for it (unknown), not 0; ``<figure>_missing``
    counts the projects there that give no figure. Every part is a column of one frame summed
    by one group-by: the cost does not grow with figures x flags in Python.
    """
    table = _slim(sites, [key, "share", "project_id", *figs, *(f"{fig}_flag" for fig in figs)])
    valid = table[(table["share"] > 0) & table[key].notna()]
    by = valid[key].to_numpy(dtype=object)
    raw = valid[list(figs)].astype(float)
    values = raw.fillna(0.0).to_numpy()
    split = valid["share"].to_numpy() < 1
    parts: dict[str, np.ndarray] = {}
    for j, fig in enumerate(figs):
        flags = valid[f"{fig}_flag"].to_numpy(dtype=object)
        for flag in FLAG_KINDS:
            parts[f"{fig}_{flag}"] = np.where(flags == flag, values[:, j], 0.0)
        parts[f"{fig}_allocated"] = np.where(split, values[:, j], 0.0)
    summed = pd.DataFrame(parts).groupby(by).sum()
    known = _known_sums(by, raw.to_numpy(), figs)
    missing = raw.isna().set_axis([f"{fig}_missing" for fig in figs], axis=1)
    missing[key], missing["project_id"] = by, valid["project_id"].to_numpy(dtype=object)
    per_project = missing.groupby([key, "project_id"]).any()
    counts = per_project.groupby(level=0).sum().astype("int64")
    counts["projects"] = per_project.groupby(level=0).size()
    counts["sites"] = pd.Series(by).value_counts()
    listed = sites.loc[(sites["row_status"] == "ok") & sites[key].notna(), key]
    counts["sites_listed"] = listed.value_counts()
    frames = {}
    for fig in figs:
        frames[fig] = known[fig]
        frames |= {f"{fig}_{part}": summed[f"{fig}_{part}"] for part in (*FLAG_KINDS, "allocated")}
        frames[f"{fig}_missing"] = counts[f"{fig}_missing"]
    frames |= {c: counts[c] for c in ("projects", "sites", "sites_listed")}
    return pd.DataFrame(frames)


def _slim(sites: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Return only ``columns`` of the sites (no geometry): row filters on it copy less."""
    return pd.DataFrame(sites[[c for c in dict.fromkeys(columns) if c in sites.columns]])


def _known_sums(by: np.ndarray, values: np.ndarray, figs: tuple[str, ...]) -> pd.DataFrame:
    """Sum each figure by unit; NaN where no site there gives it (unknown, not 0)."""
    return pd.DataFrame(values, columns=list(figs)).groupby(by).sum(min_count=1)


def _policy_sums(alloc: Allocations, key: str, policy: str) -> pd.DataFrame:
    """Return the figures' totals by ``key`` under ``policy`` (as :func:`_totals` has them)."""
    units = alloc.sites[key]
    counted = (alloc.shares[policy] > 0) & units.notna().to_numpy()
    by = units.to_numpy(dtype=object)[counted]
    return _known_sums(by, alloc.amounts[policy][counted], alloc.figures)


def _basis(
    sites: float,
    total: float,
    flagged: dict[str, float],
    allocated: float,
    missing: float,
    projects: float,
) -> str:
    if not sites:
        return "no project"
    if np.isnan(total):
        n = int(projects)
        return "not given by " + ("the project here" if n == 1 else f"any of the {n} projects here")
    parts = [
        f"{flagged[flag] / total:.0%} {flag}" for flag in FLAG_KINDS if total and flagged[flag] > 0
    ]
    if total:
        parts.append(f"{allocated / total:.0%} from allocation across sites")
    else:
        parts.append("all projects here give 0")
    if int(missing):
        parts.append(f"{int(missing)} of {int(projects)} projects here give no figure")
    return "; ".join(parts)


def _bases(columns: dict[str, np.ndarray], fig: str) -> list[str]:
    """Return the ``<figure>_basis`` sentence of each row, e.g. "100 % reported; ..."."""
    flagged = [columns[f"{fig}_{flag}"] for flag in FLAG_KINDS]
    rows = zip(
        columns["sites"],
        columns[fig],
        zip(*flagged, strict=True),
        columns[f"{fig}_allocated"],
        columns[f"{fig}_missing"],
        columns["projects"],
        strict=True,
    )
    return [
        _basis(n_sites, total, dict(zip(FLAG_KINDS, by_flag, strict=True)), split, gap, n)
        for n_sites, total, by_flag, split, gap, n in rows
    ]


def _layer(
    alloc: Allocations, base: gpd.GeoDataFrame, *, key: str, base_key: str
) -> gpd.GeoDataFrame:
    """Return ``base`` with the totals of every figure by ``key`` (see the module docstring).

    ``alloc`` must hold every policy (``allocations(..., every_policy=True)``): the ranges
    (``_min``/``_max``) are the totals under each. The columns are built as arrays and joined
    to ``base`` once.
    """
    allocated, policy, figs, rate = alloc.sites, alloc.policy, alloc.figures, alloc.rate
    totals = _totals(allocated, key, figs)
    ids = pd.Index(base[base_key])
    at = totals.reindex(ids)
    has = np.nan_to_num(at["sites"].to_numpy(dtype=float)) > 0
    columns: dict[str, Any] = {}  # arrays, then the sentences and the constants
    for col in totals.columns:
        mapped = at[col].to_numpy(dtype=float)
        # no project: 0; projects that all lack the figure: unknown (NaN)
        columns[col] = np.where(has, mapped, 0.0) if col in figs else np.nan_to_num(mapped)
    by_policy = np.stack(
        [
            (totals if p == policy else _policy_sums(alloc, key, p))
            .reindex(ids)[list(figs)]
            .to_numpy(dtype=float)
            for p in ALLOCATION_POLICIES
        ]
    )
    low, high = np.fmin.reduce(by_policy, axis=0), np.fmax.reduce(by_policy, axis=0)
    counted = allocated["share"] > 0
    for j, fig in enumerate(figs):
        columns[f"{fig}_min"] = np.where(has, low[:, j], 0.0)
        columns[f"{fig}_max"] = np.where(has, high[:, j], 0.0)
        total = float(allocated.loc[counted, fig].sum())
        share = columns[fig] / total * 100 if total else np.full(len(ids), np.nan)
        columns[f"{fig}_share_pct"] = share
        columns[f"{fig}_basis"] = _bases(columns, fig)
        columns[f"{fig}_missing"] = columns[f"{fig}_missing"].astype("int64")
    for col in ("projects", "sites", "sites_listed"):
        columns[col] = columns[col].astype("int64")
    columns["has_projects"] = columns["sites"] > 0
    columns["allocation_policy"] = policy
    columns["kzt_per_usd"] = rate.kzt_per_usd
    columns["kzt_per_usd_date"] = rate.date
    columns["kzt_per_usd_source"] = rate.source
    out = _joined(base, columns)
    out.attrs = {**base.attrs, FIGURES_ATTR: allocated.attrs.get(FIGURES_ATTR, {})}
    return _wide_breakdown(out, allocated, key=key, base_key=base_key, figs=figs)


def _joined(base: gpd.GeoDataFrame, columns: dict[str, Any]) -> gpd.GeoDataFrame:
    """Return ``base`` with ``columns`` set: a column it has in its place, the others after."""
    out = base.copy()
    for name in [c for c in columns if c in out.columns]:
        out[name] = columns.pop(name)
    added = pd.DataFrame(columns, index=out.index)
    joined = pd.concat([out, added], axis=1)
    return gpd.GeoDataFrame(joined, geometry=out.geometry.name, crs=out.crs)


def region_layer(
    sites: pd.DataFrame,
    projects: pd.DataFrame,
    *,
    policy: str | None = None,
    rate: ExchangeRate | None = None,
    resolution: Resolution = "full",
    regions: gpd.GeoDataFrame | None = None,
    region_id: str = "iso_3166_2",
    figures: Iterable[str] | None = None,
) -> gpd.GeoDataFrame:
    """Return the 20 regions with the totals of every figure, by sector and stage too.

    Parameters
    ----------
    sites
        Joined sites (output of :func:`kzgeo.assign_regions`, with ``region_iso``).
    projects
        The register's projects.
    policy
        Allocation policy for the totals (default ``kzgeo.options.allocation_policy``); the
        ``_min``/``_max`` columns cover every policy.
    rate
        KZT per USD for derived USD figures (default: ``kzgeo.options``).
    resolution
        Geometry of the returned layer: ``"full"`` or ``"map"``.
    regions
        Your own boundary layer instead of kzgeo's 20 regions (every column is kept; sites must
        have been joined to the same layer, so that ``region_iso`` holds its ids).
    region_id
        The id column of ``regions``.
    figures
        The figures to total (default: the built-ins and every declared figure in
        ``projects``).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per region (all 20, with or without projects); see the module docstring.

    Examples
    --------
    >>> import kzgeo
    >>> reg = kzgeo.load_register()
    >>> sites = kzgeo.assign_regions(kzgeo.geocode(reg))
    >>> layer = kzgeo.region_layer(sites, reg.projects)
    >>> len(layer), int(layer.jobs.sum())
    (20, 675)
    """
    alloc = _every_policy(sites, projects, policy=policy, rate=rate, figures=figures)
    return _region_layer(alloc, resolution=resolution, regions=regions, region_id=region_id)


def _every_policy(
    sites: pd.DataFrame,
    projects: pd.DataFrame,
    **totals: Unpack[TotalsOptions],
) -> Allocations:
    return allocations(
        sites,
        projects,
        policy=totals.get("policy") or options.allocation_policy,
        rate=totals.get("rate") or ExchangeRate.resolve(),
        figures=figures_in(projects, totals.get("figures")),
        every_policy=True,
    )


def _region_layer(
    alloc: Allocations,
    *,
    resolution: Resolution = "full",
    regions: gpd.GeoDataFrame | None = None,
    region_id: str = "iso_3166_2",
) -> gpd.GeoDataFrame:
    if regions is None:
        bundled = load_regions(resolution)
        base = bundled[[c for c in REGION_KEEP if c in bundled.columns]]
    else:
        base = regions
    layer = _layer(alloc, base, key="region_iso", base_key=region_id)
    return _per_100k(layer, alloc.figures)


def _per_100k(layer: gpd.GeoDataFrame, figs: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Add ``<figure>_per_100k`` and ``per_100k_basis`` (the population's date and flag).

    A figure of another date than 1 January 2026 is used, and ``per_100k_basis`` says so,
    rather than dropped; a user layer without ``population`` falls back to ``population_2026``.
    """
    column = "population" if "population" in layer.columns else "population_2026"
    if column not in layer.columns:
        layer[column] = pd.NA
    pop = layer[column].astype("Float64")
    for fig in figs:
        layer[f"{fig}_per_100k"] = (layer[fig] / pop * 1e5).astype("Float64")
    date = layer.get("population_date", pd.Series("2026-01-01", index=layer.index))
    flag = layer.get("population_flag", pd.Series("reported", index=layer.index))
    basis = "population of " + date.astype(str) + " (" + flag.astype(str) + ")"
    layer["per_100k_basis"] = basis.where(pop.notna(), "no population figure")
    return layer


def sez_layer(
    sites: pd.DataFrame, projects: pd.DataFrame, **totals: Unpack[TotalsOptions]
) -> gpd.GeoDataFrame:
    """Return every SEZ and sub-zone with the same totals as :func:`region_layer`.

    Zones are totalled by ``sez_id``, TURAN's sub-zones by ``sez_part_id``.

    Parameters
    ----------
    sites
        Joined sites (output of :func:`kzgeo.assign_regions`, with ``sez_id`` and
        ``sez_part_id``).
    projects
        The register's projects.
    **totals
        ``policy``, ``rate`` and ``figures``, as for :func:`region_layer`
        (:class:`TotalsOptions`).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per zone and per sub-zone (with or without projects), the zone's legal act,
        area and geometry columns, and the totals of :func:`region_layer`.

    Examples
    --------
    >>> import kzgeo
    >>> reg = kzgeo.load_register()
    >>> sites = kzgeo.assign_regions(kzgeo.geocode(reg))
    >>> layer = kzgeo.sez_layer(sites, reg.projects).set_index("sez_id")
    >>> float(layer.loc["pit", "investment_kzt"]) / 1e9
    58.5
    """
    return _sez_layer(_every_policy(sites, projects, **totals))


def _sez_layer(alloc: Allocations) -> gpd.GeoDataFrame:
    base = load_sez()
    keep = [
        c
        for c in (
            "sez_id",
            "parent_id",
            "level",
            "name_en",
            "name_ru",
            "region_iso",
            "legal_act",
            "act_date",
            "valid_to",
            "area_ha_official",
            "area_ha_geometry",
            "specialisation",
            "source_url",
            "geometry_method",
            "geometry_accuracy",
            "geometry",
        )
        if c in base.columns
    ]
    zones = base[base["level"] == "zone"][keep]
    parts = base[base["level"] == "subzone"][keep]
    zone_layer = _layer(alloc, zones, key="sez_id", base_key="sez_id")
    part_layer = _layer(alloc, parts, key="sez_part_id", base_key="sez_id")
    out = pd.concat([zone_layer, part_layer], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=base.crs)


def national_summary(
    sites: pd.DataFrame, projects: pd.DataFrame, **totals: Unpack[TotalsOptions]
) -> pd.DataFrame:
    """Return, per figure, the national total and how much of it has no region.

    Sites placed at country level, not found, outside Kazakhstan or with swapped coordinates
    have no region; their share of each figure is reported here instead of being dropped.

    Parameters
    ----------
    sites
        Joined sites (output of :func:`kzgeo.assign_regions`, with ``region_iso``).
    projects, **totals
        As for :func:`sez_layer`.

    Returns
    -------
    pandas.DataFrame
        One row per figure: ``figure``, ``national_total``, ``in_regions``,
        ``without_region`` (the part on sites without a region or on projects without a
        counted site), ``sites_without_region`` and ``projects_without_site`` (counts).

    Examples
    --------
    >>> import kzgeo
    >>> reg = kzgeo.load_register()
    >>> sites = kzgeo.assign_regions(kzgeo.geocode(reg))
    >>> summary = national_summary(sites, reg.projects).set_index("figure")
    >>> float(summary.loc["jobs", "national_total"]), float(summary.loc["jobs", "without_region"])
    (675.0, 0.0)
    """
    figs = figures_in(projects, totals.get("figures"))
    policy, rate = totals.get("policy"), totals.get("rate")
    return _summary(allocations(sites, projects, policy=policy, rate=rate, figures=figs))


def _summary(alloc: Allocations) -> pd.DataFrame:
    allocated, figs = alloc.sites, alloc.figures
    counted = allocated[allocated["share"] > 0]
    siteless = _projects_without_counted_site(alloc.projects, counted, alloc.rate)
    rows = []
    for fig in figs:
        values = counted[fig].fillna(0.0)
        no_region = counted["region_iso"].isna()
        unplaced = float(siteless[fig].fillna(0.0).sum())
        rows.append(
            {
                "figure": fig,
                "national_total": float(values.sum()) + unplaced,
                "in_regions": float(values[~no_region].sum()),
                "without_region": float(values[no_region].sum()) + unplaced,
                "sites_without_region": int(no_region.sum()),
                "projects_without_site": len(siteless),
            }
        )
    out = pd.DataFrame(rows)
    out.attrs[FIGURES_ATTR] = allocated.attrs.get(FIGURES_ATTR, {})
    return out


class Layers(NamedTuple):
    """The region layer, the SEZ layer and the national summary of one build.

    Attributes
    ----------
    regions : geopandas.GeoDataFrame
        As :func:`region_layer` returns it.
    sez : geopandas.GeoDataFrame
        As :func:`sez_layer` returns it.
    summary : pandas.DataFrame
        As :func:`national_summary` returns it.
    """

    regions: gpd.GeoDataFrame
    sez: gpd.GeoDataFrame
    summary: pd.DataFrame


def build_layers(
    alloc: Allocations,
    *,
    regions: gpd.GeoDataFrame | None = None,
    region_id: str = "iso_3166_2",
) -> Layers:
    """Return :func:`region_layer`, :func:`sez_layer` and :func:`national_summary` at once.

    The three read one allocation under every policy instead of allocating again each; the
    result is the same as calling them one by one.

    Parameters
    ----------
    alloc
        ``allocations(sites, projects, policy=..., rate=..., every_policy=True)``
        (:func:`kzgeo.aggregate.allocate.allocations`).
    regions
        Your own boundary layer instead of kzgeo's 20 regions, as for :func:`region_layer`.
    region_id
        The id column of ``regions``.

    Returns
    -------
    Layers
        The region layer (full resolution), the SEZ layer and the national summary.

    Examples
    --------
    >>> import kzgeo
    >>> from kzgeo.aggregate.allocate import allocations
    >>> reg = kzgeo.load_register()
    >>> sites = kzgeo.assign_regions(kzgeo.geocode(reg))
    >>> made = build_layers(allocations(sites, reg.projects, every_policy=True))
    >>> len(made.regions), int(made.regions.jobs.sum())
    (20, 675)
    """
    return Layers(
        _region_layer(alloc, regions=regions, region_id=region_id),
        _sez_layer(alloc),
        _summary(alloc),
    )


def _projects_without_counted_site(
    projects: pd.DataFrame, counted: pd.DataFrame, rate: ExchangeRate
) -> pd.DataFrame:
    """Return the valid projects none of whose sites has a share (no site, or invalid ones).

    Their figures are still part of the register: the summary counts them at country level
    (without a region), as the load warning says, instead of losing them.
    """
    valid = projects[projects["row_status"].eq("ok")] if "row_status" in projects else projects
    return complete_money(valid[~valid["project_id"].isin(counted["project_id"])], rate)


def _breakdown_keys(allocated: pd.DataFrame) -> pd.DataFrame:
    """Return the sector code (as given), its section and the stage of each allocated site."""
    code = allocated.get("sector_code", pd.Series(None, index=allocated.index, dtype=object))
    stage = allocated.get("stage", pd.Series(None, index=allocated.index, dtype=object))
    code = code.where(code.notna() & code.astype(str).ne(""), UNCLASSIFIED).astype(str)
    section = code.map(lambda c: section_of(c) or UNCLASSIFIED)
    stage = stage.where(stage.notna() & stage.astype(str).ne(""), "unknown").astype(str)
    return pd.DataFrame({"sector_code": code, "section": section, "stage": stage})


def sector_stage_totals(
    allocated: pd.DataFrame, *, key: str = "region_iso", figures: Iterable[str] | None = None
) -> pd.DataFrame:
    """Return the totals of each figure by unit, sector code (as given) and stage (long form).

    Parameters
    ----------
    allocated
        Sites with their shares (output of :func:`kzgeo.allocate`, with ``key``).
    key
        The unit column: ``region_iso`` (default), ``sez_id`` or ``sez_part_id``.
    figures
        The figures (default: the built-ins and every declared figure in ``allocated``).

    Returns
    -------
    pandas.DataFrame
        One row per unit, ``sector_code`` (the OKED section or division as given or derived;
        ``unclassified`` without one) and ``stage`` (``unknown`` without one), with
        ``sector_label`` (English OKED name), ``projects``, and for each figure its total and
        ``<figure>_reported`` (the part from figures flagged reported). Over the rows of a unit
        each figure adds up to the unit's total in :func:`region_layer`.

    Examples
    --------
    >>> import kzgeo
    >>> reg = kzgeo.load_register()
    >>> sites = kzgeo.allocate(kzgeo.assign_regions(kzgeo.geocode(reg)), reg.projects)
    >>> long = sector_stage_totals(sites)
    >>> sorted(set(long.sector_code)), sorted(set(long.stage)), int(long.jobs.sum())
    (['21'], ['approved'], 675)
    """
    figs = figures_in(allocated, figures)
    valid = allocated[(allocated["share"] > 0) & allocated[key].notna()]
    keys = _breakdown_keys(valid)
    frame = pd.DataFrame({key: valid[key].to_numpy(dtype=object)}, index=valid.index)
    frame[["sector_code", "stage"]] = keys[["sector_code", "stage"]]
    frame["project_id"] = valid["project_id"]
    for fig in figs:
        values = valid[fig].astype(float)
        frame[fig] = values
        frame[f"{fig}_reported"] = values.where(valid[f"{fig}_flag"].eq("reported"), 0.0)
    by = [key, "sector_code", "stage"]
    grouped = frame.groupby(by, sort=True)
    out = grouped[[c for c in frame.columns if c not in (*by, "project_id")]].sum(min_count=1)
    out.insert(0, "projects", grouped["project_id"].nunique())
    out = out.reset_index()
    labels = out["sector_code"].map(lambda c: "" if c == UNCLASSIFIED else sector_label(c))
    out.insert(2, "sector_label", labels)
    out.attrs[FIGURES_ATTR] = allocated.attrs.get(FIGURES_ATTR, {})
    return out


def _wide_breakdown(
    out: gpd.GeoDataFrame,
    allocated: pd.DataFrame,
    *,
    key: str,
    base_key: str,
    figs: tuple[str, ...],
) -> gpd.GeoDataFrame:
    """Add ``<figure>_sector_<section>`` and ``<figure>_stage_<stage>`` columns to a layer."""
    table = _slim(allocated, [key, "share", "sector_code", "stage", *figs])
    valid = table[(table["share"] > 0) & table[key].notna()]
    keys = _breakdown_keys(valid)
    ids = pd.Index(out[base_key])
    values = valid[list(figs)].astype(float).fillna(0.0)
    added: dict[str, np.ndarray] = {}
    for family, column in (("sector", "section"), ("stage", "stage")):
        for value in sorted(set(keys[column])):
            rows = keys[column].eq(value)
            # every figure in one group-by; each column sums its rows in order, as alone
            summed = values[rows].groupby(valid.loc[rows, key]).sum().reindex(ids).fillna(0.0)
            for fig in figs:
                added[f"{fig}_{family}_{value}"] = summed[fig].to_numpy()
    wide = pd.concat([out, pd.DataFrame(added, index=out.index)], axis=1)
    wide.attrs = dict(out.attrs)
    return wide
