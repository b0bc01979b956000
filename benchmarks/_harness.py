"""Shared plumbing of the benchmark scripts: one process a method, tables, JSON results.

Every measured method runs in a fresh interpreter (the same script with ``--worker SPEC``), so
its peak resident memory (``ru_maxrss`` of that process) covers only its own data creation and
work, and no cache of an earlier method can help it. The worker prints one ``RESULT {json}``
line; :func:`run_worker` returns that dictionary.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from _machine import describe, machine_info

RESULTS_DIR = Path(__file__).resolve().parent / "results"
MARKER = "RESULT "
SEED = 42


def uniform_points(n: int, *, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Return the x and y of ``n`` points uniform over the regions' bounds (the same every run)."""
    import kzgeo  # noqa: PLC0415 - the parent process does not need it

    x0, y0, x1, y1 = kzgeo.load_regions("full").total_bounds
    rng = np.random.default_rng(seed)
    x = rng.uniform(x0, x1, n)
    y = rng.uniform(y0, y1, n)
    return x, y


def peak_rss_mb() -> float:
    """Return this process's peak resident set size so far, in MiB (Linux: KiB units)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(result: dict[str, Any]) -> None:
    """Print a worker's result for the parent (the last line it reads)."""
    print(MARKER + json.dumps(result), flush=True)


def run_worker(
    script: str, spec: dict[str, Any], *, timeout: float = 1800.0, extra: list[str] | None = None
) -> dict[str, Any]:
    """Run ``script --worker SPEC`` in a fresh interpreter and return its result.

    The result has the worker's own fields (``peak_rss_mb`` among them, read by the worker from
    its own ``ru_maxrss``) plus ``process_s``, the wall time of the whole process, start-up and
    data creation included.
    """
    command = [sys.executable, script, *(extra or []), "--worker", json.dumps(spec)]
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own script with our own interpreter
        command, capture_output=True, text=True, timeout=timeout, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise RuntimeError(f"worker {spec} failed with exit code {done.returncode}")
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARKER)]
    if not lines:
        sys.stderr.write(done.stdout + done.stderr)
        raise RuntimeError(f"worker {spec} printed no result")
    result: dict[str, Any] = json.loads(lines[-1][len(MARKER) :])
    result["process_s"] = elapsed
    return result


def fmt_s(seconds: float | None) -> str:
    """Format a duration."""
    if seconds is None:
        return "-"
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def fmt_mb(mb: float | None) -> str:
    """Format a memory size in MiB."""
    return "-" if mb is None else f"{mb:,.0f}"


def table(headers: list[str], rows: list[list[str]], *, left: int = 2) -> str:
    """Return a plain-text table: the first ``left`` columns left-aligned, the rest right."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        parts = [
            str(c).ljust(w) if i < left else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def header(title: str) -> dict[str, object]:
    """Print the title, date and machine; return the machine info for the results file."""
    info = machine_info()
    now = datetime.now(UTC).astimezone()
    print(f"== {title} ==  ({now:%Y-%m-%d %H:%M %Z})")
    print(describe(info))
    print()
    return info


def save(name: str, payload: dict[str, Any]) -> Path:
    """Write ``benchmarks/results/<name>.json`` and return its path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    payload = {"benchmark": name, "date": datetime.now(UTC).isoformat(), **payload}
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nresults written to {path}")
    return path


def parse_sizes(text: str) -> list[int]:
    """Parse ``1e5,1e6,1e7`` into integers."""
    return [int(float(s)) for s in text.split(",") if s.strip()]


def size_label(n: int) -> str:
    """Return ``1e6`` for 1,000,000 and the plain number otherwise."""
    exponent = len(str(n)) - 1
    return f"1e{exponent}" if n == 10**exponent else f"{n:,}"


def run_timed(
    command: list[str], *, cwd: str | None = None, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run a command; return its wall time, exit code, output and its own peak RSS.

    The child's rusage comes from ``os.wait4`` on that child alone, so each command's peak
    memory is its own (``RUSAGE_CHILDREN`` would give the largest of all children so far);
    Linux counts in it the processes the command itself waited for (``kzgeo build``'s PNG
    child). ``env`` adds to (or overrides) this process's environment.
    """
    environment = {**os.environ, **env} if env else None
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(  # noqa: S603
            command, stdout=out, stderr=err, cwd=cwd, env=environment
        )
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "seconds": elapsed,
            "returncode": child.returncode,
            "peak_rss_mb": usage.ru_maxrss / 1024,
            # user + system CPU of the command and the children it waited for: less sensitive
            # than wall time to other jobs on a shared machine
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "stdout": out.read().decode(errors="replace"),
            "stderr": err.read().decode(errors="replace"),
        }
