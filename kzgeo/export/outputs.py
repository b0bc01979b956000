"""Writing a build's outputs: GIS files, spreadsheets, reports, the map and its PNG."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kzgeo.aggregate.layers import sector_stage_totals
from kzgeo.export.aside import Aside, Task
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
    from kzgeo.register.combine import Combination

LAYERS = ("sites", "regions", "sez")
TABLES = (
    "regions.csv", "region_sector.csv", "sites.csv", "sez.csv", "summary.csv", "issues.csv",
)  # fmt: skip
REPORTS = ("reconciliation.md", "reconciliation.json")
MAP_FILES = ("map.html", "map.png", "report.html")
MULTI_TABLES = ("register_totals.csv", "duplicates.csv")
"""Written only by a build of several registers (a one-register build writes what it always has)."""


def table_names(result: BuildResult) -> list[str]:
    """Return the tables a build writes: :data:`TABLES`, and :data:`MULTI_TABLES` if combined.

    Parameters
    ----------
    result : BuildResult
        A build (:func:`kzgeo.build`); only whether it combined registers matters.

    Returns
    -------
    list of str
        File names, in the order they are written.
    """
    return [*TABLES, *(MULTI_TABLES if result.combination is not None else ())]


def output_names(formats: tuple[str, ...], *, combined: bool) -> list[str]:
    """Return the name of every file a build writes (:func:`export_all`, ``kzgeo build``).

    The command line checks these before the build starts, so both must agree.

    Parameters
    ----------
    formats : tuple of str
        The GIS formats, as for :func:`export_gis`.
    combined : bool
        Whether several registers are built together (they add :data:`MULTI_TABLES`).

    Returns
    -------
    list of str
        GIS files, tables, reports, then the map files.

    Examples
    --------
    >>> output_names(("gpkg",), combined=False)[:3]
    ['kzgeo.gpkg', 'regions.csv', 'region_sector.csv']
    """
    tables = [*TABLES, *(MULTI_TABLES if combined else ())]
    return [*gis_file_names(formats, LAYERS), *tables, *REPORTS, *MAP_FILES]


def gis_layers(result: BuildResult) -> dict[str, gpd.GeoDataFrame]:
    """Return the three GIS layers of a build, ready to write.

    Parameters
    ----------
    result : BuildResult
        A build whose sites, regions and SEZ layers are to be written.

    Returns
    -------
    dict of str to geopandas.GeoDataFrame
        ``sites``, ``regions`` and ``sez``, with the fields the output files declare
        (``source_file`` relative to the register's folder).
    """
    return {
        "sites": sites_table(result.sites, root=register_root(result)),
        "regions": layer_table(result.regions, name="regions"),
        "sez": layer_table(result.sez, name="sez"),
    }


def register_root(result: BuildResult) -> Path | None:
    """Return the register's folder: ``source_file`` columns are written relative to it.

    Parameters
    ----------
    result : BuildResult
        A build; the path of its register is used.

    Returns
    -------
    pathlib.Path or None
        The absolute folder of the register (the parent of a file path); None for a register
        built in memory.
    """
    return _folder(result.register.path)


def _folder(path: str | Path | None) -> Path | None:
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


def _gis(
    result: BuildResult,
    folder: Path,
    formats: tuple[str, ...],
    layers: dict[str, gpd.GeoDataFrame] | None = None,
) -> None:
    layers = gis_layers(result) if layers is None else layers
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

    Parameters
    ----------
    result : BuildResult
        The output of :func:`kzgeo.build`.
    out : str or pathlib.Path
        The output folder (created if needed).
    force : bool, default False
        Replace tables already in ``out``.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order named above.

    Raises
    ------
    kzgeo.errors.OutputError
        If an output exists and ``force`` is False, an output would replace an input of the
        build, or the folder cannot be written; ``out`` is then left as it was.

    Examples
    --------
    >>> import kzgeo, tempfile
    >>> files = kzgeo.export_tables(kzgeo.build(), tempfile.mkdtemp())
    >>> [f.name for f in files][:3]
    ['regions.csv', 'region_sector.csv', 'sites.csv']
    """
    names = [*table_names(result), *REPORTS]
    return _staged(result, out, names, force=force, write=lambda d: _tables(result, d))


def _plain(layer: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return the layer without geometry, keeping its figures (``attrs``) for rounding."""
    table = pd.DataFrame(layer.drop(columns="geometry"))
    table.attrs = dict(layer.attrs)
    return table


def _tables(
    result: BuildResult, folder: Path, layers: dict[str, gpd.GeoDataFrame] | None = None
) -> None:
    typed = gis_layers(result) if layers is None else layers
    tables = {name: _plain(t) for name, t in typed.items()}
    issues = pd.DataFrame(
        [i.as_dict() for i in result.register.issues],
        columns=["level", "file", "row", "field", "message", "hint"],
    )
    write_csv(tables["regions"], folder / "regions.csv", layer="regions")
    by_sector = sector_stage_totals(result.sites, figures=list(result.register.figures))
    # same figure columns as regions.csv: rounded by the regions layer's fields
    write_csv(by_sector, folder / "region_sector.csv", layer="regions")
    write_csv(tables["sites"], folder / "sites.csv", layer="sites")
    write_csv(tables["sez"], folder / "sez.csv", layer="sez")
    write_csv(result.summary, folder / "summary.csv", layer="summary")
    issues["row"] = issues["row"].astype("Int64")  # line numbers, not 2.0 (None elsewhere)
    root = register_root(result)
    if result.combination is not None:  # each file relative to its own register's folder
        issues.insert(0, "register_id", issues["file"].map(result.combination.register_of))
        roots = {p.id: _folder(p.register.path) for p in result.combination.parts}
        issues["file"] = [
            relative_source(v, roots.get(rid))
            for v, rid in zip(issues["file"], issues["register_id"], strict=True)
        ]
    else:
        issues["file"] = issues["file"].map(lambda v: relative_source(v, root))
    write_csv(issues, folder / "issues.csv")
    report = result.reconciliation
    (folder / "reconciliation.md").write_text(report.to_markdown(), encoding="utf-8")
    data = json.loads(report.to_json())
    data["allocation_policy"] = result.policy
    data["kzt_per_usd"] = {
        "rate": result.rate.kzt_per_usd,
        "date": str(result.rate.date),
        "source": result.rate.source,
    }
    if result.combination is not None:
        _combined_tables(result.combination, folder, data)
    (folder / "reconciliation.json").write_text(
        json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8"
    )


def _combined_tables(combination: Combination, folder: Path, data: dict[str, object]) -> None:
    """Write ``register_totals.csv`` and ``duplicates.csv``; name each register's rate."""
    write_csv(combination.register_totals, folder / "register_totals.csv", layer="summary")
    write_csv(combination.duplicates, folder / "duplicates.csv", layer="summary")
    data["kzt_per_usd_by_register"] = {
        p.id: {"rate": p.rate.kzt_per_usd, "date": str(p.rate.date), "source": p.rate.source}
        for p in combination.parts
    }
    if combination.rates_differ():  # NaN is not JSON: say where the rates are instead
        data["kzt_per_usd"] = "each register's own: see kzt_per_usd_by_register"
    data["combination"] = combination.notes()


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

    Parameters
    ----------
    result : BuildResult
        The build whose map and report are drawn.
    out : str or pathlib.Path
        The output folder (created if needed).
    offline : bool, default False
        Inline Leaflet and its plugins in ``map.html`` so it opens without a network.
    assets_dir : str or pathlib.Path, optional
        The ``node_modules`` folder with the Leaflet stack, for ``offline``; None: found as
        :func:`kzgeo.mapping.assets.find_assets_dir` does.
    force : bool, default False
        Replace map files already in ``out``.

    Returns
    -------
    list of pathlib.Path
        ``map.html``, ``map.png`` and ``report.html`` in ``out``.

    Raises
    ------
    kzgeo.errors.OutputError
        As :func:`export_tables` does (existing files without ``force``, an input in the
        way, a folder that cannot be written); nothing in ``out`` changes.

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
    result: BuildResult,
    folder: Path,
    *,
    offline: bool,
    assets_dir: str | Path | None,
    png: Aside | None = None,
) -> None:
    from kzgeo.export.report import write_report  # noqa: PLC0415 - only when a map is written
    from kzgeo.mapping import render_html  # noqa: PLC0415 - folium is heavy

    png = png or _drawing(result, folder)
    try:
        html = render_html(result.map, offline=offline, assets_dir=assets_dir)
        (folder / "map.html").write_text(html, encoding="utf-8")
    except BaseException:
        png.cancel()
        raise
    write_report(result, folder / "report.html", png.result())


PNG_MODULES = ("kzgeo.mapping.static", "geopandas.plotting", "matplotlib.pyplot")
"""What drawing ``map.png`` imports (matplotlib): a warm child imports them ahead."""


def _drawing(result: BuildResult, folder: Path) -> Aside:
    """Start drawing ``map.png`` beside the other outputs (:mod:`kzgeo.export.aside`)."""
    path = folder / "map.png"
    return Aside(lambda: _draw_png(result, path), path, task=_png_task(result, path))


def _png_task(result: BuildResult, path: Path) -> Task:
    """Return the drawing of ``map.png`` as a picklable function and its arguments."""
    from kzgeo.mapping.i18n import text  # noqa: PLC0415

    title = text("png_title", title=result.register.title)
    return _save_png, (result.regions, result.sites, result.sez, title, result.region_id, path)


def _save_png(
    regions: gpd.GeoDataFrame,
    sites: gpd.GeoDataFrame,
    sez: gpd.GeoDataFrame,
    title: str,
    region_id: str,
    path: Path,
) -> Path:
    from kzgeo.mapping import save_png  # noqa: PLC0415 - matplotlib is heavy

    return save_png(regions, path, sites=sites, sez=sez, title=title, region_id=region_id)


def _draw_png(result: BuildResult, path: Path) -> object:
    function, args = _png_task(result, path)
    return function(*args)


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

    Parameters
    ----------
    result : BuildResult
        The build to write.
    out : str or pathlib.Path
        The output folder (created if needed).
    formats : tuple of str, default ("gpkg",)
        The GIS formats, as for :func:`export_gis`.
    offline : bool, default False
        Make ``map.html`` self-contained, as for :func:`export_map`.
    assets_dir : str or pathlib.Path, optional
        The Leaflet stack for ``offline``, as for :func:`export_map`.
    force : bool, default False
        Replace outputs already in ``out``.

    Returns
    -------
    list of pathlib.Path
        Every file written: GIS files, tables, reports, then the map files.

    Raises
    ------
    kzgeo.errors.OutputError
        When an output exists (without ``force``), is an input, or cannot be written;
        ``out`` is then as it was.

    Examples
    --------
    >>> import kzgeo, tempfile
    >>> from kzgeo.export import export_all
    >>> files = export_all(kzgeo.build(), tempfile.mkdtemp())
    >>> sorted(p.name for p in files)[:4]
    ['issues.csv', 'kzgeo.gpkg', 'map.html', 'map.png']
    """
    names = output_names(formats, combined=result.combination is not None)

    def write(folder: Path) -> None:
        png = _drawing(result, folder)  # first: it is drawn while the rest is written
        try:
            layers = gis_layers(result)  # typed once: the GIS files and the CSVs share them
            _gis(result, folder, formats, layers)
            _tables(result, folder, layers)
        except BaseException:
            png.cancel()
            raise
        _map(result, folder, offline=offline, assets_dir=assets_dir, png=png)

    return _staged(result, out, names, force=force, write=write)
