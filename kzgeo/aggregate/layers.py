"""Per-region and per-SEZ totals, with what they rest on and their range across policies.

For every figure (investment in KZT and USD, jobs, medicines, socially significant medicines)
each region or SEZ row carries:

- ``<figure>``: the total under the chosen allocation policy;
- ``<figure>_reported`` / ``_derived`` / ``_estimated``: how much of it comes from project figures
  with each flag (they add up to the total);
- ``<figure>_allocated``: how much of it comes from splitting a multi-site project (shares below
  1), i.e. rests on the allocation policy rather than on the source;
- ``<figure>_min`` / ``<figure>_max``: the range the total takes over all allocation policies;
- ``<figure>_per_100k``: per 100,000 inhabitants (null where the population is not known);
- ``<figure>_share_pct``: share of the national total of that figure (all valid projects);
- ``<figure>_basis``: a sentence, e.g. "100 % reported; 0 % from allocation";
- ``<figure>_missing``: how many projects there give no figure. When all of them lack it the
  total is unknown (NaN), not 0.

``projects`` and ``sites`` count what the totals rest on (sites with a share under the policy);
``sites_listed`` counts every valid site placed there. Rows with no project have zeros and
``has_projects = False`` (maps draw them as "no project").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from kzgeo.aggregate.allocate import Rate, allocate, complete_money
from kzgeo.datasets import load_regions, load_sez
from kzgeo.register.schema import FIGURES
from kzgeo.settings import ALLOCATION_POLICIES, options

if TYPE_CHECKING:
    from kzgeo.datasets.regions import Resolution

FLAG_KINDS = ("reported", "derived", "estimated")
REGION_KEEP = (
    "iso_3166_2", "kato", "kind", "name_en", "name_kk", "name_ru", "admin_centre_en",
    "admin_centre_geonameid", "area_km2", "population_2026", "population_flag",
    "population_source", "geometry",
)  # fmt: skip


def _totals(sites: pd.DataFrame, key: str) -> pd.DataFrame:
    """Sum allocated figures by ``key``, split by flag and by allocated share.

    A unit whose projects all lack a figure gets NaN for it (unknown), not 0; ``<figure>_missing``
    counts the projects there that give no figure.
    """
    valid = sites[(sites["share"] > 0) & sites[key].notna()]
    frames = {}
    by = valid[key]
    for fig in FIGURES:
        raw = valid[fig]
        values = raw.fillna(0.0)
        frames[fig] = raw.groupby(by).sum(min_count=1)
        for flag in FLAG_KINDS:
            part = values.where(valid[f"{fig}_flag"] == flag, 0.0)
            frames[f"{fig}_{flag}"] = part.groupby(by).sum()
        frames[f"{fig}_allocated"] = values.where(valid["share"] < 1, 0.0).groupby(by).sum()
        missing = valid.loc[raw.isna(), [key, "project_id"]]
        frames[f"{fig}_missing"] = missing.groupby(key)["project_id"].nunique()
    frames["projects"] = valid.groupby(key)["project_id"].nunique()
    frames["sites"] = valid.groupby(key)["site_id"].count()
    listed = sites[(sites["row_status"] == "ok") & sites[key].notna()]
    frames["sites_listed"] = listed.groupby(key)["site_id"].count()
    return pd.DataFrame(frames)


def _basis(row: pd.Series, fig: str) -> str:
    if not row["sites"]:
        return "no project"
    total = row[fig]
    missing = int(row[f"{fig}_missing"])
    if pd.isna(total):
        n = int(row["projects"])
        return "not given by " + ("the project here" if n == 1 else f"any of the {n} projects here")
    parts = [
        f"{row[f'{fig}_{flag}'] / total:.0%} {flag}"
        for flag in FLAG_KINDS
        if total and row[f"{fig}_{flag}"] > 0
    ]
    if total:
        parts.append(f"{row[f'{fig}_allocated'] / total:.0%} from allocation across sites")
    else:
        parts.append("all projects here give 0")
    if missing:
        parts.append(f"{missing} of {int(row['projects'])} projects here give no figure")
    return "; ".join(parts)


def _layer(
    sites: pd.DataFrame,
    projects: pd.DataFrame,
    base: gpd.GeoDataFrame,
    *,
    key: str,
    base_key: str,
    policy: str,
    rate: Rate,
) -> gpd.GeoDataFrame:
    allocated = allocate(sites, projects, policy=policy, rate=rate)
    totals = _totals(allocated, key)
    out = base.copy()
    ids = out[base_key]
    has = ids.map(totals["sites"]).fillna(0).to_numpy() > 0
    for col in totals.columns:
        mapped = ids.map(totals[col]).to_numpy(dtype=float)
        # no project: 0; projects that all lack the figure: unknown (NaN)
        out[col] = np.where(has, mapped, 0.0) if col in FIGURES else np.nan_to_num(mapped)
    ranges = {
        p: _totals(allocate(sites, projects, policy=p, rate=rate), key) for p in ALLOCATION_POLICIES
    }
    for fig in FIGURES:
        per_policy = pd.DataFrame(
            {p: ids.map(r[fig]).to_numpy(dtype=float) for p, r in ranges.items()}
        )
        out[f"{fig}_min"] = np.where(has, per_policy.min(axis=1), 0.0)
        out[f"{fig}_max"] = np.where(has, per_policy.max(axis=1), 0.0)
        total = float(allocated.loc[allocated["share"] > 0, fig].sum())
        out[f"{fig}_share_pct"] = out[fig] / total * 100 if total else np.nan
        out[f"{fig}_basis"] = out.apply(_basis, axis=1, fig=fig)
        out[f"{fig}_missing"] = out[f"{fig}_missing"].astype("int64")
    out["projects"] = out["projects"].astype("int64")
    out["sites"] = out["sites"].astype("int64")
    out["sites_listed"] = out["sites_listed"].astype("int64")
    out["has_projects"] = out["sites"] > 0
    out["allocation_policy"] = policy
    out["kzt_per_usd"] = rate.kzt_per_usd
    out["kzt_per_usd_date"] = rate.date
    out["kzt_per_usd_source"] = rate.source
    return out


def region_layer(
    sites: pd.DataFrame,
    projects: pd.DataFrame,
    *,
    policy: str | None = None,
    rate: Rate | None = None,
    resolution: Resolution = "full",
    regions: gpd.GeoDataFrame | None = None,
    region_id: str = "iso_3166_2",
) -> gpd.GeoDataFrame:
    """Return the 20 regions with investment, jobs and medicines totals.

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
    if regions is None:
        bundled = load_regions(resolution)
        base = bundled[[c for c in REGION_KEEP if c in bundled.columns]]
    else:
        base = regions
    layer = _layer(
        sites,
        projects,
        base,
        key="region_iso",
        base_key=region_id,
        policy=policy or options.allocation_policy,
        rate=rate or Rate.resolve(),
    )
    if "population_2026" not in layer.columns:
        layer["population_2026"] = pd.NA
    pop = layer["population_2026"].astype("Float64")
    for fig in FIGURES:
        layer[f"{fig}_per_100k"] = (layer[fig] / pop * 1e5).astype("Float64")
    return layer


def sez_layer(
    sites: pd.DataFrame,
    projects: pd.DataFrame,
    *,
    policy: str | None = None,
    rate: Rate | None = None,
) -> gpd.GeoDataFrame:
    """Return every SEZ and sub-zone with the same totals as :func:`region_layer`.

    Zones are totalled by ``sez_id``, TURAN's sub-zones by ``sez_part_id``.

    Examples
    --------
    >>> import kzgeo
    >>> reg = kzgeo.load_register()
    >>> sites = kzgeo.assign_regions(kzgeo.geocode(reg))
    >>> layer = kzgeo.sez_layer(sites, reg.projects).set_index("sez_id")
    >>> float(layer.loc["pit", "investment_kzt"]) / 1e9
    58.5
    """
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
    policy = policy or options.allocation_policy
    rate = rate or Rate.resolve()
    zones = base[base["level"] == "zone"][keep]
    parts = base[base["level"] == "subzone"][keep]
    zone_layer = _layer(
        sites, projects, zones, key="sez_id", base_key="sez_id", policy=policy, rate=rate
    )
    part_layer = _layer(
        sites, projects, parts, key="sez_part_id", base_key="sez_id", policy=policy, rate=rate
    )
    out = pd.concat([zone_layer, part_layer], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=base.crs)


def national_summary(
    sites: pd.DataFrame,
    projects: pd.DataFrame,
    *,
    policy: str | None = None,
    rate: Rate | None = None,
) -> pd.DataFrame:
    """Return, per figure, the national total and how much of it has no region.

    Sites placed at country level, not found, outside Kazakhstan or with swapped coordinates
    have no region; their share of each figure is reported here instead of being dropped.

    Examples
    --------
    >>> import kzgeo
    >>> reg = kzgeo.load_register()
    >>> sites = kzgeo.assign_regions(kzgeo.geocode(reg))
    >>> summary = national_summary(sites, reg.projects).set_index("figure")
    >>> float(summary.loc["jobs", "national_total"]), float(summary.loc["jobs", "without_region"])
    (675.0, 0.0)
    """
    rate = rate or Rate.resolve()
    allocated = allocate(sites, projects, policy=policy, rate=rate)
    counted = allocated[allocated["share"] > 0]
    siteless = _projects_without_counted_site(projects, counted, rate)
    rows = []
    for fig in FIGURES:
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
    return pd.DataFrame(rows)


def _projects_without_counted_site(
    projects: pd.DataFrame, counted: pd.DataFrame, rate: Rate
) -> pd.DataFrame:
    """Return the valid projects none of whose sites has a share (no site, or invalid ones).

    Their figures are still part of the register: the summary counts them at country level
    (without a region), as the load warning says, instead of losing them.
    """
    valid = projects[projects["row_status"].eq("ok")] if "row_status" in projects else projects
    return complete_money(valid[~valid["project_id"].isin(counted["project_id"])], rate)
