"""Outputs whole or absent: killed, concurrent and disk-full builds; inputs never overwritten."""

from __future__ import annotations

import hashlib
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyogrio
import pytest

from kzgeo.export.staging import staged_output
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


WRITER = """
import sys, itertools
from kzgeo.export.staging import staged_output
names = [f"f{i:02d}.txt" for i in range(12)]
for generation in itertools.count():
    with staged_output(sys.argv[1], names, force=True) as stage:
        for name in names:
            (stage / name).write_text(str(generation) * 20000)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the atomic exchange is Linux's renameat2")
def test_a_kill_at_any_moment_leaves_one_whole_set(tmp_path):
    # a writer replaces a dozen files as fast as it can; killed at random moments, the folder
    # must always hold one generation of all of them (the per-file pass could mix two)
    out = tmp_path / "out"
    (tmp_path / "writer.py").write_text(WRITER, encoding="utf-8")
    rng = random.Random(5)  # noqa: S311 - kill moments, not secrets
    placed = False  # a first generation has been put in place
    for _ in range(25):
        proc = subprocess.Popen([sys.executable, str(tmp_path / "writer.py"), str(out)])  # noqa: S603
        time.sleep(0.4 + rng.random() * 0.6)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if not out.exists():
            continue
        files = list(out.iterdir())
        if not files:
            # killed before the first generation was put in place (the folder is created to be
            # locked): no output yet, as before the run; never once a set has been there
            assert not placed, "a folder that held a whole set was left empty"
            continue
        placed = True
        contents = {p.read_text(encoding="utf-8") for p in files}
        assert len(contents) == 1, sorted(c[:3] for c in contents)
        assert len(files) == 12


def test_the_exchange_keeps_the_users_files_and_the_folders_mode(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o755)
    (out / "my notes.txt").write_text("mine", encoding="utf-8")
    (out / "b.txt").write_text("old b", encoding="utf-8")
    before = out.stat().st_ino
    with staged_output(out, ["a.txt", "b.txt"], force=True) as stage:
        (stage / "a.txt").write_text("new a", encoding="utf-8")  # b.txt not written again
    assert (out / "a.txt").read_text(encoding="utf-8") == "new a"
    assert (out / "b.txt").read_text(encoding="utf-8") == "old b"
    assert (out / "my notes.txt").read_text(encoding="utf-8") == "mine"
    assert out.stat().st_mode & 0o777 == 0o755
    if sys.platform == "linux":
        assert out.stat().st_ino != before  # exchanged whole, not moved file by file
    assert _stale(out) == []


def test_a_folder_with_a_sub_folder_is_updated_file_by_file(tmp_path):
    out = tmp_path / "out"
    (out / "archive").mkdir(parents=True)
    before = out.stat().st_ino
    with staged_output(out, ["a.txt"], force=True) as stage:
        (stage / "a.txt").write_text("new", encoding="utf-8")
    assert out.stat().st_ino == before
    assert (out / "a.txt").read_text(encoding="utf-8") == "new"
    assert (out / "archive").is_dir()
