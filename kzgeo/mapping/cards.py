"""The text of tooltips and popups: region, SEZ and facility cards (plain data, no HTML)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from kzgeo.geocoding.precision import LABELS
from kzgeo.register.figure_words import QUALIFIER_TEXT

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    import pandas as pd

Card = dict[str, Any]


def _num(value: object) -> float:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return out


def kzt(value: object) -> str:
    """Format tenge as ``58.5 bn KZT`` (``-`` when unknown)."""
    v = _num(value)
    if math.isnan(v):
        return "-"
    return f"{v / 1e9:,.1f} bn KZT" if abs(v) >= 1e8 else f"{v / 1e6:,.1f} M KZT"


def usd(value: object) -> str:
    """Format dollars as ``US$116.0 M``."""
    v = _num(value)
    return "-" if math.isnan(v) else f"US${v / 1e6:,.1f} M"


def count(value: object) -> str:
    """Format a count, keeping one decimal when allocation made it fractional."""
    v = _num(value)
    if math.isnan(v):
        return "-"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def region_card(row: pd.Series, *, policy: str, id_column: str = "iso_3166_2") -> Card:
    """Return the tooltip card of a region of the region layer."""
    title = _text(row.get("name_en")) or _text(row.get("name")) or _text(row.get(id_column))
    subtitle = " · ".join(
        t
        for t in (_text(row.get("name_kk")), _text(row.get("name_ru")), _text(row.get(id_column)))
        if t
    )
    if not row.get("has_projects"):
        return {"title": title, "subtitle": subtitle, "rows": [["Projects", "no project"]]}
    pop = row.get("population_2026")
    per100k = _num(row.get("jobs_per_100k"))
    rows = [
        ["Investment", f"{kzt(row['investment_kzt'])} ({usd(row['investment_usd'])})"],
        ["  rests on", _text(row.get("investment_kzt_basis"))],
        [
            "  range",
            (
                f"{kzt(row['investment_kzt_min'])} to {kzt(row['investment_kzt_max'])} "
                "over allocation policies"
            ),
        ],
        [
            "Jobs",
            count(row["jobs"])
            + ("" if math.isnan(per100k) else f" ({per100k:,.1f} per 100k people)"),
        ],
        [
            "Medicines",
            f"{count(row['medicines'])} ({count(row['social_medicines'])} socially significant)",
        ],
        ["Projects / sites", f"{int(row['projects'])} / {int(row['sites'])}"],
        [
            "Share of national",
            (
                f"{_num(row['investment_kzt_share_pct']):.1f} % of investment, "
                f"{_num(row['jobs_share_pct']):.1f} % of jobs"
            ),
        ],
    ]
    note = (
        f"Allocation policy: {policy}. USD at {row.get('kzt_per_usd')} KZT/USD "
        f"({row.get('kzt_per_usd_date')}). Population 1 Jan 2026: "
        + ("not found" if math.isnan(_num(pop)) else f"{int(_num(pop)):,}")
    )
    return {"title": title, "subtitle": subtitle, "rows": rows, "note": note}


def sez_card(row: pd.Series, parent_name: str = "") -> Card:
    """Return the popup card of an SEZ or sub-zone."""
    official = _num(row.get("area_ha_official"))
    rows = [
        ["Zone", parent_name] if parent_name else None,
        ["Region", _text(row.get("region_iso"))],
        ["Legal act", _text(row.get("legal_act"))],
        ["Act date", _text(row.get("act_date"))],
        ["Valid to", _text(row.get("valid_to")) or "not found"],
        ["Official area", "not found" if math.isnan(official) else f"{official:,.2f} ha"],
        ["Specialisation", _text(row.get("specialisation"))],
        [
            "Investment here",
            kzt(row.get("investment_kzt"))
            if row.get("has_projects")
            else "no project in this register",
        ],
    ]
    return {
        "title": row.get("name_en"),
        "subtitle": _text(row.get("name_ru")),
        "rows": [r for r in rows if r],
        "links": [["Source", _text(row.get("source_url"))]],
        "note": "Shape: " + _text(row.get("geometry_accuracy")),
    }


def _figure(
    row: pd.Series, project: Mapping[str, Any] | None, fig: str, fmt: Callable[[object], str]
) -> str:
    if project is None:
        return fmt(row.get(fig))
    value = project.get(fig)
    if _num(value) != _num(value):
        return "not given"
    flag = _text(project.get(f"{fig}_flag"))
    basis = _text(project.get(f"{fig}_basis"))
    words = QUALIFIER_TEXT.get(_text(project.get(f"{fig}_qualifier")), "")
    qualifier = f"{words} " if words else ""
    text = f"{qualifier}{fmt(value)} ({flag}"
    text += f": {basis})" if basis and flag != "reported" else ")"
    share = _num(row.get("share"))
    if 0 < share < 1:
        text += f"; this site: {fmt(row.get(fig))} ({share:.0%})"
    return text


def site_card(
    row: pd.Series, project: Mapping[str, Any] | None, sources: Mapping[str, str]
) -> tuple[Card, Card]:
    """Return (tooltip, popup) cards of a facility."""
    company = _text(row.get("company")) or _text(row.get("project_id"))
    precision = (
        int(_num(row.get("precision")))
        if _num(row.get("precision")) == _num(row.get("precision"))
        else 8
    )
    place = _text(row.get("matched_name")) or "-"
    rows: list[list[str] | None] = [
        ["Site", _text(row.get("site_name")) or _text(row.get("site_id"))],
        ["Partners", _text((project or {}).get("partners"))] if project else None,
        ["Investment", _figure(row, project, "investment_kzt", kzt)],
        ["Investment (USD)", _figure(row, project, "investment_usd", usd)],
        ["Jobs", _figure(row, project, "jobs", count)],
        ["Medicines", _figure(row, project, "medicines", count)],
        ["Socially significant", _figure(row, project, "social_medicines", count)],
        ["Therapeutic areas", _text((project or {}).get("therapeutic_areas"))] if project else None,
        [
            "Location",
            (
                f"{place} ({_text(row.get('geocode_method'))}; {_text(row.get('region_iso'))}"
                f"{'; SEZ ' + _text(row.get('sez_id')) if _text(row.get('sez_id')) else ''})"
            ),
        ],
        ["Precision", f"{precision}: {LABELS.get(precision, '')}"],
        [
            "Location source",
            f"{_text(row.get('location_flag'))}: {_text(row.get('location_basis'))}",
        ],
        [
            "Status",
            f"geocode {_text(row.get('geocode_status'))}, join {_text(row.get('join_status'))}",
        ],
    ]
    basis = " ".join(_text((project or {}).get(f"{f}_basis")) for f in ("investment_kzt", "jobs"))
    links = [
        [f"Source: {token}", sources[token]]
        for token in dict.fromkeys(basis.replace(";", " ").split())
        if token in sources
    ]
    for url in _text((project or {}).get("source_urls")).split(";"):
        if url.strip().startswith("http") and url.strip() not in {u for _, u in links}:
            links.append(["Source", url.strip()])
    popup = {
        "title": company,
        "subtitle": _text((project or {}).get("legal_name_ru")),
        "rows": [r for r in rows if r and r[1]],
        "links": links,
        "note": _text(row.get("geocode_note")),
    }
    tip = {
        "title": company,
        "rows": [["Investment", kzt(row.get("investment_kzt"))], ["Precision", str(precision)]],
    }
    return tip, popup
