"""Out-of-core and distributed joins with dask-geopandas (the optional ``kzgeo[dask]`` extra).

:func:`assign_regions_dask` runs :func:`kzgeo.assign_regions` on every partition of a
``dask_geopandas.GeoDataFrame`` and :func:`region_totals_dask` sums value columns per region.
Every rule of the join (snapping, swapped coordinates, overlaps, mismatch) looks at one point
at a time, so the partition-wise result equals the in-memory one row for row, with the same
index and columns; only the partitions being worked on need to fit in memory.

Nothing here imports dask until a function is called: ``import kzgeo.join`` stays cheap, and a
missing extra raises an :class:`ImportError` that names ``pip install "kzgeo[dask]"``.

Notes
-----
Where it runs: the functions only build a task graph; ``.compute()`` (or
:func:`region_totals_dask`, which computes) runs it on dask's current scheduler:

- by default the threaded scheduler of the local machine (``dask.config.set(scheduler=
  "threads")``; ``"synchronous"`` runs one partition at a time, the lowest memory use);
- a dask.distributed cluster, once a client is connected::

      from dask.distributed import Client

      client = Client("tcp://scheduler:8786")  # an existing cluster's scheduler
      # or a local one: Client(n_workers=2, threads_per_worker=1)
      joined = assign_regions_dask(points)
      totals = region_totals_dask(joined, ["investment_kzt"])  # runs on the cluster

Each worker loads kzgeo's bundled boundaries itself when ``regions``/``sez`` are left at
``None``; user layers are shipped to the workers once with the graph. Options are read when the
graph is built (``kzgeo.options.snap_tolerance_m`` is fixed then), not on the workers, whose
processes do not see options set in the client.

Measured caveat (``benchmarks/bench_dask.py``; figures in ``benchmarks/README.md``):
process-based workers (``Client(n_workers=2, threads_per_worker=1)``) pay for pickling. With
points made in the client (``dask_geopandas.from_geopandas``) and the joined frame collected
back, they were much slower than the threaded scheduler: every partition travels to a worker
and back. When the workers read GeoParquet themselves and only totals come back, they were not
reliably faster than threads and used more memory. On a small machine the gain of dask is
memory (a few partitions in flight instead of the whole table), not speed; load the data in
the workers (``read_parquet``) rather than scattering it from the client.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from kzgeo.join.assign import JoinRequest, assign_with
from kzgeo.settings import options

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType

    import dask.dataframe as dd
    import dask_geopandas
    import geopandas as gpd

INSTALL_HINT = 'pip install "kzgeo[dask]"'
# join columns holding text: their dtype is fixed so that every partition agrees with the meta
# (pandas infers ``object`` or ``str`` from the values, e.g. ``object`` for an all-empty column)
_TEXT_COLUMNS = ("region_iso", "sez_id", "sez_part_id", "join_status", "join_note")


def _require(module: str) -> ModuleType:
    """Import an optional dependency, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"kzgeo.join.distributed needs dask-geopandas and dask ({module} is missing): "
            f"{INSTALL_HINT}"
        ) from exc


def _text_dtype() -> Any:
    """Return the dtype pandas gives a column of strings (``str`` in pandas 3, else object)."""
    return pd.Series(["a"]).dtype


def _with_join_dtypes(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Give the join columns fixed dtypes (text as pandas' string dtype, distance as float)."""
    text = _text_dtype()
    for column in _TEXT_COLUMNS:
        frame[column] = frame[column].astype(text)
    frame["join_distance_m"] = frame["join_distance_m"].astype("float64")
    return frame


def _assign_partition(
    part: gpd.GeoDataFrame,
    regions: gpd.GeoDataFrame | None,
    sez: gpd.GeoDataFrame | None,
    kwargs: dict[str, Any],
) -> gpd.GeoDataFrame:
    """Join one partition (runs on the workers, whose options are not the client's)."""
    params = dict(kwargs)
    tolerance = params.pop("snap_tolerance_m")
    request = JoinRequest(regions=regions, sez=sez, **params)
    return _with_join_dtypes(assign_with(part, request, tolerance))


def assign_regions_dask(
    points: dask_geopandas.GeoDataFrame,
    *,
    regions: gpd.GeoDataFrame | None = None,
    sez: gpd.GeoDataFrame | None = None,
    **kwargs: Any,
) -> dask_geopandas.GeoDataFrame:
    """Join a dask-geopandas frame of points to regions and SEZs, partition by partition.

    Lazy: nothing runs until the result is computed (``.compute()``, ``.to_parquet(...)``,
    :func:`region_totals_dask`), on dask's current scheduler or dask.distributed client.

    Parameters
    ----------
    points
        Points in any CRS, in any number of partitions; rows with empty geometry are kept with
        status ``no-point``. The index and columns are kept as they are.
    regions
        Region polygons (default: kzgeo's full-resolution regions, loaded by each worker).
    sez
        SEZ polygons (default: kzgeo's SEZ leaves, loaded by each worker).
    **kwargs
        Other keyword arguments of :func:`kzgeo.assign_regions` (``region_id``,
        ``hint_column``, ``method``), and ``snap_tolerance_m``:
        the snap distance in metres, by default ``kzgeo.options.snap_tolerance_m`` as set when
        this function is called (the workers' own options are not the client's).

    Returns
    -------
    dask_geopandas.GeoDataFrame
        ``points`` with ``region_iso``, ``sez_id``, ``sez_part_id``, ``join_status``,
        ``join_distance_m`` and ``join_note`` added: the rows of
        ``kzgeo.assign_regions(points.compute())``, partitioned as ``points``. The text columns
        always have pandas' string dtype (``str`` in pandas 3), so that every partition has the
        same dtypes whatever its values; missing values are then ``NaN`` rather than ``None``.

    Raises
    ------
    ImportError
        If dask-geopandas is not installed (``pip install "kzgeo[dask]"``).
    TypeError
        If ``progress`` is passed: use dask's progress bars
        (``dask.diagnostics.ProgressBar`` or ``dask.distributed.progress``) instead.

    See Also
    --------
    kzgeo.assign_regions : The in-memory join, and the rules of ``join_status``.

    Examples
    --------
    >>> import dask_geopandas, geopandas as gpd
    >>> from shapely import Point
    >>> from kzgeo.join.distributed import assign_regions_dask
    >>> pts = gpd.GeoDataFrame(
    ...     {"jobs": [100, 20, 5]},
    ...     geometry=[Point(76.95, 43.25), Point(71.43, 51.13), Point(69.2, 41.3)],
    ...     crs=4326,
    ... )
    >>> joined = assign_regions_dask(dask_geopandas.from_geopandas(pts, npartitions=2))
    >>> joined.npartitions
    2
    >>> out = joined.compute()
    >>> out[["region_iso", "join_status"]].fillna("-").values.tolist()
    [['KZ-75', 'inside'], ['KZ-71', 'inside'], ['-', 'outside-kazakhstan']]
    """
    dgpd = _require("dask_geopandas")
    dask_utils = _require("dask.dataframe.utils")
    if not isinstance(points, dgpd.GeoDataFrame):
        raise TypeError(
            "assign_regions_dask() takes a dask_geopandas.GeoDataFrame; for a geopandas one "
            "use kzgeo.assign_regions() or dask_geopandas.from_geopandas(gdf, npartitions=...)"
        )
    if "progress" in kwargs:
        raise TypeError(
            "progress= is not supported here: use dask.diagnostics.ProgressBar() or "
            "dask.distributed.progress() on the result"
        )
    params = dict(kwargs)
    if params.get("snap_tolerance_m") is None:
        params["snap_tolerance_m"] = options.snap_tolerance_m
    # the meta: the join of no row, with the dtypes every partition is given (without the
    # input meta's attrs: dask-geopandas keeps its spatial partitions there)
    empty = dask_utils.make_meta(points).copy()
    empty.attrs = {}
    meta = _assign_partition(empty, regions, sez, params)
    joined = points.map_partitions(_assign_partition, regions, sez, params, meta=meta)
    return cast("dask_geopandas.GeoDataFrame", joined)


def region_totals_dask(
    joined: dd.DataFrame,
    value_columns: Sequence[str],
    *,
    key: str = "region_iso",
) -> pd.DataFrame:
    """Sum value columns by region (or any key) over a dask frame and return the table.

    Each partition is grouped and summed, and the partial sums are combined in a tree
    (dask's groupby-aggregation), so only small per-key tables travel between workers.

    Parameters
    ----------
    joined
        A dask (or dask-geopandas) frame, typically from :func:`assign_regions_dask`.
    value_columns
        Numeric columns to sum.
    key
        Column to group by (default ``region_iso``; ``sez_id`` for SEZ totals). Rows where it
        is missing are left out, as in pandas.

    Returns
    -------
    pandas.DataFrame
        One row per key value, sorted, indexed by ``key``, one column per value column: equal
        to ``joined.compute().groupby(key)[value_columns].sum()``. Integer sums are exact;
        float sums may differ from the pandas ones in the last bits, as they are added up in
        another order.

    Raises
    ------
    ImportError
        If dask is not installed (``pip install "kzgeo[dask]"``).
    KeyError
        If ``key`` or a value column is not a column of ``joined``.

    Examples
    --------
    >>> import dask_geopandas, geopandas as gpd
    >>> from shapely import Point
    >>> from kzgeo.join.distributed import assign_regions_dask, region_totals_dask
    >>> pts = gpd.GeoDataFrame(
    ...     {"jobs": [100, 20, 5]},
    ...     geometry=[Point(76.95, 43.25), Point(76.9, 43.2), Point(71.43, 51.13)],
    ...     crs=4326,
    ... )
    >>> joined = assign_regions_dask(dask_geopandas.from_geopandas(pts, npartitions=2))
    >>> region_totals_dask(joined, ["jobs"])["jobs"].to_dict()
    {'KZ-71': 5, 'KZ-75': 120}
    """
    _require("dask.dataframe")
    columns = [key, *value_columns]
    missing = [c for c in columns if c not in joined.columns]
    if missing:
        raise KeyError(f"not columns of the frame: {missing}")
    summed = joined[columns].groupby(key).sum(split_out=1)
    result = cast("pd.DataFrame", summed.compute())
    return result.sort_index()
