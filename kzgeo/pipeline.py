"""``build``: the whole pipeline on one register or several, for notebooks and the CLI.

register -> geocode -> assign_regions -> allocate -> region_layer / sez_layer -> map.
Each step is a public function; ``build`` only composes them and keeps every input row.
Several registers are geocoded and joined one by one, combined with the duplicate check
(:mod:`kzgeo.register.combine`), then totalled together and per register.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import geopandas as gpd

from kzgeo.aggregate import complete_money
from kzgeo.aggregate.allocate import allocations
from kzgeo.aggregate.layers import build_layers
from kzgeo.datasets import load_boundaries, validate_boundaries
from kzgeo.geocoding import geocode
from kzgeo.join import assign_regions, hint_column_for
from kzgeo.register import (
    ExchangeRate,
    Reconciliation,
    Register,
    load_register,
    reconcile,
)
from kzgeo.register.combine import (
    DUPLICATE_TOLERANCE,
    Combination,
    CombinedReconciliation,
    Part,
    check_ids,
    combine,
    combined_register,
    combined_summary,
    keyed,
    register_totals,
)
from kzgeo.settings import options

if TYPE_CHECKING:
    from collections.abc import Callable

    import folium
    import pandas as pd

    from kzgeo.geocoding import NominatimGeocoder
    from kzgeo.vocabularies import AllocationPolicy


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
        The KZT per USD rate used for derived USD figures (of a combined build whose registers
        use different rates: NaN, and ``rate.source`` names each register's).
    title
        The title of the map and report; ``""`` (default): the register's title.
    region_id
        The id column of the region layer (``iso_3166_2`` for kzgeo's regions, the user's
        column for their own boundaries).
    boundary_file
        The boundary file the build read, if the regions came from a file; ``""`` otherwise.
    combination
        For a build of several registers: the registers, the duplicates found and what was
        done with them (``None`` for one register).
    """

    register: Register
    sites: gpd.GeoDataFrame
    regions: gpd.GeoDataFrame
    sez: gpd.GeoDataFrame
    reconciliation: Reconciliation
    summary: pd.DataFrame
    policy: str
    rate: ExchangeRate
    title: str = field(default="")
    region_id: str = "iso_3166_2"
    boundary_file: str = ""
    combination: Combination | None = None

    @property
    def duplicates(self) -> pd.DataFrame | None:
        """The projects found in two registers (``duplicates.csv``); None for one register.

        Returns
        -------
        pandas.DataFrame or None
            One row per duplicate found, with what was done with it; None for a build of
            one register.
        """
        return self.combination.duplicates if self.combination else None

    @property
    def register_totals(self) -> pd.DataFrame | None:
        """The totals per register, region and figure (``register_totals.csv``); None for one.

        Returns
        -------
        pandas.DataFrame or None
            One row per register, region and figure; None for a build of one register.
        """
        return self.combination.register_totals if self.combination else None

    @property
    def input_files(self) -> tuple[str, ...]:
        """The files this build read (register tables, manifests, boundary file).

        Returns
        -------
        tuple of str
            The paths, sorted, each once.
        """
        registers = [p.register for p in self.combination.parts] if self.combination else []
        paths = [r.path for r in (self.register, *registers) if r.path]
        files = {str(path) for path in paths}
        for table in (self.register.projects, self.register.sites):
            if "source_file" in table:
                files |= set(table["source_file"].dropna().astype(str))
        if self.boundary_file:
            files.add(self.boundary_file)
        return tuple(sorted(files))

    @cached_property
    def map(self) -> folium.Map:
        """The interactive map (displays inline in a notebook).

        Drawn on first access, then kept.

        Returns
        -------
        folium.Map
            Sites, regions and SEZ with their totals, titled :attr:`title`.
        """
        from kzgeo.mapping import MapStyle, make_map  # noqa: PLC0415 - folium only for a map
        from kzgeo.mapping.i18n import check_language, policy_name, text  # noqa: PLC0415

        sites, projects = self.sites, complete_money(self.register.projects, self.rate)
        sources = {k: s.url for k, s in self.register.sources.items()}
        regions = self.regions
        if self.combination is not None:
            # project ids repeat across registers: the map joins sites to projects by key, and
            # shows a duplicate left out of the totals once (its first register's copy)
            counted = ~self.sites["row_status"].astype(str).str.startswith("duplicate_of:")
            sites = keyed(self.sites[counted])
            projects, sources = keyed(self.combination.projects), self.combination.map_sources()
            regions = self.combination.with_rates(regions)
        subtitle = text(
            "subtitle",
            projects=len(self.register.projects),
            sites=len(self.register.sites),
            policy=policy_name(self.policy),
            lang=check_language(),
        )
        return make_map(
            sites,
            regions,
            sez=self.sez,
            projects=projects,
            sources=sources,
            title=self.title or self.register.title,
            region_id=self.region_id,
            style=MapStyle(subtitle=subtitle),
        )

    def __repr__(self) -> str:
        """Summarise the result."""
        return (
            f"<BuildResult {self.register.title!r}: {len(self.sites)} sites, "
            f"{int(self.regions.has_projects.sum())} regions with projects, policy {self.policy}, "
            f"{self.reconciliation.headline()}>"
        )


RegisterInput = Register | str | Path


def build(  # noqa: PLR0913 - one keyword per step's option: the call a user makes for everything
    register: RegisterInput | Sequence[RegisterInput] | None = None,
    *,
    policy: AllocationPolicy | None = None,
    rate: ExchangeRate | None = None,
    online: NominatimGeocoder | bool | None = None,
    errors: Literal["raise", "flag"] = "flag",
    regions: gpd.GeoDataFrame | str | Path | None = None,
    region_id: str = "iso_3166_2",
    progress: Callable[[str], None] | None = None,
    row_progress: Callable[[int, int], None] | None = None,
    keep_duplicates: bool = False,
    duplicate_tolerance: float = DUPLICATE_TOLERANCE,
) -> BuildResult:
    """Run the whole pipeline on a register, or on several together.

    Parameters
    ----------
    register
        A loaded :class:`~kzgeo.register.Register`, a path (folder, manifest or CSV), a
        bundled register's name (``"kz-industry"``), or None for the bundled January 2026
        pharmaceutical register; or a list of them, built
        together: every row of each with ``register_id`` and ``project_key``, totals combined
        and per register, and the same project found in two registers counted once (see
        :mod:`kzgeo.register.combine`). A list of one is that register's build.
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
    keep_duplicates
        Several registers: count a project found in two of them in both (default: the later
        register's copy is left out of the combined totals, ``duplicate_of:<key>``).
    duplicate_tolerance
        Several registers: two copies' figures agree within this share of the larger.

    Returns
    -------
    BuildResult
        Sites, region and SEZ layers, reconciliation, summary, and ``.map``.

    Examples
    --------
    >>> import kzgeo
    >>> result = kzgeo.build()
    >>> len(result.sites), len(result.regions), len(result.sez)  # zones and sub-zones
    (5, 20, 23)
    >>> sorted(result.reconciliation.inconsistencies())
    ['investment_usd', 'medicines']
    >>> kzgeo.build([kzgeo.register.seed_path()]).combination is None  # one register
    True
    """
    step = progress or (lambda _name: None)
    # any sequence: typed so, a list[Path] is accepted (list[RegisterInput] would refuse it)
    if isinstance(register, Sequence) and not isinstance(register, str):
        if not register:
            raise ValueError("build() needs at least one register (None for the seed register)")
        if len(register) > 1:
            given = _Options(
                policy or options.allocation_policy, rate, online, errors, regions, region_id,
                keep_duplicates, duplicate_tolerance,
            )  # fmt: skip
            return _build_many(register, given, step, row_progress)
        register = register[0]
    step("load")
    reg = register if isinstance(register, Register) else load_register(register, errors=errors)
    policy = policy or options.allocation_policy
    rate = ExchangeRate.resolve(reg, rate)
    step("geocode")
    points = geocode(reg, online=online, progress=row_progress)
    step("join")
    boundaries = _boundaries(regions, region_id)
    joined = _join(points, boundaries, region_id)
    totals = _Totals.of(
        joined, reg.projects, policy=policy, rate=rate, regions=boundaries, region_id=region_id,
        progress=step,
    )  # fmt: skip
    step("reconcile")
    return totals.result(reg, reconcile(reg), regions=regions)


@dataclass
class _Totals:
    """The allocated sites and the layers of one build, and how they were made.

    Attributes
    ----------
    sites
        The allocated sites (:attr:`BuildResult.sites`).
    regions
        The region layer with its totals.
    sez
        The SEZ layer with its totals.
    summary
        National totals per figure and how much has no region.
    policy
        The allocation policy used.
    rate
        The KZT per USD rate used for derived USD figures.
    region_id
        The id column of the region layer.
    """

    sites: gpd.GeoDataFrame
    regions: gpd.GeoDataFrame
    sez: gpd.GeoDataFrame
    summary: pd.DataFrame
    policy: str
    rate: ExchangeRate
    region_id: str

    @classmethod
    def of(
        cls,
        sites: gpd.GeoDataFrame,
        projects: pd.DataFrame,
        *,
        policy: str,
        rate: ExchangeRate,
        regions: gpd.GeoDataFrame | None,
        region_id: str,
        progress: Callable[[str], None],
    ) -> _Totals:
        progress("allocate")
        # allocated once under every policy: the layers' ranges need all three
        alloc = allocations(sites, projects, policy=policy, rate=rate, every_policy=True)
        progress("aggregate")
        layers = build_layers(alloc, regions=regions, region_id=region_id)
        return cls(alloc.sites, layers.regions, layers.sez, layers.summary, policy, rate, region_id)

    def result(
        self,
        register: Register,
        report: Reconciliation,
        *,
        regions: object,
        combination: Combination | None = None,
    ) -> BuildResult:
        return BuildResult(
            register,
            self.sites,
            self.regions,
            self.sez,
            report,
            self.summary,
            self.policy,
            self.rate,
            region_id=self.region_id,
            boundary_file=str(regions) if isinstance(regions, str | Path) else "",
            combination=combination,
        )


def _boundaries(
    regions: gpd.GeoDataFrame | str | Path | None, region_id: str
) -> gpd.GeoDataFrame | None:
    if regions is None:
        return None
    if isinstance(regions, gpd.GeoDataFrame):
        return validate_boundaries(regions, region_id=region_id)
    return load_boundaries(regions, region_id=region_id)


def _join(
    points: gpd.GeoDataFrame, boundaries: gpd.GeoDataFrame | None, region_id: str
) -> gpd.GeoDataFrame:
    return assign_regions(
        points,
        regions=boundaries,
        region_id=region_id,
        hint_column=hint_column_for(region_id, own_boundaries=boundaries is not None),
    )


@dataclass(frozen=True)
class _Options:
    """The options of :func:`build` that a combined build applies to every register.

    Attributes
    ----------
    policy
        The allocation policy.
    rate
        The caller's KZT per USD rate; None: each register's own.
    online
        The online geocoder, as for :func:`build`.
    errors
        ``"flag"`` or ``"raise"``, as for :func:`build`.
    regions
        The user's boundaries (a layer or a file); None: kzgeo's 20 regions.
    region_id
        The id column of ``regions``.
    keep_duplicates
        Count a project found in two registers in both.
    duplicate_tolerance
        Two copies' figures agree within this share of the larger.
    """

    policy: str
    rate: ExchangeRate | None
    online: NominatimGeocoder | bool | None
    errors: Literal["raise", "flag"]
    regions: gpd.GeoDataFrame | str | Path | None
    region_id: str
    keep_duplicates: bool
    duplicate_tolerance: float


def _build_many(
    registers: Sequence[RegisterInput],
    given: _Options,
    progress: Callable[[str], None],
    row_progress: Callable[[int, int], None] | None,
) -> BuildResult:
    """Build several registers together (see :func:`build`)."""
    policy, rate, online, errors = given.policy, given.rate, given.online, given.errors
    regions, region_id = given.regions, given.region_id
    progress("load")
    loaded = [r if isinstance(r, Register) else load_register(r, errors=errors) for r in registers]
    ids = check_ids(loaded)
    boundaries = _boundaries(regions, region_id)
    progress("geocode")
    parts = []
    for rid, reg in zip(ids, loaded, strict=True):
        own = ExchangeRate.resolve(reg, rate)
        points = geocode(reg, online=online, progress=row_progress)
        joined = _join(points, boundaries, region_id)
        parts.append(Part(rid, reg, own, joined, complete_money(reg.projects, own)))
    progress("join")
    combo = combine(
        parts, keep_duplicates=given.keep_duplicates, tolerance=given.duplicate_tolerance
    )
    rate = _common_rate(combo)
    totals = _Totals.of(
        keyed(combo.sites), keyed(combo.projects), policy=policy, rate=rate,
        regions=boundaries, region_id=region_id, progress=progress,
    )  # fmt: skip
    combo.register_totals = register_totals(
        combo, totals.sites, policy=policy, regions=boundaries, region_id=region_id
    )
    totals.summary = combined_summary(combo, totals.summary, policy=policy)
    totals.sites = totals.sites.assign(project_id=combo.sites["project_id"])  # as written
    progress("reconcile")
    report = CombinedReconciliation.of({p.id: reconcile(p.register) for p in parts})
    return totals.result(combined_register(combo), report, regions=regions, combination=combo)


def _common_rate(combo: Combination) -> ExchangeRate:
    """Return the registers' shared rate; if they differ, NaN with each register's rate named.

    Each register's missing KZT or USD figures are already derived at its own rate, so the
    combined totals need no rate of their own.
    """
    if not combo.rates_differ():  # the same rate of the same day, whoever quotes it
        return combo.parts[0].rate
    named = "; ".join(f"{p.id}: {p.rate_text()}" for p in combo.parts)
    return ExchangeRate(float("nan"), None, f"each register's own rate ({named})")
