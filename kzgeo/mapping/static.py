"""``save_png``: a static choropleth for reports (matplotlib, no browser needed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

# A Figure on its own Agg canvas, not pyplot: drawing a PNG must not change the backend of the
# notebook or program that imported kzgeo (inline plots keep working).
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from kzgeo.crs import KZ_EQUAL_AREA
from kzgeo.mapping.resolution import map_geometry
from kzgeo.mapping.style import (
    CREDITS,
    INVESTMENT_COLOURS,
    JOBS_COLOURS,
    NO_PROJECT,
    UNKNOWN,
    classify,
)

if TYPE_CHECKING:
    from pathlib import Path

    import geopandas as gpd

_FIGURES = {
    "investment_kzt": ("Investment", "bn KZT", 1e9, INVESTMENT_COLOURS, "{:,.1f}"),
    "jobs": ("Jobs", "jobs", 1.0, JOBS_COLOURS, "{:,.0f}"),
}


def save_png(
    regions: gpd.GeoDataFrame,
    path: str | Path,
    *,
    figure: str = "investment_kzt",
    title: str = "",
    sites: gpd.GeoDataFrame | None = None,
    dpi: int = 150,
    region_id: str = "iso_3166_2",
) -> Path:
    """Draw the region layer as a choropleth PNG in an equal-area projection.

    Parameters
    ----------
    regions
        The region layer (:func:`kzgeo.region_layer`); drawn at map resolution.
    path
        Where to write the PNG.
    figure
        ``"investment_kzt"`` or ``"jobs"``.
    title
        Title above the map (default: the figure's name).
    sites
        Facilities to draw as dots (optional).
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
    >>> out = kzgeo.save_png(result.regions, pathlib.Path(tempfile.mkdtemp()) / "map.png")
    >>> out.stat().st_size > 10_000
    True
    """
    from pathlib import Path  # noqa: PLC0415 - keeps the module import light

    name, unit, scale, colours, fmt = _FIGURES[figure]
    layer = regions.reset_index(drop=True).copy()
    layer = layer.set_geometry(map_geometry(layer, region_id).to_numpy(), crs=4326)
    values = layer[figure].to_numpy(dtype=float) / scale
    has = layer["has_projects"].to_numpy(dtype=bool)
    known = has & ~np.isnan(values)
    classes = classify(np.nan_to_num(values), known, colours=colours)
    fill = [
        UNKNOWN if (h and not k) else NO_PROJECT if i < 0 else classes.colours[i]
        for i, h, k in zip(classes.index, has, known, strict=True)
    ]
    projected = layer.to_crs(KZ_EQUAL_AREA)
    fig = Figure(figsize=(10, 6.2))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    projected.plot(ax=ax, color=fill, edgecolor="#555", linewidth=0.5)
    if sites is not None and len(sites):
        placed = sites[~(sites.geometry.isna() | sites.geometry.is_empty)]
        placed.to_crs(KZ_EQUAL_AREA).plot(ax=ax, color="#222", markersize=14, zorder=3)
    handles = [
        Patch(facecolor=c, edgecolor="#555", label=f"{label} {unit}")
        for c, label in zip(classes.colours, classes.labels(fmt), strict=True)
    ]
    if (has & ~known).any():
        handles.append(Patch(facecolor=UNKNOWN, edgecolor="#777", label="figure not given"))
    handles.append(Patch(facecolor=NO_PROJECT, edgecolor="#999", label="no project"))
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=True, title=name)
    ax.set_axis_off()
    # parse_math=False: a register title with "$...$" is drawn as written, not as mathtext
    ax.set_title(title or f"{name} by region ({unit})", fontsize=12, parse_math=False)
    fig.text(0.01, 0.01, "; ".join(CREDITS), fontsize=6, color="#555", parse_math=False)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=dpi, bbox_inches="tight")
    return out
