"""``save_png``: a static map for reports (matplotlib, no browser needed).

Drawn in :data:`kzgeo.crs.KZ_EQUAL_AREA` (Albers equal-area conic, standard parallels 43 N and
53 N: areas true, shapes and scale close to true across Kazakhstan). On it: the choropleth
(regions whose total rests partly on estimated / derived figures hatched ``///`` / ``...``),
region names and values, the three cities of republican significance as circles whose area is
in proportion to the value (with a callout), the SEZs, the facilities, a legend for every
symbol, a scale bar, the title and credits inside the frame. Every text is drawn with
``parse_math=False``: a register's ``$...$`` is text, not mathtext.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np

# A Figure on its own Agg canvas, not pyplot: drawing a PNG must not change the backend of the
# notebook or program that imported kzgeo (inline plots keep working).
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kzgeo.crs import KZ_EQUAL_AREA
from kzgeo.mapping.cards import as_number
from kzgeo.mapping.i18n import Language, check_language, policy_name, region_name, text
from kzgeo.mapping.resolution import label_points, map_geometry
from kzgeo.mapping.style import (
    CREDITS,
    FIGURE_STYLES,
    NO_PROJECT,
    SEZ_COLOUR,
    UNKNOWN,
    basis_flags,
    classify_figure,
)

if TYPE_CHECKING:
    from pathlib import Path

    from matplotlib.axes import Axes

CITY_IDS = ("KZ-71", "KZ-75", "KZ-79")
HATCHES = {"estimated": "////", "derived": "...."}
CITY_MAX_POINTS = 900.0  # marker area (pt^2) of the largest regional value
HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]


def _unit(layer: gpd.GeoDataFrame, figure: str, lang: Language) -> str:
    policy = str(layer["allocation_policy"].iloc[0]) if "allocation_policy" in layer else "-"
    return text(FIGURE_STYLES[figure].unit_key, lang, policy=policy_name(policy, lang))


def _draw_regions(
    ax: Axes, layer: gpd.GeoDataFrame, figure: str, lang: Language
) -> tuple[list[Any], list[str]]:
    """Fill the regions by class, hatch the ones resting on estimates.

    Returns the legend handles and each region's fill colour.
    """
    spec = FIGURE_STYLES[figure]
    key, fmt = spec.layer_key, spec.fmt
    has = layer["has_projects"].to_numpy(dtype=bool)
    classes = classify_figure(layer, figure, scale=spec.scale)
    known = np.asarray(classes.index) >= 0  # classified: has projects and the figure is given
    fill = [
        UNKNOWN if (h and not k) else NO_PROJECT if i < 0 else classes.colours[i]
        for i, h, k in zip(classes.index, has, known, strict=True)
    ]
    flags = basis_flags(layer, figure)
    layer.plot(ax=ax, color=fill, edgecolor="#555", linewidth=0.5)
    for flag, hatch in HATCHES.items():
        picked = [f == flag for f in flags]
        if any(picked):
            layer[picked].plot(
                ax=ax, facecolor="none", edgecolor="#222", hatch=hatch, linewidth=0.8
            )
    unit = _unit(layer, figure, lang)
    handles: list[Any] = [
        Patch(facecolor="none", edgecolor="none", label=f"{text(key, lang)}, {unit}")
    ]
    handles += [
        Patch(facecolor=c, edgecolor="#555", label=label)
        for c, label in zip(classes.colours, classes.labels(fmt), strict=True)
    ]
    if (has & ~known).any():
        handles.append(
            Patch(facecolor=UNKNOWN, edgecolor="#777", label=text("figure_not_given", lang))
        )
    handles.append(Patch(facecolor=NO_PROJECT, edgecolor="#999", label=text("no_project", lang)))
    for flag, hatch in HATCHES.items():
        if flag in flags:
            handles.append(
                Patch(
                    facecolor="white",
                    edgecolor="#222",
                    hatch=hatch,
                    label=text(f"outline_{flag}", lang).split(": ", 1)[-1],
                )
            )
    return handles, fill


def _city(ax: Axes, xy: tuple[float, float], label: str, *, size: float, colour: str) -> None:
    """Draw a city as a circle of area ``size`` (pt^2) with a boxed callout to the south-west."""
    if size:
        ax.scatter(
            [xy[0]],
            [xy[1]],
            s=size,
            color=colour,
            edgecolor="#111",
            linewidth=0.9,
            alpha=0.9,
            zorder=4,
        )
    ax.annotate(
        label,
        xy,
        xytext=(-14, -16),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=6.5,
        fontweight="bold",
        zorder=6,
        parse_math=False,
        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#777", "lw": 0.5},
        arrowprops={"arrowstyle": "-", "color": "#555", "lw": 0.6},
    )


def _draw_labels(
    ax: Axes, layer: gpd.GeoDataFrame, figure: str, lang: Language, region_id: str, fill: list[str]
) -> list[Any]:
    """Region names and values; the cities as proportional circles with a callout."""
    spec = FIGURE_STYLES[figure]
    values = layer[figure].to_numpy(dtype=float) / spec.scale
    cities = np.zeros(len(layer), dtype=bool)
    if region_id == "iso_3166_2":
        cities = layer[region_id].isin(CITY_IDS).to_numpy()
    lat_lon = label_points(layer, cities)
    points = gpd.GeoSeries(
        gpd.points_from_xy([p[1] for p in lat_lon], [p[0] for p in lat_lon]), crs=4326
    ).to_crs(KZ_EQUAL_AREA)
    top = np.nanmax(np.append(values, 0.0)) or 1.0
    for i, row in enumerate(r for _, r in layer.iterrows()):
        v = values[i]
        known = bool(row["has_projects"]) and not np.isnan(v)
        value = text(spec.label_key, lang, value=spec.fmt.format(v)) if known else ""
        name = region_name(row, lang) or str(row[region_id])
        xy = (points.iloc[i].x, points.iloc[i].y)
        if not cities[i]:
            ax.annotate(
                f"{name}\n{value}".strip(),
                xy,
                ha="center",
                va="center",
                fontsize=5.6,
                color="#222",
                path_effects=HALO,
                parse_math=False,
            )
            continue
        share = as_number(row.get(f"{figure}_share_pct"))
        if known and not np.isnan(share):
            value += f" · {share:.0f} %"
        size = CITY_MAX_POINTS * v / top if known else 0.0
        _city(ax, xy, f"{name}\n{value}".strip(), size=size, colour=fill[i])
    if not cities.any():
        return []
    return [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=10,
            markerfacecolor=spec.ramp[-1],
            markeredgecolor="#111",
            label=text("png_cities", lang),
        )
    ]


def _draw_points(
    ax: Axes, sez: gpd.GeoDataFrame | None, sites: gpd.GeoDataFrame | None, lang: Language
) -> list[Any]:
    handles: list[Any] = []
    if sez is not None and len(sez):
        parents = set(sez["parent_id"].dropna()) if "parent_id" in sez else set()
        leaves = sez[~sez["sez_id"].isin(parents)].to_crs(KZ_EQUAL_AREA)
        leaves.boundary.plot(ax=ax, color=SEZ_COLOUR, linewidth=0.8, linestyle="--", zorder=3)
        # zones are small at country scale: a marker at each makes them visible
        centres = leaves.geometry.representative_point()
        ax.scatter(
            centres.x,
            centres.y,
            marker="s",
            s=14,
            facecolor="none",
            edgecolor=SEZ_COLOUR,
            linewidth=0.9,
            zorder=3,
        )
        handles.append(
            Line2D(
                [],
                [],
                marker="s",
                linestyle="",
                markersize=5,
                markerfacecolor="none",
                markeredgecolor=SEZ_COLOUR,
                label=text("png_sez", lang),
            )
        )
    if sites is not None and len(sites):
        placed = sites[~(sites.geometry.isna() | sites.geometry.is_empty)].to_crs(KZ_EQUAL_AREA)
        ax.scatter(
            placed.geometry.x,
            placed.geometry.y,
            s=16,
            color="#1b9e77",
            edgecolor="#111",
            linewidth=0.6,
            zorder=5,
        )
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=5,
                markerfacecolor="#1b9e77",
                markeredgecolor="#111",
                label=text("png_sites", lang),
            )
        )
    return handles


def _scale_bar(ax: Axes, lang: Language) -> None:
    """Draw a 500 km bar in the lower right (metres in the projection: true near 43 and 53 N)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = 500_000.0
    left, base = x1 - (x1 - x0) * 0.04 - length, y0 + (y1 - y0) * 0.05
    for k, colour in enumerate(("#222", "white", "#222", "white")):
        ax.fill_between(
            [left + k * length / 4, left + (k + 1) * length / 4],
            base,
            base + (y1 - y0) * 0.008,
            color=colour,
            edgecolor="#222",
            lw=0.5,
        )
    for k, label in ((0, "0"), (2, "250"), (4, f"500 {text('km', lang)}")):
        ax.text(
            left + k * length / 4,
            base + (y1 - y0) * 0.014,
            label,
            ha="center",
            fontsize=6,
            parse_math=False,
        )


def _draw_map(
    fig: Figure,
    layer: gpd.GeoDataFrame,
    figure: str,
    sez: gpd.GeoDataFrame | None,
    sites: gpd.GeoDataFrame | None,
    *,
    region_id: str,
    lang: Language,
) -> None:
    """Draw the regions and their labels, the SEZs, the sites and the legend."""
    ax = fig.add_axes((0.01, 0.05, 0.72, 0.80))
    projected = layer.to_crs(KZ_EQUAL_AREA)
    handles, fill = _draw_regions(ax, projected, figure, lang)
    handles += _draw_labels(ax, layer, figure, lang, region_id, fill)
    handles += _draw_points(ax, sez, sites, lang)
    ax.set_axis_off()
    ax.set_aspect("equal")
    _scale_bar(ax, lang)
    for handle in handles:  # long labels (Russian, Kazakh) wrap instead of leaving the frame
        handle.set_label(textwrap.fill(handle.get_label(), 36))
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.74, 0.88),
        fontsize=7.5,
        frameon=True,
        alignment="left",
    )


def _draw_captions(fig: Figure, heading: str, lang: Language) -> None:
    """Write the title above the map and the credits below it, inside the frame."""
    fig.text(
        0.015,
        0.975,
        textwrap.fill(heading, 95),
        fontsize=12,
        fontweight="bold",
        va="top",
        parse_math=False,
    )
    fig.text(
        0.015,
        0.012,
        "; ".join(CREDITS) + ". " + text("png_projection", lang),
        fontsize=6,
        color="#555",
        parse_math=False,
    )


def save_png(
    regions: gpd.GeoDataFrame,
    path: str | Path,
    *,
    figure: str = "investment_kzt",
    title: str = "",
    sites: gpd.GeoDataFrame | None = None,
    sez: gpd.GeoDataFrame | None = None,
    dpi: int = 150,
    region_id: str = "iso_3166_2",
) -> Path:
    """Draw the region layer as a choropleth PNG in an equal-area projection.

    Every word is in ``kzgeo.options.language`` (English, Russian or Kazakh; set it for one
    map with ``kzgeo.options.context(language="kk")``).

    Parameters
    ----------
    regions
        The region layer (:func:`kzgeo.region_layer`); drawn at map resolution.
    path
        Where to write the PNG.
    figure
        ``"investment_kzt"`` or ``"jobs"``.
    title
        Title above the map (default: the figure's name), wrapped to stay inside the frame.
    sites
        Facilities to draw as dots (optional).
    sez
        The SEZ layer (:func:`kzgeo.sez_layer`) to draw (optional).
    dpi
        Resolution.
    region_id
        The id column of ``regions`` (for a layer built on your own boundaries).

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import kzgeo, tempfile, pathlib
    >>> result = kzgeo.build()
    >>> out = kzgeo.save_png(result.regions, pathlib.Path(tempfile.mkdtemp()) / "map.png",
    ...                      sites=result.sites, sez=result.sez)
    >>> out.stat().st_size > 10_000
    True
    """
    from pathlib import Path  # noqa: PLC0415 - keeps the module import light

    lang = check_language(None)
    layer = regions.reset_index(drop=True).copy()
    layer = layer.set_geometry(map_geometry(layer, region_id).to_numpy(), crs=4326)
    fig = Figure(figsize=(11, 6.3))
    FigureCanvasAgg(fig)
    _draw_map(fig, layer, figure, sez, sites, region_id=region_id, lang=lang)
    name = text(FIGURE_STYLES[figure].layer_key, lang)
    heading = title or text("png_figure_title", lang, name=name, unit=_unit(layer, figure, lang))
    _draw_captions(fig, heading, lang)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.patch.set_linewidth(1.5)  # the frame: title, map, legend and credits all inside it
    fig.savefig(out, dpi=dpi, facecolor="white", edgecolor="#999")
    return out
