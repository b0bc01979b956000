"""Checks and point lookup shared by the point-layer builds (industrial zones, deposits).

Each curated table has one row a site with an id column, ``region_iso``, ``lat``/``lon`` (a
coordinate a cited source gives, with ``coord_source``) or ``settlement_place_id`` (the
GeoNames place whose point stands for the site) and a ``point_basis``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
from _common import CURATED

from kzgeo.datasets._points import POINT_BASES

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

# the names of a site, and where its point is: the columns every point layer ends with
NAME_COLUMNS = ("name_en", "name_ru", "name_kk", "aliases")
POINT_COLUMNS = (
    "settlement",
    "settlement_place_id",
    "lat",
    "lon",
    "point_basis",
    "coord_source",
    "source_url",
    "note",
)


def check_ids(rows: pd.DataFrame, id_column: str, label: str) -> None:
    """Stop on a duplicate id or a row without ``source_url``."""
    ids = rows[id_column]
    if ids.duplicated().any():
        raise SystemExit(f"duplicate {label} ids: {list(ids[ids.duplicated()])}")
    if (rows.source_url == "").any():
        raise SystemExit(f"{label} without source_url: {list(ids[rows.source_url == ''])}")


def locate(rows: pd.DataFrame, places: pd.DataFrame, id_column: str) -> pd.DataFrame:
    """Fill lat/lon: the reported coordinate, else the point of the named place."""
    rows = rows.copy()
    reported = rows.lat.ne("") & rows.lon.ne("")
    if (reported & rows.coord_source.eq("")).any():
        raise SystemExit(f"coordinates without coord_source: {list(rows[id_column][reported])}")
    rows.loc[reported, "point_basis"] = "reported"
    need = rows[~reported]
    unknown = set(need.settlement_place_id) - set(places.place_id)
    if unknown:
        raise SystemExit(f"{id_column}: unknown settlement_place_id {sorted(unknown)}")
    by_id = places.set_index("place_id")
    lat = pd.to_numeric(rows.lat.where(reported), errors="raise")
    lon = pd.to_numeric(rows.lon.where(reported), errors="raise")
    lat[~reported] = by_id.lat.loc[need.settlement_place_id].to_numpy()
    lon[~reported] = by_id.lon.loc[need.settlement_place_id].to_numpy()
    rows["lat"], rows["lon"] = lat, lon
    return rows


def check_bases(
    rows: pd.DataFrame, districts: pd.DataFrame, centres: pd.DataFrame, id_column: str
) -> None:
    """Stop if a point basis is unknown or its place is not what the basis says.

    ``district-seat`` must be the seat of a district of the row's region and ``region-centre``
    the region's administrative centre, so a wrong place id cannot pass under either label.
    """
    problems = [
        f"{z}: point_basis {b!r}"
        for z, b in zip(rows[id_column], rows.point_basis, strict=True)
        if b not in POINT_BASES
    ]
    seats = set(zip(districts.region_iso, districts.seat_place_id, strict=True))
    capitals = {
        (r, f"gn:{g}")
        for r, g in zip(centres.iso_3166_2, centres.admin_centre_geonameid, strict=True)
    }
    for row, rid in zip(rows.itertuples(), rows[id_column], strict=True):
        pair = (row.region_iso, row.settlement_place_id)
        if row.point_basis == "district-seat" and pair not in seats:
            problems.append(f"{rid}: {row.settlement_place_id} is no district seat there")
        if row.point_basis == "region-centre" and pair not in capitals:
            problems.append(f"{rid}: {row.settlement_place_id} is not the regional centre")
    if problems:
        raise SystemExit(f"{id_column} rows:\n" + "\n".join(problems))


def check_regions(rows: pd.DataFrame, regions: gpd.GeoDataFrame, id_column: str) -> None:
    """Stop if a row's point is not inside the region its row names."""
    shapes = regions.set_index("iso_3166_2").geometry
    points = gpd.points_from_xy(rows.lon, rows.lat)
    bad = [
        f"{z} ({iso})"
        for z, iso, p in zip(rows[id_column], rows.region_iso, points, strict=True)
        if not shapes[iso].covers(p)
    ]
    if bad:
        raise SystemExit(f"{id_column} rows outside their region: {bad}")


def build(
    name: str,
    out: Path,
    *,
    columns: Sequence[str],
    check: Callable[[pd.DataFrame, pd.DataFrame], None] | None = None,
) -> pd.DataFrame:
    """Read ``data/curated/<name>``, point and check every row, write ``<out>/<name>``.

    The first of ``columns`` is the id column. ``check`` is called with the rows and
    ``districts.csv`` before anything else, for what only one layer has to check.
    """
    id_column = columns[0]
    rows = pd.read_csv(CURATED / name, dtype=str, keep_default_na=False)
    check_ids(rows, id_column, id_column.removesuffix("_id"))
    districts = pd.read_csv(out / "districts.csv", dtype=str, keep_default_na=False)
    if check is not None:
        check(rows, districts)
    rows = locate(rows, pd.read_csv(out / "places.csv", dtype={"place_id": str}), id_column)
    check_bases(rows, districts, pd.read_csv(CURATED / "regions.csv", dtype=str), id_column)
    check_regions(rows, gpd.read_file(out / "regions.geojson"), id_column)
    rows = rows[list(columns)].sort_values(["region_iso", id_column])
    rows.to_csv(out / name, index=False, lineterminator="\n")
    return rows
