"""Vectorised point-in-polygon for many points: polygons cut into grid cells.

``geopandas.sjoin(predicate="within")`` tests every candidate point against a whole region of
thousands of vertices. Here two grids answer most points with one array lookup:

- a **fine grid** (up to 32 by 32 cells in each coarse cell, :data:`FINE_CELLS_MAX` cells in
  all) says per cell "inside polygon r entirely", "outside every polygon" or "look closer". It
  is conservative by construction: every cell within one cell of a boundary vertex, after the
  boundaries are densified to half a cell, is "look closer" (so no boundary comes within a
  quarter cell of any other cell), and each other cell takes the value of its centre, found by
  an exact even-odd scanline over the polygons' rings. Overlapping polygons, invalid and
  non-polygonal geometries are "look closer" wherever they are;
- a **coarse grid** (0.5° by default) of the polygons cut into cells with
  ``shapely.clip_by_rect``, for the points of "look closer" cells: a point in a coarse cell
  covered entirely by one polygon belongs to it, a point in a cell no polygon touches belongs to
  none, and the points of partly covered cells are grouped by cell (a 16-bit radix sort) and
  tested with ``shapely.contains_xy`` against that cell's small prepared pieces. Points that lie
  on (or within 1e-9° of) a coarse grid line are tested against the whole polygons.

The answer is the same as ``sjoin(points, polygons, predicate="within")``: every (point,
polygon) pair where the polygon contains the point in its interior.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import cast

import numpy as np
import shapely

NEAR_LINE = 1e-9
# fine cells in all (int8 codes for up to 126 polygons: 4 MB) and per coarse cell side
FINE_CELLS_MAX = 4_000_000
FINE_SPLIT_MAX = 32
LOOK_CLOSER = -2  # a fine cell's code when its points need the coarse grid


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
        split = FINE_SPLIT_MAX
        while split > 1 and self.nx * self.ny * split * split > FINE_CELLS_MAX:
            split //= 2
        self.fine = FineGrid(
            self.polygons, self.x0, self.y0, self.cell / split, (self.nx * split, self.ny * split)
        )

    def __getstate__(self) -> dict[str, object]:
        """Pickle the polygons and pieces as one WKB array (one geometry at a time is slow)."""
        state = dict(self.__dict__)
        owners: list[int] = []
        pieces: list[shapely.Geometry] = []
        layout: dict[int, tuple[int, int, int]] = {}
        for cell_id, entry in self.cells.items():
            layout[cell_id] = (entry.full_owner, len(pieces), len(entry.pieces))
            for owner, piece in entry.pieces:
                owners.append(owner)
                pieces.append(piece)
        state["cells"] = layout
        state["piece_owners"] = np.asarray(owners, dtype=np.int64)
        state["pieces_wkb"] = shapely.to_wkb(np.asarray(pieces, dtype=object))
        state["polygons"] = shapely.to_wkb(self.polygons)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        """Restore a pickled index (:mod:`kzgeo.datasets.prepared`): prepare it again."""
        layout = cast("dict[int, tuple[int, int, int]]", state.pop("cells"))
        owners = cast("np.ndarray", state.pop("piece_owners")).tolist()
        pieces = shapely.from_wkb(state.pop("pieces_wkb"))
        state["polygons"] = shapely.from_wkb(state["polygons"])
        self.__dict__.update(state)
        shapely.prepare(self.polygons)
        shapely.prepare(pieces)
        self.cells = {
            cell_id: _Cell(full, list(zip(owners[at : at + k], pieces[at : at + k], strict=True)))
            for cell_id, (full, at, k) in layout.items()
        }

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
        code = self.fine.lookup(x, y)
        closer = np.flatnonzero(code == LOOK_CLOSER)
        p, o = self._coarse_pairs(x[closer], y[closer])
        p = closer[p]
        owner = code.astype(np.int32)
        if len(p) and np.any(p[1:] == p[:-1]):  # a point in two polygons: not one owner each
            direct = np.flatnonzero(owner >= 0)
            k = len(self.polygons)
            key = np.unique(np.r_[direct * k + owner[direct], p * k + o])
            return key // k, key % k
        owner[p] = o
        points = np.flatnonzero(owner >= 0)
        return points, owner[points].astype(np.int64)

    def _coarse_pairs(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`pairs` with the coarse grid alone."""
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


class FineGrid:
    """One code per cell of a fine grid: the polygon covering the cell, -1 for none, or -2.

    -2 (:data:`LOOK_CLOSER`) marks every cell a boundary may cross (see the module docstring);
    the other codes are exact for every point in the cell.

    Parameters
    ----------
    polygons
        The polygons, in the index's order.
    x0, y0
        The grid's lower left corner.
    cell
        Cell size, in the polygons' units.
    shape
        ``(nx, ny)``: the number of cells along x and along y.
    """

    def __init__(
        self,
        polygons: np.ndarray,
        x0: float,
        y0: float,
        cell: float,
        shape: tuple[int, int],
    ) -> None:
        """Classify every cell."""
        self.x0, self.y0, self.cell = float(x0), float(y0), float(cell)
        self.nx, self.ny = shape
        n = len(polygons)
        dtype = np.int8 if n < 127 else np.int16 if n < 32767 else np.int32
        count, owner_sum = self._scanline(polygons)
        codes = np.where(count == 1, owner_sum - 1, -1)
        codes[count > 1] = LOOK_CLOSER
        codes[self._near_boundary(polygons)] = LOOK_CLOSER
        self.codes = codes.astype(dtype).ravel()

    def _rings(self, polygons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the rings of the valid polygons and the polygon of each ring."""
        kinds = shapely.get_type_id(polygons)
        polygonal = np.isin(kinds, (3, 6)) & shapely.is_valid(polygons)
        keep = np.flatnonzero(polygonal)
        parts, part_of = shapely.get_parts(polygons[keep], return_index=True)
        rings, ring_of = shapely.get_rings(parts, return_index=True)
        return rings, keep[part_of[ring_of]]

    def _scanline(self, polygons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per cell, how many polygons contain its centre, and the sum of their positions + 1.

        Even-odd over each polygon's rings along the row of cell centres: a crossing of row
        ``j`` by an edge counts when the row lies in ``[y_low, y_high)`` of the edge, the same
        test for both edges at a vertex, so every ring crosses every row an even number of
        times.
        """
        nx, ny, c = self.nx, self.ny, self.cell
        rings, owner_of_ring = self._rings(polygons)
        coords, ring = shapely.get_coordinates(rings, return_index=True)
        edge = np.flatnonzero(ring[1:] == ring[:-1])
        xa, ya = coords[edge, 0], coords[edge, 1]
        xb, yb = coords[edge + 1, 0], coords[edge + 1, 1]
        owner = owner_of_ring[ring[edge]]
        row_lo = np.clip(np.ceil((np.minimum(ya, yb) - self.y0) / c - 0.5), 0, ny).astype(np.int64)
        row_hi = np.clip(np.ceil((np.maximum(ya, yb) - self.y0) / c - 0.5), 0, ny).astype(np.int64)
        rows = row_hi - row_lo
        which = np.repeat(np.arange(len(edge)), rows)
        starts = np.cumsum(rows) - rows
        row = row_lo[which] + (np.arange(len(which)) - starts[which])
        yc = self.y0 + (row + 0.5) * c
        xa, ya, xb, yb = xa[which], ya[which], xb[which], yb[which]
        xc = xa + (yc - ya) * (xb - xa) / (yb - ya)
        owner = owner[which]
        order = np.lexsort((xc, row, owner))
        xc, row, owner = xc[order], row[order], owner[order]
        lo, hi = xc[0::2], xc[1::2]
        row, owner = row[0::2], owner[0::2]
        col_lo = np.clip(np.ceil((lo - self.x0) / c - 0.5), 0, nx).astype(np.int64)
        col_hi = np.clip(np.ceil((hi - self.x0) / c - 0.5), 0, nx).astype(np.int64)
        size = ny * (nx + 1)
        starts_at, ends_at = row * (nx + 1) + col_lo, row * (nx + 1) + col_hi
        count = np.bincount(starts_at, minlength=size) - np.bincount(ends_at, minlength=size)
        weight = (owner + 1).astype(np.float64)
        total = np.bincount(starts_at, weight, size) - np.bincount(ends_at, weight, size)
        count = np.cumsum(count.reshape(ny, nx + 1), axis=1)[:, :nx]
        total = np.cumsum(total.reshape(ny, nx + 1), axis=1)[:, :nx]
        return count, np.rint(total).astype(np.int64)

    def _near_boundary(self, polygons: np.ndarray) -> np.ndarray:
        """Cells within one cell of a vertex of the boundaries densified to half a cell.

        Also every cell of the bounding box of an invalid or non-polygonal geometry.
        """
        nx, ny, c = self.nx, self.ny, self.cell
        near = np.zeros((ny, nx), dtype=bool)
        rings = shapely.get_rings(shapely.get_parts(polygons))
        dense = shapely.get_coordinates(shapely.segmentize(rings, c / 2))
        ix = np.clip(np.floor((dense[:, 0] - self.x0) / c), 0, nx - 1).astype(np.int64)
        iy = np.clip(np.floor((dense[:, 1] - self.y0) / c), 0, ny - 1).astype(np.int64)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                near[np.clip(iy + dy, 0, ny - 1), np.clip(ix + dx, 0, nx - 1)] = True
        kinds = shapely.get_type_id(polygons)
        odd = ~(np.isin(kinds, (3, 6)) & shapely.is_valid(polygons)) & ~shapely.is_missing(polygons)
        for x_min, y_min, x_max, y_max in shapely.bounds(polygons[odd]):
            i0, i1 = self._span(x_min, x_max, self.x0, nx)
            j0, j1 = self._span(y_min, y_max, self.y0, ny)
            near[j0:j1, i0:i1] = True
        return near

    def _span(self, low: float, high: float, origin: float, n: int) -> tuple[int, int]:
        start = math.floor((low - origin) / self.cell) - 1
        return max(0, start), min(n, math.floor((high - origin) / self.cell) + 2)

    def lookup(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Return the code of each point's cell (-1 outside the grid and for NaN).

        Parameters
        ----------
        x, y
            Point coordinates.

        Returns
        -------
        numpy.ndarray
            One code a point: a polygon's position, -1 or :data:`LOOK_CLOSER`.
        """
        inverse = 1.0 / self.cell
        fx = np.subtract(x, self.x0)
        fx *= inverse
        fy = np.subtract(y, self.y0)
        fy *= inverse
        with np.errstate(invalid="ignore"):
            inside = (fx >= 0) & (fx < self.nx) & (fy >= 0) & (fy < self.ny)
        np.copyto(fx, 0.0, where=~inside)
        np.copyto(fy, 0.0, where=~inside)
        cell = fy.astype(np.int32)  # at most FINE_CELLS_MAX cells
        del fy
        cell *= self.nx
        cell += fx.astype(np.int32)
        del fx
        code: np.ndarray = self.codes[cell]
        np.copyto(code, np.int8(-1), where=~inside, casting="unsafe")
        return code
