"""QGIS styles stored in the GeoPackage (``layer_styles``), so layers open styled like the map.

QGIS looks for a ``layer_styles`` table in a GeoPackage and applies the row marked
``useAsDefault`` for each layer. kzgeo writes one QML style per layer:

- ``regions``: a rule-based renderer with the web map's investment classes and colours, and
  "no project" drawn apart (never as the lowest class);
- ``sez``: purple fill with a dashed outline (the shapes are approximate);
- ``sites``: dark circles.

The QML follows QGIS 3's format (``<Option type="Map">`` symbol properties), which QGIS 3.22
applies when the GeoPackage is opened. The rules do not overlap: every region matches exactly
one of them.
"""

from __future__ import annotations

import contextlib
from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING, Literal
from xml.sax.saxutils import escape, quoteattr

from kzgeo.export.gis import connect, writing
from kzgeo.mapping.style import NO_PROJECT, SEZ_COLOUR, UNKNOWN, classify_figure

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

_TABLE = """
CREATE TABLE IF NOT EXISTS layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
  f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT,
  styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
  update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
)
"""


def _rgba(colour: str, alpha: int = 255) -> str:
    colour = colour.lstrip("#")
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{alpha}"


def _option(name: str, value: str) -> str:
    return f'<Option name={quoteattr(name)} type="QString" value={quoteattr(value)}/>'


def _fill_symbol(
    name: str,
    fill: str,
    *,
    alpha: int = 255,
    outline: str = "#555555",
    outline_style: str = "solid",
    outline_width: str = "0.26",
) -> str:
    options = "".join(
        [
            _option("color", _rgba(fill, alpha)),
            _option("style", "solid"),
            _option("outline_color", _rgba(outline)),
            _option("outline_style", outline_style),
            _option("outline_width", outline_width),
            _option("outline_width_unit", "MM"),
        ]
    )
    return (
        f'<symbol type="fill" name={quoteattr(name)} alpha="1" clip_to_extent="1" '
        f'force_rhr="0"><layer class="SimpleFill" enabled="1" locked="0" pass="0">'
        f'<Option type="Map">{options}</Option></layer></symbol>'
    )


def _marker_symbol(name: str, fill: str) -> str:
    options = "".join(
        [
            _option("color", _rgba(fill)),
            _option("name", "circle"),
            _option("size", "2.6"),
            _option("size_unit", "MM"),
            _option("outline_color", "255,255,255,255"),
            _option("outline_width", "0.3"),
        ]
    )
    return (
        f'<symbol type="marker" name={quoteattr(name)} alpha="1" clip_to_extent="1" '
        f'force_rhr="0"><layer class="SimpleMarker" enabled="1" locked="0" pass="0">'
        f'<Option type="Map">{options}</Option></layer></symbol>'
    )


def _qml(renderer: str) -> str:
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
        f'<qgis version="3.34.0" styleCategories="Symbology">{renderer}</qgis>'
    )


def _class_filters(bounds: tuple[float, ...]) -> list[str]:
    """One filter per class, as :func:`kzgeo.mapping.style.classify` assigns classes.

    A value goes to the first class whose upper bound it does not exceed; values above the last
    bound go to the last class, so the last rule has no upper bound and every region with a
    figure matches exactly one rule. ``has_projects`` is a GeoPackage BOOLEAN, which QGIS reads
    as a bool: ``"has_projects" = 1`` would match nothing.
    """
    money = '"has_projects" AND "investment_kzt"'
    if not bounds:  # no region has a figure: the "no project" and "not given" rules cover all
        return []
    if len(bounds) == 1:
        return [f"{money} IS NOT NULL"]
    out = [f"{money} <= {bounds[0]!r}"]
    out += [
        f'{money} > {low!r} AND "investment_kzt" <= {high!r}' for low, high in pairwise(bounds[:-1])
    ]
    out.append(f"{money} > {bounds[-2]!r}")
    return out


def _bn(low: float, high: float) -> str:
    text = f"{low / 1e9:,.1f}" if low == high else f"{low / 1e9:,.1f} - {high / 1e9:,.1f}"
    return f"{text} bn KZT"


def regions_qml(regions: pd.DataFrame) -> str:
    """Return a rule-based QML style with the web map's investment classes.

    Parameters
    ----------
    regions
        The regions layer as it is written to the GeoPackage: ``investment_kzt`` (tenge, null
        where no figure is given) and ``has_projects`` (bool) are read.

    Returns
    -------
    str
        A QML document: one rule for regions without projects, one for projects without a
        figure, then one per investment class (labelled in bn KZT) with the web map's colour.

    Examples
    --------
    >>> import pandas as pd
    >>> regions = pd.DataFrame(
    ...     {"investment_kzt": [None, None, 5e9, 2e10], "has_projects": [False, True, True, True]}
    ... )
    >>> qml = regions_qml(regions)
    >>> qml.count("<rule "), 'label="5.0 bn KZT"' in qml
    (4, True)
    """
    # unscaled: the rule filters compare the bounds with the stored figure, in tenge
    classes = classify_figure(regions, "investment_kzt")
    rules = [
        '<rule key="{none}" symbol="0" label="no project" filter="NOT &quot;has_projects&quot;"/>',
        (
            '<rule key="{unknown}" symbol="1" label="projects, figure not given" '
            'filter="&quot;has_projects&quot; AND &quot;investment_kzt&quot; IS NULL"/>'
        ),
    ]
    symbols = [
        _fill_symbol("0", NO_PROJECT, outline="#999999", outline_style="dash"),
        _fill_symbol("1", UNKNOWN, outline="#777777", outline_style="dot"),
    ]
    for n, (condition, colour, (low, high)) in enumerate(
        zip(_class_filters(classes.bounds), classes.colours, classes.ranges, strict=True), start=2
    ):
        rules.append(
            f'<rule key="{{c{n}}}" symbol="{n}" label={quoteattr(_bn(low, high))} '
            f"filter={quoteattr(condition)}/>"
        )
        symbols.append(_fill_symbol(str(n), colour, alpha=200))
    renderer = (
        '<renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" '
        f'forceraster="0"><rules key="{{root}}">{"".join(rules)}</rules>'
        f"<symbols>{''.join(symbols)}</symbols></renderer-v2>"
    )
    return _qml(renderer)


def single_symbol_qml(layer: Literal["sez", "sites"]) -> str:
    """Return the style of a layer drawn with one symbol for every feature.

    Parameters
    ----------
    layer : {"sez", "sites"}
        ``sez``: translucent purple, dashed outline (the shapes are approximate); ``sites``:
        dark circles.

    Returns
    -------
    str
        A single-symbol QML document.

    Examples
    --------
    >>> dashed = '<Option name="outline_style" type="QString" value="dash"/>'
    >>> circle = '<Option name="name" type="QString" value="circle"/>'
    >>> dashed in single_symbol_qml("sez"), circle in single_symbol_qml("sites")
    (True, True)
    """
    symbol = (
        _fill_symbol(
            "0", SEZ_COLOUR, alpha=50, outline=SEZ_COLOUR, outline_style="dash", outline_width="0.5"
        )
        if layer == "sez"
        else _marker_symbol("0", "#222222")
    )
    return _qml(
        '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" '
        f'forceraster="0"><symbols>{symbol}</symbols></renderer-v2>'
    )


# the styles of the two single-symbol layers, by name
sez_qml = partial(single_symbol_qml, "sez")
sites_qml = partial(single_symbol_qml, "sites")


def add_qgis_styles(gpkg: Path, regions: pd.DataFrame) -> None:
    """Write the default QGIS styles of ``regions``, ``sez`` and ``sites`` into ``gpkg``.

    Earlier kzgeo styles in the file are replaced; styles saved by other tools are kept.

    Parameters
    ----------
    gpkg
        A GeoPackage that already holds the layers.
    regions
        The regions layer as written there, to draw its classes (see :func:`regions_qml`).

    Raises
    ------
    OSError
        If the file cannot be written (a full disk, for one), naming the file.

    Examples
    --------
    >>> import pathlib, sqlite3, tempfile
    >>> import geopandas as gpd
    >>> from shapely import box
    >>> gpkg = pathlib.Path(tempfile.mkdtemp()) / "kzgeo.gpkg"
    >>> regions = gpd.GeoDataFrame(
    ...     {"investment_kzt": [5e9], "has_projects": [True]},
    ...     geometry=[box(70, 45, 71, 46)],
    ...     crs=4326,
    ... )
    >>> regions.to_file(gpkg, layer="regions")
    >>> add_qgis_styles(gpkg, regions)
    >>> with sqlite3.connect(gpkg) as db:
    ...     db.execute("SELECT f_table_name FROM layer_styles ORDER BY 1").fetchall()
    [('regions',), ('sez',), ('sites',)]
    """
    styles = {"regions": regions_qml(regions), "sez": sez_qml(), "sites": sites_qml()}
    with writing(gpkg), contextlib.closing(connect(gpkg)) as db, db:
        geometry_column = dict(
            db.execute("SELECT table_name, column_name FROM gpkg_geometry_columns").fetchall()
        )
        db.execute(_TABLE)
        db.execute("DELETE FROM layer_styles WHERE styleName = 'kzgeo'")
        for table, qml in styles.items():
            db.execute(
                "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
                "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, "
                "owner, ui) VALUES ('', '', ?, ?, 'kzgeo', ?, '', 1, ?, '', '')",
                (
                    table,
                    geometry_column.get(table, "geom"),
                    qml,
                    escape(f"kzgeo default style for {table}"),
                ),
            )
        db.execute(
            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description)"
            " VALUES ('layer_styles', 'attributes', 'layer_styles', ?)",
            ("QGIS default styles (QML) of the sites, regions and sez layers",),
        )
