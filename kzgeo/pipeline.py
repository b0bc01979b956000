"""``build``: the whole pipeline on one register, for notebooks and the CLI.

register -> geocode -> assign_regions -> allocate -> region_layer / sez_layer -> map.
Each step is a public function; ``build`` only composes them and keeps every input row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import geopandas as gpd

from kzgeo.aggregate import (
    Rate,
    allocate,
    complete_money,
    national_summary,
    region_layer,
    sez_layer,
)
from kzgeo.datasets import load_boundaries, validate_boundaries
from kzgeo.geocoding import geocode
from kzgeo.join import assign_regions, hint_column_for
from kzgeo.register import Reconciliation, Register, load_register, reconcile
from kzgeo.settings import options

if TYPE_CHECKING:
    from collections.abc import Callable

    import folium
    import pandas as pd

    from kzgeo.geocoding import NominatimGeocoder


@dataclass
class BuildResult:
    """Everything ``build`` produced.

    Attributes
    ----------
    register
        The register as loaded (with its issues).
    sites
        One row per input site: geocoding, join and allocation columns (EPSG:4326).
    regions
        The 20 regions with their totals (full-resolution geometry).
    sez
        Every SEZ and sub-zone with its totals.
    reconciliation
        The register checked against its stated totals.
    summary
        National totals per figure and how much has no region.
    policy
        The allocation policy used.
    rate
        The KZT per USD rate used for derived USD figures.
    """

    register: Register
    sites: gpd.GeoDataFrame
    regions: gpd.GeoDataFrame
    sez: gpd.GeoDataFrame
    reconciliation: Reconciliation
    summary: pd.DataFrame
    policy: str
    rate: Rate
    title: str = field(default="")
    region_id: str = "iso_3166_2"
    boundary_file: str = ""

    @property
    def input_files(self) -> tuple[str, ...]:
        """The files this build read (register tables, manifest, boundary file)."""
        files = {str(self.register.path)} if self.register.path else set()
        for table in (self.register.projects, self.register.sites):
            if "source_file" in table:
                files |= set(table["source_file"].dropna().astype(str))
        if self.boundary_file:
            files.add(self.boundary_file)
        return tuple(sorted(files))

    @cached_property
    def map(self) -> folium.Map:
        """The interactive map (displays inline in a notebook)."""
        from kzgeo.mapping import make_map  # noqa: PLC0415 - folium only when a map is wanted
        from kzgeo.mapping.i18n import check_language, policy_name, text  # noqa: PLC0415

        return make_map(
            self.sites,
            self.regions,
            self.sez,
            projects=complete_money(self.register.projects, self.rate),
            sources={k: s.url for k, s in self.register.sources.items()},
            title=self.title or self.register.title,
            subtitle=text(
                "subtitle",
                projects=len(self.register.projects),
                sites=len(self.register.sites),
                policy=policy_name(self.policy),
                lang=check_language(),
            ),
            region_id=self.region_id,
        )

    def __repr__(self) -> str:
        """Summarise the result."""
        return (
            f"<BuildResult {self.register.title!r}: {len(self.sites)} sites, "
            f"{int(self.regions.has_projects.sum())} regions with projects, policy {self.policy}, "
            f"{self.reconciliation.headline()}>"
        )


def build(
    register: Register | str | Path | None = None,
    *,
    policy: str | None = None,
    rate: Rate | None = None,
    online: NominatimGeocoder | bool | None = None,
    errors: Literal["raise", "flag"] = "flag",
    regions: gpd.GeoDataFrame | str | Path | None = None,
    region_id: str = "iso_3166_2",
    progress: Callable[[str], None] | None = None,
    row_progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Run the whole pipeline on a register.

    Parameters
    ----------
    register
        A loaded :class:`~kzgeo.register.Register`, a path (folder, manifest or CSV), or None
        for the bundled January 2026 pharmaceutical register.
    policy
        Allocation policy (default ``kzgeo.options.allocation_policy``).
    rate
        KZT per USD for derived USD figures (default: the register's own rate, else
        ``kzgeo.options``).
    online
        Online geocoder for names nothing offline matches (see :func:`kzgeo.geocode`).
    errors
        ``"flag"`` (default): rows with errors are kept with their status and left out of the
        totals; ``"raise"``: stop at the first error report.
    regions
        Your own boundaries (a GeoDataFrame or a file) instead of kzgeo's 20 regions; checked
        with :func:`kzgeo.datasets.validate_boundaries` (any CRS; invalid polygons refused).
    region_id
        The id column of ``regions``.
    progress
        Called with the name of each step as it starts.
    row_progress
        Called as ``row_progress(done, total)`` while sites are geocoded.

    Returns
    -------
    BuildResult
        Sites, region and SEZ layers, reconciliation, summary, and ``.map``.

    Examples
    --------
    >>> import kzgeo
    >>> result = kzgeo.build()
    >>> len(result.sites), len(result.regions)
    (5, 20)
    >>> sorted(result.reconciliation.inconsistencies())
    ['investment_usd', 'medicines']
    """
    step = progress or (lambda _name: None)
    step("load")
    reg = register if isinstance(register, Register) else load_register(register, errors=errors)
    policy = policy or options.allocation_policy
    rate = Rate.resolve(reg, rate)
    step("geocode")
    points = geocode(reg, online=online, progress=row_progress)
    step("join")
    boundaries = None
    if regions is not None:
        boundaries = (
            validate_boundaries(regions, id_column=region_id)
            if isinstance(regions, gpd.GeoDataFrame)
            else load_boundaries(regions, id_column=region_id)
        )
    joined = assign_regions(
        points,
        regions=boundaries,
        region_id=region_id,
        hint_column=hint_column_for(region_id, own_boundaries=boundaries is not None),
    )
    step("allocate")
    sites = allocate(joined, reg.projects, policy=policy, rate=rate)
    step("aggregate")
    layer = region_layer(
        joined, reg.projects, policy=policy, rate=rate, regions=boundaries, region_id=region_id
    )
    sez = sez_layer(joined, reg.projects, policy=policy, rate=rate)
    summary = national_summary(joined, reg.projects, policy=policy, rate=rate)
    step("reconcile")
    report = reconcile(reg)
    return BuildResult(
        reg,
        sites,
        layer,
        sez,
        report,
        summary,
        policy,
        rate,
        region_id=region_id,
        boundary_file=str(regions) if isinstance(regions, str | Path) else "",
    )
