"""``make_map``: the interactive Leaflet map (folium) of a built register.

What is on it:

- two choropleths of the regions, switched with the layer control (radio buttons):
  investment (bn KZT) and jobs, classified with mapclassify among the regions that have a
  project; regions without one are drawn as "no project", never as the lowest class;
- the SEZs, drawn dashed (their shapes are approximate; dotted when only nominal), with a card
  giving the zone's act, dates, areas and how its shape was made;
- a marker per facility that has a point, sized by its (allocated) investment and coloured by
  company (a categorical palette distinct from both ramps), filled when its investment is
  reported, a hollow ring when estimated, dashed when derived, small and grey when the site
  carries 0 % of its project; a card gives the figures in words, the sources and the
  precision, the technical detail one click away; above
  ``kzgeo.options.canvas_markers_threshold`` facilities they are dots on one canvas, with a
  lighter card on click;
- region totals resting partly on estimated (derived) figures are outlined heavy dashed
  (dotted); region names and values from zoom 5; the three cities of republican significance
  (Astana, Almaty, Shymkent: small polygons that would vanish at country scale) as circles
  whose area is in proportion to the value, with a labelled callout, at every zoom;
- a title, a legend that follows the active choropleth, a scale bar, full screen, a minimap,
  attribution (OpenStreetMap, boundary and SEZ sources); the map opens fitted to Kazakhstan.
- on a phone (narrower than 640 px): a one-line title, the layer control collapsed, the legend
  behind a button, no minimap, the attribution collapsed;
- when the projects differ in sector, stage or year, a filter panel under the title
  (:mod:`kzgeo.mapping.filters`, ``web/filters.js``) that hides other projects' facilities and
  re-totals and re-colours the regions in the page, with the legend's classes.

SEZs, city symbols, labels and facilities sit in their own Leaflet panes above the
choropleths, so switching Investment and Jobs never covers them; popups pan clear of the title.
Every word is in ``kzgeo.options.language`` (English, Russian or Kazakh).

Regions are always drawn at map resolution (``load_regions("map")``) whatever layer is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import folium
import numpy as np
import pandas as pd
import shapely
from folium import plugins

from kzgeo.mapping import cards
from kzgeo.mapping.assets import inline_assets
from kzgeo.mapping.elements import (
    Attribution,
    CardGeoJson,
    FeatureCards,
    FilterPanel,
    Legend,
    RegionLabels,
    ResponsiveLayerControl,
    SharedGeoJson,
    SiteMarkers,
    Title,
    Words,
)
from kzgeo.mapping.filters import (
    UNKNOWN_STAGE,
    LayerStyles,
    filter_spec,
    layer_spec,
    site_figures,
    stage_index,
    stage_label,
)
from kzgeo.mapping.i18n import (
    Language,
    check_language,
    policy_name,
    region_name,
    sez_name,
    text,
)
from kzgeo.mapping.page import KzFigure
from kzgeo.mapping.resolution import label_points, map_geometry
from kzgeo.mapping.style import (
    COMPANY_COLOURS,
    CREDITS,
    FIGURE_STYLES,
    NO_PROJECT,
    OUTLINES,
    SEZ_COLOUR,
    UNKNOWN,
    ZERO_SHARE,
    Classes,
    basis_flags,
    classify_figure,
)
from kzgeo.settings import options

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    import geopandas as gpd

KZ_BOUNDS = [[40.5, 46.4], [55.5, 87.4]]
# the three cities of republican significance (ISO 3166-2:KZ), small polygons at country scale
CITY_IDS = ("KZ-71", "KZ-75", "KZ-79")
# callouts of Almaty and Shymkent go west: east of them are the legend and the
# Almaty Region / Turkistan Region labels
CITY_SIDE = {"KZ-71": "right", "KZ-75": "left", "KZ-79": "left"}
LABEL_MIN_ZOOM = 5
CITY_MAX_RADIUS = 22.0  # px, for the largest regional value of the active layer
# strings the page helper (kzgeo.js) shows itself
JS_WORDS = ("legend", "details", "site", "investment", "jobs", "precision", "bn_kzt")


@dataclass(frozen=True)
class MapStyle:
    """The less often changed settings of :func:`make_map`, kept together.

    Like the ``style_kwds`` and ``legend_kwds`` of :meth:`geopandas.GeoDataFrame.explore`,
    they leave the data arguments of :func:`make_map` short. How many facilities become dots on
    one canvas is the option ``kzgeo.options.canvas_markers_threshold``, and the map's
    language is ``kzgeo.options.language``.

    Attributes
    ----------
    subtitle
        A line shown under the title (as text); ``""`` (default) for none.
    tiles
        The background: ``"OpenStreetMap"`` (default), or None for none (and no minimap).
    k
        Number of classes of the choropleths (default 5).
    scheme
        The mapclassify scheme of the choropleths (default ``"FisherJenks"``).
    figures
        The figures the region cards total while a filter is set (names, e.g.
        ``tuple(register.figures)``); None (default): the built-ins and every declared
        figure the sites carry.

    Examples
    --------
    >>> MapStyle(tiles=None, k=4).scheme
    'FisherJenks'
    """

    subtitle: str = ""
    tiles: str | None = "OpenStreetMap"
    k: int = 5
    scheme: str = "FisherJenks"
    figures: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        """Keep ``figures`` as a tuple, whatever iterable of names was given."""
        if self.figures is not None:
            object.__setattr__(self, "figures", tuple(self.figures))


@dataclass(frozen=True)
class _Page:
    """What every part of one map reads: the map, its regions and the words it speaks.

    Attributes
    ----------
    fmap
        The map the parts are added to.
    table
        The regions at map resolution, in the order of the region GeoJSON's features.
    region_id
        The id column of ``table``.
    lang
        The map's language.
    policy
        The allocation policy's name in ``lang`` (only ever shown).
    """

    fmap: folium.Map
    table: pd.DataFrame
    region_id: str
    lang: Language
    policy: str


class KzMap(folium.Map):
    """A folium map that loads Leaflet only (no jQuery, Bootstrap or icon fonts).

    kzgeo's layers do not use folium's Bootstrap popups or awesome-markers, so the page stays
    small and an offline copy needs only Leaflet and the plugins actually used.

    Parameters
    ----------
    page_title
        The page's ``<title>``; ``""`` (default) writes none.
    **kwargs
        Options of :class:`folium.Map` (``location``, ``zoom_start``, ``tiles``, ...).
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
    table = table.set_geometry(map_geometry(table, region_id).to_numpy(), crs=4326)
    features = [
        {"type": "Feature", "properties": {"i": i}, "geometry": shapely.geometry.mapping(g)}
        for i, g in enumerate(table.geometry)
    ]
    return {"type": "FeatureCollection", "features": features}, table


def _region_style(
    cls: int, colours: tuple[str, ...], *, unknown: bool, flag: str
) -> dict[str, Any]:
    if unknown:
        style = {
            "fillColor": UNKNOWN,
            "fillOpacity": 0.6,
            "color": "#777",
            "weight": 0.8,
            "dashArray": "1 3",
        }
    elif cls < 0:
        style = {
            "fillColor": NO_PROJECT,
            "fillOpacity": 0.55,
            "color": "#999",
            "weight": 0.8,
            "dashArray": "3 3",
        }
    else:
        style = {"fillColor": colours[cls], "fillOpacity": 0.75, "color": "#555", "weight": 0.8}
    return {**style, **OUTLINES.get(flag, {})} if cls >= 0 else style


def _not_given_item(lang: Language) -> dict[str, str]:
    """Return the legend's swatch of a region whose projects all lack the figure."""
    return {"fill": UNKNOWN, "border": "1px dotted #777", "label": text("figure_not_given", lang)}


def _choropleth_styles(
    classes: Classes,
    has: np.ndarray,
    *,
    flags: list[str],
    title: str,
    unit: str,
    fmt: str,
    scheme: str,
    lang: Language,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    known = np.asarray(classes.index) >= 0  # classified: has projects and the figure is given
    styles = [
        _region_style(idx, classes.colours, unknown=bool(unknown), flag=flag)
        for idx, unknown, flag in zip(classes.index, has & ~known, flags, strict=True)
    ]
    items = [
        {"fill": c, "label": label}
        for c, label in zip(classes.colours, classes.labels(fmt), strict=True)
    ]
    if (has & ~known).any():
        items.append(_not_given_item(lang))
    items.append(
        {"fill": NO_PROJECT, "border": "1px dashed #999", "label": text("no_project", lang)}
    )
    for flag, border in (("estimated", "2px dashed #111"), ("derived", "2px dotted #111")):
        if flag in flags:
            items.append(
                {"fill": "transparent", "border": border, "label": text(f"outline_{flag}", lang)}
            )
    legend = {
        "title": title,
        "unit": unit,
        "items": items,
        "note": text("classes_note", lang, scheme=scheme),
    }
    return styles, legend


def _sez_layers(sez: gpd.GeoDataFrame, lang: Language) -> tuple[dict[str, Any], FeatureCards]:
    table = sez.reset_index(drop=True)
    parents = set(table["parent_id"].dropna()) if "parent_id" in table else set()
    leaves = table[~table["sez_id"].isin(parents)].reset_index(drop=True)
    names = {row["sez_id"]: sez_name(row, lang) for _, row in table.iterrows()}
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
        parent_id = row.get("parent_id")
        parent = names.get(parent_id, "") if isinstance(parent_id, str) else ""
        tips.append(
            {"title": sez_name(row, lang), "rows": [[text("zone", lang), parent]] if parent else []}
        )
        pops.append(cards.sez_card(row, parent, lang=lang))
    return {"type": "FeatureCollection", "features": features}, FeatureCards(styles, tips, pops)


def marker_styles() -> list[dict[str, Any]]:
    """Return the marker styles ``SiteMarkers`` indexes: reported, estimated, derived, 0 %.

    Returns
    -------
    list of dict
        Four Leaflet path options, in that order, applied over a marker's base style: a
        reported figure keeps the base, an estimated one is hollow (white fill, a thick rim in
        the marker colour), a derived one has a dashed rim, a site with a 0 % share is grey.

    Examples
    --------
    >>> [s.get("dashArray", "") for s in marker_styles()]
    ['', '', '3 2', '']
    """
    return [
        {},
        {"fillColor": "#ffffff", "fillOpacity": 0.9, "weight": 3, "stroke": True},
        {"weight": 2, "dashArray": "3 2"},
        {"fillColor": ZERO_SHARE, "fillOpacity": 0.9, "color": "#555", "weight": 1},
    ]


def _marker_style_index(placed: pd.DataFrame) -> list[int]:
    flag = placed.get("investment_kzt_flag", pd.Series("", index=placed.index)).fillna("")
    whole = pd.Series(1.0, index=placed.index)
    share = pd.to_numeric(placed["share"], errors="coerce") if "share" in placed else whole
    codes = {"estimated": 1, "derived": 2}
    return [3 if s == 0 else codes.get(str(f), 0) for f, s in zip(flag, share, strict=True)]


def _site_cards(
    placed: pd.DataFrame, projects: pd.DataFrame | None, sources: Mapping[str, str], **kw: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    table = projects.set_index("project_id") if projects is not None else None
    tips, pops = [], []
    for _, row in placed.iterrows():
        project = None
        if table is not None and row["project_id"] in table.index:
            project = table.loc[row["project_id"]].to_dict()
        tip, pop = cards.site_card(row, project, sources, **kw)
        tips.append(tip)
        pops.append(pop)
    return tips, pops


def _placed(sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the sites that have a point: one marker each, in this order."""
    return sites[~(sites.geometry.isna() | sites.geometry.is_empty)]


def _site_data(
    page: _Page,
    sites: gpd.GeoDataFrame,
    projects: pd.DataFrame | None,
    sources: Mapping[str, str],
    *,
    clustered: bool,
    names: Mapping[str, str],
) -> tuple[dict[str, Any], list[str], ColourGroups]:
    lang = page.lang
    placed = _placed(sites)
    company = placed.get("company", placed["project_id"]).fillna("?")
    codes, first_seen = pd.factorize(company)  # in order of first appearance
    companies = [str(c) for c in first_seen]
    by_company = codes.tolist()
    inv = pd.to_numeric(placed.get("investment_kzt"), errors="coerce").fillna(0).to_numpy()
    top = inv.max() if len(inv) and inv.max() > 0 else 1.0
    groups = colour_groups(placed, companies, by_company, lang=lang)
    data: dict[str, Any] = {
        "lat": np.round(placed.geometry.y.to_numpy(), 5).tolist(),
        "lon": np.round(placed.geometry.x.to_numpy(), 5).tolist(),
        "r": np.round(4 + 14 * np.sqrt(inv / top), 1).tolist()
        if not clustered
        else [5] * len(placed),
        "c": groups.codes,
        "s": _marker_style_index(placed),
    }
    if clustered:
        # compact columns: one number or short id per facility, labels once
        data["names"] = companies
        if groups.by == "stage":  # the colour no longer says the company: its own column
            data["co"] = by_company
        data["site"] = placed["site_id"].astype(str).tolist()
        data["inv"] = np.round(inv / 1e9, 3).tolist()
        jobs = pd.to_numeric(placed.get("jobs"), errors="coerce")
        data["jobs"] = [None if pd.isna(v) else round(float(v), 1) for v in jobs]
        data["prec"] = placed["precision"].astype(int).tolist()
        data["labels"] = {
            str(p): f"{p}: {cards.precision_words(p, lang)}" for p in sorted(set(data["prec"]))
        }
    else:
        data["tips"], data["cards"] = _site_cards(
            placed, projects, sources, lang=lang, policy=page.policy, names=names
        )
    return data, companies, groups


@dataclass(frozen=True)
class ColourGroups:
    """What the facility colours say: a company each, or the project's stage.

    Attributes
    ----------
    by
        ``"company"`` or ``"stage"``.
    codes
        Per facility, its position in ``COMPANY_COLOURS``.
    labels
        Per colour position used, its legend label: the company or the stage.
    """

    by: Literal["company", "stage"]
    codes: list[int]
    labels: dict[int, str]


# the stages' colours: six stages, then "stage not stated" in the palette's grey
_STAGE_COLOUR = (0, 1, 2, 3, 4, 5, 7)


def colour_groups(
    placed: pd.DataFrame, companies: list[str], by_company: list[int], *, lang: Language
) -> ColourGroups:
    """Colour facilities by company while the palette has a colour each, else by stage.

    With more companies than colours, colours would repeat and a colour would name nobody; the
    stage (announced ... cancelled) is what a reader of a large register compares instead, when
    the projects differ in it.

    Parameters
    ----------
    placed
        The facilities on the map (with ``stage`` when the register gives one).
    companies
        The companies, in order of first appearance.
    by_company
        Per facility, its company's position in ``companies``.
    lang
        The language of the stage labels.

    Returns
    -------
    ColourGroups
        The grouping, a colour position per facility and the legend's labels.

    Examples
    --------
    >>> import pandas as pd
    >>> few = colour_groups(pd.DataFrame({"stage": ["launched"]}), ["A"], [0], lang="en")
    >>> few.by, few.codes, few.labels
    ('company', [0], {0: 'A'})
    >>> many = [f"C{i}" for i in range(9)]
    >>> stages = pd.DataFrame({"stage": ["launched"] * 5 + ["announced"] * 3 + [None]})
    >>> groups = colour_groups(stages, many, list(range(9)), lang="en")
    >>> groups.by, groups.codes[:6], groups.codes[-1]
    ('stage', [3, 3, 3, 3, 3, 0], 7)
    >>> groups.labels
    {0: 'announced', 3: 'launched', 7: 'stage not stated'}
    """
    stages = [stage_index(v) for v in placed.get("stage", pd.Series(None, index=placed.index))]
    if len(companies) <= len(COMPANY_COLOURS) or len(set(stages)) < 2:
        shown = companies[: len(COMPANY_COLOURS)]
        return ColourGroups("company", by_company, dict(enumerate(shown)))
    labels = {_STAGE_COLOUR[i]: _stage_legend_label(i, lang) for i in sorted(set(stages))}
    return ColourGroups("stage", [_STAGE_COLOUR[i] for i in stages], labels)


def _region_labels(
    table: pd.DataFrame,
    layers: Mapping[str, tuple[np.ndarray, list[dict[str, Any]], str]],
    *,
    lang: Language,
    region_id: str,
    tips: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Labels: name and value per layer; cities also get a circle (area in proportion)."""
    top = {name: np.nanmax(np.append(v, 0.0)) or 1.0 for name, (v, _, _) in layers.items()}
    has = table["has_projects"].to_numpy(dtype=bool)
    share = table.get("investment_kzt_share_pct", pd.Series(np.nan, index=table.index))
    cities = (
        table["iso_3166_2"].isin(CITY_IDS).to_numpy()
        if region_id == "iso_3166_2"
        else np.zeros(len(table), dtype=bool)
    )
    out = []
    points = label_points(table, cities)
    for i, ((_, row), (lat, lon)) in enumerate(zip(table.iterrows(), points, strict=True)):
        city = bool(cities[i])
        label: dict[str, Any] = {
            "lat": lat,
            "lon": lon,
            "city": bool(city),
            "values": {},
            "r": {},
            "fill": {},
            "name": region_name(row, lang) or str(row[region_id]),
        }
        for name, (values, styles, fmt) in layers.items():
            v = float(values[i])
            known = bool(has[i]) and not np.isnan(v)
            label["values"][name] = fmt.format(v) if known else ""
            if known and city and name == next(iter(layers)) and not np.isnan(share.iloc[i]):
                label["values"][name] += f" · {share.iloc[i]:.0f} %"
            label["r"][name] = (
                round(CITY_MAX_RADIUS * float(np.sqrt(v / top[name])), 1) if known else 0
            )
            label["fill"][name] = styles[i]["fillColor"]
        if city:
            label["tip"] = tips[i]
            label["side"] = CITY_SIDE[row["iso_3166_2"]]
        out.append(label)
    return out


def _filter_layer(
    column: str,
    name: str,
    values: np.ndarray,
    classes: Classes,
    label_fmt: str,
    scale: float,
    *,
    has: np.ndarray,
    lang: Language,
) -> dict[str, Any]:
    """Return how the filter panel re-colours a choropleth: the legend's classes, unchanged."""
    styles = LayerStyles(
        classes=[
            _region_style(c, classes.colours, unknown=False, flag="")
            for c in range(len(classes.colours))
        ],
        unknown=_region_style(0, (), unknown=True, flag=""),
        none=_region_style(-1, (), unknown=False, flag=""),
        gap=_not_given_item(lang),
        gap_shown=bool((has & np.isnan(values)).any()),
    )
    return layer_spec(
        column,
        name=name,
        scale=scale,
        bounds=classes.bounds,
        label=label_fmt,
        top=float(np.nanmax(np.append(values, 0.0)) or 1.0),
        styles=styles,
    )


def _add_choropleths(
    page: _Page, shared: SharedGeoJson, tips: list[dict[str, Any]], style: MapStyle
) -> tuple[
    dict[str, dict[str, Any]],
    dict[str, tuple[np.ndarray, list[dict[str, Any]], str]],
    list[tuple[CardGeoJson, dict[str, Any]]],
]:
    table, lang, scheme = page.table, page.lang, style.scheme
    has = table["has_projects"].to_numpy(dtype=bool)
    legends, layers, drawn = {}, {}, []
    for n, (column, spec) in enumerate(FIGURE_STYLES.items()):
        name = text(spec.layer_key, lang)
        values = table[column].to_numpy(dtype=float) / spec.scale
        label_fmt = text(spec.label_key, lang, value=spec.fmt)
        classes = classify_figure(table, column, scale=spec.scale, k=style.k, scheme=scheme)
        styles, legend = _choropleth_styles(
            classes,
            has,
            flags=basis_flags(table, column),
            title=name,
            unit=text(spec.unit_key, lang, policy=page.policy),
            fmt=spec.fmt,
            scheme=scheme,
            lang=lang,
        )
        legends[name] = legend
        layers[name] = (values, styles, label_fmt)
        layer = CardGeoJson(
            shared,
            name=name,
            features=FeatureCards(styles, tips, [None] * len(table)),
            class_name="kzgeo-region",
            overlay=False,
            show=n == 0,
        )
        layer.add_to(page.fmap)
        how = _filter_layer(
            column, name, values, classes, label_fmt, spec.scale, has=has, lang=lang
        )
        drawn.append((layer, how))
    return legends, layers, drawn


def _add_sez(
    fmap: folium.Map, sez: gpd.GeoDataFrame | None, lang: Language
) -> list[dict[str, Any]]:
    if sez is None or not len(sez):
        return []
    sez_geo, sez_cards = _sez_layers(sez, lang)
    sez_data = SharedGeoJson(sez_geo)
    fmap.add_child(sez_data)
    CardGeoJson(
        sez_data,
        name=text("layer_sez", lang),
        features=sez_cards,
        class_name="kzgeo-sez",
        overlay=True,
        show=True,
        pane="kzgeoSez",
    ).add_to(fmap)
    return [
        {
            "title": text("layer_sez", lang),
            "items": [
                {
                    "fill": "transparent",
                    "border": f"2px dashed {SEZ_COLOUR}",
                    "label": text("sez_approx", lang),
                },
                {
                    "fill": "transparent",
                    "border": f"2px dotted {SEZ_COLOUR}",
                    "label": text("sez_nominal", lang),
                },
            ],
        }
    ]


def _stage_legend_label(index: int, lang: Language) -> str:
    # the legend says "stage not stated", where the filter's list says "unknown"
    return text("stage_unknown", lang) if index == UNKNOWN_STAGE else stage_label(index, lang)


def _sites_legend(
    groups: ColourGroups,
    n_companies: int,
    placed: int,
    *,
    dense: bool,
    styles: set[int],
    lang: Language,
) -> dict[str, Any]:
    items = [
        {
            "fill": COMPANY_COLOURS[pos],
            "round": True,
            "label": label,
        }
        for pos, label in groups.labels.items()
    ]
    if not dense:
        flag_items = [
            (0, {"fill": "#777", "border": "1px solid #222"}, "marker_reported"),
            (1, {"fill": "#fff", "border": "3px solid #777"}, "marker_estimated"),
            (2, {"fill": "#777", "border": "2px dashed #222"}, "marker_derived"),
            (3, {"fill": ZERO_SHARE, "border": "1px solid #555"}, "marker_zero"),
        ]
        items += [
            {**sw, "round": True, "label": text(key, lang)}
            for code, sw, key in flag_items
            if code in styles or code == 0
        ]
    notes = []
    if groups.by == "stage":
        notes.append(text("colour_by_stage", lang, n=f"{n_companies:,}"))
    elif n_companies > len(groups.labels):
        notes.append(text("more_companies", lang, n=n_companies - len(groups.labels)))
    if dense:
        notes.append(text("dots_note", lang, n=f"{placed:,}"))
    return {
        "title": text("layer_sites", lang),
        "unit": text("sites_unit_stage" if groups.by == "stage" else "sites_unit", lang),
        "items": items,
        "note": "; ".join(notes),
    }


def _cities_legend(labels: list[dict[str, Any]], lang: Language) -> list[dict[str, Any]]:
    if not any(lab["city"] for lab in labels):
        return []
    return [
        {
            "title": text("cities_title", lang),
            "items": [
                {
                    "fill": "#fd8d3c",
                    "border": "1.5px solid #111",
                    "round": True,
                    "label": ", ".join(lab["name"] for lab in labels if lab["city"]),
                }
            ],
            "note": text("cities_note", lang),
        }
    ]


def _add_filters(
    page: _Page,
    sites: gpd.GeoDataFrame,
    projects: pd.DataFrame | None,
    *,
    drawn: list[tuple[CardGeoJson, dict[str, Any]]],
    markers: SiteMarkers,
    figures: tuple[str, ...] | None,
) -> None:
    """Add the sector / stage / year filter panel when the projects give something to filter."""
    totalled = site_figures(sites) if figures is None else [f for f in figures if f in sites]
    spec = filter_spec(
        sites,
        page.table,
        projects,
        region_id=page.region_id,
        figures=totalled,
        layers=[layer for _, layer in drawn],
        marker_ids=_placed(sites)["project_id"].astype(str).tolist(),
        lang=page.lang,
    )
    if spec is not None:
        spec["country"] = KZ_BOUNDS  # the panel starts closed where it would cover the country
        page.fmap.add_child(FilterPanel(spec, regions=[layer for layer, _ in drawn], sites=markers))


def _add_controls(fmap: folium.Map, tiles: str | None) -> None:
    fmap.add_child(Attribution(CREDITS))
    plugins.Fullscreen(position="topright").add_to(fmap)
    if tiles:
        plugins.MiniMap(
            tile_layer=folium.TileLayer(tiles, max_zoom=18),
            toggle_display=True,
            zoom_level_offset=-5,
            position="bottomleft",
        ).add_to(fmap)
    ResponsiveLayerControl(collapsed=False, position="topright").add_to(fmap)
    fmap.fit_bounds(KZ_BOUNDS)


def _new_map(title: str, tiles: str | None, lang: Language) -> KzMap:
    """Return the map page: Kazakhstan at zoom 5, the background tiles, the page's words."""
    fmap = KzMap(
        page_title=title,
        location=[48.0, 67.0],
        zoom_start=5,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        zoomSnap=0.25,  # a phone fits the country at zoom 3.5 instead of 3
    )
    if tiles:
        folium.TileLayer(
            tiles, name="OpenStreetMap", overlay=True, control=True, max_zoom=18
        ).add_to(fmap)
    fmap.add_child(Words({key: text(key, lang) for key in JS_WORDS}))
    return fmap


def _add_regions(
    page: _Page, geo: dict[str, Any], style: MapStyle
) -> tuple[
    dict[str, dict[str, Any]],
    list[dict[str, Any]],
    list[tuple[CardGeoJson, dict[str, Any]]],
]:
    """Add the choropleths; return their legends, the region labels and the layers drawn."""
    shared = SharedGeoJson(geo)
    page.fmap.add_child(shared)
    tips = [
        cards.region_card(row, policy=page.policy, id_column=page.region_id, lang=page.lang)
        for _, row in page.table.iterrows()
    ]
    legends, layers, drawn = _add_choropleths(page, shared, tips, style)
    labels = _region_labels(page.table, layers, lang=page.lang, region_id=page.region_id, tips=tips)
    return legends, labels, drawn


def _add_sites(
    page: _Page,
    sites: gpd.GeoDataFrame,
    sez: gpd.GeoDataFrame | None,
    projects: pd.DataFrame | None,
    sources: Mapping[str, str],
) -> tuple[SiteMarkers, dict[str, Any]]:
    """Add the facility markers; return them and their legend section."""
    lang = page.lang
    placed = len(_placed(sites))
    dense = placed > options.canvas_markers_threshold
    names = {str(r[page.region_id]): region_name(r, lang) for _, r in page.table.iterrows()}
    if sez is not None:
        names |= {f"sez:{r['sez_id']}": sez_name(r, lang) for _, r in sez.iterrows()}
    data, companies, groups = _site_data(
        page, sites, projects, sources, clustered=dense, names=names
    )
    markers = SiteMarkers(
        data,
        palette=list(COMPANY_COLOURS),
        dense=dense,
        styles=marker_styles(),
        name=text("layer_sites", lang),
    )
    markers.add_to(page.fmap)
    legend = _sites_legend(
        groups, len(companies), placed, dense=dense, styles=set(data["s"]), lang=lang
    )
    return markers, legend


def make_map(
    sites: gpd.GeoDataFrame,
    regions: gpd.GeoDataFrame,
    *,
    sez: gpd.GeoDataFrame | None = None,
    projects: pd.DataFrame | None = None,
    sources: Mapping[str, str] | None = None,
    title: str = "",
    region_id: str = "iso_3166_2",
    style: MapStyle | None = None,
) -> folium.Map:
    """Return the interactive map of a built register.

    Every word is in ``kzgeo.options.language`` (English, Russian or Kazakh; set it for one
    map with ``kzgeo.options.context(language="kk")``). Above
    ``kzgeo.options.canvas_markers_threshold`` facilities the markers are dots on one canvas.

    Parameters
    ----------
    sites
        Allocated sites (:func:`kzgeo.allocate` on joined sites), in EPSG:4326.
    regions
        The region layer (:func:`kzgeo.region_layer`).
    sez
        The SEZ layer (:func:`kzgeo.sez_layer`), or None (default) to leave SEZs off.
    projects
        The register's projects, for partners, flags and sources in the facility cards; their
        ``sector_code``, ``sector``, ``stage`` and ``year`` (where given) feed the filter
        panel, which re-totals and re-colours the regions in the page.
    sources
        Source id -> URL (``{k: s.url for k, s in register.sources.items()}``), to link the
        ids figures cite.
    title
        Shown on the map (as text) and as the page's title; defaults to "Investment projects
        in Kazakhstan" in the map's language.
    region_id
        The id column of ``regions`` (for a layer built on your own boundaries).
    style
        The subtitle, background tiles, choropleth classes and filtered figures
        (:class:`MapStyle`); None (default) for ``MapStyle()``.

    Returns
    -------
    folium.Map
        Displays inline in a notebook; write it with :func:`render_html`.

    Examples
    --------
    >>> import kzgeo
    >>> from kzgeo.mapping import MapStyle
    >>> result = kzgeo.build()
    >>> m = kzgeo.make_map(result.sites, result.regions, sez=result.sez,
    ...                    style=MapStyle(tiles=None, k=4))
    >>> type(m).__name__
    'KzMap'
    """
    style = style or MapStyle()
    lang = check_language()
    title = title or text("title_default", lang)
    policy = str(regions["allocation_policy"].iloc[0]) if "allocation_policy" in regions else "-"
    fmap = _new_map(title, style.tiles, lang)
    geo, table = _region_geojson(regions, region_id)
    page = _Page(fmap, table, region_id, lang, policy=policy_name(policy, lang))
    legends, labels, drawn = _add_regions(page, geo, style)
    always = _cities_legend(labels, lang) + _add_sez(fmap, sez, lang)
    fmap.add_child(RegionLabels(labels, active=next(iter(legends)), min_zoom=LABEL_MIN_ZOOM))
    markers, sites_legend = _add_sites(page, sites, sez, projects, sources or {})
    fmap.add_child(Legend(legends, [*always, sites_legend]))
    fmap.add_child(Title(title, style.subtitle))
    _add_filters(page, sites, projects, drawn=drawn, markers=markers, figures=style.figures)
    _add_controls(fmap, style.tiles)
    return fmap


def render_html(
    fmap: folium.Map, *, offline: bool = False, assets_dir: str | Path | None = None
) -> str:
    """Return the map page as HTML; ``offline=True`` inlines Leaflet and its plugins.

    Parameters
    ----------
    fmap
        A map made by kzgeo (:func:`kzgeo.mapping.make_map`) or any folium map.
    offline
        True to embed every CDN script and stylesheet
        (:func:`kzgeo.mapping.assets.inline_assets`), so that the page works without
        internet; False (default) keeps the CDN links.
    assets_dir
        The ``node_modules`` folder the offline files are read from (default: see
        :func:`kzgeo.mapping.assets.find_assets_dir`); only read when ``offline`` is True.

    Returns
    -------
    str
        The whole HTML page.

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

    Parameters
    ----------
    fmap
        The map, as for :func:`render_html`.

    Returns
    -------
    int
        The UTF-8 size of the page with CDN links (not inlined).

    Examples
    --------
    >>> import kzgeo
    >>> 200_000 < kzgeo.mapping.map_size_bytes(kzgeo.build().map) < 1_000_000
    True
    """
    return len(render_html(fmap).encode("utf-8"))
