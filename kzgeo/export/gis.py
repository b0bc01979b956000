"""GIS outputs: GeoPackage, GeoJSON, FlatGeobuf and GeoParquet, EPSG:4326, typed fields.

Types and descriptions come from one table, :mod:`kzgeo.export.fields`. Empty text is written
as NULL, dates as DATE, whole counts as integers. The GeoPackage is version 1.2 (GDAL 3.6 and
QGIS 3.22 warn on the 1.4 files newer GDALs write by default).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from contextlib import contextmanager
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyogrio
import pyogrio.errors
import shapely

from kzgeo.crs import STORAGE_CRS
from kzgeo.export.fields import LAYER_DESCRIPTIONS, FieldType, LayerName, describe, field
from kzgeo.register.schema import FIGURE_AS_WRITTEN, figure_specs, figures_in

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

GisFormat = Literal["gpkg", "geojson", "fgb", "parquet"]
FORMATS: tuple[GisFormat, ...] = ("gpkg", "geojson", "fgb", "parquet")
FILE_PER_LAYER: tuple[GisFormat, ...] = ("geojson", "fgb", "parquet")
DRIVERS: dict[GisFormat, str] = {
    "gpkg": "GPKG",
    "geojson": "GeoJSON",
    "fgb": "FlatGeobuf",
    "parquet": "Parquet",
}

_SITE_HEAD = (
    "site_id", "project_id", "company", "site_name", "role", "weight", "row_status",
    "row_issues", "project_row_status", "sez", "settlement", "district", "region", "location",
    "lat", "lon", "location_flag", "location_basis", "precision", "geocode_method",
    "geocode_status", "matched_name", "matched_id", "match_score", "candidates", "geocode_note",
    "geocode_attribution", "region_hint_iso", "region_reform", "region_iso", "sez_id",
    "sez_part_id", "join_status", "join_distance_m", "join_note", "allocation_policy", "share",
    "allocation_note", "sector_code", "stage", "year",
)  # fmt: skip


def site_columns(figures: tuple[str, ...]) -> tuple[str, ...]:
    """Return the sites layer's columns in order, for a register with these figures.

    Parameters
    ----------
    figures : tuple of str
        The register's figures in order (built-ins first, then declared ones).

    Returns
    -------
    tuple of str
        The fixed site columns, each figure with its flag, ``source_file`` and
        ``source_line``, then each figure's columns as written (``_text``, ``_min`` ...).

    Examples
    --------
    >>> cols = site_columns(("jobs",))
    >>> cols.index("jobs") + 1 == cols.index("jobs_flag")
    True
    """
    return (
        *_SITE_HEAD,
        *(c for fig in figures for c in (fig, f"{fig}_flag")),
        "source_file",
        "source_line",
        *(f"{fig}_{part}" for fig in figures for part in FIGURE_AS_WRITTEN),
    )


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


def _text(value: object) -> str | None:
    """Text as written, with missing and empty values as NULL (never ``''``)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    text = str(value)
    return text if text.strip() else None


def _dates(series: pd.Series) -> pd.Series:
    """ISO dates (``datetime.date``, timestamps or ``YYYY-MM-DD`` text) as an Arrow DATE column."""
    values = pd.to_datetime(series.map(_text), format="ISO8601", errors="raise")
    dates = [v.date() if known else None for v, known in zip(values, values.notna(), strict=True)]
    return pd.Series(dates, index=series.index, dtype=pd.ArrowDtype(pa.date32()))


def _as(series: pd.Series, kind: FieldType) -> pd.Series:
    """Convert ``series`` to the storage type ``kind``."""
    if kind == "text":
        return series.map(_text).astype(object)
    if kind == "boolean":
        return series.astype(bool)
    if kind == "integer":
        return series.astype("Int64")
    if kind == "real":
        return series.astype("float64")
    return _dates(series)


def _inferred(series: pd.Series) -> FieldType:
    """Return the storage type of a column kzgeo does not declare (a user's own column)."""
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "real"
    return "date" if _is_date_column(series) else "text"


def _typed(frame: gpd.GeoDataFrame, layer: LayerName) -> gpd.GeoDataFrame:
    """Give every column its declared type (:mod:`kzgeo.export.fields`), else an inferred one."""
    out = frame.copy()
    specs = figure_specs(frame)
    geometry = out.geometry.name
    for column in out.columns:
        if column == geometry:
            continue
        declared = field(layer, column, figures=specs)
        values = out[column]
        try:
            out[column] = _as(values, declared.type if declared else _inferred(values))
        except (TypeError, ValueError):
            if declared is None:
                raise
            # a user's boundary file may carry a column named like one of kzgeo's (e.g. a
            # fractional population_2026): keep its values as they are rather than fail
            out[column] = _as(values, _inferred(values))
    return out


def _split_valid_to(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``valid_to`` is written as a year or as a date: keep a DATE and a year column apart."""
    if "valid_to" not in frame.columns:
        return frame
    text = frame["valid_to"].map(_text)
    year = text.str.extract(r"^(\d{4})", expand=False)
    at = frame.columns.get_loc("valid_to") + 1
    out = frame.copy()
    out["valid_to"] = text.where(text.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(value=False))
    out.insert(at, "valid_to_year", pd.to_numeric(year).astype("Int64"))
    return out


def relative_source(value: object, root: Path | None) -> str | None:
    """Return a register file's path relative to the register's folder (never absolute).

    Parameters
    ----------
    value : object
        A ``source_file`` cell; empty or missing gives None.
    root : pathlib.Path or None
        The register's folder; None: an absolute path is cut to its file name.

    Returns
    -------
    str or None
        The path relative to ``root``, the file name alone, or a relative ``value`` as
        given; None for an empty cell.

    Examples
    --------
    >>> from pathlib import Path
    >>> relative_source("/opt/reg/sites.csv", Path("/opt/reg"))
    'sites.csv'
    >>> relative_source("/opt/other/x.csv", None)
    'x.csv'
    """
    text = _text(value)
    if text is None:
        return None
    path = PurePath(text)
    if root is not None and path.is_absolute():
        return os.path.relpath(path, root)
    return path.name if path.is_absolute() else text


def sites_table(sites: gpd.GeoDataFrame, *, root: Path | None = None) -> gpd.GeoDataFrame:
    """Return the export form of the sites: fixed columns, point geometry, EPSG:4326.

    ``source_file`` is made relative to ``root`` (the register's folder), so no output carries
    the absolute path of the machine it was built on.

    Parameters
    ----------
    sites : geopandas.GeoDataFrame
        Allocated sites (:attr:`kzgeo.BuildResult.sites`), in any CRS.
    root : pathlib.Path, optional
        The register's folder; None: absolute ``source_file`` paths keep only the file name.

    Returns
    -------
    geopandas.GeoDataFrame
        Every site, with ``lat``/``lon`` (NaN where unplaced), the columns of
        :func:`site_columns` first, then the register's own columns, typed as the fields
        declare.
    """
    table = sites.to_crs(STORAGE_CRS).copy()
    placed = ~(table.geometry.isna() | table.geometry.is_empty)
    table["lat"] = np.where(placed, table.geometry.y.where(placed), np.nan)
    table["lon"] = np.where(placed, table.geometry.x.where(placed), np.nan)
    if "source_file" in table.columns:
        table["source_file"] = table["source_file"].map(lambda v: relative_source(v, root))
    columns = [c for c in site_columns(figures_in(table)) if c in table.columns]
    extra = [
        c
        for c in table.columns
        if c not in columns
        and c != table.geometry.name
        and not c.endswith(("_half_unit", "_qualifier"))
    ]
    out = gpd.GeoDataFrame(table[columns + extra], geometry=table.geometry, crs=STORAGE_CRS)
    return _typed(out, "sites")


def layer_table(layer: gpd.GeoDataFrame, *, name: LayerName = "regions") -> gpd.GeoDataFrame:
    """Return a polygon layer ready for GIS files: multipolygons, typed fields, EPSG:4326.

    ``name`` (``"regions"`` or ``"sez"``) picks the field declarations
    (:data:`kzgeo.export.fields.FIELDS`).

    Parameters
    ----------
    layer : geopandas.GeoDataFrame
        A region or SEZ layer of a build, in any CRS.
    name : {"regions", "sez"}, default "regions"
        Which layer it is; the SEZ layer also gets ``valid_to_year``.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy in EPSG:4326 with multipolygon geometry and typed fields.

    Examples
    --------
    >>> import kzgeo
    >>> layer_table(kzgeo.load_regions("map")).geometry.geom_type.unique().tolist()
    ['MultiPolygon']
    """
    out = layer.to_crs(STORAGE_CRS).copy()
    out = out.set_geometry(_multi(out.geometry))
    if name == "sez":
        out = _split_valid_to(out)
    return _typed(out, name)


def _description(name: str) -> str:
    known = {str(layer): text for layer, text in LAYER_DESCRIPTIONS.items()}
    return known.get(name, f"kzgeo layer {name}")


def _write(layer: gpd.GeoDataFrame, path: Path, name: str, fmt: GisFormat) -> None:
    """Write one layer through GDAL's Arrow path (DATE columns stay dates)."""
    options: dict[str, str] = {}
    if fmt == "gpkg":
        options = {"VERSION": "1.2", "IDENTIFIER": name, "DESCRIPTION": _description(name)}
    elif fmt == "fgb":
        options = {"TITLE": name, "DESCRIPTION": _description(name)}
    elif fmt == "geojson":
        options = {"RFC7946": "YES", "WRITE_NAME": "NO"}
    with writing(path):
        pyogrio.write_dataframe(
            layer,
            path,
            layer=name,
            driver=DRIVERS[fmt],
            use_arrow=True,
            append=fmt == "gpkg" and path.exists(),
            **options,
        )


@contextmanager
def _unsynced() -> Iterator[None]:
    """Let GDAL's SQLite skip its ``fsync`` at each commit while kzgeo writes a GeoPackage.

    The outputs are written into a staging folder and moved into place whole
    (:mod:`kzgeo.export.staging`); none of them (the CSVs and pages neither) is synced to disk
    one by one, so a sync per layer buys nothing and is a measurable share of a build's time
    (``benchmarks/README.md``). The option is
    set back as it was, so a user's own GDAL writes keep their setting.
    """
    before = pyogrio.get_gdal_config_option(_SYNC_OPTION)
    pyogrio.set_gdal_config_options({_SYNC_OPTION: "OFF"})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({_SYNC_OPTION: before})


_SYNC_OPTION = "OGR_SQLITE_SYNCHRONOUS"


def connect(gpkg: Path) -> sqlite3.Connection:
    """Open a GeoPackage kzgeo is writing with SQLite, without a disk sync per commit.

    As for GDAL's writes (see ``_unsynced``): the file is in the staging folder, moved into
    place whole with the other outputs.

    Parameters
    ----------
    gpkg : pathlib.Path
        The GeoPackage.

    Returns
    -------
    sqlite3.Connection
        Use it as a context manager (one transaction), then close it.
    """
    db = sqlite3.connect(gpkg)
    db.execute("PRAGMA synchronous = OFF")
    return db


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Report a failed write of ``path`` (e.g. a full disk) as an ``OSError`` naming the file.

    GDAL's Arrow writer and SQLite raise their own errors (``DataLayerError``,
    ``sqlite3.OperationalError: disk I/O error``); the output staging turns an ``OSError`` into
    a clear message and leaves the output folder as it was.

    Parameters
    ----------
    path : pathlib.Path
        The file being written, named in the error.

    Raises
    ------
    OSError
        If GDAL or SQLite fails while writing ``path``.
    """
    try:
        yield
    except (pyogrio.errors.DataLayerError, pyogrio.errors.DataSourceError, sqlite3.Error) as exc:
        raise OSError(f"could not write {path.name}: {exc}") from None


def write_layers(
    layers: dict[str, gpd.GeoDataFrame],
    folder: Path,
    *,
    formats: tuple[str, ...] = ("gpkg",),
    gpkg_name: str = "kzgeo.gpkg",
) -> list[Path]:
    """Write named layers in each format; return the files written.

    GeoPackage: one file (version 1.2, readable by GDAL 3.6 / QGIS 3.22 without warnings) with
    one layer per name, each layer and field described (``gpkg_contents``,
    ``gpkg_data_columns``). GeoJSON (RFC 7946), FlatGeobuf and GeoParquet: one file per layer
    (``<name>.geojson``, ``<name>.fgb``, ``<name>.parquet``).

    Parameters
    ----------
    layers : dict of str to geopandas.GeoDataFrame
        The layers by name (``sites``, ``regions``, ``sez`` or the user's own), as
        :func:`sites_table` and :func:`layer_table` return them.
    folder : pathlib.Path
        An existing folder; files of the same names in it are replaced.
    formats : tuple of str, default ("gpkg",)
        Any of ``"gpkg"``, ``"geojson"``, ``"fgb"`` and ``"parquet"``.
    gpkg_name : str, default "kzgeo.gpkg"
        The GeoPackage's file name.

    Returns
    -------
    list of pathlib.Path
        The GeoPackage first (if written), then the per-layer files, layer by layer.

    Raises
    ------
    ValueError
        If a format is not one of those above.
    OSError
        If a file cannot be written (it names the file).

    Examples
    --------
    >>> import tempfile, pyogrio
    >>> from pathlib import Path
    >>> import kzgeo
    >>> layers = {"regions": layer_table(kzgeo.load_regions("map"))}
    >>> files = write_layers(layers, Path(tempfile.mkdtemp()), formats=("gpkg", "fgb"))
    >>> [f.name for f in files], pyogrio.read_info(files[1])["features"]
    (['kzgeo.gpkg', 'regions.fgb'], 20)
    """
    for fmt in formats:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
    written: list[Path] = []
    if "gpkg" in formats:
        path = folder / gpkg_name
        path.unlink(missing_ok=True)
        with _unsynced():
            for name, layer in layers.items():
                _write(layer, path, name, "gpkg")
        describe_fields(path, layers)
        written.append(path)
    for name, layer in layers.items():
        for fmt in FILE_PER_LAYER:
            if fmt not in formats:
                continue
            path = folder / f"{name}.{fmt}"
            path.unlink(missing_ok=True)
            if fmt == "parquet":
                layer.to_parquet(path, index=False)
            else:
                _write(layer, path, name, fmt)
            written.append(path)
    return written


_DATA_COLUMNS = """
CREATE TABLE IF NOT EXISTS gpkg_data_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT, description TEXT,
  mime_type TEXT, constraint_name TEXT,
  CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name),
  CONSTRAINT gdc_tn UNIQUE (table_name, name)
)"""
_CONSTRAINTS = """
CREATE TABLE IF NOT EXISTS gpkg_data_column_constraints (
  constraint_name TEXT NOT NULL, constraint_type TEXT NOT NULL, value TEXT, min NUMERIC,
  min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN, description TEXT,
  CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value)
)"""
_EXTENSIONS = """
CREATE TABLE IF NOT EXISTS gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
  scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
)"""
SCHEMA_EXTENSION = "http://www.geopackage.org/spec120/#extension_schema"


def describe_fields(gpkg: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    """Describe every field of ``layers`` in ``gpkg`` (the GeoPackage schema extension).

    The descriptions come from :mod:`kzgeo.export.fields`; QGIS and ``ogrinfo`` show them.

    Parameters
    ----------
    gpkg : pathlib.Path
        A GeoPackage that already holds ``layers`` (written by :func:`write_layers`).
    layers : dict of str to geopandas.GeoDataFrame
        The layers by table name, whose columns are described.

    Raises
    ------
    OSError
        If the GeoPackage cannot be written.
    """
    rows = []
    for name, layer in layers.items():
        specs, geometry = figure_specs(layer), layer.geometry.name
        rows += [
            (name, column, describe(name, column, figures=specs))  # type: ignore[arg-type]
            for column in layer.columns
            if column != geometry
        ]
    with writing(gpkg), contextlib.closing(connect(gpkg)) as db, db:
        for ddl in (_DATA_COLUMNS, _CONSTRAINTS, _EXTENSIONS):
            db.execute(ddl)
        db.executemany(
            # name and title stay NULL: GDAL >= 3.7 would show them as aliases replacing the
            # column names; the description is what GDAL and QGIS show as the field's comment
            "INSERT OR REPLACE INTO gpkg_data_columns (table_name, column_name, description)"
            " VALUES (?, ?, ?)",
            rows,
        )
        db.executemany(
            "INSERT OR IGNORE INTO gpkg_extensions "
            "VALUES (?, NULL, 'gpkg_schema', ?, 'read-write')",
            [(t, SCHEMA_EXTENSION) for t in ("gpkg_data_columns", "gpkg_data_column_constraints")],
        )


def gis_file_names(
    formats: tuple[str, ...], layer_names: tuple[str, ...], gpkg_name: str = "kzgeo.gpkg"
) -> list[str]:
    """Return the file names :func:`write_layers` will write.

    Parameters
    ----------
    formats : tuple of str
        The formats, as for :func:`write_layers`.
    layer_names : tuple of str
        The layers' names, in order.
    gpkg_name : str, default "kzgeo.gpkg"
        The GeoPackage's file name.

    Returns
    -------
    list of str
        In the order :func:`write_layers` returns the files.

    Examples
    --------
    >>> gis_file_names(("gpkg", "fgb"), ("sites", "regions"))
    ['kzgeo.gpkg', 'sites.fgb', 'regions.fgb']
    """
    names = [gpkg_name] if "gpkg" in formats else []
    for name in layer_names:
        names += [f"{name}.{ext}" for ext in ("geojson", "fgb", "parquet") if ext in formats]
    return names
