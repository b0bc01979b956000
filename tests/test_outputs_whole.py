"""Outputs whole or absent: killed, concurrent and disk-full builds; inputs never overwritten."""

from __future__ import annotations

import hashlib
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyogrio
import pytest

from kzgeo.register import seed_path
from tests.test_cli import BUILD_FILES

KZGEO = [sys.executable, "-m", "kzgeo"]


def _run(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [*KZGEO, *args], capture_output=True, text=True, check=False, **kwargs
    )


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _complete(folder: Path) -> bool:
    names = {p.name for p in folder.iterdir()}
    if names != BUILD_FILES:
        return False
    layers = {name for name, _ in pyogrio.list_layers(folder / "kzgeo.gpkg")}
    html = (folder / "map.html").read_text(encoding="utf-8")
    png = (folder / "map.png").read_bytes()
    return (
        layers == {"sites", "regions", "sez", "layer_styles"}
        and html.rstrip().endswith("</html>")
        and png.endswith(b"IEND\xaeB`\x82")
    )


def _stale(folder: Path) -> list[Path]:
    return list(folder.parent.glob(".kzgeo-stage-*"))


def test_killed_builds_leave_the_previous_outputs(tmp_path):
    out = tmp_path / "out"
    assert _run("build", "--out", str(out), "--quiet").returncode == 0
    previous = _digest(out)
    for delay in (0.3, 1.0, 2.0, 3.0, 4.5):
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [*KZGEO, "build", "--out", str(out), "--force", "--quiet"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _complete(out), delay
        now = _digest(out)
        if not finished and now != previous:
            # killed after its last rename but before exiting: the new set must be whole (the
            # GeoPackage is moved first and map.html last, and both differ between builds)
            assert now["kzgeo.gpkg"] != previous["kzgeo.gpkg"], delay
            assert now["map.html"] != previous["map.html"], delay
        previous = now
    assert _run("build", "--out", str(out), "--force", "--quiet").returncode == 0
    assert _complete(out)
    assert _stale(out) == []  # the next build removed what the killed ones left beside


def test_concurrent_builds_make_one_complete_set(tmp_path):
    out = tmp_path / "out"
    procs = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [*KZGEO, "build", "--out", str(out), "--quiet"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = []
    for p in procs:
        _, err = p.communicate()
        results.append((p.returncode, err))
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    refused = next(err for code, err in results if code == 2)
    assert "another kzgeo build is writing" in refused or "refusing to overwrite" in refused
    assert _complete(out)


def test_build_never_writes_over_its_register(tmp_path):
    reg = tmp_path / "reg"
    shutil.copytree(seed_path(), reg)
    before = _digest(reg)
    proc = _run("build", str(reg), "--out", str(reg), "--force", "--quiet")
    assert proc.returncode == 2
    assert "is an input of this build" in proc.stderr
    assert _digest(reg) == before


def test_geocode_output_leaves_other_files_alone(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("sites.geojson", "sites.parquet", "regions.geojson"):
        (out / name).write_text("not kzgeo's", encoding="utf-8")
    proc = _run("geocode", str(seed_path()), "-o", str(out / "new.geojson"), "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert (out / "new.geojson").stat().st_size > 1000
    for name in ("sites.geojson", "sites.parquet", "regions.geojson"):
        assert (out / name).read_text(encoding="utf-8") == "not kzgeo's"
    proc = _run("regions", "-o", str(out / "my regions.geojson"))
    assert proc.returncode == 0, proc.stderr  # a name the user typed may have a space
    assert (out / "regions.geojson").read_text(encoding="utf-8") == "not kzgeo's"


def _limit_file_size() -> None:
    # a full disk, as the process sees it: writes past 300 kB fail with EFBIG
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))


def test_full_disk_changes_nothing(tmp_path):
    out = tmp_path / "out"
    assert _run("build", "--out", str(out), "--quiet").returncode == 0
    previous = _digest(out)
    proc = subprocess.run(  # noqa: S603 - our own interpreter and module
        [*KZGEO, "build", "--out", str(out), "--force", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=_limit_file_size,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "nothing in" in proc.stderr
    assert _digest(out) == previous
    assert _stale(out) == []


@pytest.mark.parametrize("name", ["map.html", "sites.csv"])
def test_a_folder_in_the_way_is_an_error(tmp_path, name):
    out = tmp_path / "out"
    (out / name).mkdir(parents=True)
    proc = _run("build", "--out", str(out), "--force", "--quiet")
    assert proc.returncode == 2
    assert "is a folder" in proc.stderr
    assert "Traceback" not in proc.stderr
