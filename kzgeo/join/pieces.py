"""Vectorised point-in-polygon for many points: polygons cut into grid cells.

``geopandas.sjoin(predicate="within")`` tests every candidate point against a whole region of
thousands of vertices. Here each polygon is cut into the cells of a regular grid (0.5° by
default); points are bucketed by cell with one integer sort; a cell covered entirely by one
polygon assigns its points without any geometric test, and the remaining cells test their points
with ``shapely.contains_xy`` against small prepared pieces. Points that lie on (or within 1e-9°
of) a grid line are tested against the whole polygons, so the answer is the same as
``sjoin(points, polygons, predicate="within")``: every (point, polygon) pair where the polygon
contains the point in its interior.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

NEAR_LINE = 1e-9


@dataclass
class _Cell:
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
        for entry in self.cells.values():
            shapely.prepare([p for _, p in entry.pieces])

    def _cut(self, owner: int, polygon: shapely.Geometry) -> None:
        if polygon is None or shapely.is_empty(polygon):
            return
        x_min, y_min, x_max, y_max = shapely.bounds(polygon)
        i0, i1 = self._index(x_min, self.x0, self.nx), self._index(x_max, self.x0, self.nx)
        j0, j1 = self._index(y_min, self.y0, self.ny), self._index(y_max, self.y0, self.ny)
        grid_i, grid_j = np.meshgrid(np.arange(i0, i1 + 1), np.arange(j0, j1 + 1), indexing="ij")
        ii, jj = grid_i.ravel(), grid_j.ravel()
        boxes = shapely.box(
            self.x0 + ii * self.cell,
            self.y0 + jj * self.cell,
            self.x0 + (ii + 1) * self.cell,
            self.y0 + (jj + 1) * self.cell,
        )
        hits = shapely.intersects(polygon, boxes)
        parts = shapely.intersection(polygon, boxes[hits])
        for i, j, box, part in zip(ii[hits], jj[hits], boxes[hits], parts, strict=True):
            if shapely.is_empty(part) or shapely.area(part) == 0:
                continue
            entry = self.cells.setdefault(int(i) * self.ny + int(j), _Cell(-1, []))
            if shapely.area(part) >= shapely.area(box) * (1 - 1e-12) and shapely.equals(part, box):
                entry.full_owner = owner
            entry.pieces.append((owner, part))

    def _index(self, value: float, origin: float, n: int) -> int:
        return min(n - 1, max(0, math.floor((value - origin) / self.cell)))

    @property
    def n_pieces(self) -> int:
        """Number of polygon pieces after cutting."""
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
        fx = (x - self.x0) / self.cell
        fy = (y - self.y0) / self.cell
        with np.errstate(invalid="ignore"):
            inside = (fx >= 0) & (fx < self.nx) & (fy >= 0) & (fy < self.ny)
        ix = np.zeros(len(x), dtype=np.int64)
        iy = np.zeros(len(x), dtype=np.int64)
        ix[inside] = np.floor(fx[inside]).astype(np.int64)
        iy[inside] = np.floor(fy[inside]).astype(np.int64)
        rx, ry = fx - ix, fy - iy
        on_line = inside & (
            (rx < NEAR_LINE) | (rx > 1 - NEAR_LINE) | (ry < NEAR_LINE) | (ry > 1 - NEAR_LINE)
        )
        regular = np.flatnonzero(inside & ~on_line)
        cell_id = ix[regular] * self.ny + iy[regular]
        order = np.argsort(cell_id, kind="stable")
        regular, cell_id = regular[order], cell_id[order]
        starts: np.ndarray = np.flatnonzero(np.r_[True, cell_id[1:] != cell_id[:-1]])
        ends: np.ndarray = np.r_[starts[1:], len(cell_id)]
        if not len(cell_id):
            starts = ends = np.array([], dtype=np.int64)
        out_p: list[np.ndarray] = []
        out_o: list[np.ndarray] = []
        for lo, hi in zip(starts, ends, strict=True):
            entry = self.cells.get(int(cell_id[lo]))
            if entry is None:
                continue
            idx = regular[lo:hi]
            for owner, piece in entry.pieces:
                if owner == entry.full_owner:
                    hit = idx
                else:
                    hit = idx[shapely.contains_xy(piece, x[idx], y[idx])]
                if len(hit):
                    out_p.append(hit)
                    out_o.append(np.full(len(hit), owner, dtype=np.int64))
        edge = np.flatnonzero(on_line)
        if len(edge):
            for owner, polygon in enumerate(self.polygons):
                hit = edge[shapely.contains_xy(polygon, x[edge], y[edge])]
                if len(hit):
                    out_p.append(hit)
                    out_o.append(np.full(len(hit), owner, dtype=np.int64))
        if not out_p:
            return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
        points = np.concatenate(out_p)
        owners = np.concatenate(out_o)
        order = np.lexsort((owners, points))
        points, owners = points[order], owners[order]
        # a point inside two pieces of the same polygon (cut edges) counts once
        keep = np.r_[True, (points[1:] != points[:-1]) | (owners[1:] != owners[:-1])]
        return points[keep], owners[keep]
