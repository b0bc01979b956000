"""A proposal for ``kzgeo/join/pieces.py``: a leaner ``PolygonIndex.pairs``, measured.

Not used by kzgeo: this file only shows, with numbers, what the change suggested for
``PolygonIndex.pairs`` would give, so that it can be adopted there (and this file deleted).

What it changes (same pairs, checked exactly here):

1. Per-cell lookups become two dense arrays over the grid (``full_owner`` and ``partial``),
   read with one fancy index: points in cells covered by one polygon get their owner at once,
   points in cells touched by no polygon are dropped, and only points in partial cells are
   grouped by cell (the current code sorts every point in the grid).
2. That grouping sorts 16-bit cell ids (``argsort(kind="stable")`` is a radix sort for them)
   instead of a stable comparison sort of int64 over all points.
3. Results go to one ``owner`` array per point (points in two polygons, rare, go to a short
   extra list), so no ``lexsort`` of all pairs at the end.
4. Temporaries are computed in place (cell fractions reuse the coordinate buffers; cell ids are
   int32), which keeps the peak memory below ``sjoin``'s.
5. Building the index cuts polygons with ``shapely.clip_by_rect`` (about 4x faster than
   ``intersection`` with boxes here), falling back to ``intersection`` for a piece that comes
   out invalid (``clip_by_rect`` does not promise valid output). The build is paid on each
   fresh index, i.e. at every ``assign_regions`` call today, as its cache never hits.

Usage::

    .venv/bin/python benchmarks/proposal_pairs.py [--sizes 1e6,1e7]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from _harness import fmt_mb, fmt_s, header, parse_sizes, peak_rss_mb, report, run_worker, table
from bench_join import make_data

METHODS = ("current", "proposed", "proposed+clip", "sjoin-within")


def clip_index(polygons: np.ndarray) -> Any:
    """Return a ``PolygonIndex`` whose polygons are cut with ``clip_by_rect``."""
    from kzgeo.join.pieces import PolygonIndex, _Cell  # noqa: PLC0415

    class ClipIndex(PolygonIndex):
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
                    if not shapely.is_valid(part):
                        part = shapely.intersection(polygon, box)
                    if shapely.is_empty(part) or shapely.area(part) == 0:
                        continue
                    entry = self.cells.setdefault(i * self.ny + j, _Cell(-1, []))
                    full = shapely.area(part) >= shapely.area(box) * (1 - 1e-12)
                    if full and shapely.equals(part, box):
                        entry.full_owner = owner
                    entry.pieces.append((owner, part))

    return ClipIndex(polygons)


class Grid:
    """Dense per-cell arrays for a ``PolygonIndex`` (what ``__init__`` would build)."""

    def __init__(self, index: Any) -> None:
        """Read the index's cells once."""
        self.index = index
        n_cells = index.nx * index.ny
        self.full_owner = np.full(n_cells, -1, dtype=np.int32)
        self.partial = np.zeros(n_cells, dtype=bool)
        for cell_id, entry in index.cells.items():
            if entry.full_owner >= 0 and all(o == entry.full_owner for o, _ in entry.pieces):
                self.full_owner[cell_id] = entry.full_owner
            else:
                self.partial[cell_id] = True


def _record(owner: np.ndarray, hit: np.ndarray, polygon: int, extra: list[np.ndarray]) -> None:
    """Give ``hit`` points ``polygon``; a point that already has another one goes to extra."""
    free = owner[hit] < 0
    owner[hit[free]] = polygon
    taken = hit[~free]
    taken = taken[owner[taken] != polygon]
    if len(taken):
        extra.append(np.stack([taken, np.full(len(taken), polygon, dtype=np.int64)]))


def proposed_pairs(grid: Grid, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the same ``(point, polygon)`` pairs as ``PolygonIndex.pairs``, sorted likewise."""
    index = grid.index
    near = 1e-9  # kzgeo.join.pieces.NEAR_LINE
    fx = np.subtract(x, index.x0)
    fx /= index.cell
    fy = np.subtract(y, index.y0)
    fy /= index.cell
    with np.errstate(invalid="ignore"):
        inside = (fx >= 0) & (fx < index.nx) & (fy >= 0) & (fy < index.ny)
    np.copyto(fx, 0.0, where=~inside)
    np.copyto(fy, 0.0, where=~inside)
    ix = fx.astype(np.int32)  # truncation == floor for the points inside the grid
    iy = fy.astype(np.int32)
    fx -= ix  # the fraction of the cell, in place
    fy -= iy
    on_line = inside & ((fx < near) | (fx > 1 - near) | (fy < near) | (fy > 1 - near))
    del fx, fy
    cell = ix
    cell *= index.ny
    cell += iy
    del iy
    regular = inside & ~on_line
    del inside
    owner = np.where(regular, grid.full_owner[cell], np.int32(-1))
    todo = np.flatnonzero(regular & grid.partial[cell])
    del regular
    todo_cell = cell[todo]
    del cell
    extra: list[np.ndarray] = []
    _test_pieces(index, x, y, todo, todo_cell, owner, extra)
    edge = np.flatnonzero(on_line)
    if len(edge):
        for polygon, geometry in enumerate(index.polygons):
            hit = edge[shapely.contains_xy(geometry, x[edge], y[edge])]
            if len(hit):
                _record(owner, hit, polygon, extra)
    points = np.flatnonzero(owner >= 0)
    owners = owner[points].astype(np.int64)
    if extra:
        k = len(index.polygons)
        more = np.concatenate(extra, axis=1)
        key = np.unique(np.r_[points * k + owners, more[0] * k + more[1]])
        points, owners = key // k, key % k
    return points, owners


def _test_pieces(
    index: Any,
    x: np.ndarray,
    y: np.ndarray,
    todo: np.ndarray,
    todo_cell: np.ndarray,
    owner: np.ndarray,
    extra: list[np.ndarray],
) -> None:
    """Test the points of partial cells against the cell's pieces, one cell at a time."""
    keys = todo_cell.astype(np.uint16) if index.nx * index.ny <= 65536 else todo_cell
    order = np.argsort(keys, kind="stable")  # a radix sort for 16-bit keys
    todo, todo_cell = todo[order], todo_cell[order]
    if len(todo):
        starts = np.flatnonzero(np.r_[True, todo_cell[1:] != todo_cell[:-1]])
        ends = np.r_[starts[1:], len(todo)]
        for lo, hi in zip(starts, ends, strict=True):
            entry = index.cells[int(todo_cell[lo])]
            idx = todo[lo:hi]
            xs, ys = x[idx], y[idx]
            for polygon, piece in entry.pieces:
                hit = (
                    idx if polygon == entry.full_owner else idx[shapely.contains_xy(piece, xs, ys)]
                )
                if len(hit):
                    _record(owner, hit, polygon, extra)


def worker(spec: dict[str, Any]) -> None:
    """Run one method in this process (data creation as in bench_join)."""
    import geopandas as gpd  # noqa: PLC0415

    from kzgeo.join import PolygonIndex, locate  # noqa: PLC0415

    method, n = spec["method"], int(spec["n"])
    points, regions, sez = make_data(n)
    layers = [
        regions[["geometry"]].reset_index(drop=True),
        sez[["geometry"]].reset_index(drop=True),
    ]
    start = time.perf_counter()
    if method == "sjoin-within":
        for layer in layers:
            gpd.sjoin(points, layer, predicate="within")
        pairs = []
    else:
        geoms = points.geometry.to_numpy()
        x, y = shapely.get_x(geoms), shapely.get_y(geoms)
        if method == "current":
            pairs = [locate(x, y, layer, method="pieces") for layer in layers]
        else:
            build = PolygonIndex if method == "proposed" else clip_index
            grids = [Grid(build(layer.geometry.to_numpy())) for layer in layers]
            pairs = [proposed_pairs(grid, x, y) for grid in grids]
    seconds = time.perf_counter() - start
    result = {"method": method, "n": n, "seconds": seconds, "peak_rss_mb": peak_rss_mb()}
    if method.startswith("proposed"):  # warm: the index already built
        start = time.perf_counter()
        for grid in grids:
            proposed_pairs(grid, x, y)
        result["warm_seconds"] = time.perf_counter() - start
    if pairs:
        np.savez(spec["pairs_file"], *[a for pq in pairs for a in pq])
    report(result)


def main() -> int:
    """Compare current and proposed pairs (identity, time, memory) with sjoin(within)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1e6,1e7")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return 0
    header("proposal_pairs: a leaner PolygonIndex.pairs (not used by kzgeo)")
    script = str(Path(__file__).resolve())
    rows, identical = [], True
    with tempfile.TemporaryDirectory(prefix="kzgeo-proposal-") as tmp:
        for n in parse_sizes(args.sizes):
            res = {}
            for method in METHODS:
                spec = {"method": method, "n": n, "pairs_file": f"{tmp}/{method}-{n}.npz"}
                res[method] = run_worker(script, spec)
            current = np.load(f"{tmp}/current-{n}.npz")
            same = {}
            for method in ("proposed", "proposed+clip"):
                proposed = np.load(f"{tmp}/{method}-{n}.npz")
                same[method] = all(np.array_equal(current[k], proposed[k]) for k in current.files)
                identical &= same[method]
            within = res["sjoin-within"]
            for method in METHODS:
                r = res[method]
                rows.append(
                    [
                        f"{n:,}",
                        method,
                        fmt_s(r["seconds"]),
                        fmt_s(r.get("warm_seconds")),
                        f"{within['seconds'] / r['seconds']:.2f}x",
                        fmt_mb(r["peak_rss_mb"]),
                        "-" if method not in same else ("yes" if same[method] else "NO"),
                    ]
                )
    print(
        table(
            [
                "points",
                "method",
                "time s",
                "warm s",
                "sjoin(within)/time",
                "peak RSS MiB",
                "pairs = current",
            ],
            rows,
        )
    )
    print("\nproposed pairs identical to the current ones:", "yes" if identical else "NO")
    print("(sjoin(within)'s pairs equal the current ones: checked by bench_join.py)")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
