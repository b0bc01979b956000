"""Headline: the public ``kzgeo.assign_regions`` end to end against what a user would write.

Uniform random points (``numpy.random.default_rng(7)``, over the bounding box of the
full-resolution regions: about half of them fall outside Kazakhstan, as in the issue that
asked for this) are joined in a fresh process per method:

- ``kzgeo``: ``kzgeo.assign_regions(points)``, every column it returns (region, SEZ and
  sub-zone, status, distance, note), in a fresh process: the in-memory indexes are built on
  the call, from the prepared pieces kept on disk (a warm-up process at 50,000 points, not
  timed, fills that cache first, as any earlier run of the same kzgeo would have: below
  ``kzgeo.options.fast_join_min_points`` the join does not use those indexes);
- ``kzgeo-categorical``: the same with ``categorical=True`` (region, SEZ and status columns
  as categoricals);
- ``kzgeo-first-run``: ``kzgeo`` with an empty cache folder: every index cut from the
  polygons in the call, as on the first run after installing or upgrading kzgeo;
- **baseline** ``sjoin-within``: ``geopandas.sjoin(points, regions, predicate="within")``;
- **baseline** ``handwritten``: the same answer written with geopandas: ``sjoin(within)``,
  then ``sjoin_nearest(max_distance=10 km)`` in kzgeo's equal-area CRS for the points in no
  region, then the swapped-coordinates check (``sjoin(within)`` of the swapped points that
  are still unplaced), then the status column.

The table gives each method's median wall time (the ratios are of these) and, beside it, the
median CPU time of the same call (``time.process_time``): on a machine shared with other jobs
the wall time also counts the time the process waited for a core.

Checks, exact: the ``kzgeo`` region equals ``sjoin-within``'s for every point inside a region,
the region and status equal ``handwritten``'s for every point, and the other kzgeo variants
give ``kzgeo``'s regions and statuses. The script exits 1 if not. Goals (issue): ``kzgeo``
>= 3x ``sjoin-within`` and >= 10x ``handwritten``.

Usage::

    .venv/bin/python benchmarks/bench_assign.py [--sizes 1e6,1e7] [--repeat 3] [--methods ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from _harness import (
    fmt_mb,
    fmt_s,
    header,
    parse_sizes,
    peak_rss_mb,
    report,
    run_worker,
    save,
    size_label,
    table,
    uniform_points,
)

METHODS = ("kzgeo", "kzgeo-categorical", "kzgeo-first-run", "sjoin-within", "handwritten")
KZGEO = ("kzgeo", "kzgeo-categorical", "kzgeo-first-run")
BASELINES = ("sjoin-within", "handwritten")
TOLERANCE_M = 10_000.0
SEED = 7


def make_points(n: int) -> Any:
    """Return the points GeoDataFrame (the same in every process) and the regions."""
    import geopandas as gpd  # noqa: PLC0415 - workers import what they use

    import kzgeo  # noqa: PLC0415

    x, y = uniform_points(n, seed=SEED)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=4326)
    return points, kzgeo.load_regions("full")


def handwritten(points: Any, regions: Any) -> tuple[np.ndarray, np.ndarray]:
    """Region and status per point, the way a geopandas user would get kzgeo's answer."""
    import geopandas as gpd  # noqa: PLC0415

    from kzgeo.crs import KZ_EQUAL_AREA  # noqa: PLC0415

    layer = regions[["iso_3166_2", "geometry"]]
    region = np.full(len(points), None, dtype=object)
    status = np.full(len(points), "outside-kazakhstan", dtype=object)
    inside = gpd.sjoin(points, layer, predicate="within")
    region[inside.index.to_numpy()] = inside["iso_3166_2"].to_numpy()
    status[inside.index.to_numpy()] = "inside"
    rest = points[region == None]  # noqa: E711 - element-wise on an object array
    near = gpd.sjoin_nearest(
        rest.to_crs(KZ_EQUAL_AREA),
        layer.to_crs(KZ_EQUAL_AREA),
        max_distance=TOLERANCE_M,
        distance_col="distance",
    )
    near = near.sort_values(["distance", "index_right"]).loc[lambda f: ~f.index.duplicated()]
    region[near.index.to_numpy()] = near["iso_3166_2"].to_numpy()
    status[near.index.to_numpy()] = "snapped"
    rest = points[region == None]  # noqa: E711
    swapped = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(rest.geometry.y, rest.geometry.x), index=rest.index, crs=4326
    )
    hit = gpd.sjoin(swapped, layer, predicate="within")
    status[hit.index.unique().to_numpy()] = "swapped-latlon"
    return region, status


def worker(spec: dict[str, Any]) -> None:
    """Run one method on one size in this process; save its answer for the checks."""
    import geopandas as gpd  # noqa: PLC0415

    import kzgeo  # noqa: PLC0415

    method, n = spec["method"], int(spec["n"])
    points, regions = make_points(n)
    if method == "kzgeo-first-run":
        kzgeo.options.cache_dir = tempfile.mkdtemp(prefix="kzgeo-bench-empty-cache-")
    start, cpu = time.perf_counter(), time.process_time()
    if method in KZGEO:
        out = kzgeo.assign_regions(points, categorical=method == "kzgeo-categorical")
        found = out["region_iso"]  # str or categorical: the same values, None where missing
        region = found.astype(object).where(found.notna(), None).to_numpy()
        status = out["join_status"].astype(object).to_numpy()
    elif method == "sjoin-within":
        joined = gpd.sjoin(points, regions[["iso_3166_2", "geometry"]], predicate="within")
        region = np.full(n, None, dtype=object)
        region[joined.index.to_numpy()] = joined["iso_3166_2"].to_numpy()
        status = np.where(region == None, "", "inside")  # noqa: E711
    else:
        region, status = handwritten(points, regions)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    np.savez(spec["answer"], region=region.astype(str), status=status.astype(str))
    report({"method": method, "n": n, "seconds": seconds, "cpu": cpu, "peak_rss_mb": peak_rss_mb()})


def _check(files: dict[str, Path]) -> list[str]:
    answers = {m: np.load(f) for m, f in files.items()}
    kz, problems = answers["kzgeo"], []
    if "sjoin-within" in answers:
        within = answers["sjoin-within"]
        placed = within["status"] == "inside"
        if not np.array_equal(kz["region"][placed], within["region"][placed]):
            problems.append("kzgeo and sjoin(within) give different regions for points inside")
    for other in ("handwritten", "kzgeo-categorical", "kzgeo-first-run"):
        for field in ("region", "status"):
            if other in answers:
                differ = int((kz[field] != answers[other][field]).sum())
                if differ:
                    problems.append(f"kzgeo and {other} differ in {field} for {differ}")
    return problems


WARM_UP_POINTS = 50_000  # at least kzgeo.options.fast_join_min_points: the grid path runs


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1e6,1e7", help="comma-separated point counts")
    parser.add_argument("--repeat", type=int, default=3, help="processes per method (median)")
    parser.add_argument(
        "--methods",
        default=",".join(METHODS),
        help="comma-separated, from " + ", ".join(METHODS) + " (kzgeo is always run)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    return parser.parse_args()


def _run_size(
    script: str, tmp: str, n: int, methods: list[str], repeat: int
) -> tuple[list[dict[str, Any]], list[str]]:
    """Run every method at one size; return its rows and the failed checks."""
    files = {m: Path(tmp) / f"{m}-{n}.npz" for m in methods}
    times, rows = {}, []
    for method in methods:
        runs = [
            run_worker(script, {"method": method, "n": n, "answer": str(files[method])})
            for _ in range(repeat)
        ]
        times[method] = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        peak = max(r["peak_rss_mb"] for r in runs)
        rows.append({"n": n, "method": method, "seconds": times[method], "cpu": cpu, "peak": peak})
        print(f"  {size_label(n):>5} {method:<13} {fmt_s(times[method])} s", flush=True)
    for row in rows:
        if row["method"] in KZGEO:
            row["faster"] = {b: times[b] / row["seconds"] for b in BASELINES if b in times}
    if "kzgeo-first-run" in times:
        # the first run's extra time is building the prepared indexes (grids, snap table)
        build = times["kzgeo-first-run"] - times["kzgeo"]
        print(f"  {size_label(n):>5} building the prepared indexes: about {fmt_s(build)} s")
    return rows, [f"{size_label(n)}: {p}" for p in _check(files)]


def _print_table(rows: list[dict[str, Any]], methods: list[str]) -> None:
    measured = [b for b in BASELINES if b in methods]
    print(
        table(
            ["points", "method", "median s", "cpu s", "peak MiB"]
            + [f"faster than {b}" for b in measured],
            [
                [
                    size_label(r["n"]),
                    r["method"],
                    fmt_s(r["seconds"]),
                    fmt_s(r["cpu"]),
                    fmt_mb(r["peak"]),
                ]
                + [f"{r['faster'][b]:.2f}x" if "faster" in r else "-" for b in measured]
                for r in rows
            ],
        )
    )


def main() -> int:
    """Run every method at every size, print the table and ratios, write results/assign.json."""
    args = _arguments()
    if args.worker:
        worker(json.loads(args.worker))
        return 0
    methods = [m for m in METHODS if m == "kzgeo" or m in args.methods.split(",")]
    info = header("bench_assign: kzgeo.assign_regions end to end")
    script = str(Path(__file__).resolve())
    rows, problems = [], []
    with tempfile.TemporaryDirectory(prefix="kzgeo-bench-assign-") as tmp:
        # warm-up, not timed: kzgeo's prepared join indexes on disk, as after any earlier run
        warm = {"method": "kzgeo", "n": WARM_UP_POINTS, "answer": str(Path(tmp) / "w.npz")}
        run_worker(script, warm)
        for n in parse_sizes(args.sizes):
            found_rows, found = _run_size(script, tmp, n, methods, args.repeat)
            rows += found_rows
            problems += found
    print()
    _print_table(rows, methods)
    print("checks:", "regions and statuses IDENTICAL" if not problems else "; ".join(problems))
    save("assign", {"machine": info, "rows": rows, "problems": problems})
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
