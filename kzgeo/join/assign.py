"""``assign_regions``: each point gets its region, its SEZ and a join status.

Rules, in order (each is one line of the ``join_status`` vocabulary):

- ``no-point``: the row has no geometry (e.g. a country-level or unmatched site).
- ``inside``: the point lies inside exactly one region.
- ``overlap``: the point lies inside two or more regions (possible with user boundary files;
  the bundled coverage has no overlaps). One rule resolves it: the **smallest** polygon wins (a
  city of republican significance inside the region around it), ties by ISO code; the other
  candidates are named in ``join_note``. The point is counted once.
- ``snapped``: the point is outside every polygon but within ``kzgeo.options.snap_tolerance_m``
  metres of one (generalised borders, the Caspian shore, the border with Uzbekistan; set it for
  one call with ``kzgeo.options.context(snap_tolerance_m=...)``); it takes the nearest region
  and ``join_distance_m`` says how far it was.
- ``swapped-latlon``: outside every polygon and farther than the tolerance from all of them,
  but with latitude and longitude swapped it would fall inside Kazakhstan. It is reported, not
  fixed: ``region_iso`` stays empty.
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
site known only as "in TURAN" is not in any particular sub-zone, and ``sez_id`` is left empty
for such points unless the row names that zone: a district seat that happens to fall in a zone
says nothing about the site (``join_note`` names the zone).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from kzgeo.crs import STORAGE_CRS, is_storage_crs, to_equal_area
from kzgeo.datasets import load_regions, load_sez
from kzgeo.datasets.user import validate_boundaries
from kzgeo.errors import BoundaryError, input_error
from kzgeo.join.cache import LayerInfo, layer_info
from kzgeo.join.columns import POOL, Notes, categorical_from_codes, str_from_codes
from kzgeo.settings import options
from kzgeo.vocabularies import (
    JOIN_METHODS,
    JOIN_PLACED,
    JOIN_STATUSES,
    JoinMethod,
    check_choice,
)

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
STATUS_ORDER = JOIN_STATUSES  # the join's rules in order; a status's code is its place
_CODE = {status: np.int8(code) for code, status in enumerate(STATUS_ORDER)}


def locate(
    x: np.ndarray,
    y: np.ndarray,
    polygons: gpd.GeoDataFrame,
    *,
    method: JoinMethod = "auto",
) -> tuple[np.ndarray, np.ndarray]:
    """Return every ``(point, polygon)`` pair where the polygon contains the point.

    The same pairs as ``geopandas.sjoin(points, polygons, predicate="within")``; ``method`` is
    ``"sjoin"``, ``"pieces"`` (vectorised, see :mod:`kzgeo.join.pieces`) or ``"auto"`` (pieces
    from ``kzgeo.options.fast_join_min_points`` points on).

    Parameters
    ----------
    x, y
        Point coordinates in the CRS of ``polygons`` (NaN for a missing point: it matches
        nothing).
    polygons
        The polygons, e.g. kzgeo's regions.
    method
        ``"sjoin"``, ``"pieces"`` or ``"auto"`` (default).

    Returns
    -------
    tuple of numpy.ndarray
        ``(point_index, polygon_index)``: positions into ``x`` and into ``polygons``, one
        pair per containment, sorted by point then polygon; a point in two overlapping
        polygons has two pairs, a point in none has none.
    """
    check_choice(method, JOIN_METHODS, "method")
    if _resolved(method, len(x)) == "pieces":
        return layer_info(polygons).index.pairs(x, y)
    valid = ~(np.isnan(x) | np.isnan(y))
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x[valid], y[valid]), crs=STORAGE_CRS)
    points.index = np.flatnonzero(valid)
    joined = gpd.sjoin(points, polygons[["geometry"]].reset_index(drop=True), predicate="within")
    p = joined.index.to_numpy(dtype=np.int64)
    o = joined["index_right"].to_numpy(dtype=np.int64)
    order = np.lexsort((o, p))
    return p[order], o[order]


def _resolved(method: JoinMethod, n: int) -> JoinMethod:
    """Return the engine ``method`` names for ``n`` points (auto: pieces from the option's)."""
    if method == "auto":
        return "pieces" if n >= options.fast_join_min_points else "sjoin"
    return method


def _resolve(
    n: int, p: np.ndarray, o: np.ndarray, info: LayerInfo, names: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """One polygon per point: the smallest, ties by position.

    Returns the owner per point and, for the points inside several polygons, their rows and
    notes naming the others.
    """
    # int32: at 1e7 points every int64 column is 80 MB of fresh pages
    owner = np.full(n, -1, dtype=np.int32)
    if not len(p):
        return owner, np.array([], dtype=np.int64), []
    if np.all(p[1:] > p[:-1]):  # one polygon per point (a coverage): nothing to choose
        owner[p] = o
        return owner, np.array([], dtype=np.int64), []
    # sort by point, then area, then polygon index: the first of each point wins
    order = np.lexsort((o, info.area[o], p))  # the areas (a projection) only when needed
    p, o = p[order], o[order]
    first = np.r_[True, p[1:] != p[:-1]]
    owner[p[first]] = o[first]
    rows = np.unique(p[~first])
    notes = []
    for point in rows:
        cands = o[p == point]
        notes.append(
            f"inside {len(cands)} polygons ({', '.join(names[cands])}); the smallest "
            f"({names[cands[0]]}) is used"
        )
    return owner, rows, notes


def assign_regions(
    points: gpd.GeoDataFrame,
    *,
    regions: gpd.GeoDataFrame | None = None,
    sez: gpd.GeoDataFrame | None = None,
    region_id: str = "iso_3166_2",
    hint_column: str | None = "region_hint_iso",
    method: JoinMethod = "auto",
    categorical: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> gpd.GeoDataFrame:
    """Join points to regions and SEZs, with a status for every row.

    Points outside every region but within ``kzgeo.options.snap_tolerance_m`` metres of one
    (measured in :data:`kzgeo.crs.KZ_EQUAL_AREA`) are snapped to it; set another distance for
    one call with ``with kzgeo.options.context(snap_tolerance_m=5000): ...``.

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
    hint_column
        Column holding the region each row names itself (``region_hint_iso`` from
        :func:`kzgeo.geocode`), compared with the join; ``None`` to skip.
    method
        Engine for point in polygon and snapping: ``"sjoin"`` (geopandas, and an STRtree of
        boundary pieces), ``"pieces"`` (kzgeo's grids, see :mod:`kzgeo.join.pieces` and
        :mod:`kzgeo.join.snap`: built once per layer, kept in the prepared cache) or
        ``"auto"`` (pieces from ``kzgeo.options.fast_join_min_points`` points on); the same
        results.
    categorical
        ``False`` (default): ``region_iso``, ``sez_id``, ``sez_part_id`` and ``join_status``
        are ``str`` columns. ``True``: the same values as pandas categoricals (every region
        id, zone id and status a category, in layer order), built from integer codes with
        no per-row string: faster for millions of points and a fraction of the memory.
        ``join_note`` stays ``str``. Convert with ``.astype(str)`` for a writer that does
        not take categoricals.
    progress
        Called as ``progress(done, total)`` with rows joined so far, like
        :func:`kzgeo.geocode`'s (for progress bars).

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
    request = JoinRequest(regions, sez, region_id, hint_column, method, categorical, progress)
    return assign_with(points, request, options.snap_tolerance_m)


@dataclass(frozen=True)
class JoinRequest:
    """The arguments of :func:`assign_regions` but the points, passed on as one object.

    Attributes
    ----------
    regions, sez, region_id, hint_column, method, categorical, progress
        As in :func:`assign_regions`.
    """

    regions: gpd.GeoDataFrame | None = None
    sez: gpd.GeoDataFrame | None = None
    region_id: str = "iso_3166_2"
    hint_column: str | None = "region_hint_iso"
    method: JoinMethod = "auto"
    categorical: bool = False
    progress: Callable[[int, int], None] | None = None


def assign_with(
    points: gpd.GeoDataFrame, request: JoinRequest, tolerance: float
) -> gpd.GeoDataFrame:
    """Run :func:`assign_regions` with an explicit snap tolerance instead of the option's.

    For callers whose ``kzgeo.options`` are not the user's (dask workers in other threads or
    processes): setting the option around the call would race between threads.

    Parameters
    ----------
    points
        As in :func:`assign_regions`.
    request
        The other arguments of :func:`assign_regions`.
    tolerance
        Snap distance in metres, in :data:`kzgeo.crs.KZ_EQUAL_AREA`; 0 snaps nothing.

    Returns
    -------
    geopandas.GeoDataFrame
        What :func:`assign_regions` returns.
    """
    regions = (
        load_regions("full")
        if request.regions is None
        else validate_boundaries(request.regions, region_id=request.region_id)
    )
    method, progress = request.method, request.progress
    state = _State.from_points(points)
    state.locate_regions(regions, request.region_id, method)
    if progress:
        progress(state.n // 2, state.n)
    state.outside(regions, tolerance, method)
    hint_column = request.hint_column
    if hint_column and hint_column in points.columns:
        state.mismatch(points[hint_column].to_numpy(dtype=object))
    if "region_reform" in points.columns:
        state.reformed(points["region_reform"].to_numpy(dtype=object))
    sez_layer = load_sez(leaves=True) if request.sez is None else request.sez
    coarse = np.full(state.n, fill_value=False)
    if "precision" in points.columns:
        # a point placed at a zone's representative point says nothing about its sub-zone
        coarse = pd.to_numeric(points["precision"], errors="coerce").to_numpy() > 2
    zone_code, part_code, zones, leaves = _sez(
        state.x, state.y, sez_layer, state.owner >= 0, coarse, method
    )
    named = (
        points["sez_hint_id"].to_numpy(dtype=object)
        if "sez_hint_id" in points.columns
        else np.full(state.n, None, dtype=object)
    )
    _drop_guessed_zones(named, zone_code, zones, coarse, state.notes)
    column = categorical_from_codes if request.categorical else str_from_codes
    # a shallow copy: pandas copies on write, so the caller's frame is never changed
    out = points.copy(deep=False)
    out["region_iso"] = column(state.owner, state.ids)
    out["sez_id"] = column(zone_code, zones)
    out["sez_part_id"] = column(part_code, leaves)
    out["join_status"] = column(state.status, STATUS_ORDER)
    out["join_distance_m"] = state.distance
    out["join_note"] = state.notes.column()
    if progress:
        progress(state.n, state.n)
    return out


@dataclass
class _State:
    """Per-point arrays while a join runs.

    Attributes
    ----------
    x, y
        Point coordinates in lon/lat degrees; NaN for a missing point.
    missing
        True for a row without a point.
    owner
        Position of the region each point is assigned to, -1 for none.
    status
        Join status of each point, as its position in ``STATUS_ORDER``.
    distance
        Snap distance in metres of a snapped point, NaN otherwise.
    notes
        The notes of each row.
    ids
        The region ids, by position (``owner`` indexes them).
    """

    x: np.ndarray
    y: np.ndarray
    missing: np.ndarray
    owner: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))
    status: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int8))
    distance: np.ndarray = field(default_factory=lambda: np.array([]))
    notes: Notes = field(default_factory=lambda: Notes(0))
    ids: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))

    @property
    def n(self) -> int:
        return len(self.x)

    @classmethod
    def from_points(cls, points: gpd.GeoDataFrame) -> _State:
        if not isinstance(points, gpd.GeoDataFrame):
            raise TypeError("assign_regions() takes a GeoDataFrame of points")
        if points.crs is None:
            raise input_error(
                "points have no CRS",
                field="geometry",
                hint="set one, e.g. gdf.set_crs(4326) for degrees",
                cls=BoundaryError,
            )
        pts = points if is_storage_crs(points.crs) else points.to_crs(STORAGE_CRS)
        geoms = pts.geometry.to_numpy()
        x, y = _coordinates(geoms)
        # get_x is NaN for a missing or empty geometry and for anything but a point: only
        # those rows need a closer look
        missing = np.isnan(x) | np.isnan(y)
        odd = np.flatnonzero(missing)
        kinds = shapely.get_type_id(geoms[odd])
        bad = odd[(kinds != 0) & (kinds != -1) & ~shapely.is_empty(geoms[odd])]
        if len(bad):
            raise input_error(
                f"{len(bad)} geometries are not points",
                row=int(bad[0]),
                field="geometry",
                hint="pass points (e.g. gdf.representative_point())",
                cls=BoundaryError,
            )
        x[missing] = np.nan
        y[missing] = np.nan
        return cls(x, y, missing)

    def locate_regions(self, regions: gpd.GeoDataFrame, region_id: str, method: JoinMethod) -> None:
        self.ids = regions[region_id].astype(str).to_numpy()
        p, o = locate(self.x, self.y, regions, method=method)
        self.owner, rows, notes = _resolve(self.n, p, o, layer_info(regions), self.ids)
        self.notes = Notes(self.n)
        self.notes.add(rows, notes)
        self.status = np.where(self.owner >= 0, _CODE["inside"], _CODE["outside-kazakhstan"])
        self.status = self.status.astype(np.int8)
        self.status[self.missing] = _CODE["no-point"]
        self.status[rows] = _CODE["overlap"]
        self.distance = np.full(self.n, np.nan)

    def outside(self, regions: gpd.GeoDataFrame, tolerance: float, method: JoinMethod) -> None:
        """Snap what is near, then report swapped coordinates, for points in no polygon.

        Snapping comes first: a point on or just outside the border (the Caspian shore, the
        Atyrau/West Kazakhstan edge) is a point in Kazakhstan as given, even when its swapped
        reading would also land in the country. Swapped coordinates are suspected only for
        points that are not within the tolerance as given.

        Parameters
        ----------
        regions
            The region polygons the points were located in.
        tolerance
            Snap distance in metres, in :data:`kzgeo.crs.KZ_EQUAL_AREA`; 0 or less snaps
            nothing.
        method
            How points are snapped and swapped points located: ``"sjoin"``, ``"pieces"`` or
            ``"auto"``.
        """
        rest = np.flatnonzero((self.owner < 0) & ~self.missing)
        x, y = self.x, self.y
        if len(rest) and tolerance > 0:
            table = _resolved(method, self.n) == "pieces"
            near, dist = _nearest(x[rest], y[rest], regions, tolerance, table=table)
            snapped = near >= 0
            at = rest[snapped]
            self.owner[at] = near[snapped]
            self.status[at] = _CODE["snapped"]
            self.distance[at] = dist[snapped]
            self.notes.add(at, _snap_notes(dist[snapped], self.ids[near[snapped]]))
            rest = rest[~snapped]
        if not len(rest):
            return
        sp, so = locate(y[rest], x[rest], regions, method=method)
        # pairs come sorted by point: the first pair of each point names its region
        first_pair = np.unique(sp, return_index=True)[1]
        swapped_at = rest[sp[first_pair]]
        self.status[swapped_at] = _CODE["swapped-latlon"]
        self.notes.add(
            swapped_at, _swap_notes(x[swapped_at], y[swapped_at], self.ids[so[first_pair]])
        )

    def mismatch(self, hint: np.ndarray) -> None:
        """Flag points whose row names another region than the one they fall in.

        Parameters
        ----------
        hint
            The region id each row names itself (object array, one a row); an empty or
            non-string value checks nothing.
        """
        located = np.flatnonzero(self.owner >= 0)
        found = self.ids[self.owner[located]]
        named = hint[located]
        clash = np.array(
            [isinstance(h, str) and bool(h) and h != r for h, r in zip(named, found, strict=True)],
            dtype=bool,
        )
        rows = located[clash]
        self.notes.add(
            rows,
            [
                f"the row names {h}, the point falls in {r}; both are kept"
                for h, r in zip(named[clash], found[clash], strict=True)
            ],
        )
        self.status[rows] = _CODE["region-mismatch"]

    def reformed(self, reform: np.ndarray) -> None:
        """Mark rows whose old region name resolved to the unit the point is in as reformed.

        Such a row is not a mismatch: the name was right when written.

        Parameters
        ----------
        reform
            The geocoder's ``region_reform`` note of each row (object array); rows with a
            note that lie inside, snapped or in an overlap become ``region-reformed``.
        """
        named = np.array([isinstance(r, str) and bool(r) for r in reform], dtype=bool)
        placed = np.isin(self.status, [_CODE[s] for s in JOIN_PLACED])
        rows = np.flatnonzero(named & placed)
        self.notes.add(rows, [str(reform[i]) for i in rows])
        self.status[rows] = _CODE["region-reformed"]


# notes are built with Arrow string kernels: a join can snap or flag a million points
def _snap_notes(dist: np.ndarray, regions: np.ndarray) -> pa.Array:
    """Return "outside every region by N m; snapped to R" for each snapped point."""
    metres = pc.cast(pa.array(np.round(dist).astype(np.int64)), pa.string(), memory_pool=POOL)
    return pc.binary_join_element_wise(
        "outside every region by ",
        metres,
        " m; snapped to ",
        pa.array(regions.astype(str)),
        "",
        memory_pool=POOL,
    )


def _swap_notes(x: np.ndarray, y: np.ndarray, regions: np.ndarray) -> pa.Array:
    """Return the note of each point whose swapped reading falls in a region."""
    lon, lat = (pc.cast(pa.array(np.round(v, 5)), pa.string(), memory_pool=POOL) for v in (x, y))
    return pc.binary_join_element_wise(
        "(",
        lat,
        ", ",
        lon,
        ") is outside Kazakhstan, but read as lat=",
        lon,
        ", lon=",
        lat,
        " it is in ",
        pa.array(regions.astype(str)),
        ": check the lat/lon order",
        "",
        memory_pool=POOL,
    )


def _nearest(
    x: np.ndarray, y: np.ndarray, regions: gpd.GeoDataFrame, tolerance: float, *, table: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Nearest region within ``tolerance`` metres (-1 when none), and the distance.

    With ``table`` the per-cell segment table answers (:mod:`kzgeo.join.snap`, built once per
    layer and tolerance), and the STRtree of boundary pieces only the points it leaves (beyond
    its grid, or by a finely drawn coast); without it the STRtree answers every point. Both
    give the same regions and distances.
    """
    if not table:
        return _nearest_tree(x, y, regions, tolerance)
    near, dist, other = layer_info(regions).snap_table(tolerance).nearest(x, y)
    if other.any():
        near[other], dist[other] = _nearest_tree(x[other], y[other], regions, tolerance)
    return near, dist


def _nearest_tree(
    x: np.ndarray, y: np.ndarray, regions: gpd.GeoDataFrame, tolerance: float
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_nearest` with the STRtree of projected boundary pieces."""
    info = layer_info(regions)
    near = np.full(len(x), -1, dtype=np.int64)
    dist = np.full(len(x), np.nan)
    band = info.band(tolerance)
    candidates = np.arange(len(x)) if band is None else np.unique(band.pairs(x, y)[0])
    if not len(candidates):
        return near, dist
    px, py = to_equal_area().transform(x[candidates], y[candidates])
    pts = shapely.points(px, py)
    tree, owners = info.boundary_tree
    hit_p, hit_t = tree.query(pts, predicate="dwithin", distance=tolerance)
    if len(hit_p):
        d = shapely.distance(pts[hit_p], tree.geometries[hit_t])
        # equally near pieces of two regions: the first region in the layer's order wins
        order = np.lexsort((owners[hit_t], d, hit_p))
        hit_p, hit_t, d = hit_p[order], hit_t[order], d[order]
        first = np.r_[True, hit_p[1:] != hit_p[:-1]]
        near[candidates[hit_p[first]]] = owners[hit_t[first]]
        dist[candidates[hit_p[first]]] = d[first]
    return near, dist


def _coordinates(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return x and y, NaN for missing geometry and anything but a non-empty point."""
    try:
        return shapely.get_x(geoms), shapely.get_y(geoms)
    except shapely.errors.GEOSException:  # GEOS refuses get_x of an empty point
        x = np.full(len(geoms), np.nan)
        y = np.full(len(geoms), np.nan)
        ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        x[ok], y[ok] = shapely.get_x(geoms[ok]), shapely.get_y(geoms[ok])
        return x, y


def _drop_guessed_zones(
    named: np.ndarray, zone_code: np.ndarray, zones: np.ndarray, coarse: np.ndarray, notes: Notes
) -> None:
    """Leave the zone empty where a coarse stand-in point merely falls in it.

    A district seat or region point coarser than 25 km says nothing about whether the site is
    in a zone near it; only a zone the row itself names (``sez_hint_id``) is kept. The note
    names the zone the point fell in.
    """
    rows = np.flatnonzero(coarse & (zone_code >= 0))
    found = zones[zone_code[rows]]
    drop = named[rows] != found
    notes.add(
        rows[drop],
        [
            f"the point (a stand-in coarser than 25 km) falls in SEZ {zone}; not assigned to it"
            for zone in found[drop]
        ],
    )
    zone_code[rows[drop]] = -1


def _sez(
    x: np.ndarray,
    y: np.ndarray,
    sez: gpd.GeoDataFrame,
    located: np.ndarray,
    coarse: np.ndarray,
    method: JoinMethod,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return zone and sub-zone codes per point, with the labels they index.

    Sub-zones name their zone in the zone column. Only located points inside some zone's
    bounding box are tested: the zones cover a tiny part of the country.
    """
    n = len(x)
    zone_code = np.full(n, -1, dtype=np.int32)
    part_code = np.full(n, -1, dtype=np.int32)
    if sez is None or len(sez) == 0:
        empty = np.array([], dtype=str)
        return zone_code, part_code, empty, empty
    leaf = sez["sez_id"].to_numpy(dtype=object)
    parent = sez["parent_id"].to_numpy(dtype=object) if "parent_id" in sez else leaf
    is_part = np.array([isinstance(v, str) and bool(v) for v in parent], dtype=bool)
    boxes = shapely.bounds(sez.geometry.to_numpy())
    candidates = np.flatnonzero(located & _in_any_box(x, y, boxes))
    p, o = locate(x[candidates], y[candidates], sez, method=method)
    owner, _, _ = _resolve(len(candidates), p, o, layer_info(sez), leaf)
    hit = owner >= 0
    rows, polygon = candidates[hit], owner[hit]
    zone_code[rows] = polygon
    # a point placed at a zone's representative point says nothing about its sub-zone
    part_code[rows] = np.where(is_part[polygon] & ~coarse[rows], polygon, -1)
    zones = np.where(is_part, parent, leaf).astype(str)
    return zone_code, part_code, zones, leaf.astype(str)


def _in_any_box(x: np.ndarray, y: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Return which points lie in at least one of the boxes (edges included).

    A raster of the boxes (at most 512 by 512 cells over their extent, a cell marked when a box
    touches it) rules out most points with one lookup; only the points of marked cells are
    compared with the boxes.
    """
    inside = np.full(len(x), fill_value=False)
    x0, y0 = boxes[:, :2].min(axis=0)
    x1, y1 = boxes[:, 2:].max(axis=0)
    size = max(x1 - x0, y1 - y0, 1e-9) / 512
    nx, ny = int((x1 - x0) / size) + 1, int((y1 - y0) / size) + 1
    marked = np.zeros((ny, nx), dtype=bool)
    for bx0, by0, bx1, by1 in boxes:
        i0, i1 = int((bx0 - x0) / size), int((bx1 - x0) / size)
        j0, j1 = int((by0 - y0) / size), int((by1 - y0) / size)
        # one cell of margin: a point's computed cell may be off by one at a cell line
        marked[max(j0 - 1, 0) : j1 + 2, max(i0 - 1, 0) : i1 + 2] = True
    with np.errstate(invalid="ignore"):
        near = np.flatnonzero((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
    ix = np.minimum(((x[near] - x0) / size).astype(np.int64), nx - 1)
    iy = np.minimum(((y[near] - y0) / size).astype(np.int64), ny - 1)
    near = near[marked[iy, ix]]
    px, py = x[near], y[near]
    for bx0, by0, bx1, by1 in boxes:
        inside[near[(px >= bx0) & (px <= bx1) & (py >= by0) & (py <= by1)]] = True
    return inside


def status_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Return how many rows have each join status (every row has exactly one).

    Parameters
    ----------
    frame
        A frame with a ``join_status`` column, as :func:`kzgeo.assign_regions` returns.

    Returns
    -------
    dict of str to int
        The count of every status of ``STATUS_ORDER``, in that order, 0 for a status no
        row has; statuses outside it are not counted.
    """
    counts = frame["join_status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUS_ORDER}


def hint_column_for(region_id: str, *, own_boundaries: bool) -> str | None:
    """Return the column of geocoder region hints to check a join against, or None.

    The geocoder's hints are ISO 3166-2 codes: they can be compared with kzgeo's regions and
    with a user's layer only when its ids are ISO codes too.

    Parameters
    ----------
    region_id
        The id column of the boundaries the points are joined to.
    own_boundaries
        True when the user gave the boundaries.

    Returns
    -------
    str or None
        ``"region_hint_iso"``, or None when hints cannot be compared.

    Examples
    --------
    >>> hint_column_for("code", own_boundaries=True) is None
    True
    """
    return "region_hint_iso" if not own_boundaries or region_id == "iso_3166_2" else None
