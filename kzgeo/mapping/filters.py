"""The data of the web map's filter panel: sector, stage and year of every project on the map.

The page re-totals the regions itself when a filter is set (``web/filters.js``), from the same
numbers the region layer is summed from: each *counted* site (a share above 0 under the policy
and a region, as :func:`kzgeo.region_layer` counts it) with its region, its project and its
allocated share of every figure, in the sites' order. The page sums them with the compensated
(Kahan) sum pandas uses, so with no filter set its totals are the region layer's, bit for bit.
Sites the layer leaves out (error rows, no region, a 0 % share) are not in the data at all.

Per project the page gets the sector options it matches (an OKED section matches its own code
and every division in it; a project without a code is "unclassified"), its stage (one of
:data:`kzgeo.register.sectors.STAGES`, else "unknown") and its year. A part of the panel is
offered only when the projects on the map differ in it (two sectors, stages or years at least);
with none, there is no panel (the seed register's four plants: one sector, stage and year).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

from kzgeo.aggregate.allocate import _one_row_per_project
from kzgeo.mapping.cards import figure_label
from kzgeo.mapping.i18n import STRINGS, Language, text
from kzgeo.mapping.style import OUTLINES
from kzgeo.register.schema import (
    BUILTIN_FIGURES,
    SITE_FIGURE_SIGNATURE,
    figure_specs,
)
from kzgeo.register.sectors import STAGES, normalize_code, section_of, sector_label

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

    from kzgeo.register.schema import FigureSpec

# the panel's parts and the project columns each one reads
PARTS = ("sector", "stage", "year")
UNKNOWN_STAGE = len(STAGES)  # the index of "unknown" after the six stages
# a figure's flag as the page tells it: what a region's outline says its total rests on
FLAG_CODES = {"derived": 1, "estimated": 2}
# UI strings the panel and the filtered cards show (templates: the page fills the {fields})
WORDS = (
    "filter_title", "filter_sector", "filter_stage", "filter_year", "filter_from", "filter_to",
    "filter_clear", "filter_active", "filter_card_note", "filter_no_year", "filter_none_here",
    "filter_any", "investment", "projects_sites", "bn_kzt", "m_kzt", "m_usd",
)  # fmt: skip


def _blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or bool(pd.isna(value))  # type: ignore[call-overload]


def sector_code(value: object) -> str:
    """Return an OKED code as the panel lists it: ``C``, ``21``; ``""`` when none is given.

    A division read as a number (``21.0`` from a numeric column) is written with two digits;
    a value that is no OKED code is kept as written (it is listed as its own option).

    Parameters
    ----------
    value
        A project's ``sector_code`` cell: text, a number, or missing.

    Returns
    -------
    str
        The OKED section letter or two-digit division, the value as written (stripped) when
        it is no OKED code, ``""`` when the cell is blank.

    Examples
    --------
    >>> sector_code(21.0), sector_code(" c "), sector_code(float("nan")), sector_code("X9")
    ('21', 'C', '', 'X9')
    """
    if _blank(value):
        return ""
    return normalize_code(value) or str(value).strip()


def _code_order(code: str) -> tuple[str, int, str]:
    section = section_of(code) or code
    return section, 0 if code == section else 1, code


def sector_options(
    codes: Sequence[str], lang: Language
) -> tuple[list[dict[str, str]], list[list[int]]]:
    """Return the sector options present and, per project, the options it matches.

    A section (``C``) matches its projects coded ``C`` and those coded with a division of it
    (``21``); a division matches its own. Projects with no code match "unclassified" (the
    last option, there only when such a project exists).

    Parameters
    ----------
    codes
        Each project's code as :func:`sector_code` gives it (``""`` for none).
    lang
        The page's language: ``"en"``, ``"ru"`` or ``"kk"``.

    Returns
    -------
    options : list of dict
        ``{"value": code, "label": "C · <section name>"}`` for each code present, sections
        before their divisions, then "unclassified" (value ``""``) when a project has no code.
    matches : list of list of int
        Per project, in order, the positions in ``options`` it matches.

    Examples
    --------
    >>> options, matches = sector_options(["21", "C", ""], "en")
    >>> [o["value"] for o in options], matches
    (['C', '21', ''], [[0, 1], [0], [2]])
    """
    present = sorted({c for c in codes if c}, key=_code_order)
    options = [{"value": c, "label": f"{c} · {sector_label(c, lang=lang)}"} for c in present]
    if any(not c for c in codes):
        options.append({"value": "", "label": text("filter_unclassified", lang)})
    matches = []
    for code in codes:
        hit = [i for i, c in enumerate(present) if code and (c == code or c == section_of(code))]
        matches.append(hit or ([len(options) - 1] if not code else []))
    return options, matches


def stage_index(value: object) -> int:
    """Return a stage's index in ``STAGES``; ``UNKNOWN_STAGE`` when none or not one of them.

    Parameters
    ----------
    value
        A project's ``stage`` cell as the register normalised it (``"launched"``, ...).

    Returns
    -------
    int
        The position in :data:`kzgeo.register.sectors.STAGES`, or ``UNKNOWN_STAGE`` (one past
        the last) for a missing or unnormalised stage.

    Examples
    --------
    >>> stage_index("launched"), stage_index("запущен") == UNKNOWN_STAGE
    (3, True)
    """
    return STAGES.index(value) if isinstance(value, str) and value in STAGES else UNKNOWN_STAGE


def stage_label(index: int, lang: Language) -> str:
    """Return the label of a stage index (``STAGES`` then "unknown") in ``lang``.

    Parameters
    ----------
    index
        A stage index from :func:`stage_index`.
    lang
        The page's language: ``"en"``, ``"ru"`` or ``"kk"``.

    Returns
    -------
    str
        The stage's UI label; the stage code with spaces when kzgeo has no label for it.

    Examples
    --------
    >>> stage_label(UNKNOWN_STAGE, "en") == text("filter_stage_unknown", "en")
    True
    """
    if index == UNKNOWN_STAGE:
        return text("filter_stage_unknown", lang)
    key = f"stage_{STAGES[index]}"
    return text(key, lang) if key in STRINGS else STAGES[index].replace("_", " ")


def _years(values: pd.Series) -> list[int | None]:
    numbers = pd.to_numeric(values, errors="coerce")
    return [None if pd.isna(v) else int(v) for v in numbers]


def _attributes(ids: list[str], projects: pd.DataFrame | None) -> pd.DataFrame:
    """One row per project id on the map with its sector code and text, stage and year."""
    frame = pd.DataFrame(index=pd.Index(ids, dtype=object))
    if projects is not None and "project_id" in projects:
        table = projects if "row_status" in projects else projects.assign(row_status="ok")
        table = _one_row_per_project(table)
        for column in ("sector_code", "sector", "stage", "year"):
            if column in table:
                frame[column] = table[column].reindex(frame.index)
    return frame


def _parts(panel: dict[str, Any]) -> list[str]:
    """Return the panel parts that can tell the projects apart (two values or more).

    A part whose column is absent, or where every project has the same value (one sector, one
    stage, one year), would filter nothing: it is left out, and with no part left, so is the
    panel.
    """
    distinct = {
        "sector": {tuple(m) for m in panel["sector"]},
        "stage": set(panel["stage"]),
        "year": set(panel["years"]),
    }
    return [part for part in PARTS if len(distinct[part]) > 1]


def _counted(sites: pd.DataFrame, region_ids: pd.Index) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the sites the region layer sums (share above 0, one of its regions), in order."""
    share = pd.to_numeric(sites["share"], errors="coerce").fillna(0)
    counted = sites[(share > 0) & sites["region_iso"].notna()]
    region = region_ids.get_indexer(pd.Index(counted["region_iso"].to_numpy(dtype=object)))
    keep = region >= 0
    return counted[keep], region[keep]


def _figure_data(counted: pd.DataFrame, figures: Sequence[str]) -> dict[str, Any]:
    values = {f: counted[f].astype(float).tolist() for f in figures}
    flags = {
        f: [FLAG_CODES.get(str(v), 0) for v in counted.get(f"{f}_flag", [""] * len(counted))]
        for f in figures
    }
    return {"values": values, "flags": flags}


def site_figures(sites: pd.DataFrame) -> list[str]:
    """Return the figure columns of allocated sites: the built-ins, then any declared one.

    A declared figure is told by the companions :func:`kzgeo.allocate` writes beside each
    figure (``_flag``, ``_qualifier``, ``_text``).

    Parameters
    ----------
    sites
        Allocated sites, as :func:`kzgeo.allocate` returns them.

    Returns
    -------
    list of str
        The built-in figure columns present, in their fixed order, then every other column
        that has all the companions, in column order.

    Examples
    --------
    >>> import pandas as pd
    >>> site_figures(pd.DataFrame(columns=["jobs", "jobs_flag", "capacity_mw", "capacity_mw_flag",
    ...                                    "capacity_mw_qualifier", "capacity_mw_text"]))
    ['jobs', 'capacity_mw']
    """
    columns = set(sites.columns)
    found = [f for f in sites.columns if all(f"{f}_{c}" in columns for c in SITE_FIGURE_SIGNATURE)]
    builtin = [f for f in BUILTIN_FIGURES if f in columns]
    return builtin + [f for f in found if f not in BUILTIN_FIGURES]


def _figure(spec: FigureSpec, lang: Language) -> dict[str, str]:
    """Return a figure's name in ``lang`` and the unit a quantity's value is shown with."""
    unit = spec.unit if spec.kind == "quantity" else ""
    return {"figure": spec.name, "label": figure_label(spec, lang), "unit": unit}


def _panel(frame: pd.DataFrame, lang: Language) -> dict[str, Any]:
    """Return the options of each part, each project's place in them, and the parts offered."""
    out: dict[str, Any] = {}
    codes = [sector_code(v) for v in frame.get("sector_code", pd.Series("", index=frame.index))]
    out["sectors"], out["sector"] = sector_options(codes, lang)
    stages = [stage_index(v) for v in frame.get("stage", pd.Series("", index=frame.index))]
    out["stage"] = stages
    out["stages"] = [
        {"value": s, "label": stage_label(i, lang)} for i, s in enumerate((*STAGES, ""))
    ]
    years = _years(frame["year"]) if "year" in frame else [None] * len(frame)
    out["year"] = years
    given = [y for y in years if y is not None]
    out["years"] = sorted(set(given))
    out["parts"] = _parts(out)
    return out


class LayerStyles(NamedTuple):
    """The region styles of one choropleth that the page puts on while a filter is set.

    A filter re-totals the regions but keeps the legend's classes, so a region is drawn with
    the style of the class its filtered total falls in, or as no figure or no project kept.

    Attributes
    ----------
    classes
        Leaflet path options, one a class.
    unknown
        Style of a region whose projects give no figure.
    none
        Style of a region with no project kept by the filter.
    gap
        Legend swatch of a region with no figure, which the page adds while a filter
        leaves such a region unless the legend has it already.
    gap_shown
        True when the legend already shows that swatch.
    """

    classes: Sequence[dict[str, Any]]
    unknown: dict[str, Any]
    none: dict[str, Any]
    gap: dict[str, str]
    gap_shown: bool


def layer_spec(
    figure: str,
    *,
    name: str,
    scale: float,
    bounds: Sequence[float],
    label: str,
    top: float,
    styles: LayerStyles,
) -> dict[str, Any]:
    """Return how the page re-colours one choropleth (its layer ``name``): classes and labels.

    ``bounds`` are the upper bounds of the classes the legend shows (kept as they are under a
    filter) and ``styles`` how a region of each class, of no figure and of no project kept is
    drawn; ``label`` formats a value (``"{:,.1f} bn KZT"``) and ``top`` is the value a city
    circle of full size stands for.

    Parameters
    ----------
    figure
        The figure column the layer shows (``investment_kzt``, ``jobs``, ...).
    name
        The layer's name, as the layer control shows it; region labels key their values by
        it.
    scale
        Divisor from the figure's unit to the value shown (1e9 for billions of KZT).
    bounds
        Upper bounds of the legend's classes, in shown units.
    label
        Format of a value, with one ``{:...f}`` field (``"{:,.1f} bn KZT"``).
    top
        The value (in shown units) a full-size city circle stands for.
    styles
        The region styles and the legend's swatch of a region with no figure.

    Returns
    -------
    dict
        The layer's entry of the filter spec: the values above (``label`` with its field
        written ``{value}`` and its decimals as ``digits``).
    """
    found = re.search(r"\{:,?\.(\d+)f\}", label)
    return {
        "figure": figure,
        "name": name,
        "scale": scale,
        "bounds": list(bounds),
        "styles": list(styles.classes),
        "unknown": styles.unknown,
        "none": styles.none,
        "label": re.sub(r"\{:[^}]*\}", "{value}", label),
        "digits": int(found.group(1)) if found else 0,
        "top": top,
        "gap": styles.gap,
        "gapShown": styles.gap_shown,
    }


def filter_spec(
    sites: pd.DataFrame,
    table: pd.DataFrame,
    projects: pd.DataFrame | None,
    *,
    region_id: str,
    figures: Sequence[str],
    layers: Sequence[dict[str, Any]],
    marker_ids: Sequence[str],
    lang: Language,
) -> dict[str, Any] | None:
    """Return the filter panel's data island, or None when the projects give nothing to filter.

    Parameters
    ----------
    sites
        The allocated sites the map shows (with ``share`` and ``region_iso``).
    table
        The region layer in the map's row order.
    projects
        The register's projects (``sector_code``, ``sector``, ``stage``, ``year`` are read
        where present).
    region_id
        The id column of ``table``.
    figures
        The figure columns of ``sites`` the filtered region cards total.
    layers
        One :func:`layer_spec` per choropleth, in the order of the map's region layers.
    marker_ids
        The project id of each facility marker, in the markers' order.
    lang
        The page's language.

    Returns
    -------
    dict or None
        The panel's options (sectors, stages, years) with each project's place in them, the
        counted site shares per region and project, the figures, layers and UI words; None
        when ``projects`` is None, ``sites`` lacks ``share`` or ``region_iso``, or no part of
        the panel tells the projects apart (one sector, one stage, one year).

    Examples
    --------
    >>> import kzgeo
    >>> result = kzgeo.build()
    >>> filter_spec(result.sites, result.regions, result.register.projects,
    ...             region_id="iso_3166_2", figures=["jobs"], layers=[], marker_ids=[],
    ...             lang="en") is None  # the seed's four plants: one sector, stage and year
    True
    """
    if projects is None or "share" not in sites or "region_iso" not in sites:
        return None
    counted, region = _counted(sites, pd.Index(table[region_id].to_numpy(dtype=object)))
    ids = list(dict.fromkeys([*counted["project_id"].astype(str), *map(str, marker_ids)]))
    panel = _panel(_attributes(ids, projects), lang)
    if not panel["parts"]:
        return None
    index = {p: i for i, p in enumerate(ids)}
    return {
        **panel,
        "counted": {
            "region": region.tolist(),
            "project": [index[str(p)] for p in counted["project_id"]],
            **_figure_data(counted, figures),
        },
        "markers": [index[str(p)] for p in marker_ids],
        # the sites' own register declared them: its labels, never another register's
        "figures": [_figure(spec, lang) for spec in figure_specs(sites, figures).values()],
        "layers": list(layers),
        "outlines": OUTLINES,
        "regions": len(table),
        "words": {key: STRINGS[key][lang] for key in WORDS},
    }
