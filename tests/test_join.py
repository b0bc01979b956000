"""Spatial joins: regions, SEZs, snapping, swapped coordinates, mismatch, overlap rule."""

from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely import Point, box

import kzgeo
from kzgeo.crs import KZ_EQUAL_AREA
from kzgeo.errors import BoundaryError
from kzgeo.join import locate, status_counts
from kzgeo.join.assign import STATUS_ORDER
from kzgeo.join.cache import layer_info
from kzgeo.join.pieces import LOOK_CLOSER


def _pts(coords, **columns):
    return gpd.GeoDataFrame(
        columns, geometry=[Point(x, y) if x is not None else None for x, y in coords], crs=4326
    )


def test_inside_outside_and_index_preserved():
    pts = _pts([(76.95, 43.25), (69.2, 41.3), (71.43, 51.13)])
    pts.index = ["a", "b", "c"]
    out = kzgeo.assign_regions(pts)
    assert list(out.index) == ["a", "b", "c"]
    assert out.loc["a", "region_iso"] == "KZ-75"
    assert out.loc["b", "join_status"] == "outside-kazakhstan"
    assert out.loc["c", "region_iso"] == "KZ-71"


def _just_outside(iso, toward, metres):
    """A point ``metres`` outside region ``iso``'s border, on the way to ``toward``."""
    region = kzgeo.load_regions().set_index("iso_3166_2").to_crs(KZ_EQUAL_AREA).geometry[iso]
    target = gpd.GeoSeries([Point(*toward)], crs=4326).to_crs(KZ_EQUAL_AREA).iloc[0]
    edge = shapely.ops.nearest_points(region.boundary, target)[0]
    direction = np.array([target.x - edge.x, target.y - edge.y])
    direction /= np.linalg.norm(direction)
    moved = Point(edge.x + direction[0] * metres, edge.y + direction[1] * metres)
    return gpd.GeoSeries([moved], crs=KZ_EQUAL_AREA).to_crs(4326).iloc[0]


def test_point_off_the_caspian_shore_is_snapped_with_its_distance():
    point = _just_outside("KZ-47", (50.6, 43.4), 1500)
    out = kzgeo.assign_regions(_pts([(point.x, point.y)])).iloc[0]
    assert out.join_status == "snapped"
    assert out.region_iso == "KZ-47"
    assert out.join_distance_m == pytest.approx(1500, rel=0.05)


def test_point_over_the_uzbek_border_near_turkistan():
    near = _just_outside("KZ-61", (68.9, 40.9), 3000)
    far = _just_outside("KZ-61", (68.9, 40.9), 30000)
    out = kzgeo.assign_regions(_pts([(near.x, near.y), (far.x, far.y)]))
    assert list(out.join_status) == ["snapped", "outside-kazakhstan"]
    assert out.region_iso.iloc[0] == "KZ-61"
    with kzgeo.options.context(snap_tolerance_m=50_000):
        assert kzgeo.assign_regions(_pts([(far.x, far.y)])).join_status.iloc[0] == "snapped"


def test_swapped_lat_lon_is_reported_not_fixed():
    out = kzgeo.assign_regions(_pts([(43.25, 76.95)])).iloc[0]
    assert out.join_status == "swapped-latlon"
    assert out.region_iso is None or out.region_iso != out.region_iso
    assert "KZ-75" in out.join_note


def test_region_mismatch_keeps_both_values():
    pts = _pts([(76.95, 43.25)], region_hint_iso=["KZ-61"])
    out = kzgeo.assign_regions(pts).iloc[0]
    assert out.join_status == "region-mismatch"
    assert out.region_iso == "KZ-75"
    assert out.region_hint_iso == "KZ-61"
    assert "KZ-61" in out.join_note


def test_missing_geometry_is_kept():
    out = kzgeo.assign_regions(_pts([(None, None), (76.95, 43.25)]))
    assert list(out.join_status) == ["no-point", "inside"]


def test_other_crs_is_converted():
    pts = _pts([(76.95, 43.25)]).to_crs(3857)
    out = kzgeo.assign_regions(pts)
    assert out.region_iso.iloc[0] == "KZ-75"
    assert out.crs.to_epsg() == 3857  # the caller's geometry is left as it was


def test_non_points_are_refused():
    with pytest.raises(BoundaryError, match="not points"):
        kzgeo.assign_regions(gpd.GeoDataFrame(geometry=[box(70, 45, 71, 46)], crs=4326))


def test_points_without_crs_are_refused():
    with pytest.raises(BoundaryError, match="no CRS"):
        kzgeo.assign_regions(gpd.GeoDataFrame(geometry=[Point(70, 45)]))


def test_overlap_rule_smallest_polygon_wins_counted_once():
    big = box(70, 40, 80, 50)
    small = box(74, 44, 76, 46)
    regions = gpd.GeoDataFrame({"iso_3166_2": ["BIG", "SMALL"]}, geometry=[big, small], crs=4326)
    pts = _pts([(75, 45), (71, 41)])
    out = kzgeo.assign_regions(pts, regions=regions, sez=gpd.GeoDataFrame())
    assert list(out.region_iso) == ["SMALL", "BIG"]
    assert list(out.join_status) == ["overlap", "inside"]
    assert "BIG" in out.join_note.iloc[0]


def test_invalid_user_boundaries_are_refused():
    bowtie = shapely.Polygon([(70, 40), (72, 42), (72, 40), (70, 42), (70, 40)])
    regions = gpd.GeoDataFrame({"iso_3166_2": ["X"]}, geometry=[bowtie], crs=4326)
    with pytest.raises(BoundaryError, match="Self-intersection"):
        kzgeo.assign_regions(_pts([(71, 41)]), regions=regions)


def test_boundaries_in_another_crs_work():
    regions = kzgeo.load_regions("map").to_crs(KZ_EQUAL_AREA)
    out = kzgeo.assign_regions(_pts([(76.95, 43.25)]), regions=regions)
    assert out.region_iso.iloc[0] == "KZ-75"


def test_sez_join_and_subzone():
    turan_airport = kzgeo.load_sez().set_index("sez_id").geometry["turan-airport"]
    p = turan_airport.representative_point()
    out = kzgeo.assign_regions(_pts([(p.x, p.y), (76.95, 43.25)]))
    assert out.sez_id.iloc[0] == "turan"
    assert out.sez_part_id.iloc[0] == "turan-airport"
    assert out.sez_id.iloc[1] is None or out.sez_id.iloc[1] != out.sez_id.iloc[1]


def test_statuses_partition_the_rows():
    pts = _pts([(76.95, 43.25), (69.2, 41.3), (43.25, 76.95), (None, None)])
    counts = status_counts(kzgeo.assign_regions(pts))
    assert sum(counts.values()) == 4


@pytest.mark.parametrize("n", [500, 30_000])
def test_fast_path_equals_sjoin(n):
    rng = np.random.default_rng(n)
    regions = kzgeo.load_regions()
    b = regions.total_bounds
    x = rng.uniform(b[0], b[2], n)
    y = rng.uniform(b[1], b[3], n)
    # include points exactly on the cutting grid and on region vertices
    grid = np.arange(47.0, 87.0, 0.5)
    x[:40] = grid[:40]
    vertices = shapely.get_coordinates(regions.geometry.iloc[5])[:50]
    x[40:90], y[40:90] = vertices[:, 0], vertices[:, 1]
    fast = locate(x, y, regions, method="pieces")
    slow = locate(x, y, regions, method="sjoin")
    assert np.array_equal(fast[0], slow[0])
    assert np.array_equal(fast[1], slow[1])


THREADS_SCRIPT = """
import sys
from concurrent.futures import ThreadPoolExecutor

import geopandas as gpd
import numpy as np
import shapely

import kzgeo

regions = kzgeo.load_regions("full")
bounds = regions.total_bounds


def run(seed, layer):
    rng = np.random.default_rng(seed)
    n = 20_000
    x = rng.uniform(bounds[0], bounds[2], n)
    y = rng.uniform(bounds[1], bounds[3], n)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=4326)
    out = kzgeo.assign_regions(points, regions=layer, method="pieces")
    return out["region_iso"].fillna("-").tolist()


for rep in range(8):
    # a new layer each round (shifted by 1e-7 degrees), so its index starts cold, and the
    # threads are the first to use it
    layer = regions.copy()
    layer["geometry"] = shapely.transform(regions.geometry.to_numpy(), lambda c: c + rep * 1e-7)
    with ThreadPoolExecutor(3) as pool:
        threaded = list(pool.map(run, range(6), [layer] * 6))
    if threaded != [run(seed, layer) for seed in range(6)]:
        sys.exit("threaded joins differ from serial ones")
print("ok")
"""


def test_joins_from_many_threads_match_serial_and_do_not_crash():
    """Dask's threaded scheduler runs joins concurrently; GEOS prepared geometries shared
    between threads corrupted the heap (abort) before the layer cache became per-thread."""
    done = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, "-c", THREADS_SCRIPT],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


def test_points_on_the_western_border_are_not_swapped():
    # on the Atyrau / West Kazakhstan border; read swapped it would also be in Kazakhstan
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy([48.591316, 48.6], [46.600907, 46.55]), crs=4326
    )
    joined = kzgeo.assign_regions(points)
    assert set(joined["join_status"]) <= {"inside", "snapped"}
    assert set(joined["region_iso"]) <= {"KZ-23", "KZ-27"}
    # Almaty written lon=43.25, lat=76.95 (the Arctic): far from Kazakhstan as given
    swapped = gpd.GeoDataFrame(geometry=gpd.points_from_xy([43.25], [76.95]), crs=4326)
    assert kzgeo.assign_regions(swapped)["join_status"].tolist() == ["swapped-latlon"]


def test_categorical_columns_hold_the_same_values_as_the_str_columns():
    turan_airport = kzgeo.load_sez().set_index("sez_id").geometry["turan-airport"]
    sub = turan_airport.representative_point()
    shore = _just_outside("KZ-47", (50.6, 43.4), 1500)
    rng = np.random.default_rng(3)
    b = kzgeo.load_regions().total_bounds
    coords = [(sub.x, sub.y), (shore.x, shore.y), (43.25, 76.95), (69.2, 41.3), (None, None)]
    xs, ys = rng.uniform(b[0], b[2], 2000), rng.uniform(b[1], b[3], 2000)
    coords += list(zip(xs, ys, strict=True))
    pts = _pts(coords, region_hint_iso=["KZ-19"] * len(coords))
    plain = kzgeo.assign_regions(pts)
    coded = kzgeo.assign_regions(pts, categorical=True)
    statuses = set(plain["join_status"])
    assert {"inside", "snapped", "swapped-latlon", "no-point", "region-mismatch"} <= statuses
    for column in ("region_iso", "sez_id", "sez_part_id", "join_status"):
        assert isinstance(coded[column].dtype, pd.CategoricalDtype), column
        assert coded[column].isna().tolist() == plain[column].isna().tolist(), column
        got = coded[column].astype(object).where(coded[column].notna(), None)
        want = plain[column].astype(object).where(plain[column].notna(), None)
        assert got.tolist() == want.tolist(), column
    assert list(coded["join_status"].cat.categories) == list(STATUS_ORDER)
    assert sorted(coded["region_iso"].cat.categories) == sorted(kzgeo.load_regions().iso_3166_2)
    assert "turan" in coded["sez_id"].cat.categories  # named once, not once per sub-zone
    assert coded["sez_id"].cat.categories.is_unique
    for column in ("join_note", "join_distance_m"):
        assert coded[column].equals(plain[column]), column


def test_categorical_with_no_sez_layer():
    empty = kzgeo.load_sez().iloc[:0]
    out = kzgeo.assign_regions(_pts([(76.95, 43.25)]), sez=empty, categorical=True)
    assert out["sez_id"].isna().all()
    assert out["region_iso"].tolist() == ["KZ-75"]


def test_progress_is_done_and_total_like_the_geocoders():
    pts = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy([76.9, 71.4, 0.0], [43.2, 51.1, 0.0]), crs=4326
    )
    calls: list[tuple[int, int]] = []
    kzgeo.assign_regions(pts, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (3, 3)
    assert all(total == 3 and 0 <= done <= 3 for done, total in calls)


def test_an_unknown_join_method_is_refused_with_the_choices():
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([76.9], [43.2]), crs=4326)
    with pytest.raises(ValueError, match="method must be one of 'auto', 'sjoin', 'pieces'"):
        kzgeo.assign_regions(pts, method="piece")  # type: ignore[arg-type]


def _hard_points(n, seed):
    """Uniform points over and around the regions, plus the hard cases of the grids.

    Vertices of the outline, points scattered within a few km of it (snapping, the Caspian's
    finely drawn shore), points on the fine and coarse grid lines, points far beyond the layer
    and a missing point. (Not points exactly on an edge between vertices: the coarse grid's
    clipped pieces do not keep edges to the last bit, a limit older than the fine grid.)
    """
    rng = np.random.default_rng(seed)
    regions = kzgeo.load_regions("full")
    x0, y0, x1, y1 = regions.total_bounds
    x, y = rng.uniform(x0 - 1, x1 + 1, n), rng.uniform(y0 - 1, y1 + 1, n)
    outline = shapely.get_coordinates(shapely.coverage_union_all(regions.geometry.to_numpy()))
    edge = outline[rng.choice(len(outline) - 1, 3000)]
    near = outline[rng.choice(len(outline), 6000)] + rng.normal(0, 0.06, (6000, 2))
    lines = np.column_stack([np.round(rng.uniform(x0, x1, 1000) * 64) / 64, y[:1000]])
    far = np.array([[10.0, 10.0], [120.0, 60.0], [x0 - 0.05, y0], [43.25, 76.95]])
    xy = np.vstack([np.column_stack([x, y]), edge, near, lines, far])
    geometry = [*gpd.points_from_xy(xy[:, 0], xy[:, 1]), None]
    return gpd.GeoDataFrame(geometry=geometry, crs=4326)


def test_grid_engine_gives_every_column_of_the_reference_engine():
    """The fine grids and the snap table (pieces) against sjoin and the STRtree (sjoin)."""
    points = _hard_points(40_000, 11)
    fast = kzgeo.assign_regions(points, method="pieces")
    slow = kzgeo.assign_regions(points, method="sjoin")
    assert {"inside", "snapped", "swapped-latlon", "outside-kazakhstan", "no-point"} <= set(
        slow["join_status"]
    )
    assert (slow["join_status"] == "snapped").sum() > 3000
    for column in ("region_iso", "sez_id", "sez_part_id", "join_status", "join_note"):
        assert fast[column].fillna("-").tolist() == slow[column].fillna("-").tolist(), column
    # the same distances to the last bit, not merely close ones
    assert np.array_equal(
        fast["join_distance_m"].to_numpy(), slow["join_distance_m"].to_numpy(), equal_nan=True
    )


@pytest.mark.parametrize("tolerance", [0.0, 500.0, 25_000.0])
def test_grid_engine_agrees_for_other_tolerances_and_a_user_layer(tolerance):
    regions = kzgeo.load_regions("full")
    # a user layer that is not a coverage: two regions overlap, a gap between two others
    layer = regions.iloc[:6].copy()
    first = layer.geometry.iloc[0]
    layer["geometry"] = [
        first,
        shapely.union(layer.geometry.iloc[1], first.buffer(-0.3)),  # overlaps the first
        *layer.geometry.iloc[2:5],
        layer.geometry.iloc[5].buffer(-0.03),
    ]
    points = _hard_points(20_000, 5)
    with kzgeo.options.context(snap_tolerance_m=tolerance):
        fast = kzgeo.assign_regions(points, regions=layer, method="pieces")
        slow = kzgeo.assign_regions(points, regions=layer, method="sjoin")
    assert "overlap" in set(slow["join_status"])
    for column in ("region_iso", "join_status", "join_note"):
        assert fast[column].fillna("-").tolist() == slow[column].fillna("-").tolist(), column
    assert np.array_equal(
        fast["join_distance_m"].to_numpy(), slow["join_distance_m"].to_numpy(), equal_nan=True
    )


def test_fine_grid_cells_are_conservative():
    """A cell coded as one polygon lies in its interior; a cell coded empty touches none."""
    regions = kzgeo.load_regions("full")
    fine = layer_info(regions).index.fine
    rng = np.random.default_rng(2)
    cells = rng.choice(len(fine.codes), 4000, replace=False)
    iy, ix = np.divmod(cells, fine.nx)
    boxes = shapely.box(
        fine.x0 + ix * fine.cell,
        fine.y0 + iy * fine.cell,
        fine.x0 + (ix + 1) * fine.cell,
        fine.y0 + (iy + 1) * fine.cell,
    )
    geometries = regions.geometry.to_numpy()
    codes = np.asarray(fine.codes[cells], dtype=np.int64)
    owned = codes >= 0
    assert owned.sum() > 1000
    assert (codes == -1).sum() > 1000
    assert (codes == LOOK_CLOSER).any()
    assert shapely.contains_properly(geometries[codes[owned]], boxes[owned]).all()
    empty = np.flatnonzero(codes == -1)
    tree = shapely.STRtree(geometries)
    assert not len(tree.query(boxes[empty], predicate="intersects")[0])
