"""The machine and library versions a benchmark ran on, printed by every script.

Run it alone to see them: ``.venv/bin/python benchmarks/_machine.py``.
"""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata
from pathlib import Path

PACKAGES = ("numpy", "pandas", "geopandas", "shapely", "pyproj", "rapidfuzz", "dask")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return None


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, object]:
    """Return CPU model, core count, RAM, Python, GEOS and library versions."""
    import shapely  # noqa: PLC0415 - only the scripts that print the machine need it

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    info: dict[str, object] = {
        "cpu": _cpu_model(),
        "cores": cores,
        "ram_gb": round(_ram_gb() or 0.0, 1),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "geos": shapely.geos_version_string,
    }
    for package in PACKAGES:
        info[package] = _version(package)
    return info


def describe(info: dict[str, object] | None = None) -> str:
    """Return the machine as two short lines of text."""
    info = info or machine_info()
    libs = ", ".join(f"{p} {info[p]}" for p in PACKAGES)
    return (
        f"machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB RAM, {info['os']}\n"
        f"python {info['python']}, GEOS {info['geos']}, {libs}"
    )


if __name__ == "__main__":
    print(describe())
