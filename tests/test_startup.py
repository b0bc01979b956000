"""Start-up work kept out of every build: the prepared-object cache and the PNG drawn aside.

Each shortcut is checked against the slow path it replaces: a cached gazetteer or region layer
equals one built from the files, a changed bundled file is checked again (and refused when
bad), and the PNG drawn in a child process is byte-for-byte the one drawn in-process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import kzgeo
from kzgeo._paths import geo_dir
from kzgeo.datasets import prepared as prep
from kzgeo.datasets import regions as regions_module
from kzgeo.errors import BoundaryError
from kzgeo.export import aside as aside_module
from kzgeo.export import export_map
from kzgeo.export.aside import Aside, prewarm
from kzgeo.geocoding import gazetteer as gaz
from kzgeo.geocoding.names import name_key
from kzgeo.join import cache as join_cache
from kzgeo.join import locate


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    kzgeo.options.cache_dir = tmp_path / "cache"
    return tmp_path / "cache" / "prepared"


def _counting(calls: list[int], value: object):
    def build() -> object:
        calls.append(1)
        return value

    return build


def test_prepared_builds_once_then_loads(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "input.csv"
    source.write_text("a,b\n1,2\n", encoding="utf-8")
    calls: list[int] = []
    first = prep.prepared("demo", _counting(calls, {"x": [1, 2]}), inputs=[source])
    again = prep.prepared("demo", _counting(calls, {"x": "other"}), inputs=[source])
    assert first == again == {"x": [1, 2]}
    assert len(calls) == 1
    assert len(list(cache.glob("demo-*.pickle"))) == 1


def test_prepared_rebuilds_when_an_input_changes_and_keeps_one_entry(
    cache: Path, tmp_path: Path
) -> None:
    source = tmp_path / "input.csv"
    source.write_text("a\n1\n", encoding="utf-8")
    calls: list[int] = []
    prep.prepared("demo", _counting(calls, "old"), inputs=[source])
    source.write_text("a\n2\n", encoding="utf-8")
    assert prep.prepared("demo", _counting(calls, "new"), inputs=[source]) == "new"
    assert len(calls) == 2
    assert len(list(cache.glob("demo-*.pickle"))) == 1  # the stale entry is gone


def test_prepared_key_covers_kzgeo_code_and_library_versions(tmp_path: Path) -> None:
    source = tmp_path / "input.csv"
    source.write_text("a\n1\n", encoding="utf-8")
    key = prep.cache_key("demo", [source])
    prep._code_digest.cache_clear()
    prep._versions.cache_clear()
    assert prep.cache_key("demo", [source]) == key  # deterministic
    assert "pandas==" in prep._versions()
    assert "pycountry==" in prep._versions()
    assert prep.cache_key("other", [source]) != key


def test_a_corrupt_entry_is_rebuilt(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "input.csv"
    source.write_text("a\n1\n", encoding="utf-8")
    prep.prepared("demo", lambda: "value", inputs=[source])
    (entry,) = cache.glob("demo-*.pickle")
    entry.write_bytes(b"\x80\x05not a pickle")
    calls: list[int] = []
    assert prep.prepared("demo", _counting(calls, "value"), inputs=[source]) == "value"
    assert calls == [1]


def test_an_unwritable_cache_costs_only_the_rebuild(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    kzgeo.options.cache_dir = blocker  # <file>/prepared cannot be created
    source = tmp_path / "input.csv"
    source.write_text("a\n1\n", encoding="utf-8")
    calls: list[int] = []
    for _ in range(2):
        assert prep.prepared("demo", _counting(calls, 7), inputs=[source]) == 7
    assert len(calls) == 2


def test_the_cache_can_be_switched_off(cache: Path, tmp_path: Path) -> None:
    kzgeo.options.prepared_cache = False
    source = tmp_path / "input.csv"
    source.write_text("a\n1\n", encoding="utf-8")
    calls: list[int] = []
    for _ in range(2):
        prep.prepared("demo", _counting(calls, 1), inputs=[source])
    assert len(calls) == 2
    assert not cache.exists()


def test_cached_gazetteer_equals_one_built_from_the_files(cache: Path) -> None:
    gaz._default.cache_clear()
    try:
        stored = gaz._default()  # built and stored
        gaz._default.cache_clear()
        loaded = gaz._default()  # loaded from the entry just written
    finally:
        gaz._default.cache_clear()
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 1
    fresh = gaz._from_bundled()
    for got in (stored, loaded):
        pd.testing.assert_frame_equal(got.entities, fresh.entities)
        pd.testing.assert_frame_equal(got.names, fresh.names)
        assert list(got.records) == list(fresh.records)
        pd.testing.assert_frame_equal(  # as frames: NaN equals NaN (the country has no point)
            pd.DataFrame(list(got.records.values())), pd.DataFrame(list(fresh.records.values()))
        )
        assert got.not_current_sez == fresh.not_current_sez
        assert got.zone_settlements == fresh.zone_settlements
        key = name_key("Алматы")
        assert got.exact("place", key) == fresh.exact("place", key) != []


def test_cached_regions_equal_the_checked_file(cache: Path) -> None:
    regions_module._read.cache_clear()
    try:
        for _ in range(2):  # stored, then loaded
            regions_module._read.cache_clear()
            got = kzgeo.load_regions("full")
            fresh = regions_module._checked(geo_dir() / "regions.geojson")
            pd.testing.assert_frame_equal(pd.DataFrame(got), pd.DataFrame(fresh))
    finally:
        regions_module._read.cache_clear()


def test_a_changed_bundled_file_is_checked_again(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a good file cached first, then a bad copy with a new hash: the check must run and refuse
    for name in ("regions.geojson", "regions_map.geojson"):
        shutil.copy(geo_dir() / name, tmp_path / name)
    monkeypatch.setattr(regions_module, "geo_dir", lambda: tmp_path)
    regions_module._read.cache_clear()
    try:
        assert len(kzgeo.load_regions("full")) == 20
        data = json.loads((tmp_path / "regions.geojson").read_text(encoding="utf-8"))
        data["features"][0]["properties"]["iso_3166_2"] = "KZ-99"
        (tmp_path / "regions.geojson").write_text(json.dumps(data), encoding="utf-8")
        regions_module._read.cache_clear()
        with pytest.raises(BoundaryError, match="KZ-99"):
            kzgeo.load_regions("full")
    finally:
        regions_module._read.cache_clear()


def _pid_writer(path: Path, *, fail_in_child: bool = False):
    parent = os.getpid()

    def draw() -> Path:
        if fail_in_child and os.getpid() != parent:
            raise RuntimeError("drawing failed in the child")
        path.write_text(str(os.getpid()), encoding="utf-8")
        return path

    return draw


@pytest.mark.skipif(sys.platform != "linux", reason="drawn aside only on Linux")
def test_aside_draws_in_a_child_process(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    kzgeo.options.draw_aside = True  # as `kzgeo build` sets it
    assert Aside(_pid_writer(target), target).result() == target
    assert int(target.read_text(encoding="utf-8")) != os.getpid()


def test_aside_draws_here_when_the_child_fails_or_is_off(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    kzgeo.options.draw_aside = True
    Aside(_pid_writer(target, fail_in_child=True), target).result()
    assert int(target.read_text(encoding="utf-8")) == os.getpid()
    target.unlink()
    kzgeo.options.draw_aside = False
    Aside(_pid_writer(target), target).result()
    assert int(target.read_text(encoding="utf-8")) == os.getpid()


def _write_pid(path: Path) -> None:  # module-level: a warm child is sent it pickled
    path.write_text(str(os.getpid()), encoding="utf-8")


def _warm_child() -> object:
    # read afresh: a type checker keeps the narrowing of a module attribute across calls
    return aside_module._warm


@pytest.mark.skipif(sys.platform != "linux", reason="drawn aside only on Linux")
def test_a_warm_child_draws_what_it_is_sent(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    kzgeo.options.draw_aside = True
    prewarm("json")
    assert aside_module._warm is not None
    warm = aside_module._warm.process.pid
    drawing = Aside(_pid_writer(target), target, task=(_write_pid, (target,)))
    assert _warm_child() is None  # taken: the next drawing forks its own child
    assert drawing.result() == target
    assert int(target.read_text(encoding="utf-8")) == warm != os.getpid()


@pytest.mark.skipif(sys.platform != "linux", reason="drawn aside only on Linux")
def test_a_warm_child_that_fails_leaves_the_drawing_to_this_process(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    kzgeo.options.draw_aside = True
    prewarm("kzgeo.no_such_module")  # its import fails in the child
    Aside(_pid_writer(target), target, task=(_write_pid, (target,))).result()
    assert int(target.read_text(encoding="utf-8")) == os.getpid()


@pytest.mark.skipif(sys.platform != "linux", reason="drawn aside only on Linux")
def test_a_drawing_that_does_not_pickle_forks_its_own_child(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    kzgeo.options.draw_aside = True
    prewarm()
    assert aside_module._warm is not None
    warm = aside_module._warm.process
    Aside(_pid_writer(target), target, task=(lambda p: p, (target,))).result()
    assert int(target.read_text(encoding="utf-8")) not in (os.getpid(), warm.pid)
    assert not warm.is_alive()  # the unused warm child was stopped


def test_a_library_call_draws_in_its_own_process(tmp_path: Path) -> None:
    # a notebook's or a server's process is not kzgeo's to fork: only the CLI turns it on
    target = tmp_path / "out.txt"
    Aside(_pid_writer(target), target).result()
    assert int(target.read_text(encoding="utf-8")) == os.getpid()


def test_an_error_of_the_drawing_reaches_the_caller(tmp_path: Path) -> None:
    def draw() -> None:
        raise ValueError("no regions to draw")

    with pytest.raises(ValueError, match="no regions to draw"):
        Aside(draw, tmp_path / "never.png").result()


def test_png_drawn_aside_is_the_png_drawn_in_process(tmp_path: Path) -> None:
    result = kzgeo.build()
    kzgeo.options.draw_aside = True
    aside = export_map(result, tmp_path / "aside")
    kzgeo.options.draw_aside = False
    here = export_map(result, tmp_path / "here")
    by_name = {p.name: p for p in here}
    for path in aside:
        if path.suffix in {".png", ".html"} and path.name != "map.html":
            # report.html embeds the PNG: equal bytes mean the same picture in both
            assert path.read_bytes() == by_name[path.name].read_bytes(), path.name


HEAVY_FOR_A_PNG = ("folium", "rapidfuzz", "yaml", "kzgeo.geocoding.sites")


@pytest.mark.parametrize(
    "statement",
    [
        "from kzgeo.mapping.static import save_png",
        "from kzgeo.mapping import save_png; import kzgeo.export.aside",
    ],
)
def test_the_png_path_imports_no_map_geocoder_or_register_loader(statement: str) -> None:
    # a fresh interpreter: this test process has imported everything already
    check = (
        f"{statement}; import sys; save_png.__name__; "
        f"print([m for m in {HEAVY_FOR_A_PNG!r} if m in sys.modules])"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed statement
        [sys.executable, "-c", check],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(kzgeo.__file__).parent.parent)},
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_join_indexes_kept_on_disk_give_the_same_answers(cache: Path) -> None:
    regions = kzgeo.load_regions("full")
    rng = np.random.default_rng(11)
    b = regions.total_bounds
    x, y = rng.uniform(b[0], b[2], 20_000), rng.uniform(b[1], b[3], 20_000)
    reference = locate(x, y, regions, method="sjoin")
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=4326)
    answers = []
    for _ in range(2):  # built and stored, then loaded from the entries
        join_cache.clear()
        answers.append(kzgeo.assign_regions(points, method="pieces"))
        got = locate(x, y, regions, method="pieces")
        assert np.array_equal(got[0], reference[0])
        assert np.array_equal(got[1], reference[1])
    join_cache.clear()
    kept = sorted(p.name.split("-")[1] for p in cache.glob("join-*.pickle"))
    # the grids and the snap table; the band and boundary pieces only serve points beyond the
    # snap table's grid, and these points are all within it
    assert kept == ["index", "snap"]
    pd.testing.assert_frame_equal(answers[0], answers[1])
    assert (answers[0]["join_status"] == "snapped").any()  # the snap table was used


def test_cache_folder_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZGEO_CACHE_DIR", str(tmp_path / "env"))
    assert prep.cache_folder() == tmp_path / "env" / "prepared"
    kzgeo.options.cache_dir = tmp_path / "option"
    assert prep.cache_folder() == tmp_path / "option" / "prepared"


def test_join_entries_are_capped(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "input.csv"
    source.write_text("a\n1\n", encoding="utf-8")
    for layer in range(5):
        prep.prepared(
            f"join-index-{layer:016d}", lambda: 1, inputs=[source], group="join-index", keep=3
        )
    assert len(list(cache.glob("join-index-*.pickle"))) == 3
    prep.prepared("gazetteer", lambda: 1, inputs=[source])
    assert len(list(cache.glob("*.pickle"))) == 4  # other groups untouched
