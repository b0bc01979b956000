"""dask-geopandas path: equal, row for row, to the in-memory join and to pandas totals."""

from __future__ import annotations

import sys

import dask
import dask_geopandas
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from dask.distributed import Client

import kzgeo
from kzgeo.join.distributed import INSTALL_HINT, assign_regions_dask, region_totals_dask

N = 5_000
TEXT = pd.Series(["a"]).dtype  # pandas' string dtype: what the dask path gives text columns


@pytest.fixture(scope="module")
def points() -> gpd.GeoDataFrame:
    """~5,000 random points over Kazakhstan's bounding box, with every kind of hard case.

    Uniform points (inside, outside, near borders), missing and empty geometry, swapped
    lat/lon, points a little off the Caspian shore, points in TURAN's sub-zones, a region
    hint column and a non-default, shuffled index.
    """
    rng = np.random.default_rng(7)
    regions = kzgeo.load_regions("full")
    x0, y0, x1, y1 = regions.total_bounds
    x = rng.uniform(x0, x1, N)
    y = rng.uniform(y0, y1, N)
    geoms = shapely.points(x, y)
    # swapped lat/lon: (lat, lon) of real places
    geoms[:40] = shapely.points(rng.uniform(42.5, 52.0, 40), rng.uniform(68.0, 80.0, 40))
    # in TURAN's sub-zones (and around them)
    turan = kzgeo.load_sez().set_index("sez_id").geometry["turan"]
    tx0, ty0, tx1, ty1 = turan.bounds
    geoms[40:140] = shapely.points(rng.uniform(tx0, tx1, 100), rng.uniform(ty0, ty1, 100))
    # just off the Caspian shore (snapped) and farther out
    geoms[140:200] = shapely.points(rng.uniform(49.5, 50.3, 60), rng.uniform(44.0, 45.5, 60))
    geoms[200:260] = None
    geoms[260:280] = shapely.Point()
    hint = np.full(N, None, dtype=object)
    hint[rng.random(N) < 0.5] = "KZ-75"
    frame = gpd.GeoDataFrame(
        {
            "value": rng.integers(0, 1_000, N),
            "amount": rng.random(N) * 1e6,
            "region_hint_iso": hint,
        },
        geometry=geoms,
        crs=4326,
    )
    frame.index = pd.Index(rng.permutation(N) * 3 + 11, name="site")
    return frame


@pytest.fixture(scope="module")
def expected(points: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return kzgeo.assign_regions(points)


@pytest.fixture(scope="module")
def joined(points: gpd.GeoDataFrame) -> dask_geopandas.GeoDataFrame:
    return assign_regions_dask(dask_geopandas.from_geopandas(points, npartitions=4, sort=False))


def test_the_sample_has_every_join_status(expected):
    counts = kzgeo.join.status_counts(expected)
    for status in (
        "no-point",
        "inside",
        "outside-kazakhstan",
        "snapped",
        "swapped-latlon",
        "region-mismatch",
    ):
        assert counts[status] > 0, status
    assert expected["sez_part_id"].notna().any()


def test_dask_join_equals_in_memory_join_row_for_row(joined, expected):
    assert joined.npartitions == 4
    with dask.config.set(scheduler="threads"):
        got = joined.compute()
    assert list(got.index) == list(expected.index)
    assert got.index.name == "site"
    assert list(got.columns) == list(expected.columns)
    assert got.crs == expected.crs
    # the dask path fixes the text dtype; the values are the in-memory ones, row for row
    for column in ("region_iso", "sez_id", "sez_part_id", "join_status", "join_note"):
        assert got[column].dtype == TEXT
    pd.testing.assert_frame_equal(got, expected.astype(got.dtypes.to_dict()), check_exact=True)
    same = shapely.equals_exact(got.geometry.to_numpy(), expected.geometry.to_numpy())
    both_missing = got.geometry.isna().to_numpy() & expected.geometry.isna().to_numpy()
    assert np.all(same | both_missing)


def test_meta_matches_every_partition(joined):
    parts = [joined.get_partition(i).compute() for i in range(joined.npartitions)]
    meta = joined._meta
    for part in parts:
        assert part.dtypes.to_dict() == meta.dtypes.to_dict()
    assert sum(len(p) for p in parts) == N


def test_synchronous_scheduler_and_options_fixed_when_the_graph_is_built(points):
    sample = points.iloc[140:200]
    with kzgeo.options.context(snap_tolerance_m=1.0):
        lazy = assign_regions_dask(dask_geopandas.from_geopandas(sample, npartitions=2, sort=False))
        strict = kzgeo.assign_regions(sample)
    # options changed after the graph was built do not change the result
    with dask.config.set(scheduler="synchronous"):
        got = lazy.compute()
    pd.testing.assert_frame_equal(got, strict.astype(got.dtypes.to_dict()))


def test_user_layers_and_keyword_arguments_are_passed_on(points):
    regions = kzgeo.load_regions("map").rename(columns={"iso_3166_2": "code"})
    sample = points.iloc[:500]
    expected = kzgeo.assign_regions(
        sample, regions=regions, sez=regions.iloc[:0], region_id="code", hint_column=None
    )
    got = assign_regions_dask(
        dask_geopandas.from_geopandas(sample, npartitions=3, sort=False),
        regions=regions,
        sez=regions.iloc[:0],
        region_id="code",
        hint_column=None,
    ).compute()
    pd.testing.assert_frame_equal(got, expected.astype(got.dtypes.to_dict()))


def test_region_totals_equal_pandas_groupby(joined, expected):
    got = region_totals_dask(joined, ["value", "amount"])
    want = expected.groupby("region_iso")[["value", "amount"]].sum()
    assert list(got.index) == list(want.index)
    assert got.index.name == "region_iso"
    assert list(got.columns) == ["value", "amount"]
    pd.testing.assert_series_equal(got["value"], want["value"], check_exact=True)
    # float sums are added up in another order: equal to the last bits only
    np.testing.assert_allclose(got["amount"], want["amount"], rtol=1e-12)
    assert int(got["value"].sum()) == int(expected.loc[expected.region_iso.notna(), "value"].sum())


def test_region_totals_by_another_key(joined, expected):
    got = region_totals_dask(joined, ["value"], key="sez_id")
    want = expected.groupby("sez_id")[["value"]].sum()
    assert got["value"].to_dict() == want["value"].to_dict()


def test_region_totals_unknown_column(joined):
    with pytest.raises(KeyError, match="not columns"):
        region_totals_dask(joined, ["nope"])


def test_distributed_client_in_process(points):
    sample = points.iloc[:1_000]
    expected = kzgeo.assign_regions(sample)
    with Client(processes=False, n_workers=1, threads_per_worker=2) as client:
        got = client.compute(
            assign_regions_dask(dask_geopandas.from_geopandas(sample, npartitions=2, sort=False))
        ).result()
    pd.testing.assert_frame_equal(got, expected.astype(got.dtypes.to_dict()))


def test_geopandas_frame_is_refused(points):
    with pytest.raises(TypeError, match="from_geopandas"):
        assign_regions_dask(points)


def test_progress_is_refused(points):
    with pytest.raises(TypeError, match="ProgressBar"):
        assign_regions_dask(
            dask_geopandas.from_geopandas(points, npartitions=2, sort=False), progress=print
        )


def test_missing_extra_names_the_install_command(monkeypatch, points):
    monkeypatch.setitem(sys.modules, "dask_geopandas", None)
    with pytest.raises(ImportError, match=r"pip install \"kzgeo\[dask\]\""):
        assign_regions_dask(points)
    assert "kzgeo[dask]" in INSTALL_HINT
