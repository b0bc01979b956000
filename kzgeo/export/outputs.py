"""Writing a build's outputs: GIS files, spreadsheets, reports, the map and its PNG."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kzgeo.aggregate.layers import sector_stage_totals
from kzgeo.export.gis import (
    gis_file_names,
    layer_table,
    relative_source,
    sites_table,
    write_layers,
)
from kzgeo.export.qgis import add_qgis_styles
from kzgeo.export.staging import staged_output
from kzgeo.export.tables import write_csv

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd

    from kzgeo.pipeline import BuildResult

LAYERS = ("sites", "regions", "sez")
TABLES = (
    "regions.csv", "region_sector.csv", "sites.csv", "sez.csv", "summary.csv", "issues.csv",
)  # fmt: skip
REPORTS = ("reconciliation.md", "reconciliation.json")
MAP_FILES = ("map.html", "map.png", "report.html")


def gis_layers(result: BuildResult) -> dict[str, gpd.GeoDataFrame]:
    """Return the three GIS layers of a build, ready to write."""
    return {
        "sites": sites_table(result.sites, root=register_root(result)),
        "regions": layer_table(result.regions, name="regions"),
        "sez": layer_table(result.sez, name="sez"),
    }


def register_root(result: BuildResult) -> Path | None:
    """Return the register's folder: ``source_file`` columns are written relative to it."""
    path = result.register.path
    if path is None:
        return None
    path = Path(path).resolve()
    return path if path.is_dir() else path.parent


def export_gis(
    result: BuildResult,
    out: str | Path,
    *,
    formats: tuple[str, ...] = ("gpkg",),
    force: bool = False,
) -> list[Path]:
    """Write ``sites``, ``regions`` and ``sez`` as GIS files (EPSG:4326, typed fields).

    The GeoPackage also carries QGIS default styles (``layer_styles``, see
    :mod:`kzgeo.export.qgis`), so the layers open in QGIS styled like the web map.

    Parameters
    ----------
    result
        A :class:`~kzgeo.pipeline.BuildResult`.
    out
        The output folder (created if needed).
    formats
        Any of ``"gpkg"`` (one ``kzgeo.gpkg`` with three layers), ``"geojson"``, ``"fgb"``
        (FlatGeobuf), ``"parquet"`` (GeoParquet).
    force
        Overwrite existing files.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Examples
    --------
    >>> import kzgeo, tempfile, pyogrio
    >>> files = kzgeo.export_gis(kzgeo.build(), tempfile.mkdtemp())
    >>> [name for name, geometry in pyogrio.list_layers(files[0]) if geometry]
    ['sites', 'regions', 'sez']
    """
    names = gis_file_names(formats, LAYERS)
    return _staged(result, out, names, force=force, write=lambda d: _gis(result, d, formats))


def _staged(
    result: BuildResult,
    out: str | Path,
    names: list[str],
    *,
    force: bool,
    write: Callable[[Path], None],
) -> list[Path]:
    """Write ``names`` with ``write(folder)`` into a staging folder, then move them to ``out``."""
    with staged_output(out, names, force=force, inputs=result.input_files) as stage:
        write(stage)
    return [Path(out) / name for name in names]


def _gis(result: BuildResult, folder: Path, formats: tuple[str, ...]) -> None:
    layers = gis_layers(result)
    write_layers(layers, folder, formats=formats)
    if "gpkg" in formats:
        add_qgis_styles(folder / "kzgeo.gpkg", layers["regions"])


def export_tables(result: BuildResult, out: str | Path, *, force: bool = False) -> list[Path]:
    """Write the spreadsheet tables and the reconciliation report.

    ``regions.csv``, ``sites.csv`` and ``sez.csv`` (no geometry; sites with ``lat``/``lon``),
    ``region_sector.csv`` (each region's totals by sector code and stage, long form; see
    :func:`kzgeo.aggregate.layers.sector_stage_totals`), ``summary.csv`` (national totals and
    what has no region), ``issues.csv`` (every problem found in the register),
    ``reconciliation.md`` and ``.json``. Cells that a spreadsheet would run as formulas are
    neutralised.

    Examples
    --------
    >>> import kzgeo, tempfile
    >>> files = kzgeo.export_tables(kzgeo.build(), tempfile.mkdtemp())
    >>> [f.name for f in files][:3]
    ['regions.csv', 'region_sector.csv', 'sites.csv']
    """
    names = [*TABLES, *REPORTS]
    return _staged(result, out, names, force=force, write=lambda d: _tables(result, d))


def _plain(layer: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return the layer without geometry, keeping its figures (``attrs``) for rounding."""
    table = pd.DataFrame(layer.drop(columns="geometry"))
    table.attrs = dict(layer.attrs)
    return table


def _tables(result: BuildResult, folder: Path) -> None:
    layers = {name: _plain(t) for name, t in gis_layers(result).items()}
    issues = pd.DataFrame(
        [i.as_dict() for i in result.register.issues],
        columns=["level", "file", "row", "field", "message", "hint"],
    )
    write_csv(layers["regions"], folder / "regions.csv", layer="regions")
    by_sector = sector_stage_totals(result.sites, figures=list(result.register.figures))
    # same figure columns as regions.csv: rounded by the regions layer's fields
    write_csv(by_sector, folder / "region_sector.csv", layer="regions")
    write_csv(layers["sites"], folder / "sites.csv", layer="sites")
    write_csv(layers["sez"], folder / "sez.csv", layer="sez")
    write_csv(result.summary, folder / "summary.csv", layer="summary")
    root = register_root(result)
    issues["file"] = issues["file"].map(lambda v: relative_source(v, root))
    write_csv(issues, folder / "issues.csv")
    report = result.reconciliation
    (folder / "reconciliation.md").write_text(report.to_markdown(), encoding="utf-8")
    data = json.loads(report.to_json())
    data["allocation_policy"] = result.policy
    data["kzt_per_usd"] = {
        "rate": result.rate.kzt_per_usd,
        "date": result.rate.date,
        "source": result.rate.source,
    }
    (folder / "reconciliation.json").write_text(
        json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8"
    )


def export_map(
    result: BuildResult,
    out: str | Path,
    *,
    offline: bool = False,
    assets_dir: str | Path | None = None,
    force: bool = False,
) -> list[Path]:
    """Write ``map.html`` (optionally self-contained), ``map.png`` and ``report.html``.

    ``report.html`` is one self-contained page with the PNG map, a chart of the regions'
    totals, the reconciliation, the sites and the sources (:mod:`kzgeo.export.report`).

    Examples
    --------
    >>> import kzgeo, tempfile
    >>> from kzgeo.export import export_map
    >>> [f.name for f in export_map(kzgeo.build(), tempfile.mkdtemp())]
    ['map.html', 'map.png', 'report.html']
    """
    return _staged(
        result,
        out,
        list(MAP_FILES),
        force=force,
        write=lambda d: _map(result, d, offline=offline, assets_dir=assets_dir),
    )


def _map(
    result: BuildResult, folder: Path, *, offline: bool, assets_dir: str | Path | None
) -> None:
    from kzgeo.export.report import write_report  # noqa: PLC0415 - matplotlib is heavy
    from kzgeo.mapping import render_html, save_png  # noqa: PLC0415
    from kzgeo.mapping.i18n import text  # noqa: PLC0415

    html = render_html(result.map, offline=offline, assets_dir=assets_dir)
    (folder / "map.html").write_text(html, encoding="utf-8")
    png = save_png(
        result.regions,
        folder / "map.png",
        sites=result.sites,
        sez=result.sez,
        title=text("png_title", title=result.register.title),
        region_id=result.region_id,
    )
    write_report(result, folder / "report.html", png)


def export_all(
    result: BuildResult,
    out: str | Path,
    *,
    formats: tuple[str, ...] = ("gpkg",),
    offline: bool = False,
    assets_dir: str | Path | None = None,
    force: bool = False,
) -> list[Path]:
    """Write every output of a build into ``out``, whole or not at all.

    Every file is written into a temporary folder beside ``out`` and moved into place only
    when all are written (:mod:`kzgeo.export.staging`): a failed or killed build leaves ``out``
    as it was. Existing outputs are replaced only with ``force``; the build's own input files
    never are.

    Examples
    --------
    >>> import kzgeo, tempfile
    >>> from kzgeo.export import export_all
    >>> files = export_all(kzgeo.build(), tempfile.mkdtemp())
    >>> sorted(p.name for p in files)[:4]
    ['issues.csv', 'kzgeo.gpkg', 'map.html', 'map.png']
    """
    names = [*gis_file_names(formats, LAYERS), *TABLES, *REPORTS, *MAP_FILES]

    def write(folder: Path) -> None:
        _gis(result, folder, formats)
        _tables(result, folder)
        _map(result, folder, offline=offline, assets_dir=assets_dir)

    return _staged(result, out, names, force=force, write=write)
