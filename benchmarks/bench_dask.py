"""Out-of-core join: dask-geopandas partitions against the whole table in memory.

The points of ``bench_join.py`` (``default_rng(42)``, uniform over the regions' bounds) with a
``value`` column of ones are written as GeoParquet, 8 files (``--files``) with row groups of
``--row-group-size`` rows, into a temporary folder. Then, each in its own process:

- ``in-memory``: ``geopandas.read_parquet(folder)``, ``kzgeo.assign_regions`` on the whole
  table, ``groupby("region_iso")["value"].sum()`` (the baseline);
- ``dask-threads``: ``dask_geopandas.read_parquet(folder, split_row_groups=True)`` (one
  partition a row group), ``kzgeo.join.distributed.assign_regions_dask``, then
  ``region_totals_dask`` on dask's threaded scheduler (2 threads on this machine);
- ``dask-sync``: the same on the synchronous scheduler (one partition at a time);
- ``dask-processes``: the same on a local dask.distributed cluster of 2 worker processes with
  1 thread each (``Client(n_workers=2, threads_per_worker=1)``); its memory is the sum of the
  peak RSS of the client and of each worker process.

Every path must give the same totals (exactly: sums of ones); the script exits with status 1
otherwise. The goal: dask's peak memory below the in-memory run's.

A second, smaller part (``--roundtrip-size``, 1e6 points) measures the opposite case for process
workers: points made in the client (``dask_geopandas.from_geopandas``, 8 partitions) and the whole
joined frame collected back with ``.compute()``, on the threaded scheduler and on the cluster of
2 processes: there every partition is pickled both ways.

Usage::

    .venv/bin/python benchmarks/bench_dask.py [--size 1e7] [--methods in-memory,dask-threads]
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
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
    peak_rss_mb,
    report,
    run_worker,
    save,
    size_label,
    table,
    uniform_points,
)

METHODS = ("in-memory", "dask-threads", "dask-sync", "dask-processes")


def prepare(spec: dict[str, Any]) -> None:
    """Write the points as GeoParquet files (run in its own process, not measured)."""
    import geopandas as gpd  # noqa: PLC0415 - workers import what they use

    n, folder, files = int(spec["n"]), Path(spec["folder"]), int(spec["files"])
    start = time.perf_counter()
    x, y = uniform_points(n)
    bounds = np.linspace(0, n, files + 1).astype(np.int64)
    for k in range(files):
        lo, hi = int(bounds[k]), int(bounds[k + 1])
        part = gpd.GeoDataFrame(
            {"value": np.ones(hi - lo)},
            geometry=gpd.points_from_xy(x[lo:hi], y[lo:hi]),
            index=np.arange(lo, hi),
            crs=4326,
        )
        part.to_parquet(folder / f"part.{k:02d}.parquet", row_group_size=spec["row_group_size"])
    size = sum(f.stat().st_size for f in folder.glob("*.parquet"))
    report({"seconds": time.perf_counter() - start, "bytes": size, "peak_rss_mb": peak_rss_mb()})


def _totals_dict(totals: Any) -> dict[str, float]:
    return {str(k): float(v) for k, v in totals["value"].items()}


def worker(spec: dict[str, Any]) -> None:
    """Run one path in this process; report time, peak memory and the totals."""
    if spec["method"] == "prepare":
        prepare(spec)
        return
    if spec["method"].startswith("roundtrip-"):
        roundtrip(spec)
        return
    import geopandas as gpd  # noqa: PLC0415

    import kzgeo  # noqa: PLC0415

    method, folder = spec["method"], spec["folder"]
    result: dict[str, Any] = {"method": method}
    start = time.perf_counter()
    if method == "in-memory":
        points = gpd.read_parquet(folder)
        result["rows"] = len(points)
        joined = kzgeo.assign_regions(points)
        totals = joined.groupby("region_iso")[["value"]].sum()
        result["scheduler"] = "none (pandas)"
        result["partitions"] = 1
    else:
        import dask  # noqa: PLC0415
        import dask_geopandas  # noqa: PLC0415

        from kzgeo.join.distributed import (  # noqa: PLC0415
            assign_regions_dask,
            region_totals_dask,
        )

        points = dask_geopandas.read_parquet(folder, split_row_groups=spec["split_row_groups"])
        result["partitions"] = points.npartitions
        joined = assign_regions_dask(points)
        if method == "dask-processes":
            from dask.distributed import Client, LocalCluster  # noqa: PLC0415

            logging.getLogger("distributed").setLevel(logging.ERROR)
            with (
                LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster,
                Client(cluster) as client,
            ):
                started = time.perf_counter() - start
                totals = region_totals_dask(joined, ["value"])
                workers = client.run(_worker_peak_rss_mb)
                result["cluster_start_seconds"] = started
            result["worker_peak_rss_mb"] = sorted(workers.values())
            result["scheduler"] = "distributed LocalCluster, 2 processes x 1 thread"
        else:
            scheduler = "threads" if method == "dask-threads" else "synchronous"
            with dask.config.set(scheduler=scheduler):
                totals = region_totals_dask(joined, ["value"])
            result["scheduler"] = scheduler
        result["rows"] = int(totals["value"].sum())  # rows with a region
    result["seconds"] = time.perf_counter() - start
    result["client_peak_rss_mb"] = peak_rss_mb()
    result["peak_rss_mb"] = result["client_peak_rss_mb"] + sum(result.get("worker_peak_rss_mb", []))
    result["totals"] = _totals_dict(totals)
    report(result)


def roundtrip(spec: dict[str, Any]) -> None:
    """Points made in the client, joined on dask, the whole frame collected back."""
    import dask  # noqa: PLC0415
    import dask_geopandas  # noqa: PLC0415
    import geopandas as gpd  # noqa: PLC0415

    from kzgeo.join.distributed import assign_regions_dask  # noqa: PLC0415

    n = int(spec["n"])
    x, y = uniform_points(n)
    points = gpd.GeoDataFrame({"value": np.ones(n)}, geometry=gpd.points_from_xy(x, y), crs=4326)
    del x, y
    lazy = assign_regions_dask(dask_geopandas.from_geopandas(points, npartitions=8, sort=False))
    result: dict[str, Any] = {"method": spec["method"], "n": n, "partitions": 8}
    if spec["method"] == "roundtrip-processes":
        import warnings  # noqa: PLC0415

        from dask.distributed import Client, LocalCluster  # noqa: PLC0415

        logging.getLogger("distributed").setLevel(logging.ERROR)
        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster),
            warnings.catch_warnings(),
        ):
            # "Sending large graph": the points travel in the graph, which is the point here
            warnings.simplefilter("ignore", UserWarning)
            start = time.perf_counter()
            joined = lazy.compute()
            result["seconds"] = time.perf_counter() - start
        result["scheduler"] = "distributed LocalCluster, 2 processes x 1 thread"
    else:
        start = time.perf_counter()
        with dask.config.set(scheduler="threads"):
            joined = lazy.compute()
        result["seconds"] = time.perf_counter() - start
        result["scheduler"] = "threads"
    result["rows"] = len(joined)
    result["peak_rss_mb"] = peak_rss_mb()
    report(result)


def _worker_peak_rss_mb() -> float:
    """Peak RSS of a dask worker process (run there by ``Client.run``)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    """Write the Parquet files, run every path, compare totals and memory."""
    args = _arguments()
    if args.worker:
        worker(json.loads(args.worker))
        return 0

    info = header("bench_dask: dask-geopandas partitions vs the whole table in memory")
    n = int(args.size)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    script = str(Path(__file__).resolve())
    split = not args.no_split_row_groups
    print(
        f"size used: {n:,} points ({size_label(n)}), {args.files} GeoParquet files, row groups "
        f"of {args.row_group_size:,} rows, dask partitions: "
        + ("one a row group" if split else "one a file")
    )
    with tempfile.TemporaryDirectory(prefix="kzgeo-bench-dask-") as tmp:
        spec = {
            "method": "prepare",
            "n": n,
            "folder": tmp,
            "files": args.files,
            "row_group_size": args.row_group_size,
        }
        prepared = run_worker(script, spec)
        print(
            f"wrote {prepared['bytes'] / 2**20:,.0f} MiB of GeoParquet in "
            f"{prepared['seconds']:.1f} s (not measured below)\n",
            flush=True,
        )
        rows = _run_paths(script, methods, folder=tmp, split=split)
    same = _compare(rows, n)
    trips = _roundtrips(script, int(args.roundtrip_size)) if args.roundtrip_size else []
    save(
        "dask",
        {
            "machine": info,
            "size": n,
            "files": args.files,
            "row_group_size": args.row_group_size,
            "split_row_groups": split,
            "prepare": prepared,
            "rows": rows,
            "totals_equal": same,
            "roundtrip": trips,
        },
    )
    return 0 if same else 1


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size", type=float, default=1e7, help="number of points")
    parser.add_argument("--files", type=int, default=8, help="number of Parquet files")
    parser.add_argument(
        "--row-group-size", type=int, default=250_000, help="rows per Parquet row group"
    )
    parser.add_argument(
        "--no-split-row-groups",
        action="store_true",
        help="one dask partition a file instead of one a row group",
    )
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated paths")
    parser.add_argument(
        "--roundtrip-size",
        type=float,
        default=1e6,
        help="points of the client-data round trip (threads vs processes); 0 to skip",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    return parser.parse_args()


def _run_paths(
    script: str, methods: list[str], *, folder: str, split: bool
) -> list[dict[str, Any]]:
    """Run each path in its own process on the files in ``folder``; print a line for each."""
    rows: list[dict[str, Any]] = []
    for method in methods:
        if method not in METHODS:
            raise SystemExit(f"unknown method {method!r}; choose from {METHODS}")
        result = run_worker(script, {"method": method, "folder": folder, "split_row_groups": split})
        rows.append(result)
        print(
            f"  {method:<15} {fmt_s(result['seconds']):>7} s  peak "
            f"{fmt_mb(result['peak_rss_mb'])} MiB  ({result['partitions']} partitions, "
            f"scheduler: {result['scheduler']})",
            flush=True,
        )
    return rows


def _compare(rows: list[dict[str, Any]], n: int) -> bool:
    """Print the paths against the first (in-memory) one and the goal; return totals equal."""
    baseline = rows[0]
    same = all(r["totals"] == baseline["totals"] for r in rows)
    print()
    print(
        table(
            [
                "path",
                "scheduler",
                "partitions",
                "time s",
                "time/in-memory",
                "peak RSS MiB",
                "RSS/in-memory",
                "totals equal",
            ],
            [_table_row(r, baseline) for r in rows],
            left=2,
        )
    )
    print(
        f"\n{size_label(n)} points, {sum(baseline['totals'].values()):,.0f} with a region, "
        f"{len(baseline['totals'])} regions; totals "
        + ("EQUAL on every path" if same else "DIFFERENT - see above")
    )
    # the goal is for the local schedulers; the cluster of processes is reported for its cost
    dask_rows = [r for r in rows if r["method"] in ("dask-threads", "dask-sync")]
    lower = [r["method"] for r in dask_rows if r["peak_rss_mb"] < baseline["peak_rss_mb"]]
    print(
        "goal (dask peak memory below the in-memory run, equal totals; threaded and "
        "synchronous schedulers): "
        + ("met" if same and dask_rows and len(lower) == len(dask_rows) else "NOT met")
        + f" ({', '.join(lower) or 'no dask path'} lower)"
    )
    return same


def _table_row(r: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    memory = fmt_mb(r["peak_rss_mb"])
    if r.get("worker_peak_rss_mb"):
        parts = " + ".join(fmt_mb(w) for w in r["worker_peak_rss_mb"])
        memory += f" (client {fmt_mb(r['client_peak_rss_mb'])} + workers {parts})"
    return [
        r["method"],
        r["scheduler"],
        str(r["partitions"]),
        fmt_s(r["seconds"]),
        f"{r['seconds'] / baseline['seconds']:.2f}",
        memory,
        f"{r['peak_rss_mb'] / baseline['peak_rss_mb']:.2f}",
        "yes" if r["totals"] == baseline["totals"] else "NO",
    ]


def _roundtrips(script: str, n: int) -> list[dict[str, Any]]:
    """Run and print the client-data round trip on threads and on 2 processes."""
    print(
        f"\nround trip: {size_label(n)} points made in the client, 8 partitions, the joined "
        "frame collected back with .compute()"
    )
    trips = [
        run_worker(script, {"method": method, "n": n})
        for method in ("roundtrip-threads", "roundtrip-processes")
    ]
    base = trips[0]["seconds"]
    print(
        table(
            ["path", "scheduler", "time s", "time/threads"],
            [
                [t["method"], t["scheduler"], fmt_s(t["seconds"]), f"{t['seconds'] / base:.2f}"]
                for t in trips
            ],
        )
    )
    return trips


if __name__ == "__main__":
    sys.exit(main())
