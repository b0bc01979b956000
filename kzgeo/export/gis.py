"""GIS outputs: GeoPackage, GeoJSON and GeoParquet, EPSG:4326, with typed fields."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from kzgeo.crs import STORAGE_CRS
from kzgeo.register.schema import FIGURE_AS_WRITTEN, FIGURES

if TYPE_CHECKING:
    from pathlib import Path

FORMATS = ("gpkg", "geojson", "parquet")

SITE_COLUMNS = (
    "site_id", "project_id", "company", "site_name", "role", "weight", "row_status",
    "row_issues", "project_row_status", "sez", "settlement", "district", "region", "location",
    "lat", "lon", "location_flag", "location_basis", "precision", "geocode_method",
    "geocode_status", "matched_name", "matched_id", "match_score", "candidates", "geocode_note",
    "geocode_attribution", "region_hint_iso", "region_reform", "region_iso", "sez_id",
    "sez_part_id", "join_status", "join_distance_m", "join_note", "allocation_policy", "share",
    "allocation_note", "investment_kzt", "investment_kzt_flag", "investment_usd",
    "investment_usd_flag", "jobs", "jobs_flag", "medicines", "medicines_flag",
    "social_medicines", "social_medicines_flag", "source_file", "source_line",
    *(f"{fig}_{part}" for fig in FIGURES for part in FIGURE_AS_WRITTEN),
)  # fmt: skip


def _multi(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Promote polygons to multipolygons so a layer has one geometry type (GeoPackage)."""
    values = geoms.to_numpy()
    single = shapely.get_type_id(values) == 3
    values = values.copy()
    values[single] = [shapely.MultiPolygon([g]) for g in values[single]]
    return gpd.GeoSeries(values, index=geoms.index, crs=geoms.crs)


def _is_date_column(series: pd.Series) -> bool:
    present = series.dropna()
    return bool(len(present)) and bool(
        present.map(lambda v: isinstance(v, dt.date) and not isinstance(v, str)).all()
    )


def _typed(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Give every column a GIS-friendly type: text, integer, real, boolean or date."""
    out = frame.copy()
    for column in out.columns:
        if column == out.geometry.name:
            continue
        series = out[column]
        if pd.api.types.is_bool_dtype(series):
            out[column] = series.astype(bool)
        elif pd.api.types.is_integer_dtype(series):
            out[column] = series.astype("Int64") if series.isna().any() else series.astype("int64")
        elif pd.api.types.is_float_dtype(series):
            out[column] = series.astype("float64")
        elif _is_date_column(series):
            # GeoPackage has no plain date type through pyogrio: a datetime field it is
            out[column] = pd.to_datetime(series).astype("datetime64[ms]")
        else:
            out[column] = series.map(
                lambda v: (
                    None
                    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))
                    else str(v)
                )
            ).astype(object)
    return out


def sites_table(sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the export form of the sites: fixed columns, point geometry, EPSG:4326."""
    table = sites.to_crs(STORAGE_CRS).copy()
    placed = ~(table.geometry.isna() | table.geometry.is_empty)
    table["lat"] = np.where(placed, table.geometry.y.where(placed), np.nan)
    table["lon"] = np.where(placed, table.geometry.x.where(placed), np.nan)
    columns = [c for c in SITE_COLUMNS if c in table.columns]
    extra = [
        c
        for c in table.columns
        if c not in columns
        and c != table.geometry.name
        and not c.endswith(("_half_unit", "_qualifier"))
    ]
    out = gpd.GeoDataFrame(table[columns + extra], geometry=table.geometry, crs=STORAGE_CRS)
    return _typed(out)


def layer_table(layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a polygon layer ready for GIS files: multipolygons, typed fields, EPSG:4326."""
    out = layer.to_crs(STORAGE_CRS).copy()
    out = out.set_geometry(_multi(out.geometry))
    return _typed(out)


def write_layers(
    layers: dict[str, gpd.GeoDataFrame],
    folder: Path,
    *,
    formats: tuple[str, ...] = ("gpkg",),
    gpkg_name: str = "kzgeo.gpkg",
) -> list[Path]:
    """Write named layers in each format; return the files written.

    GeoPackage: one file with one layer per name. GeoJSON (RFC 7946) and GeoParquet: one file
    per layer (``<name>.geojson``, ``<name>.parquet``).
    """
    written: list[Path] = []
    for fmt in formats:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
    if "gpkg" in formats:
        path = folder / gpkg_name
        path.unlink(missing_ok=True)
        for name, layer in layers.items():
            layer.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
        written.append(path)
    for name, layer in layers.items():
        if "geojson" in formats:
            path = folder / f"{name}.geojson"
            path.unlink(missing_ok=True)
            layer.to_file(path, driver="GeoJSON", engine="pyogrio", RFC7946="YES", WRITE_NAME="NO")
            written.append(path)
        if "parquet" in formats:
            path = folder / f"{name}.parquet"
            layer.to_parquet(path, index=False)
            written.append(path)
    return written


def gis_file_names(
    formats: tuple[str, ...], layer_names: tuple[str, ...], gpkg_name: str = "kzgeo.gpkg"
) -> list[str]:
    """Return the file names :func:`write_layers` will write."""
    names = [gpkg_name] if "gpkg" in formats else []
    for name in layer_names:
        names += [f"{name}.{ext}" for ext in ("geojson", "parquet") if ext in formats]
    return names
