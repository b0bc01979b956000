"""Point-in-polygon join: kzgeo's cut-polygon index against ``geopandas.sjoin``.

Uniform random points (``numpy.random.default_rng(42)``, over the regions' total bounds) are
joined to kzgeo's full-resolution regions AND its SEZ leaves by:

- ``kzgeo-pieces``: ``shapely.get_x/get_y`` of the points, then
  ``kzgeo.join.locate(x, y, layer, method="pieces")`` for each layer (the first call in a
  fresh process, so it includes building the cut-polygon index; ``warm`` is a second call);
- ``kzgeo-assign``: the whole ``kzgeo.assign_regions(points, method="pieces")`` (adds snapping,
  swapped-coordinate detection, SEZ sub-zones, notes; reported separately);
- ``sjoin-within``: ``geopandas.sjoin(points, layer, predicate="within")`` for each layer, the
  baseline (geopandas builds an STRtree on the points and queries it with the polygons);
- ``sjoin-intersects``: the same with ``predicate="intersects"`` (a tree on the polygons,
  queried point by point): run up to ``--intersects-max`` points, estimated above;
- ``data``: only the data creation, the memory floor common to every method.

Each method runs in its own process with the same data creation (points GeoDataFrame, layers),
and reports its peak RSS (``ru_maxrss``) right after the timed part. The (point, polygon) pairs
of kzgeo-pieces and sjoin-within are compared exactly; the script exits with status 1 if they
differ.

Usage::

    .venv/bin/python benchmarks/bench_join.py [--sizes 1e5,1e6,1e7] [--repeat 3]
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
    SEED,
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

METHODS = ("data", "kzgeo-pieces", "kzgeo-assign", "sjoin-within", "sjoin-intersects")


def make_data(n: int) -> tuple[Any, Any, Any]:
    """Return (points GeoDataFrame, regions, SEZ leaves): the same in every process."""
    import geopandas as gpd  # noqa: PLC0415 - workers import what they use

    import kzgeo  # noqa: PLC0415

    regions = kzgeo.load_regions("full")
    sez = kzgeo.load_sez(leaves=True)
    x, y = uniform_points(n)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=4326)
    del x, y
    return points, regions, sez


def _sorted_pairs(joined: Any) -> tuple[np.ndarray, np.ndarray]:
    p = joined.index.to_numpy(dtype=np.int64)
    o = joined["index_right"].to_numpy(dtype=np.int64)
    order = np.lexsort((o, p))
    return p[order], o[order]


def worker(spec: dict[str, Any]) -> None:
    """Run one method on one size in this process and report time and peak memory."""
    import geopandas as gpd  # noqa: PLC0415
    import shapely  # noqa: PLC0415

    import kzgeo  # noqa: PLC0415
    from kzgeo.join import PolygonIndex, locate  # noqa: PLC0415

    method, n = spec["method"], int(spec["n"])
    points, regions, sez = make_data(n)
    layers = {
        "regions": regions[["geometry"]].reset_index(drop=True),
        "sez": sez[["geometry"]].reset_index(drop=True),
    }
    data_rss = peak_rss_mb()
    result: dict[str, Any] = {"method": method, "n": n, "data_rss_mb": data_rss}
    pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    # filled by the branch that is timed, read after the measurement
    joined: dict[str, gpd.GeoDataFrame] = {}
    x = y = np.empty(0)
    start = time.perf_counter()
    if method == "kzgeo-pieces":
        geoms = points.geometry.to_numpy()
        x, y = shapely.get_x(geoms), shapely.get_y(geoms)
        for name, layer in layers.items():
            pairs[name] = locate(x, y, layer, method="pieces")
    elif method == "kzgeo-assign":
        out = kzgeo.assign_regions(points, method="pieces")
        result["statuses"] = kzgeo.join.status_counts(out)
    elif method.startswith("sjoin-"):
        predicate = method.removeprefix("sjoin-")
        joined = {
            name: gpd.sjoin(points, layer, predicate=predicate) for name, layer in layers.items()
        }
    elif method != "data":
        raise ValueError(method)
    result["seconds"] = time.perf_counter() - start
    result["peak_rss_mb"] = peak_rss_mb()
    # after the measurement: pairs for the identity check, warm time, index build time
    if method.startswith("sjoin-"):
        pairs = {name: _sorted_pairs(j) for name, j in joined.items()}
    if method == "kzgeo-pieces":
        start = time.perf_counter()
        for layer in layers.values():
            locate(x, y, layer, method="pieces")
        result["warm_seconds"] = time.perf_counter() - start
        start = time.perf_counter()
        for layer in layers.values():
            PolygonIndex(layer.geometry.to_numpy())
        result["index_build_seconds"] = time.perf_counter() - start
    if pairs:
        result["pairs"] = {name: len(p) for name, (p, _) in pairs.items()}
    if pairs and spec.get("pairs_file"):
        arrays: dict[str, Any] = {
            f"{name}_{k}": arr
            for name, pq in pairs.items()
            for k, arr in zip("po", pq, strict=True)
        }
        np.savez(spec["pairs_file"], **arrays)
    report(result)


def _median(runs: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def _check_pairs(files: dict[str, Path]) -> tuple[bool, list[str]]:
    """Compare kzgeo-pieces and sjoin-within pairs exactly, for every layer."""
    kz = np.load(files["kzgeo-pieces"])
    sj = np.load(files["sjoin-within"])
    lines, same = [], True
    for layer in ("regions", "sez"):
        p, o = kz[f"{layer}_p"], kz[f"{layer}_o"]
        sp, so = sj[f"{layer}_p"], sj[f"{layer}_o"]
        equal = np.array_equal(p, sp) and np.array_equal(o, so)
        same &= equal
        lines.append(
            f"{layer}: kzgeo {len(p):,} pairs, sjoin(within) {len(sp):,} pairs -> "
            + ("IDENTICAL" if equal else "DIFFERENT")
        )
    return same, lines


def main() -> int:
    """Run every method at every size, print the tables, write results/join.json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1e5,1e6,1e7", help="comma-separated point counts")
    parser.add_argument(
        "--repeat", type=int, default=3, help="processes per method below 1e7 (median time)"
    )
    parser.add_argument(
        "--intersects-max",
        type=float,
        default=1e6,
        help="largest size sjoin(intersects) is run at; above it, it is extrapolated",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return 0

    info = header("bench_join: points to regions + SEZ leaves")
    sizes = parse_sizes(args.sizes)
    script = str(Path(__file__).resolve())
    rows: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    all_identical = True
    with tempfile.TemporaryDirectory(prefix="kzgeo-bench-join-") as tmp:
        for n in sizes:
            repeat = args.repeat if n < 10**7 else 1
            files: dict[str, Path] = {}
            for method in METHODS:
                if method == "sjoin-intersects" and n > args.intersects_max:
                    continue
                runs = []
                for k in range(1 if method in ("sjoin-intersects", "data") else repeat):
                    spec: dict[str, Any] = {"method": method, "n": n}
                    if k == 0 and method in ("kzgeo-pieces", "sjoin-within"):
                        files[method] = Path(tmp) / f"{method}-{n}.npz"
                        spec["pairs_file"] = str(files[method])
                    runs.append(run_worker(script, spec))
                row = {
                    "method": method,
                    "n": n,
                    "runs": len(runs),
                    "seconds": _median(runs, "seconds"),
                    "seconds_all": [r["seconds"] for r in runs],
                    "warm_seconds": _median(runs, "warm_seconds"),
                    "index_build_seconds": _median(runs, "index_build_seconds"),
                    "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
                    "data_rss_mb": max(r["data_rss_mb"] for r in runs),
                    "pairs": runs[0].get("pairs"),
                    "statuses": runs[0].get("statuses"),
                }
                rows.append(row)
                print(
                    f"  {size_label(n):>5} {method:<17} {fmt_s(row['seconds']):>7} s  "
                    f"peak {fmt_mb(row['peak_rss_mb'])} MiB  ({len(runs)} process(es))",
                    flush=True,
                )
            same, lines = _check_pairs(files)
            all_identical &= same
            checks.append({"n": n, "identical": same, "detail": lines})
            for line in lines:
                print(f"  {size_label(n):>5} pair check: {line}", flush=True)
    summary = _summarise(rows, sizes, args.intersects_max)
    print()
    print(
        "pair check (kzgeo-pieces vs sjoin(within), exact):",
        "IDENTICAL at every size" if all_identical else "DIFFERENT - see above",
    )
    save(
        "join",
        {
            "machine": info,
            "sizes": sizes,
            "seed": SEED,
            "rows": rows,
            "pair_checks": checks,
            "summary": summary,
        },
    )
    return 0 if all_identical else 1


def _summarise(
    rows: list[dict[str, Any]], sizes: list[int], intersects_max: float
) -> list[dict[str, Any]]:
    """Print the results table and the ratios; return them for the JSON file."""
    by = {(r["method"], r["n"]): r for r in rows}
    table_rows, summary = [], []
    for n in sizes:
        kz = by[("kzgeo-pieces", n)]
        within = by[("sjoin-within", n)]
        for method in METHODS:
            row = by.get((method, n))
            if row is None:  # sjoin-intersects above --intersects-max: an estimate
                previous = [m for m in sizes if m < n and ("sjoin-intersects", m) in by]
                if not previous:
                    table_rows.append([size_label(n), method, "not run", "-", "-", "-", "-"])
                    continue
                base = by[("sjoin-intersects", previous[-1])]
                factor = n / base["n"]
                estimate = base["seconds"] * factor
                summary.append({"n": n, "method": method, "estimated_seconds": estimate})
                table_rows.append(
                    [
                        size_label(n),
                        method,
                        (
                            f"not run (est. {estimate:.0f} s, extrapolated ×{factor:g} from "
                            f"{size_label(base['n'])})"
                        ),
                        f"~{estimate / kz['seconds']:.0f}x (est.)",
                        "-",
                        "-",
                        "-",
                    ]
                )
                continue
            speed = row["seconds"] / kz["seconds"] if method != "data" else None
            vs_within = within["seconds"] / row["seconds"] if method != "data" else None
            table_rows.append(
                [
                    size_label(n),
                    method,
                    fmt_s(row["seconds"]) if method != "data" else "-",
                    "-" if speed is None else f"{speed:.2f}x",
                    "-" if vs_within is None else f"{vs_within:.2f}x",
                    fmt_mb(row["peak_rss_mb"]),
                    f"{row['peak_rss_mb'] / within['peak_rss_mb']:.2f}",
                ]
            )
            summary.append(
                {
                    "n": n,
                    "method": method,
                    "seconds": row["seconds"],
                    "time_over_kzgeo_pieces": speed,
                    "sjoin_within_over_this": vs_within,
                    "peak_rss_mb": row["peak_rss_mb"],
                    "rss_over_sjoin_within": row["peak_rss_mb"] / within["peak_rss_mb"],
                }
            )
    print()
    print(
        table(
            [
                "points",
                "method",
                "time s",
                "time/kzgeo",
                "sjoin(within)/time",
                "peak RSS MiB",
                "RSS/sjoin(within)",
            ],
            table_rows,
        )
    )
    print(
        f"\n(times: median of separate processes; sjoin(intersects) run up to "
        f"{size_label(int(intersects_max))} points only)"
    )
    print()
    goal_rows = []
    for n in sizes:
        kz, within = by[("kzgeo-pieces", n)], by[("sjoin-within", n)]
        ratio = within["seconds"] / kz["seconds"]
        warm = within["seconds"] / kz["warm_seconds"] if kz.get("warm_seconds") else None
        goal_rows.append(
            [
                size_label(n),
                f"{ratio:.2f}x",
                "-" if warm is None else f"{warm:.2f}x",
                fmt_s(kz.get("index_build_seconds")),
                f"{fmt_mb(kz['peak_rss_mb'])} vs {fmt_mb(within['peak_rss_mb'])}",
                "yes"
                if ratio >= 3 and kz["peak_rss_mb"] <= within["peak_rss_mb"]
                else "no" + (" (goal is for 1e6, 1e7)" if n < 10**6 else ""),
            ]
        )
    print("goal: kzgeo-pieces >= 3x faster than sjoin(within), peak memory no higher")
    print(
        table(
            [
                "points",
                "speed-up (cold)",
                "speed-up (warm index)",
                "index build s",
                "peak MiB kzgeo vs sjoin",
                "goal met",
            ],
            goal_rows,
        )
    )
    return summary


if __name__ == "__main__":
    sys.exit(main())
