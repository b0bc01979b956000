"""Vectorised point-in-polygon for many points: polygons cut into grid cells.

``geopandas.sjoin(predicate="within")`` tests every candidate point against a whole region of
thousands of vertices. Here each polygon is cut into the cells of a regular grid (0.5° by
default, with ``shapely.clip_by_rect``). Two dense arrays over the grid then answer most points
with one array lookup: a point in a cell covered entirely by one polygon belongs to it, a point
in a cell no polygon touches belongs to none. Only the points of partly covered cells are grouped
by cell (a 16-bit radix sort) and tested with ``shapely.contains_xy`` against that cell's small
prepared pieces. Points that lie on (or within 1e-9° of) a grid line are tested against the whole
polygons, so the answer is the same as ``sjoin(points, polygons, predicate="within")``: every
(point, polygon) pair where the polygon contains the point in its interior.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

NEAR_LINE = 1e-9


@dataclass
class _Cell:
    """The polygon pieces in one grid cell.

    Attributes
    ----------
    full_owner
        Index of a polygon covering the whole cell, or -1 when none does.
    pieces
        ``(polygon index, piece)`` for every polygon that overlaps the cell.
    """

    full_owner: int  # polygon covering the whole cell, or -1
    pieces: list[tuple[int, shapely.Geometry]]


class PolygonIndex:
    """Polygons cut into grid pieces, ready for :meth:`pairs`.

    Parameters
    ----------
    polygons
        Polygon or MultiPolygon geometries in lon/lat degrees.
    cell
        Grid cell size in degrees (a power of two keeps cell arithmetic exact).

    Examples
    --------
    >>> from shapely import box
    >>> import numpy as np
    >>> index = PolygonIndex(np.array([box(70, 45, 71.2, 46), box(71.2, 45, 72, 46)]))
    >>> index.pairs(np.array([70.5, 71.5, 80.0]), np.array([45.5, 45.5, 45.5]))
    (array([0, 1]), array([0, 1]))
    """

    def __init__(self, polygons: np.ndarray, *, cell: float = 0.5) -> None:
        """Cut and prepare the polygons."""
        self.polygons = np.asarray(polygons, dtype=object)
        shapely.prepare(self.polygons)
        self.cell = float(cell)
        bounds = shapely.total_bounds(self.polygons)
        self.x0 = math.floor(bounds[0] / cell) * cell
        self.y0 = math.floor(bounds[1] / cell) * cell
        self.nx = max(1, math.ceil((bounds[2] - self.x0) / cell))
        self.ny = max(1, math.ceil((bounds[3] - self.y0) / cell))
        self.cells: dict[int, _Cell] = {}
        for owner, polygon in enumerate(self.polygons):
            self._cut(owner, polygon)
        n_cells = self.nx * self.ny
        self.full_owner = np.full(n_cells, -1, dtype=np.int32)
        self.partial = np.zeros(n_cells, dtype=bool)
        for cell_id, entry in self.cells.items():
            shapely.prepare([p for _, p in entry.pieces])
            if entry.full_owner >= 0 and all(o == entry.full_owner for o, _ in entry.pieces):
                self.full_owner[cell_id] = entry.full_owner
            else:
                self.partial[cell_id] = True

    def __setstate__(self, state: dict[str, object]) -> None:
        """Restore a pickled index (:mod:`kzgeo.datasets.prepared`): prepare it again."""
        self.__dict__.update(state)
        shapely.prepare(self.polygons)
        for entry in self.cells.values():
            shapely.prepare([p for _, p in entry.pieces])

    def _cut(self, owner: int, polygon: shapely.Geometry) -> None:
        if polygon is None or shapely.is_empty(polygon):
            return
        x_min, y_min, x_max, y_max = shapely.bounds(polygon)
        i0, i1 = self._index(x_min, self.x0, self.nx), self._index(x_max, self.x0, self.nx)
        j0, j1 = self._index(y_min, self.y0, self.ny), self._index(y_max, self.y0, self.ny)
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                bx, by = self.x0 + i * self.cell, self.y0 + j * self.cell
                box = shapely.box(bx, by, bx + self.cell, by + self.cell)
                part = shapely.clip_by_rect(polygon, bx, by, bx + self.cell, by + self.cell)
                if not shapely.is_valid(part):  # clip_by_rect does not promise validity
                    part = shapely.intersection(polygon, box)
                if shapely.is_empty(part) or shapely.area(part) == 0:
                    continue
                entry = self.cells.setdefault(i * self.ny + j, _Cell(-1, []))
                full = shapely.area(part) >= shapely.area(box) * (1 - 1e-12)
                if full and shapely.equals(part, box):
                    entry.full_owner = owner
                entry.pieces.append((owner, part))

    def _index(self, value: float, origin: float, n: int) -> int:
        return min(n - 1, max(0, math.floor((value - origin) / self.cell)))

    @property
    def n_pieces(self) -> int:
        """Number of polygon pieces after cutting.

        Returns
        -------
        int
            The pieces summed over all grid cells (a polygon cut by k cells counts k times).
        """
        return sum(len(c.pieces) for c in self.cells.values())

    def pairs(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(point_index, polygon_index)`` for every polygon containing each point.

        Parameters
        ----------
        x, y
            Point coordinates (NaN for missing points: they match nothing).

        Returns
        -------
        tuple of numpy.ndarray
            Matching pairs, sorted by point index then polygon index.
        """
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        # temporaries are reused in place: at 1e7 points every array costs 40-80 MB
        fx = np.subtract(x, self.x0)
        fx /= self.cell
        fy = np.subtract(y, self.y0)
        fy /= self.cell
        with np.errstate(invalid="ignore"):
            inside = (fx >= 0) & (fx < self.nx) & (fy >= 0) & (fy < self.ny)
        np.copyto(fx, 0.0, where=~inside)
        np.copyto(fy, 0.0, where=~inside)
        ix = fx.astype(np.int32)  # truncation is floor for points inside the grid
        iy = fy.astype(np.int32)
        fx -= ix
        fy -= iy
        on_line = inside & (
            (fx < NEAR_LINE) | (fx > 1 - NEAR_LINE) | (fy < NEAR_LINE) | (fy > 1 - NEAR_LINE)
        )
        del fx, fy
        cell = ix
        cell *= self.ny
        cell += iy
        del iy
        regular = inside & ~on_line
        del inside
        owner = np.where(regular, self.full_owner[cell], np.int32(-1))
        todo = np.flatnonzero(regular & self.partial[cell])
        del regular
        todo_cell = cell[todo]
        del cell
        extra: list[np.ndarray] = []
        self._test_pieces(x, y, todo, todo_cell, owner, extra)
        edge = np.flatnonzero(on_line)
        if len(edge):
            for polygon, geometry in enumerate(self.polygons):
                hit = edge[shapely.contains_xy(geometry, x[edge], y[edge])]
                if len(hit):
                    _record(owner, hit, polygon, extra)
        points = np.flatnonzero(owner >= 0)
        owners = owner[points].astype(np.int64)
        if extra:
            k = len(self.polygons)
            more = np.concatenate(extra, axis=1)
            key = np.unique(np.r_[points * k + owners, more[0] * k + more[1]])
            points, owners = key // k, key % k
        return points, owners

    def _test_pieces(
        self,
        x: np.ndarray,
        y: np.ndarray,
        todo: np.ndarray,
        todo_cell: np.ndarray,
        owner: np.ndarray,
        extra: list[np.ndarray],
    ) -> None:
        """Test the points of partly covered cells against their cell's pieces."""
        keys = todo_cell.astype(np.uint16) if self.nx * self.ny <= 65536 else todo_cell
        order = np.argsort(keys, kind="stable")  # a radix sort for 16-bit keys
        todo, todo_cell = todo[order], todo_cell[order]
        if not len(todo):
            return
        starts = np.flatnonzero(np.r_[True, todo_cell[1:] != todo_cell[:-1]])
        ends = np.r_[starts[1:], len(todo)]
        for lo, hi in zip(starts, ends, strict=True):
            entry = self.cells[int(todo_cell[lo])]
            idx = todo[lo:hi]
            xs, ys = x[idx], y[idx]
            for polygon, piece in entry.pieces:
                if polygon == entry.full_owner:
                    hit = idx
                else:
                    hit = idx[shapely.contains_xy(piece, xs, ys)]
                if len(hit):
                    _record(owner, hit, polygon, extra)


def _record(owner: np.ndarray, hit: np.ndarray, polygon: int, extra: list[np.ndarray]) -> None:
    """Give ``hit`` points ``polygon``; a point that already has another one goes to ``extra``."""
    free = owner[hit] < 0
    owner[hit[free]] = polygon
    taken = hit[~free]
    taken = taken[owner[taken] != polygon]
    if len(taken):
        extra.append(np.stack([taken, np.full(len(taken), polygon, dtype=np.int64)]))
