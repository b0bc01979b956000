"""Nearest region within the snap tolerance, for many points: a table per grid cell.

A point outside every region is snapped to the nearest one when it lies within the tolerance
(metres in :data:`kzgeo.crs.KZ_EQUAL_AREA`). Asking an STRtree of boundary pieces for every
such point costs more than the rest of the join. :class:`SnapTable` answers it from a grid (the
cells of the layer's fine point-in-polygon grid, :class:`kzgeo.join.pieces.FineGrid`, with a
margin of cells around it):

- a cell is **far** when every point of it is farther than the tolerance from every boundary
  segment: ``d(centre) - R > tolerance``, where ``d(centre)`` is the distance from the cell's
  projected centre to the nearest segment and ``R`` bounds the distance from that centre to
  any point of the projected cell (its corners, plus a margin for the curvature of its edges);
- for every other cell it keeps the few segments that can be the nearest one, or within the
  tolerance, for some point of the cell: those with ``d(centre, s) <= min(tolerance + R,
  d(centre) + 2 R)``. A segment left out is, for every point ``q`` of the cell, farther than
  both the tolerance and ``q``'s nearest segment, so it can neither snap ``q`` nor tie with it.
  The kept segments are stored as the boundary pieces (:data:`PIECE_VERTICES` vertices) that
  hold them. Points beyond the grid go to the STRtree of boundary pieces.

A point is then measured (``shapely.distance``) against its cell's pieces only, and the first
region in the layer's order wins a tie, as in the STRtree path of :mod:`kzgeo.join.assign`.
The table is built with numpy's copy of GEOS's point-to-segment arithmetic
(:func:`point_segment_distance`, equal to the last bit), in two steps (blocks of :data:`BLOCK`
by :data:`BLOCK` cells first, by the same rule), and kept in the prepared cache.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import shapely

from kzgeo.crs import to_equal_area

if TYPE_CHECKING:
    from kzgeo.join.pieces import FineGrid

BLOCK = 4  # cells per block side in the first step
# the projected edges of a cell of a few km bow out from the chords between its corners by
# well under a metre: R is widened by this much (and by a relative 1e-3) to cover that
EDGE_MARGIN_M = 1.0
# degrees of margin around the layer are tolerance / this many metres; a point beyond the
# margin is measured by the exact STRtree path, so this only decides speed, not answers
METRES_PER_DEGREE_GUESS = 62_000.0
PAIRS_PER_CHUNK = 2_000_000
# vertices per boundary piece measured at once by GEOS: a cell by a finely drawn coast keeps
# hundreds of tiny segments, which GEOS measures far faster in pieces than numpy one by one
PIECE_VERTICES = 16


def point_segment_distance(
    px: np.ndarray,
    py: np.ndarray,
    ax: np.ndarray,
    ay: np.ndarray,
    bx: np.ndarray,
    by: np.ndarray,
) -> np.ndarray:
    """Return the distance from each point to each segment, as GEOS computes it.

    The same operations in the same order as GEOS ``Distance::pointToSegment``, so the result
    equals ``shapely.distance(point, segment)`` to the last bit.

    Parameters
    ----------
    px, py
        Point coordinates.
    ax, ay, bx, by
        Segment ends, one segment a point (arrays of the same length).

    Returns
    -------
    numpy.ndarray
        One distance a pair.

    Examples
    --------
    >>> import numpy as np
    >>> d = point_segment_distance(*(np.array([v]) for v in (1.0, 1.0, 0.0, 0.0, 2.0, 0.0)))
    >>> float(d[0])
    1.0
    """
    dx = bx - ax
    dy = by - ay
    len2 = dx * dx + dy * dy
    with np.errstate(invalid="ignore", divide="ignore"):
        r = ((px - ax) * dx + (py - ay) * dy) / len2
        s = ((ay - py) * dx - (ax - px) * dy) / len2
    to_a = np.sqrt((px - ax) * (px - ax) + (py - ay) * (py - ay))
    to_b = np.sqrt((px - bx) * (px - bx) + (py - by) * (py - by))
    across = np.abs(s) * np.sqrt(len2)
    found: np.ndarray = np.where((len2 == 0) | (r <= 0), to_a, np.where(r >= 1, to_b, across))
    return found


def boundary_segments(
    projected: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return every ring segment of the polygons, its owner, and the pieces they make.

    Parameters
    ----------
    projected
        The polygons in metres.

    Returns
    -------
    tuple of numpy.ndarray
        A ``(k, 4)`` float array of segment ends ``(ax, ay, bx, by)``, the polygon position
        of each segment, the piece of each segment, and the pieces: linestrings of up to
        :data:`PIECE_VERTICES` vertices along each ring.
    """
    parts, part_of = shapely.get_parts(projected, return_index=True)
    rings, ring_of = shapely.get_rings(parts, return_index=True)
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    edge = np.flatnonzero(ring[1:] == ring[:-1])
    ends = np.column_stack([coords[edge], coords[edge + 1]])
    owners = part_of[ring_of[ring[edge]]].astype(np.int64)
    # the k-th segment of a ring goes to piece k // (PIECE_VERTICES - 1) of that ring
    ring_start = np.r_[0, np.flatnonzero(ring[edge][1:] != ring[edge][:-1]) + 1]
    rank = np.arange(len(edge)) - np.repeat(ring_start, np.diff(np.r_[ring_start, len(edge)]))
    new_piece = (rank % (PIECE_VERTICES - 1)) == 0
    piece_of = np.cumsum(new_piece) - 1
    starts = np.flatnonzero(new_piece)
    stops = np.r_[starts[1:], len(edge)]
    lines = [
        shapely.linestrings(np.vstack([ends[a:b, :2], ends[b - 1, 2:]]))
        for a, b in zip(starts, stops, strict=True)
    ]
    return ends, owners, piece_of, np.asarray(lines, dtype=object)


class SnapTable:
    """Per grid cell, the boundary segments a point of the cell can snap to.

    Parameters
    ----------
    projected
        The layer's polygons in :data:`kzgeo.crs.KZ_EQUAL_AREA`.
    fine
        The layer's fine point-in-polygon grid (lon/lat); cells entirely inside a polygon
        get no entry (their points are never snapped).
    tolerance
        The snap distance in metres (> 0).
    """

    def __init__(self, projected: np.ndarray, fine: FineGrid, tolerance: float) -> None:
        """Build the table."""
        self.tolerance = float(tolerance)
        self.cell = c = fine.cell
        self.margin = m = math.ceil(tolerance / (METRES_PER_DEGREE_GUESS * c)) + 2
        self.x0, self.y0 = fine.x0 - m * c, fine.y0 - m * c
        self.nx, self.ny = fine.nx + 2 * m, fine.ny + 2 * m
        self.segments, self.owners, self.piece_of, self.pieces = boundary_segments(projected)
        inside = np.zeros((self.ny, self.nx), dtype=bool)
        codes = np.asarray(fine.codes).reshape(fine.ny, fine.nx)
        inside[m : m + fine.ny, m : m + fine.nx] = codes >= 0
        self.row = np.full(self.nx * self.ny, -1, dtype=np.int32)
        self.starts = np.zeros(1, dtype=np.int64)
        self.ids = np.zeros(0, dtype=np.int32)
        self._n_nodes = 0
        self._sizes: list[np.ndarray] = []
        self._lists: list[np.ndarray] = []
        if not len(self.segments):
            return
        self.piece_owner = self.owners[np.flatnonzero(np.diff(np.r_[-1, self.piece_of]) > 0)]
        tree = shapely.STRtree(shapely.linestrings(self.segments.reshape(-1, 2, 2)))
        block_of, block_segments = self._blocks(tree, inside)
        self._cells(inside, block_of, block_segments)

    def __getstate__(self) -> dict[str, object]:
        """Pickle the pieces as one WKB array (one geometry at a time loads slowly)."""
        state = dict(self.__dict__)
        state["pieces"] = shapely.to_wkb(self.pieces)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        """Restore a pickled table (:mod:`kzgeo.datasets.prepared`)."""
        self.__dict__.update(state)
        self.pieces = shapely.from_wkb(self.pieces)

    def _project(self, ix: np.ndarray, iy: np.ndarray, size: float) -> tuple[np.ndarray, ...]:
        """Projected centres of ``size``-cell squares at cell ``(ix, iy)``, and their R."""
        c = self.cell
        lon = self.x0 + ix * c
        lat = self.y0 + iy * c
        half = size * c / 2
        corners_x = np.concatenate([lon, lon + 2 * half, lon, lon + 2 * half, lon + half])
        corners_y = np.concatenate([lat, lat, lat + 2 * half, lat + 2 * half, lat + half])
        px, py = to_equal_area().transform(corners_x, corners_y)
        px, py = px.reshape(5, -1), py.reshape(5, -1)
        cx, cy = px[4], py[4]
        radius = np.max(np.hypot(px[:4] - cx, py[:4] - cy), axis=0)
        return cx, cy, radius * (1 + 1e-3) + EDGE_MARGIN_M

    def _blocks(
        self, tree: shapely.STRtree, inside: np.ndarray
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Blocks with a cell that may be within the tolerance, and their candidate segments."""
        bnx, bny = -(-self.nx // BLOCK), -(-self.ny // BLOCK)
        padded = np.ones((bny * BLOCK, bnx * BLOCK), dtype=bool)
        padded[: self.ny, : self.nx] = inside
        open_block = ~padded.reshape(bny, BLOCK, bnx, BLOCK).all(axis=(1, 3)).ravel()
        blocks = np.flatnonzero(open_block)
        cx, cy, radius = self._project((blocks % bnx) * BLOCK, (blocks // bnx) * BLOCK, BLOCK)
        found, nearest = tree.query_nearest(
            shapely.points(cx, cy), return_distance=True, all_matches=False
        )
        nearest = nearest[np.argsort(found[0], kind="stable")]
        near = nearest - radius <= self.tolerance
        # a cell's centre and radius lie within its block's up to the projection's
        # non-linearity over a block (far below 1 %): the slack covers it
        slack = 0.01 * radius + EDGE_MARGIN_M
        threshold = (np.minimum(self.tolerance + radius, nearest + 2 * radius) + slack)[near]
        centres = shapely.points(cx[near], cy[near])
        hit_block, hit_segment = tree.query(centres, predicate="dwithin", distance=threshold)
        order = np.argsort(hit_block, kind="stable")
        hit_block, hit_segment = hit_block[order], hit_segment[order]
        block_of = np.full(bnx * bny, -1, dtype=np.int64)
        block_of[blocks[near]] = np.arange(int(near.sum()))
        cut = np.searchsorted(hit_block, np.arange(1, int(near.sum())))
        return block_of, np.split(hit_segment, cut)

    def _cells(self, inside: np.ndarray, block_of: np.ndarray, segs: list[np.ndarray]) -> None:
        """Give every cell of a near block that may be within the tolerance its node."""
        bnx = -(-self.nx // BLOCK)
        iy, ix = np.nonzero(~inside)
        block = block_of[(iy // BLOCK) * bnx + ix // BLOCK]
        keep = block >= 0
        iy, ix, block = iy[keep], ix[keep], block[keep]
        order = np.argsort(block, kind="stable")
        iy, ix, block = iy[order], ix[order], block[order]
        lengths = np.array([len(s) for s in segs], dtype=np.int64)
        counts = lengths[block]
        total = np.cumsum(counts)
        start = 0
        while start < len(block):
            done = total[start - 1] if start else 0
            reach = int(np.searchsorted(total, done + PAIRS_PER_CHUNK))
            stop = min(max(start + 1, reach), len(block))
            part = slice(start, stop)
            ids = np.concatenate([segs[b] for b in block[part]])
            nodes = self._squares(ix[part], iy[part], counts[part], ids)
            self.row[(iy[part] * self.nx + ix[part])[nodes >= 0]] = nodes[nodes >= 0]
            start = stop
        sizes = np.concatenate(self._sizes) if self._sizes else np.zeros(0, dtype=np.int64)
        self.starts = np.r_[0, np.cumsum(sizes)].astype(np.int64)
        self.ids = np.concatenate(self._lists).astype(np.int32) if self._lists else self.ids
        del self._sizes, self._lists

    def _squares(
        self, ix: np.ndarray, iy: np.ndarray, counts: np.ndarray, ids: np.ndarray
    ) -> np.ndarray:
        """Make the nodes of cells ``(ix, iy)`` from their candidate segments.

        ``counts``/``ids`` hold each cell's candidates in order. Returns each cell's node, -1
        for a far cell; a node lists the boundary pieces holding the segments it keeps.
        """
        cx, cy, radius = self._project(ix, iy, 1.0)
        which = np.repeat(np.arange(len(ix)), counts)
        d = point_segment_distance(cx[which], cy[which], *self.segments[ids].T)
        first = np.cumsum(counts) - counts
        has = counts > 0
        nearest = np.full(len(ix), np.inf)
        if has.any():
            nearest[has] = np.minimum.reduceat(d, first[has])
        near = nearest - radius <= self.tolerance
        threshold = np.minimum(self.tolerance + radius, nearest + 2 * radius)
        keep = near[which] & (d <= threshold[which])
        # one entry per (cell, piece): a piece's other segments are real boundary too, so
        # measuring them as well cannot change the nearest
        key = np.unique(which[keep] * (len(self.pieces) + 1) + self.piece_of[ids[keep]])
        cell_of, piece = key // (len(self.pieces) + 1), key % (len(self.pieces) + 1)
        nodes = np.full(len(ix), -1, dtype=np.int64)
        nodes[near] = self._n_nodes + np.arange(int(near.sum()))
        self._n_nodes += int(near.sum())
        self._sizes.append(np.bincount(cell_of, minlength=len(ix))[near])
        self._lists.append(piece)
        return nodes

    def nearest(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the nearest polygon within the tolerance of each point, and the distance.

        Parameters
        ----------
        x, y
            Points in lon/lat degrees, each outside every polygon of the layer.

        Returns
        -------
        tuple of numpy.ndarray
            The polygon position (-1 when none is within the tolerance), the distance in
            metres (NaN when none), and a mask of the points beyond the table's grid, which
            the caller measures another way.
        """
        n = len(x)
        near = np.full(n, -1, dtype=np.int64)
        dist = np.full(n, np.nan)
        fx = (x - self.x0) / self.cell
        fy = (y - self.y0) / self.cell
        with np.errstate(invalid="ignore"):
            beyond = ~((fx >= 0) & (fx < self.nx) & (fy >= 0) & (fy < self.ny))
        np.copyto(fx, 0.0, where=beyond)
        np.copyto(fy, 0.0, where=beyond)
        cell = fy.astype(np.int32) * np.int32(self.nx) + fx.astype(np.int32)
        node = np.where(beyond, -1, self.row[cell])
        todo = np.flatnonzero(node >= 0)
        if not len(todo):
            return near, dist, beyond
        node = node[todo]
        lo, hi = self.starts[node], self.starts[node + 1]
        counts = hi - lo
        which = np.repeat(np.arange(len(todo)), counts)
        first = np.cumsum(counts) - counts
        piece = self.ids[lo[which] + (np.arange(len(which)) - first[which])]
        px, py = to_equal_area().transform(x[todo], y[todo])
        d = shapely.distance(shapely.points(px, py)[which], self.pieces[piece])
        best = np.minimum.reduceat(d, first)
        # equally near pieces of two regions: the first region in the layer's order wins
        owner = np.where(d == best[which], self.piece_owner[piece], np.iinfo(np.int64).max)
        winner = np.minimum.reduceat(owner, first)
        hit = best <= self.tolerance
        near[todo[hit]] = winner[hit]
        dist[todo[hit]] = best[hit]
        return near, dist, beyond
