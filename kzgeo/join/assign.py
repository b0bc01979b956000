"""``assign_regions``: each point gets its region, its SEZ and a join status.

Rules, in order (each is one line of the ``join_status`` vocabulary):

- ``no-point``: the row has no geometry (e.g. a country-level or unmatched site).
- ``inside``: the point lies inside exactly one region.
- ``overlap``: the point lies inside two or more regions (possible with user boundary files;
  the bundled coverage has no overlaps). One rule resolves it: the **smallest** polygon wins (a
  city of republican significance inside the region around it), ties by ISO code; the other
  candidates are named in ``join_note``. The point is counted once.
- ``snapped``: the point is outside every polygon but within ``snap_tolerance_m`` metres of one
  (generalised borders, the Caspian shore, the border with Uzbekistan); it takes the nearest
  region and ``join_distance_m`` says how far it was.
- ``swapped-latlon``: outside every polygon, but with latitude and longitude swapped it would
  fall inside Kazakhstan. It is reported, not fixed: ``region_iso`` stays empty.
- ``outside-kazakhstan``: farther than the tolerance from every region.
- ``region-mismatch``: the row names a region (``region_hint_iso``) and the point falls in
  another one. Both values are kept; nothing is overridden.
- ``region-reformed``: the row names a region as it was before a reform ("East Kazakhstan
  region" for Semey, in Abai Region since 2022) and the point falls in the successor its finer
  part lies in (``region_reform`` from :func:`kzgeo.geocode` says old name -> current unit);
  not an error.

SEZs are joined the same way (no snapping): ``sez_id`` is the zone, ``sez_part_id`` the sub-zone
(TURAN's), both empty outside every zone. When the points carry a ``precision`` column (from
:func:`kzgeo.geocode`), ``sez_part_id`` is left empty for points placed coarser than 25 km: a
site known only as "in TURAN" is not in any particular sub-zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from kzgeo.crs import KZ_EQUAL_AREA, STORAGE_CRS
from kzgeo.datasets import load_regions, load_sez
from kzgeo.datasets.user import validate_boundaries
from kzgeo.errors import BoundaryError, Issue
from kzgeo.join.cache import layer_info
from kzgeo.settings import options

if TYPE_CHECKING:
    from collections.abc import Callable

JOIN_COLUMNS = (
    "region_iso",
    "sez_id",
    "sez_part_id",
    "join_status",
    "join_distance_m",
    "join_note",
)
STATUS_ORDER = (
    "no-point",
    "outside-kazakhstan",
    "swapped-latlon",
    "region-mismatch",
    "region-reformed",
    "overlap",
    "snapped",
    "inside",
)


def locate(
    x: np.ndarray,
    y: np.ndarray,
    polygons: gpd.GeoDataFrame,
    *,
    method: str = "auto",
) -> tuple[np.ndarray, np.ndarray]:
    """Return every ``(point, polygon)`` pair where the polygon contains the point.

    The same pairs as ``geopandas.sjoin(points, polygons, predicate="within")``; ``method`` is
    ``"sjoin"``, ``"pieces"`` (vectorised, see :mod:`kzgeo.join.pieces`) or ``"auto"`` (pieces
    from ``kzgeo.options.fast_join_min_points`` points on).
    """
    n = len(x)
    if method == "auto":
        method = "pieces" if n >= options.fast_join_min_points else "sjoin"
    if method == "pieces":
        return layer_info(polygons).index.pairs(x, y)
    valid = ~(np.isnan(x) | np.isnan(y))
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x[valid], y[valid]), crs=STORAGE_CRS)
    points.index = np.flatnonzero(valid)
    joined = gpd.sjoin(points, polygons[["geometry"]].reset_index(drop=True), predicate="within")
    p = joined.index.to_numpy(dtype=np.int64)
    o = joined["index_right"].to_numpy(dtype=np.int64)
    order = np.lexsort((o, p))
    return p[order], o[order]


def _resolve(
    n: int, p: np.ndarray, o: np.ndarray, area: np.ndarray, names: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One polygon per point: the smallest, ties by position; notes name the others."""
    owner = np.full(n, -1, dtype=np.int64)
    notes = np.full(n, "", dtype=object)
    if not len(p):
        return owner, notes
    # sort by point, then area, then polygon index: the first of each point wins
    order = np.lexsort((o, area[o], p))
    p, o = p[order], o[order]
    first = np.r_[True, p[1:] != p[:-1]]
    owner[p[first]] = o[first]
    multi = np.flatnonzero(~first)
    for point in np.unique(p[multi]):
        cands = o[p == point]
        notes[point] = (
            f"inside {len(cands)} polygons ({', '.join(names[cands])}); the smallest "
            f"({names[cands[0]]}) is used"
        )
    return owner, notes


def assign_regions(
    points: gpd.GeoDataFrame,
    *,
    regions: gpd.GeoDataFrame | None = None,
    sez: gpd.GeoDataFrame | None = None,
    region_id: str = "iso_3166_2",
    snap_tolerance_m: float | None = None,
    hint_column: str | None = "region_hint_iso",
    method: str = "auto",
    progress: Callable[[int], None] | None = None,
) -> gpd.GeoDataFrame:
    """Join points to regions and SEZs, with a status for every row.

    Parameters
    ----------
    points
        Any GeoDataFrame of points (not only register sites), in any CRS (it is converted to
        EPSG:4326); rows with empty geometry are kept with status ``no-point``.
    regions
        Polygons with an id column ``region_id`` (default: kzgeo's full-resolution regions).
        User boundary files are checked first: invalid geometry raises
        :class:`~kzgeo.errors.BoundaryError`.
    sez
        SEZ polygons (default: kzgeo's SEZ leaves: zones and TURAN's sub-zones); ``False``-like
        empty frame to skip.
    region_id
        Column of ``regions`` written to ``region_iso``.
    snap_tolerance_m
        Snap distance in metres (default ``kzgeo.options.snap_tolerance_m``), measured in
        :data:`kzgeo.crs.KZ_EQUAL_AREA`.
    hint_column
        Column holding the region each row names itself (``region_hint_iso`` from
        :func:`kzgeo.geocode`), compared with the join; ``None`` to skip.
    method
        Point-in-polygon engine: ``"auto"``, ``"sjoin"`` or ``"pieces"`` (same results).
    progress
        Called with the number of rows done (for progress bars).

    Returns
    -------
    geopandas.GeoDataFrame
        ``points`` with its index preserved and ``region_iso``, ``sez_id``, ``sez_part_id``,
        ``join_status``, ``join_distance_m`` and ``join_note`` added (see the module docstring).

    Examples
    --------
    >>> import geopandas as gpd, kzgeo
    >>> from shapely import Point
    >>> pts = gpd.GeoDataFrame(geometry=[Point(76.95, 43.25), Point(69.2, 41.3)], crs=4326)
    >>> out = kzgeo.assign_regions(pts)
    >>> out[["region_iso", "join_status"]].fillna("-").values.tolist()
    [['KZ-75', 'inside'], ['-', 'outside-kazakhstan']]
    """
    regions = (
        load_regions("full")
        if regions is None
        else validate_boundaries(regions, id_column=region_id)
    )
    state = _State.from_points(points)
    state.locate_regions(regions, region_id, method)
    if progress:
        progress(state.n // 2)
    tolerance = options.snap_tolerance_m if snap_tolerance_m is None else snap_tolerance_m
    state.outside(regions, tolerance, method)
    region_iso = state.region_iso()
    if hint_column and hint_column in points.columns:
        state.mismatch(points[hint_column].to_numpy(dtype=object), region_iso)
    if "region_reform" in points.columns:
        state.reformed(points["region_reform"].to_numpy(dtype=object))
    sez_layer = load_sez(leaves=True) if sez is None else sez
    sez_id, part_id = _sez(state.x, state.y, sez_layer, state.owner >= 0, method)
    if "precision" in points.columns:
        # a point placed at a zone's representative point says nothing about its sub-zone
        coarse = pd.to_numeric(points["precision"], errors="coerce").to_numpy() > 2
        part_id[coarse] = None
    out = points.copy()
    out["region_iso"] = region_iso
    out["sez_id"] = sez_id
    out["sez_part_id"] = part_id
    out["join_status"] = state.status
    out["join_distance_m"] = state.distance
    out["join_note"] = state.notes
    if progress:
        progress(state.n)
    return out


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


def _error(message: str, hint: str, row: int | None = None) -> BoundaryError:
    return BoundaryError([Issue("error", None, row, "geometry", message, hint)])


@dataclass
class _State:
    """Per-point arrays while a join runs."""

    x: np.ndarray
    y: np.ndarray
    missing: np.ndarray
    owner: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))
    status: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    distance: np.ndarray = field(default_factory=lambda: np.array([]))
    notes: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    ids: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))

    @property
    def n(self) -> int:
        return len(self.x)

    @classmethod
    def from_points(cls, points: gpd.GeoDataFrame) -> _State:
        if not isinstance(points, gpd.GeoDataFrame):
            raise TypeError("assign_regions() takes a GeoDataFrame of points")
        if points.crs is None:
            raise _error("points have no CRS", "set one, e.g. gdf.set_crs(4326) for degrees")
        pts = points.to_crs(STORAGE_CRS) if points.crs.to_epsg() != 4326 else points
        geoms = pts.geometry.to_numpy()
        kinds = shapely.get_type_id(geoms)
        bad = np.flatnonzero((kinds != 0) & (kinds != -1) & ~shapely.is_empty(geoms))
        if len(bad):
            raise _error(
                f"{len(bad)} geometries are not points",
                "pass points (e.g. gdf.representative_point())",
                int(bad[0]),
            )
        missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
        x = np.full(len(geoms), np.nan)
        y = np.full(len(geoms), np.nan)
        x[~missing] = shapely.get_x(geoms[~missing])
        y[~missing] = shapely.get_y(geoms[~missing])
        return cls(x, y, missing)

    def locate_regions(self, regions: gpd.GeoDataFrame, region_id: str, method: str) -> None:
        self.ids = regions[region_id].astype(str).to_numpy()
        area = layer_info(regions).area
        p, o = locate(self.x, self.y, regions, method=method)
        self.owner, self.notes = _resolve(self.n, p, o, area, self.ids)
        self.status = np.where(self.owner >= 0, "inside", "outside-kazakhstan").astype(object)
        self.status[self.missing] = "no-point"
        self.status[self.notes != ""] = "overlap"
        self.distance = np.full(self.n, np.nan)

    def outside(self, regions: gpd.GeoDataFrame, tolerance: float, method: str) -> None:
        """Report swapped coordinates, then snap what is near, for points in no polygon."""
        outside = np.flatnonzero((self.owner < 0) & ~self.missing)
        if not len(outside):
            return
        x, y = self.x, self.y
        sp, so = locate(y[outside], x[outside], regions, method=method)
        # pairs come sorted by point: the first pair of each point names its region
        first_pair = np.unique(sp, return_index=True)[1]
        swapped_at = outside[sp[first_pair]]
        self.status[swapped_at] = "swapped-latlon"
        self.notes[swapped_at] = [
            f"({y[i]:.5f}, {x[i]:.5f}) is outside Kazakhstan, but read as lat={x[i]:.5f}, "
            f"lon={y[i]:.5f} it is in {region}: check the lat/lon order"
            for i, region in zip(swapped_at, self.ids[so[first_pair]], strict=True)
        ]
        swapped = np.zeros(len(outside), dtype=bool)
        swapped[sp] = True
        rest = outside[~swapped]
        if not len(rest) or tolerance <= 0:
            return
        near, dist = _nearest(x[rest], y[rest], regions, tolerance)
        snapped = near >= 0
        at = rest[snapped]
        self.owner[at] = near[snapped]
        self.status[at] = "snapped"
        self.distance[at] = dist[snapped]
        self.notes[at] = [
            f"outside every region by {d:,.0f} m; snapped to {region}"
            for d, region in zip(dist[snapped], self.ids[near[snapped]], strict=True)
        ]

    def region_iso(self) -> np.ndarray:
        out = np.full(self.n, None, dtype=object)
        hit = self.owner >= 0
        out[hit] = self.ids[self.owner[hit]]
        return out

    def mismatch(self, hint: np.ndarray, region_iso: np.ndarray) -> None:
        clash = np.array(
            [
                isinstance(h, str) and bool(h) and r is not None and h != r
                for h, r in zip(hint, region_iso, strict=True)
            ],
            dtype=bool,
        )
        for i in np.flatnonzero(clash):
            self.notes[i] = _join(
                self.notes[i],
                f"the row names {hint[i]}, the point falls in {region_iso[i]}; both are kept",
            )
        self.status[clash] = "region-mismatch"

    def reformed(self, reform: np.ndarray) -> None:
        """Rows whose old region name resolved to the unit the point is in: reformed, not wrong."""
        named = np.array([isinstance(r, str) and bool(r) for r in reform], dtype=bool)
        rows = np.flatnonzero(named & np.isin(self.status, ("inside", "snapped", "overlap")))
        for i in rows:
            self.notes[i] = _join(self.notes[i], str(reform[i]))
        self.status[rows] = "region-reformed"


def _nearest(
    x: np.ndarray, y: np.ndarray, regions: gpd.GeoDataFrame, tolerance: float
) -> tuple[np.ndarray, np.ndarray]:
    """Nearest region within ``tolerance`` metres (-1 when none), and the distance."""
    info = layer_info(regions)
    near = np.full(len(x), -1, dtype=np.int64)
    dist = np.full(len(x), np.nan)
    band = info.band(tolerance)
    candidates = np.arange(len(x)) if band is None else np.unique(band.pairs(x, y)[0])
    if not len(candidates):
        return near, dist
    pts = (
        gpd.GeoSeries(gpd.points_from_xy(x[candidates], y[candidates]), crs=STORAGE_CRS)
        .to_crs(KZ_EQUAL_AREA)
        .to_numpy()
    )
    tree, owners = info.boundary_tree
    hit_p, hit_t = tree.query(pts, predicate="dwithin", distance=tolerance)
    if len(hit_p):
        d = shapely.distance(pts[hit_p], tree.geometries[hit_t])
        order = np.lexsort((owners[hit_t], d, hit_p))
        hit_p, hit_t, d = hit_p[order], hit_t[order], d[order]
        first = np.r_[True, hit_p[1:] != hit_p[:-1]]
        near[candidates[hit_p[first]]] = owners[hit_t[first]]
        dist[candidates[hit_p[first]]] = d[first]
    return near, dist


def _sez(
    x: np.ndarray, y: np.ndarray, sez: gpd.GeoDataFrame, located: np.ndarray, method: str
) -> tuple[np.ndarray, np.ndarray]:
    n = len(x)
    sez_id = np.full(n, None, dtype=object)
    part = np.full(n, None, dtype=object)
    if sez is None or len(sez) == 0:
        return sez_id, part
    candidates = np.flatnonzero(located)
    p, o = locate(x[candidates], y[candidates], sez, method=method)
    area = layer_info(sez).area
    owner, _ = _resolve(len(candidates), p, o, area, sez["sez_id"].to_numpy())
    leaf = sez["sez_id"].to_numpy(dtype=object)
    parent = sez["parent_id"].to_numpy(dtype=object) if "parent_id" in sez else leaf
    hit = owner >= 0
    rows = candidates[hit]
    leaf_ids = leaf[owner[hit]]
    parents = parent[owner[hit]]
    is_part = np.array([isinstance(v, str) and bool(v) for v in parents], dtype=bool)
    sez_id[rows] = np.where(is_part, parents, leaf_ids)
    part[rows] = np.where(is_part, leaf_ids, None)
    return sez_id, part


def status_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Return how many rows have each join status (every row has exactly one)."""
    counts = frame["join_status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUS_ORDER}
