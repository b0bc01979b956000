"""What a join needs to know about a polygon layer, built once per layer and cached.

Layers are recognised by a fingerprint of their geometry (a hash of the WKB), not by object
identity: ``load_regions()`` returns a fresh copy each call, and a dask job passes a copy to
every partition, yet they are the same polygons and share one entry. Four layers are kept
(the bundled regions and SEZs, and a couple of user layers), least recently used first out.

The cache is per thread. GEOS prepared geometries and STRtrees finish building lazily on
their first query and are not safe to share between threads (libgeos/geos#825): dask's
threaded scheduler crashed the process with heap corruption when its threads shared one index.
Each thread builds its own (cheap next to a large join) and then reuses it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

import geopandas as gpd
import numpy as np
import shapely

from kzgeo.crs import KZ_EQUAL_AREA, STORAGE_CRS
from kzgeo.datasets.prepared import prepared
from kzgeo.join.pieces import PolygonIndex
from kzgeo.join.snap import SnapTable

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy.typing as npt

T = TypeVar("T")

MAX_LAYERS = 4
# metres per degree, lower bounds over Kazakhstan's latitudes (40.5-55.5 N): a band of
# tolerance / 62 km degrees around the country contains every point within ``tolerance`` m
METRES_PER_DEGREE_MIN = 62_000.0
BAND_SIMPLIFY = 0.01
# vertices per boundary piece in the snapping tree (measured: 64 beats 16, 8 and 4 at 1e6)
PIECE_VERTICES = 64
# below this many vertices an index builds in milliseconds: not worth a file on disk
KEEP_MIN_VERTICES = 10_000


class LayerInfo:
    """Lazily built indexes of one polygon layer (in EPSG:4326).

    The costly ones (the cut-polygon index, the snapping band and boundary pieces: about a
    second for the bundled regions) are kept on disk between processes for layers of at
    least :data:`KEEP_MIN_VERTICES` vertices, named by ``key`` (the hash of the geometry) and
    kzgeo's code (:func:`kzgeo.datasets.prepared.prepared`).

    Parameters
    ----------
    geometries
        The layer's polygons in EPSG:4326, an object array (not shared with other threads:
        building the indexes prepares them).
    key
        The layer's :func:`fingerprint`; ``""`` (default) keeps nothing on disk.
    """

    def __init__(self, geometries: np.ndarray, key: str = "") -> None:
        """Keep the layer's geometry and its fingerprint."""
        self.geometries = geometries
        self.key = key
        vertices = int(shapely.get_num_coordinates(geometries).sum())
        self._keep = bool(key) and vertices >= KEEP_MIN_VERTICES
        self._bands: dict[float, PolygonIndex] = {}
        self._snaps: dict[float, SnapTable] = {}

    def _kept(self, what: str, build: Callable[[], T]) -> T:
        if not self._keep:
            return build()
        return prepared(
            f"join-{what}-{self.key[:16]}",
            build,
            inputs=(),
            extra=self.key,
            group=f"join-{what.partition('-')[0]}",  # the bands of every tolerance together
            keep=2 * MAX_LAYERS,
        )

    @cached_property
    def index(self) -> PolygonIndex:
        """The cut-polygon index for point-in-polygon.

        Returns
        -------
        PolygonIndex
            The polygons cut into grid pieces (:class:`kzgeo.join.pieces.PolygonIndex`).
        """
        return self._kept("index", lambda: PolygonIndex(self.geometries))

    @cached_property
    def projected(self) -> np.ndarray:
        """The polygons in :data:`kzgeo.crs.KZ_EQUAL_AREA`.

        Returns
        -------
        numpy.ndarray
            Object array of the projected polygons (metres), in layer order.
        """
        series = gpd.GeoSeries(self.geometries, crs=STORAGE_CRS).to_crs(KZ_EQUAL_AREA)
        return np.asarray(series.to_numpy(), dtype=object)

    @cached_property
    def area(self) -> npt.NDArray[np.float64]:
        """Equal-area area of each polygon (m²), for the overlap rule.

        Returns
        -------
        numpy.ndarray
            One float a polygon, in square metres, in layer order.
        """
        return np.asarray(shapely.area(self.projected), dtype=np.float64)

    @cached_property
    def boundary_tree(self) -> tuple[shapely.STRtree, np.ndarray]:
        """Projected boundaries cut into short pieces in an STRtree, with each piece's owner.

        Returns
        -------
        tuple of (shapely.STRtree, numpy.ndarray)
            The tree of boundary pieces of at most ``PIECE_VERTICES`` vertices (metres), and
            the position of the polygon each piece belongs to.
        """
        pieces, owners = self._kept("boundary", self._boundary_pieces)
        return shapely.STRtree(pieces), owners

    def _boundary_pieces(self) -> tuple[np.ndarray, np.ndarray]:
        pieces, owners = [], []
        for owner, polygon in enumerate(self.projected):
            for ring in shapely.get_parts(shapely.boundary(polygon)):
                coords = shapely.get_coordinates(ring)
                for start in range(0, len(coords) - 1, PIECE_VERTICES):
                    pieces.append(shapely.linestrings(coords[start : start + PIECE_VERTICES + 1]))
                    owners.append(owner)
        return np.asarray(pieces, dtype=object), np.asarray(owners, dtype=np.int64)

    @cached_property
    def outline(self) -> shapely.Geometry:
        """The union of the layer (a coverage's is cheap: its borders are shared exactly).

        Returns
        -------
        shapely.Geometry
            All polygons of the layer as one geometry, in EPSG:4326.
        """
        if bool(shapely.coverage_is_valid(self.geometries)):
            return shapely.coverage_union_all(self.geometries)
        return shapely.union_all(self.geometries)

    def band(self, tolerance_m: float) -> PolygonIndex | None:
        """Return an index of the area within ``tolerance_m`` of the layer (a cheap filter).

        Built in degrees with a margin that is never smaller than the tolerance over
        Kazakhstan; points outside it cannot be within the tolerance and skip the exact
        distance computation. None where a band makes no sense (tolerance 0).

        Parameters
        ----------
        tolerance_m
            The snap distance in metres.

        Returns
        -------
        PolygonIndex or None
            An index of one polygon, the layer's outline buffered by at least
            ``tolerance_m``; None when ``tolerance_m`` is 0 or less.
        """
        if tolerance_m <= 0:
            return None
        return self._for_tolerance(self._bands, "band", tolerance_m, self._band)

    def snap_table(self, tolerance_m: float) -> SnapTable:
        """Return the table of the boundary pieces each grid cell's points can snap to.

        Parameters
        ----------
        tolerance_m
            How far (metres, more than 0) a point may lie from a region and be snapped to it.

        Returns
        -------
        SnapTable
            See :class:`kzgeo.join.snap.SnapTable`; kept on disk like the other indexes.
        """
        return self._for_tolerance(
            self._snaps,
            "snap",
            tolerance_m,
            lambda t: SnapTable(self.projected, self.index.fine, t),
        )

    def _for_tolerance(
        self, store: dict[float, T], what: str, tolerance_m: float, build: Callable[[float], T]
    ) -> T:
        """One object per tolerance, in memory and (through :meth:`_kept`) on disk."""
        if tolerance_m not in store:
            store[tolerance_m] = self._kept(f"{what}-{tolerance_m:g}", lambda: build(tolerance_m))
        return store[tolerance_m]

    def _band(self, tolerance_m: float) -> PolygonIndex:
        degrees = tolerance_m / METRES_PER_DEGREE_MIN
        # the band is only a filter: a simplified outline (within BAND_SIMPLIFY degrees of
        # the true one) buffered by that much more still contains everything near it
        union = shapely.simplify(self.outline, BAND_SIMPLIFY)
        outline = shapely.buffer(union, degrees + BAND_SIMPLIFY, quad_segs=4)
        return PolygonIndex(np.array([outline], dtype=object))


_LOCAL = threading.local()


def _layers() -> OrderedDict[str, LayerInfo]:
    """Return the calling thread's layer cache."""
    layers: OrderedDict[str, LayerInfo] | None = getattr(_LOCAL, "layers", None)
    if layers is None:
        layers = _LOCAL.layers = OrderedDict()
    return layers


def clear() -> None:
    """Forget this thread's cached layers."""
    _layers().clear()


def fingerprint(geometries: np.ndarray) -> str:
    """Return a hash of the geometries' WKB.

    Parameters
    ----------
    geometries
        An object array of shapely geometries.

    Returns
    -------
    str
        32 hexadecimal digits (BLAKE2b, 16 bytes); equal geometries in the same order give
        the same hash.

    Examples
    --------
    >>> import numpy as np, shapely
    >>> a = np.array([shapely.box(0, 0, 1, 1)])
    >>> fingerprint(a) == fingerprint(a.copy()), len(fingerprint(a))
    (True, 32)
    """
    digest = hashlib.blake2b(digest_size=16)
    for wkb in shapely.to_wkb(geometries):
        digest.update(wkb)
    return digest.hexdigest()


def layer_info(layer: gpd.GeoDataFrame) -> LayerInfo:
    """Return the cached :class:`LayerInfo` of a polygon layer in EPSG:4326.

    Parameters
    ----------
    layer
        Polygons in EPSG:4326; a copy with the same geometry shares the entry.

    Returns
    -------
    LayerInfo
        The calling thread's entry for the layer, built on first use (at most
        ``MAX_LAYERS`` are kept, least recently used dropped first).
    """
    geometries = layer.geometry.to_numpy()
    key = fingerprint(geometries)
    layers = _layers()
    info = layers.get(key)
    if info is None:
        # a private copy: the caller's geometries may be in use by other threads, and
        # preparing them (below, in PolygonIndex) writes into them
        info = LayerInfo(shapely.from_wkb(shapely.to_wkb(geometries)), key)
        layers[key] = info
        while len(layers) > MAX_LAYERS:
            layers.popitem(last=False)
    else:
        layers.move_to_end(key)
    return info
