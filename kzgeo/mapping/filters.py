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
offered only when the projects frame has data for it; with none, there is no panel.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kzgeo.aggregate.allocate import _one_row_per_project
from kzgeo.mapping.i18n import STRINGS, Language, text
from kzgeo.mapping.style import OUTLINES
from kzgeo.register.sectors import STAGES, section_of, sector_label

if TYPE_CHECKING:
    from collections.abc import Sequence

# the panel's parts and the project columns each one reads
PARTS = {"sector": ("sector_code", "sector"), "stage": ("stage",), "year": ("year",)}
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
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def sector_code(value: object) -> str:
    """Return an OKED code as the panel lists it: ``C``, ``21``; ``""`` when none is given.

    A division read as a number (``21.0`` from a numeric column) is written with two digits.

    Examples
    --------
    >>> sector_code(21.0), sector_code(" c "), sector_code(float("nan"))
    ('21', 'C', '')
    """
    if _blank(value) or value is pd.NA:
        return ""
    if isinstance(value, int | float | np.integer | np.floating):
        return f"{int(value):02d}"
    code = str(value).strip().upper()
    return f"{int(code):02d}" if code.isdigit() else code


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

    Examples
    --------
    >>> stage_index("launched"), stage_index("запущен") == UNKNOWN_STAGE
    (3, True)
    """
    return STAGES.index(value) if value in STAGES else UNKNOWN_STAGE  # type: ignore[arg-type]


def stage_label(index: int, lang: Language) -> str:
    """Return the label of a stage index (``STAGES`` then "unknown") in ``lang``."""
    if index == UNKNOWN_STAGE:
        return text("filter_stage_unknown", lang)
    key = f"stage_{STAGES[index]}"
    return text(key, lang) if key in STRINGS else STAGES[index].replace("_", " ")


def _stage_words(project: dict[str, Any], lang: Language) -> str:
    """Return the stage in words, with the cell as written when it says more."""
    stage = project.get("stage")
    raw = next((str(v) for v in (project.get("stage_text"), stage) if not _blank(v)), "")
    if not raw:
        return ""
    words = stage_label(stage_index(stage), lang)
    return words if raw == stage else f"{words} («{raw}»)"


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


def _parts(frame: pd.DataFrame) -> list[str]:
    """Return the panel parts the projects have data for."""
    return [
        part
        for part, columns in PARTS.items()
        if any(c in frame and frame[c].map(lambda v: not _blank(v)).any() for c in columns)
    ]


def _counted(sites: pd.DataFrame, region_ids: pd.Index) -> tuple[pd.DataFrame, np.ndarray]:
    """Return the sites the region layer sums (share above 0, one of its regions), in order."""
    share = pd.to_numeric(sites["share"], errors="coerce").fillna(0)
    counted = sites[(share > 0) & sites["region_iso"].notna()]
    region = region_ids.get_indexer(counted["region_iso"].to_numpy(dtype=object))
    keep = region >= 0
    return counted[keep], region[keep]


def _figure_data(counted: pd.DataFrame, figures: Sequence[str]) -> dict[str, Any]:
    values = {f: counted[f].astype(float).tolist() for f in figures}
    flags = {
        f: [FLAG_CODES.get(str(v), 0) for v in counted.get(f"{f}_flag", [""] * len(counted))]
        for f in figures
    }
    return {"values": values, "flags": flags}


def _figure_label(fig: str, lang: Language) -> str:
    key = "investment" if fig == "investment_kzt" else fig  # its card label says the currency
    return text(key, lang) if key in STRINGS else fig


def _panel(frame: pd.DataFrame, parts: list[str], lang: Language) -> dict[str, Any]:
    """Return the options of each part and each project's place in them."""
    out: dict[str, Any] = {"parts": parts}
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
    return out


def layer_spec(
    figure: str,
    *,
    name: str,
    scale: float,
    bounds: Sequence[float],
    styles: Sequence[dict[str, Any]],
    unknown: dict[str, Any],
    none: dict[str, Any],
    label: str,
    top: float,
) -> dict[str, Any]:
    """Return how the page re-colours one choropleth (its layer ``name``): classes and labels.

    ``bounds`` are the upper bounds of the classes the legend shows (kept as they are under a
    filter), ``styles`` the style of each class, ``unknown`` and ``none`` those of a region
    whose projects give no figure and of one with no project kept; ``label`` formats a value
    (``"{:,.1f} bn KZT"``) and ``top`` is the value a city circle of full size stands for.
    """
    found = re.search(r"\{:,?\.(\d+)f\}", label)
    return {
        "figure": figure,
        "name": name,
        "scale": scale,
        "bounds": list(bounds),
        "styles": list(styles),
        "unknown": unknown,
        "none": none,
        "label": re.sub(r"\{:[^}]*\}", "{value}", label),
        "digits": int(found.group(1)) if found else 0,
        "top": top,
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

    Examples
    --------
    >>> import kzgeo
    >>> result = kzgeo.build()
    >>> filter_spec(result.sites, result.regions, result.register.projects,
    ...             region_id="iso_3166_2", figures=["jobs"], layers=[], marker_ids=[],
    ...             lang="en") is None  # the seed register has no sectors or stages
    True
    """
    if projects is None or "share" not in sites or "region_iso" not in sites:
        return None
    counted, region = _counted(sites, pd.Index(table[region_id].to_numpy(dtype=object)))
    ids = list(dict.fromkeys([*counted["project_id"].astype(str), *map(str, marker_ids)]))
    frame = _attributes(ids, projects)
    parts = _parts(frame)
    if not parts:
        return None
    index = {p: i for i, p in enumerate(ids)}
    return {
        **_panel(frame, parts, lang),
        "counted": {
            "region": region.tolist(),
            "project": [index[str(p)] for p in counted["project_id"]],
            **_figure_data(counted, figures),
        },
        "markers": [index[str(p)] for p in marker_ids],
        "figures": [{"figure": f, "label": _figure_label(f, lang)} for f in figures],
        "layers": list(layers),
        "outlines": OUTLINES,
        "regions": len(table),
        "words": {key: STRINGS[key][lang] for key in WORDS},
    }


def project_rows(project: dict[str, Any] | None, lang: Language) -> list[list[str]]:
    """Return a facility card's rows for its project's sector, stage and year (those given).

    A project without an OKED code says "unclassified"; the sector as written is shown
    beside the code either way, so a derived code can be checked against the text.

    Examples
    --------
    >>> project_rows({"sector": "цементный завод", "stage": "launched", "year": 2024.0}, "en")
    [['Sector', 'unclassified (no OKED code)'], ['Sector as written', 'цементный завод'], \
['Stage', 'launched'], ['Year', '2024']]
    """
    if not project:
        return []
    code = sector_code(project.get("sector_code"))
    written = "" if _blank(project.get("sector")) else str(project.get("sector"))
    year = _years(pd.Series([project.get("year")], dtype=object))[0]
    rows = [
        [text("filter_sector", lang), f"{code} · {sector_label(code, lang=lang)}" if code else ""],
        [text("filter_sector_text", lang), written],
        [text("filter_stage", lang), _stage_words(project, lang)],
        [text("filter_year", lang), "" if year is None else str(year)],
    ]
    if not code and written:
        rows[0][1] = text("filter_unclassified", lang)
    return [r for r in rows if r[1]]
