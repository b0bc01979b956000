"""``make_map``: the interactive Leaflet map (folium) of a built register.

What is on it:

- two choropleths of the regions, switched with the layer control (radio buttons):
  investment (bn KZT) and jobs, classified with mapclassify among the regions that have a
  project; regions without one are drawn as "no project", never as the lowest class;
- the SEZs, drawn dashed (their shapes are approximate; dotted when only nominal), with a card
  giving the zone's act, dates, areas and how its shape was made;
- a marker per facility that has a point, sized by its (allocated) investment and coloured by
  company, with a card giving the figures, their flags, the sources and the precision; above
  ``kzgeo.options.canvas_markers_threshold`` facilities they are dots on one canvas, with a
  lighter card on click;
- a title, a legend that follows the active choropleth, a scale bar, full screen, a minimap,
  attribution (OpenStreetMap, boundary and SEZ sources); the map opens fitted to Kazakhstan.

Regions are always drawn at map resolution (``load_regions("map")``) whatever layer is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import folium
import numpy as np
import pandas as pd
import shapely
from folium import plugins

from kzgeo.geocoding.precision import LABELS
from kzgeo.mapping import cards
from kzgeo.mapping.assets import inline_assets
from kzgeo.mapping.elements import (
    Attribution,
    CardGeoJson,
    Legend,
    SharedGeoJson,
    SiteMarkers,
    Title,
)
from kzgeo.mapping.page import KzFigure
from kzgeo.mapping.resolution import map_geometry
from kzgeo.mapping.style import (
    COMPANY_COLOURS,
    CREDITS,
    INVESTMENT_COLOURS,
    JOBS_COLOURS,
    NO_PROJECT,
    SEZ_COLOUR,
    UNKNOWN,
    classify,
)
from kzgeo.settings import options

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    import geopandas as gpd

KZ_BOUNDS = [[40.5, 46.4], [55.5, 87.4]]
LAYER_INVESTMENT = "Investment"
LAYER_JOBS = "Jobs"


class KzMap(folium.Map):
    """A folium map that loads Leaflet only (no jQuery, Bootstrap or icon fonts).

    kzgeo's layers do not use folium's Bootstrap popups or awesome-markers, so the page stays
    small and an offline copy needs only Leaflet and the plugins actually used.
    """

    default_js = [  # noqa: RUF012 - folium's own class attribute
        ("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")
    ]
    default_css = [  # noqa: RUF012 - folium's own class attribute
        ("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")
    ]

    def __init__(self, *, page_title: str = "", **kwargs: Any) -> None:
        """Create the map on a :class:`~kzgeo.mapping.page.KzFigure` page."""
        super().__init__(**kwargs)
        KzFigure(page_title=page_title).add_child(self)


def _region_geojson(layer: gpd.GeoDataFrame, region_id: str) -> tuple[dict[str, Any], pd.DataFrame]:
    """Map-resolution geometry for the layer's regions, in the layer's row order."""
    table = layer.reset_index(drop=True).to_crs(4326)
    features = [
        {"type": "Feature", "properties": {"i": i}, "geometry": shapely.geometry.mapping(g)}
        for i, g in enumerate(map_geometry(table, region_id))
    ]
    return {"type": "FeatureCollection", "features": features}, table


def _choropleth_styles(
    values: np.ndarray,
    has: np.ndarray,
    colours: tuple[str, ...],
    *,
    title: str,
    unit: str,
    fmt: str,
    k: int,
    scheme: str,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    known = has & ~np.isnan(values)
    classes = classify(np.nan_to_num(values), known, colours=colours, k=k, scheme=scheme)
    styles = []
    for idx, unknown in zip(classes.index, has & ~known, strict=True):
        if unknown:
            styles.append(
                {
                    "fillColor": UNKNOWN,
                    "fillOpacity": 0.6,
                    "color": "#777",
                    "weight": 0.8,
                    "dashArray": "1 3",
                }
            )
        elif idx < 0:
            styles.append(
                {
                    "fillColor": NO_PROJECT,
                    "fillOpacity": 0.55,
                    "color": "#999",
                    "weight": 0.8,
                    "dashArray": "3 3",
                }
            )
        else:
            styles.append(
                {
                    "fillColor": classes.colours[idx],
                    "fillOpacity": 0.75,
                    "color": "#555",
                    "weight": 0.8,
                }
            )
    items = [
        {"fill": c, "label": label}
        for c, label in zip(classes.colours, classes.labels(fmt), strict=True)
    ]
    if (has & ~known).any():
        items.append(
            {"fill": UNKNOWN, "border": "1px dotted #777", "label": "projects, figure not given"}
        )
    items.append({"fill": NO_PROJECT, "border": "1px dashed #999", "label": "no project"})
    legend = {
        "title": title,
        "unit": unit,
        "items": items,
        "note": f"{scheme} classes among regions with a project",
    }
    return styles, legend


def _sez_layers(
    sez: gpd.GeoDataFrame,
) -> tuple[
    dict[str, Any], list[dict[str, Any]], list[dict[str, Any] | None], list[dict[str, Any] | None]
]:
    table = sez.reset_index(drop=True)
    parents = set(table["parent_id"].dropna()) if "parent_id" in table else set()
    leaves = table[~table["sez_id"].isin(parents)].reset_index(drop=True)
    names = dict(zip(table["sez_id"], table["name_en"], strict=True))
    features: list[dict[str, Any]] = []
    styles: list[dict[str, Any]] = []
    tips: list[dict[str, Any] | None] = []
    pops: list[dict[str, Any] | None] = []
    for i, row in leaves.iterrows():
        nominal = row.get("geometry_method") == "nominal"
        features.append(
            {
                "type": "Feature",
                "properties": {"i": int(i)},
                "geometry": shapely.geometry.mapping(row.geometry),
            }
        )
        styles.append(
            {
                "color": SEZ_COLOUR,
                "weight": 2,
                "fillColor": SEZ_COLOUR,
                "fillOpacity": 0.15,
                "dashArray": "2 6" if nominal else "6 4",
            }
        )
        parent = (
            names.get(row.get("parent_id"), "") if isinstance(row.get("parent_id"), str) else ""
        )
        tips.append({"title": row["name_en"], "rows": [["Zone", parent]] if parent else []})
        pops.append(cards.sez_card(row, parent))
    return {"type": "FeatureCollection", "features": features}, styles, tips, pops


def _site_data(
    sites: gpd.GeoDataFrame,
    projects: pd.DataFrame | None,
    sources: Mapping[str, str],
    *,
    clustered: bool,
) -> tuple[dict[str, Any], list[str]]:
    placed = sites[~(sites.geometry.isna() | sites.geometry.is_empty)]
    companies = list(dict.fromkeys(placed.get("company", placed["project_id"]).fillna("?")))
    company = placed.get("company", placed["project_id"]).fillna("?")
    inv = pd.to_numeric(placed.get("investment_kzt"), errors="coerce").fillna(0).to_numpy()
    top = inv.max() if len(inv) and inv.max() > 0 else 1.0
    data: dict[str, Any] = {
        "lat": np.round(placed.geometry.y.to_numpy(), 5).tolist(),
        "lon": np.round(placed.geometry.x.to_numpy(), 5).tolist(),
        "r": np.round(4 + 14 * np.sqrt(inv / top), 1).tolist()
        if not clustered
        else [5] * len(placed),
        "c": [companies.index(c) for c in company],
    }
    table = projects.set_index("project_id") if projects is not None else None
    if clustered:
        # compact columns: one number or short id per facility, labels once
        data["names"] = companies
        data["site"] = placed["site_id"].astype(str).tolist()
        data["inv"] = np.round(inv / 1e9, 3).tolist()
        jobs = pd.to_numeric(placed.get("jobs"), errors="coerce")
        data["jobs"] = [None if pd.isna(v) else round(float(v), 1) for v in jobs]
        data["prec"] = placed["precision"].astype(int).tolist()
        data["labels"] = {str(k): f"{k}: {v}" for k, v in LABELS.items()}
    else:
        tips, pops = [], []
        for _, row in placed.iterrows():
            project = None
            if table is not None and row["project_id"] in table.index:
                project = table.loc[row["project_id"]].to_dict()
            tip, pop = cards.site_card(row, project, sources)
            tips.append(tip)
            pops.append(pop)
        data["tips"], data["cards"] = tips, pops
    return data, companies


def make_map(
    sites: gpd.GeoDataFrame,
    regions: gpd.GeoDataFrame,
    sez: gpd.GeoDataFrame | None = None,
    *,
    projects: pd.DataFrame | None = None,
    sources: Mapping[str, str] | None = None,
    title: str = "Investment projects in Kazakhstan",
    subtitle: str = "",
    tiles: str | None = "OpenStreetMap",
    canvas_threshold: int | None = None,
    k: int = 5,
    scheme: str = "FisherJenks",
    region_id: str = "iso_3166_2",
) -> folium.Map:
    """Return the interactive map of a built register.

    Parameters
    ----------
    sites
        Allocated sites (:func:`kzgeo.allocate` on joined sites), in EPSG:4326.
    regions
        The region layer (:func:`kzgeo.region_layer`).
    sez
        The SEZ layer (:func:`kzgeo.sez_layer`), or None to leave SEZs off.
    projects
        The register's projects, for partners, flags and sources in the facility cards.
    sources
        Source id -> URL (``Register.sources``), to link the ids figures cite.
    title, subtitle
        Shown on the map (as text).
    tiles
        ``"OpenStreetMap"`` (default) or None for no background.
    canvas_threshold
        Above this many facilities markers become dots on one canvas (default
        ``kzgeo.options.canvas_markers_threshold``).
    k, scheme
        Number of classes and mapclassify scheme for the choropleths.
    region_id
        The id column of ``regions`` (for a layer built on your own boundaries).

    Returns
    -------
    folium.Map
        Displays inline in a notebook; save it with :func:`save_map`.

    Examples
    --------
    >>> import kzgeo
    >>> result = kzgeo.build()
    >>> m = kzgeo.make_map(result.sites, result.regions, result.sez)
    >>> type(m).__name__
    'KzMap'
    """
    policy = str(regions["allocation_policy"].iloc[0]) if "allocation_policy" in regions else "-"
    fmap = KzMap(
        page_title=title,
        location=[48.0, 67.0],
        zoom_start=5,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
    )
    if tiles:
        folium.TileLayer(
            tiles, name="OpenStreetMap", overlay=True, control=True, max_zoom=18
        ).add_to(fmap)
    geo, table = _region_geojson(regions, region_id)
    shared = SharedGeoJson(geo)
    fmap.add_child(shared)
    has = table["has_projects"].to_numpy(dtype=bool)
    tips = [
        cards.region_card(row, policy=policy, id_column=region_id) for _, row in table.iterrows()
    ]
    legends = {}
    for name, column, colours, unit, scale, fmt in (
        (
            LAYER_INVESTMENT,
            "investment_kzt",
            INVESTMENT_COLOURS,
            f"bn KZT ({policy} allocation)",
            1e9,
            "{:,.1f}",
        ),
        (LAYER_JOBS, "jobs", JOBS_COLOURS, f"new jobs ({policy} allocation)", 1.0, "{:,.0f}"),
    ):
        values = table[column].to_numpy(dtype=float) / scale
        styles, legend = _choropleth_styles(
            values, has, colours, title=name, unit=unit, fmt=fmt, k=k, scheme=scheme
        )
        legends[name] = legend
        CardGeoJson(
            shared,
            name=name,
            class_name="kzgeo-region",
            styles=styles,
            tips=tips,
            popups=[None] * len(table),
            overlay=False,
            show=name == LAYER_INVESTMENT,
        ).add_to(fmap)
    always = []
    if sez is not None and len(sez):
        sez_geo, sez_styles, sez_tips, sez_pops = _sez_layers(sez)
        sez_data = SharedGeoJson(sez_geo)
        fmap.add_child(sez_data)
        CardGeoJson(
            sez_data,
            name="Special economic zones",
            class_name="kzgeo-sez",
            styles=sez_styles,
            tips=sez_tips,
            popups=sez_pops,
            overlay=True,
            show=True,
        ).add_to(fmap)
        always.append(
            {
                "title": "Special economic zones",
                "items": [
                    {
                        "fill": "transparent",
                        "border": f"2px dashed {SEZ_COLOUR}",
                        "label": "approximate shape (official area)",
                    },
                    {
                        "fill": "transparent",
                        "border": f"2px dotted {SEZ_COLOUR}",
                        "label": "location only (area not published)",
                    },
                ],
            }
        )
    threshold = canvas_threshold or options.canvas_markers_threshold
    placed = int((~(sites.geometry.isna() | sites.geometry.is_empty)).sum())
    dense = placed > threshold
    data, companies = _site_data(sites, projects, sources or {}, clustered=dense)
    SiteMarkers(data, palette=list(COMPANY_COLOURS), dense=dense).add_to(fmap)
    shown = companies[: len(COMPANY_COLOURS)]
    always.append(
        {
            "title": "Facilities",
            "unit": "size: investment; colour: company",
            "items": [
                {"fill": COMPANY_COLOURS[i], "round": True, "label": c} for i, c in enumerate(shown)
            ],
            "note": (
                f"+{len(companies) - len(shown)} more companies (colours repeat)"
                if len(companies) > len(shown)
                else (
                    f"{placed:,} facilities drawn as dots; click one for its card" if dense else ""
                )
            ),
        }
    )
    fmap.add_child(Legend(legends, always))
    fmap.add_child(Title(title, subtitle))
    fmap.add_child(Attribution(CREDITS))
    plugins.Fullscreen(position="topright").add_to(fmap)
    if tiles:
        plugins.MiniMap(
            tile_layer=folium.TileLayer(tiles, max_zoom=18),
            toggle_display=True,
            zoom_level_offset=-5,
        ).add_to(fmap)
    folium.LayerControl(collapsed=False, position="topright").add_to(fmap)
    fmap.fit_bounds(KZ_BOUNDS)
    return fmap


def render_html(
    fmap: folium.Map, *, offline: bool = False, assets_dir: str | Path | None = None
) -> str:
    """Return the map page as HTML; ``offline=True`` inlines Leaflet and its plugins.

    Examples
    --------
    >>> import kzgeo
    >>> html = kzgeo.mapping.render_html(kzgeo.build().map)
    >>> len(html.encode()) < 1_000_000  # the size budget
    True
    """
    html = fmap.get_root().render()
    return inline_assets(html, assets_dir=assets_dir) if offline else html


def map_size_bytes(fmap: folium.Map) -> int:
    """Return the size of the saved page in bytes (for the size budget).

    Examples
    --------
    >>> import kzgeo
    >>> 200_000 < kzgeo.mapping.map_size_bytes(kzgeo.build().map) < 1_000_000
    True
    """
    return len(render_html(fmap).encode("utf-8"))
