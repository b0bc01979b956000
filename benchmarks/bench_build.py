"""Start-up and end-to-end cost: ``import kzgeo`` and ``kzgeo build`` on the seed register.

1. Import time: wall time of a fresh ``python -c "import kzgeo"`` process, median of
   ``--repeat`` (5) runs, against ``python -c "import geopandas"`` (the baseline) and a bare
   ``python -c "pass"`` (the interpreter's own start-up), measured in the same run and
   interleaved. Each process's peak RSS is read from its own rusage. ``python -X importtime``
   then lists the slowest modules ``import kzgeo`` loads.
2. ``kzgeo build``: ``python -m kzgeo build --out TMPDIR`` on the bundled seed register
   (geocode, join, allocate, aggregate, map, PNG, GeoPackage, tables), median of
   ``--build-repeat`` (5) runs, with the files it writes, after one run that fills a cache
   of prepared indexes (:mod:`kzgeo.datasets.prepared`) in a temporary folder of its own
   (``KZGEO_CACHE_DIR``), as every run but the first after installing or upgrading kzgeo
   finds it, and with kzgeo's compiled bytecode cached as an installed kzgeo has it
   (``PYTHONPYCACHEPREFIX`` in that folder, whatever ``PYTHONDONTWRITEBYTECODE`` says). That
   first run is timed apart, with an empty cache folder (and the shell's bytecode setting).
   If ``kzgeo.cli``
   does not exist yet, this part prints "kzgeo build: not available
   yet" and the script goes on.

Usage::

    .venv/bin/python benchmarks/bench_build.py [--repeat 5] [--build-repeat 5] [--sites 1e4,1e5]

3. ``kzgeo build`` on generated registers of ``--sites`` one-site projects (GeoNames places in
   mixed spellings, ``kzgeo.testing.variant_sites``), one run each, with its wall time and
   peak memory, so the growth with the data is visible.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from _harness import fmt_mb, fmt_s, header, run_timed, save, table

REPO = Path(__file__).resolve().parent.parent
IMPORTS = {
    "python -c pass": "pass",
    "import geopandas (baseline)": "import geopandas",
    "import kzgeo": "import kzgeo",
    "import kzgeo; kzgeo.assign_regions": "import kzgeo; kzgeo.assign_regions",
}


def build_command(out_dir: str, extra: list[str]) -> list[str]:
    """Return the ``kzgeo build`` command line (the seed register unless ``extra`` names one)."""
    return [sys.executable, "-m", "kzgeo", "build", "--out", out_dir, *extra]


def time_imports(repeat: int) -> list[dict[str, Any]]:
    """Time each import statement in fresh processes, interleaved, ``repeat`` rounds."""
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in IMPORTS}
    for name, code in IMPORTS.items():  # one warm-up round: file system caches
        run_timed([sys.executable, "-c", code], cwd=str(REPO))
        del name
    for _ in range(repeat):
        for name, code in IMPORTS.items():
            result = run_timed([sys.executable, "-c", code], cwd=str(REPO))
            if result["returncode"] != 0:
                raise RuntimeError(f"{code!r} failed:\n{result['stderr']}")
            runs[name].append(result)
    rows = []
    for name, results in runs.items():
        seconds = [r["seconds"] for r in results]
        rows.append(
            {
                "what": name,
                "median_s": statistics.median(seconds),
                "median_cpu_s": statistics.median(r["cpu_s"] for r in results),
                "min_s": min(seconds),
                "runs_s": seconds,
                "peak_rss_mb": max(r["peak_rss_mb"] for r in results),
            }
        )
    return rows


def slowest_imports(limit: int = 6) -> list[tuple[str, float]]:
    """Return ``kzgeo``'s cumulative import time and its slowest direct imports (seconds).

    Parsed from ``python -X importtime -c "import kzgeo"``: each line is ``self | cumulative |
    name``, with the name indented two spaces a level.
    """
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import kzgeo"],
        capture_output=True,
        text=True,
        check=True,
        cwd=str(REPO),
    )
    entries: list[tuple[int, str, float]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        entries.append((depth, name.strip(), int(cumulative) / 1e6))
    total = [(n, s) for d, n, s in entries if d == 0 and n == "kzgeo"]
    # the direct imports of kzgeo are the depth-1 entries listed just before it
    children: list[tuple[str, float]] = []
    for depth, name, seconds in reversed(entries[: len(entries) - 1]):
        if depth == 0:
            break
        if depth == 1:
            children.append((name, seconds))
    return total + sorted(children, key=lambda e: -e[1])[:limit]


def _build_once(
    extra: list[str], env: dict[str, str] | None = None, tree: Path = REPO
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kzgeo-bench-build-") as tmp:
        out = Path(tmp) / "out"
        # run from the tree: ``python -m`` puts the working folder first on sys.path
        env = {**(env or {}), "PYTHONPATH": str(tree)}
        result = run_timed(build_command(str(out), extra), cwd=str(tree), env=env)
        if result["returncode"] == 0:
            result["files"] = {f.name: f.stat().st_size for f in sorted(out.iterdir())}
        return result


def _bytecode(folder: Path) -> dict[str, str]:
    """Let the build keep kzgeo's compiled bytecode in ``folder``, as an installed kzgeo has it.

    pip compiles a package when it installs it, and Python caches a checkout's bytecode on its
    first import; a shell with ``PYTHONDONTWRITEBYTECODE`` set would instead compile all of
    kzgeo's modules on every run (about 0.15 s), which no user's build does. The folder is
    the run's own (``PYTHONPYCACHEPREFIX``), so nothing is written into the tree; as that
    folder then holds the bytecode of every module (the libraries' too), the warm-up run
    before the timed ones fills it.
    """
    return {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(folder / "pycache")}


def time_build(
    repeat: int, extra: list[str], other_tree: Path | None = None, *, bytecode: bool = True
) -> dict[str, Any]:
    """Run ``kzgeo build`` ``repeat`` times; return times, memory and the files written.

    One run with an empty cache folder comes first (``first_run_s``); the timed runs use a
    cache folder filled by one run before them. With ``other_tree`` (another checkout of kzgeo, e.g.
    an older commit), its build runs after each timed run, interleaved (``other``).
    """
    if importlib.util.find_spec("kzgeo.cli") is None:
        return {"available": False}
    with tempfile.TemporaryDirectory(prefix="kzgeo-bench-cache-") as cache:
        first = _build_once(extra, {"KZGEO_CACHE_DIR": cache})
    if first["returncode"] != 0:
        return {"available": True, "failed": first}
    # each tree has a cache folder of its own, filled by one warm-up run: a cache entry is
    # named after kzgeo's source, and the cache keeps one entry a name, so two trees (or
    # another checkout's tests running meanwhile) sharing one folder would rebuild it each run
    with (
        tempfile.TemporaryDirectory(prefix="kzgeo-bench-cache-") as own,
        tempfile.TemporaryDirectory(prefix="kzgeo-bench-cache-") as theirs,
    ):
        mine = {"KZGEO_CACHE_DIR": own, **(_bytecode(Path(own)) if bytecode else {})}
        other_env = {"KZGEO_CACHE_DIR": theirs, **(_bytecode(Path(theirs)) if bytecode else {})}
        _build_once(extra, mine)
        if other_tree:
            _build_once(extra, other_env, tree=other_tree)
        runs, others = [], []
        for _ in range(repeat):
            result = _build_once(extra, mine)
            if result["returncode"] != 0:
                return {"available": True, "failed": result}
            runs.append(result)
            if other_tree:
                others.append(_build_once(extra, other_env, tree=other_tree))
    seconds = [r["seconds"] for r in runs]
    other = (
        {
            "tree": str(other_tree),
            "median_s": statistics.median(r["seconds"] for r in others),
            "runs_s": [r["seconds"] for r in others],
            "median_cpu_s": statistics.median(r["cpu_s"] for r in others),
            "returncodes": sorted({r["returncode"] for r in others}),
        }
        if others
        else None
    )
    return {
        "other": other,
        "available": True,
        "command": " ".join(build_command("OUT", extra)),
        "bytecode_cached": bytecode,
        "median_s": statistics.median(seconds),
        "runs_s": seconds,
        "median_cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "first_run_s": first["seconds"],
        "first_run_cpu_s": first["cpu_s"],
        "first_run_peak_rss_mb": first["peak_rss_mb"],
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "files": runs[-1]["files"],
        "summary": runs[-1]["stdout"].splitlines()[:1],
    }


def write_sites_register(folder: Path, n: int) -> Path:
    """Write a register of ``n`` one-site projects (gazetteer places in mixed spellings)."""
    import numpy as np  # noqa: PLC0415 - only this part needs it

    from kzgeo.testing import variant_sites  # noqa: PLC0415

    sites = variant_sites(n, seed=5)
    rng = np.random.default_rng(5)
    folder.mkdir(parents=True)
    projects = sites[["project_id"]].assign(
        company=[f"Company {k % 500}" for k in range(n)],
        investment_kzt=[f"{v:.1f} bn" for v in rng.uniform(0.5, 50, n)],
        jobs=rng.integers(10, 800, n),
    )
    projects.to_csv(folder / "projects.csv", index=False)
    sites[["site_id", "project_id", "settlement", "region"]].to_csv(
        folder / "sites.csv", index=False
    )
    return folder


def time_scaling(sizes: list[int]) -> list[dict[str, Any]]:
    """``kzgeo build`` on registers of ``sizes`` sites: wall time and peak memory, one run each."""
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="kzgeo-bench-build-n-") as tmp:
            register = write_sites_register(Path(tmp) / "reg", n)
            result = run_timed(
                build_command(str(Path(tmp) / "out"), [str(register)]), cwd=str(REPO)
            )
            rows.append(
                {
                    "sites": n,
                    "returncode": result["returncode"],
                    "seconds": result["seconds"],
                    "cpu_s": result["cpu_s"],
                    "peak_rss_mb": result["peak_rss_mb"],
                }
            )
            print(
                f"  kzgeo build, {n:,} sites: {fmt_s(result['seconds'])} s "
                f"(CPU {fmt_s(result['cpu_s'])} s), "
                f"peak RSS {fmt_mb(result['peak_rss_mb'])} MiB (exit {result['returncode']})",
                flush=True,
            )
    return rows


def main() -> int:
    """Time the imports and the build, print both, write results/build.json."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=5, help="import runs (median)")
    parser.add_argument("--build-repeat", type=int, default=5, help="build runs (median)")
    parser.add_argument(
        "--build-args",
        default="",
        help="extra arguments for kzgeo build, e.g. a register path (default: seed register)",
    )
    parser.add_argument(
        "--other-tree",
        type=Path,
        default=None,
        help="also time kzgeo build from this checkout (e.g. an older commit, git archive)",
    )
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="time the builds as the shell runs them (with PYTHONDONTWRITEBYTECODE set, kzgeo "
        "is compiled on every run)",
    )
    parser.add_argument(
        "--sites",
        default="1e4,1e5",
        help="register sizes (sites) for the scaling runs; '' to skip them",
    )
    args = parser.parse_args()
    info = header("bench_build: import time and kzgeo build")

    imports = time_imports(args.repeat)
    base = next(r for r in imports if r["what"].startswith("import geopandas"))
    bare = next(r for r in imports if r["what"] == "python -c pass")
    print(
        table(
            [
                "what",
                f"median of {args.repeat} s",
                "min s",
                "minus start-up s",
                "vs geopandas",
                "median CPU s",
                "peak RSS MiB",
            ],
            [
                [
                    r["what"],
                    fmt_s(r["median_s"]),
                    fmt_s(r["min_s"]),
                    fmt_s(r["median_s"] - bare["median_s"]),
                    f"{r['median_s'] / base['median_s']:.2f}",
                    fmt_s(r["median_cpu_s"]),
                    fmt_mb(r["peak_rss_mb"]),
                ]
                for r in imports
            ],
            left=1,
        )
    )
    slow = slowest_imports()
    print("\n`import kzgeo` under python -X importtime (cumulative; then its slowest imports):")
    print("  " + ", ".join(f"{name} {seconds:.3f} s" for name, seconds in slow))

    print()
    build = time_build(
        args.build_repeat,
        args.build_args.split(),
        args.other_tree,
        bytecode=not args.no_bytecode_cache,
    )
    if not build["available"]:
        print("kzgeo build: not available yet")
    elif "failed" in build:
        failed = build["failed"]
        print(f"kzgeo build: FAILED with exit code {failed['returncode']}")
        print(failed["stderr"][-2000:])
    else:
        compiled = "kzgeo's bytecode cached" if build["bytecode_cached"] else "compiled each run"
        print(f"kzgeo build ({build['command']}), seed register, {compiled}:")
        print(
            f"  median of {len(build['runs_s'])}: {fmt_s(build['median_s'])} s "
            f"(runs {', '.join(fmt_s(s) for s in build['runs_s'])}), "
            f"CPU {fmt_s(build['median_cpu_s'])} s (with the PNG child), "
            f"peak RSS {fmt_mb(build['peak_rss_mb'])} MiB; "
            f"{build['median_s'] / base['median_s']:.2f}x `import geopandas`"
        )
        print(
            f"  first run, empty cache of prepared indexes: {fmt_s(build['first_run_s'])} s, "
            f"CPU {fmt_s(build['first_run_cpu_s'])} s, "
            f"peak RSS {fmt_mb(build['first_run_peak_rss_mb'])} MiB"
        )
        print(
            "  wrote: "
            + ", ".join(f"{name} ({size / 1024:,.0f} KiB)" for name, size in build["files"].items())
        )
    other = build.get("other")
    if other:
        print(
            f"  interleaved, from {other['tree']}: median {fmt_s(other['median_s'])} s "
            f"(runs {', '.join(fmt_s(s) for s in other['runs_s'])}), "
            f"CPU {fmt_s(other['median_cpu_s'])} s, exit codes {other['returncodes']}"
        )
    scaling = time_scaling([int(float(v)) for v in args.sites.split(",") if v])
    save(
        "build",
        {
            "machine": info,
            "imports": imports,
            "slowest_imports": slow,
            "scaling": scaling,
            "build": {k: v for k, v in build.items() if k != "failed"}
            | ({"failed_returncode": build["failed"]["returncode"]} if "failed" in build else {}),
        },
    )
    return 1 if "failed" in build else 0


if __name__ == "__main__":
    sys.exit(main())
