"""The text of tooltips and popups: region, SEZ and facility cards (plain data, no HTML).

A card says things in plain words in the page's language; the technical detail (methods,
statuses, codes, the basis of each figure as the pipeline wrote it) goes in ``details``, which
the page shows one click away (a ``<details>`` element).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from kzgeo.mapping.i18n import STRINGS, Language, region_name, sez_name, text
from kzgeo.register.figure_words import QUALIFIER_TEXT
from kzgeo.register.schema import (
    BUILTIN_FIGURES,
    FIGURE_COMPANIONS,
    RESERVED_COLUMNS,
    FigureSpec,
    attr_figures,
    project_columns,
    unknown_figure,
)
from kzgeo.register.sectors import STAGES, sector_label

# each register qualifier -> its phrase key in the string table (every one has a phrase)
QUALIFIER_KEYS = {q: q.replace("-", "_") if q != "approx" else "about" for q in QUALIFIER_TEXT}

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import TypeAlias

    import pandas as pd

    Row: TypeAlias = Mapping[str, Any] | pd.Series[Any]

Card = dict[str, Any]
_LABEL_KEYS = {"investment_kzt": "investment", "investment_usd": "investment_usd", "jobs": "jobs"}
# companions that mark a key of a region row or a project as a declared figure
_UNIT_SIGNATURE = ("reported", "allocated", "missing")
_PROJECT_SIGNATURE = ("flag", "qualifier", "text")
# project keys kzgeo itself makes: what is left on a project is the register's own column
_KZGEO_PROJECT_KEYS = frozenset(
    {c.name for c in project_columns()}
    | RESERVED_COLUMNS
    | {"stage_text", "sector_code_flag", "sector_code_text"}
)


def card_figures(
    row: Row,
    figures: Mapping[str, FigureSpec] | None = None,
    *,
    declared: Mapping[str, FigureSpec] | None = None,
) -> dict[str, FigureSpec]:
    """Return the figures a card shows: ``figures``, else the built-ins and those in ``row``.

    A declared figure is found by its companions (totals on a region row, flags on a
    project); its label comes from the register that declared it (``declared``, else the
    ``attrs`` the row keeps from its table), else from its name.

    Parameters
    ----------
    row
        A region row or a project, as a mapping or Series.
    figures
        The register's figures (:attr:`kzgeo.Register.figures`); None (default) finds them
        in ``row``.
    declared
        The specs of the register's declared figures, for their labels; None (default):
        those ``row`` carries (:func:`kzgeo.register.schema.attr_figures`).

    Returns
    -------
    dict of str to FigureSpec
        ``figures`` when given, else the built-in figures and then every declared figure of
        ``row``, by column name.

    Examples
    --------
    >>> list(card_figures({"capacity_mw": 5.0, "capacity_mw_reported": 5.0,
    ...                    "capacity_mw_allocated": 0.0, "capacity_mw_missing": 0}))
    ['investment_kzt', 'investment_usd', 'jobs', 'capacity_mw']
    """
    if figures is not None:
        return dict(figures)
    keys = set(row.keys())
    labels = attr_figures(row) if declared is None else declared
    out = dict(BUILTIN_FIGURES)
    for key in row.keys():  # noqa: SIM118 - a pandas Series iterates over values
        if key in out or not isinstance(key, str):
            continue
        if any(
            all(f"{key}_{p}" in keys for p in sig) for sig in (_UNIT_SIGNATURE, _PROJECT_SIGNATURE)
        ):
            out[key] = labels.get(key) or unknown_figure(key)
    return out


def figure_label(spec: FigureSpec, lang: Language) -> str:
    """Return a figure's name in ``lang``: the string table's for built-ins, else its label.

    Parameters
    ----------
    spec
        A figure's declaration (name, kind, unit, labels by language).
    lang
        ``"en"``, ``"ru"`` or ``"kk"``.

    Returns
    -------
    str
        The built-in's UI string, else the declared label in ``lang``, else the English
        label, else the column name.

    Examples
    --------
    >>> spec = FigureSpec("capacity_mw", "quantity", "MW", {"en": "Capacity", "ru": "Мощность"})
    >>> figure_label(spec, "ru"), figure_label(spec, "kk")
    ('Мощность', 'Capacity')
    """
    if spec.name in _LABEL_KEYS:
        return text(_LABEL_KEYS[spec.name], lang)
    return spec.label.get(lang) or spec.label.get("en") or spec.name


def _with_unit(value: str, spec: FigureSpec) -> str:
    """Return a declared quantity with its unit ("1,000 MW"); counts and money as they are."""
    if spec.kind != "quantity" or not spec.unit or value == "-":
        return value
    return f"{value} {spec.unit}"


def as_number(value: object) -> float:
    """Return ``value`` as a float, NaN when it is not a number.

    Parameters
    ----------
    value
        A cell: a number, numeric text, None or anything else.

    Returns
    -------
    float
        ``float(value)``; NaN when that fails (None, text that is no number).

    Examples
    --------
    >>> as_number("2.5"), str(as_number(None))
    (2.5, 'nan')
    """
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return out


def kzt(value: object, lang: Language = "en") -> str:
    """Format tenge as ``58.5 bn KZT`` (``-`` when unknown).

    Parameters
    ----------
    value
        An amount in tenge (KZT), or anything :func:`as_number` reads.
    lang
        The page's language: ``"en"`` (default), ``"ru"`` or ``"kk"``.

    Returns
    -------
    str
        Billions with one decimal from 100 million KZT up, else millions; ``"-"`` when the
        value is no number.

    Examples
    --------
    >>> kzt(58.5e9), kzt(58.5e9, "ru")
    ('58.5 bn KZT', '58.5 млрд тенге')
    """
    v = as_number(value)
    if math.isnan(v):
        return "-"
    if abs(v) >= 1e8:
        return text("bn_kzt", lang, value=f"{v / 1e9:,.1f}")
    return text("m_kzt", lang, value=f"{v / 1e6:,.1f}")


def usd(value: object, lang: Language = "en") -> str:
    """Format dollars as ``US$116.0 M``.

    Parameters
    ----------
    value
        An amount in US dollars, or anything :func:`as_number` reads.
    lang
        The page's language: ``"en"`` (default), ``"ru"`` or ``"kk"``.

    Returns
    -------
    str
        Millions with one decimal; ``"-"`` when the value is no number.

    Examples
    --------
    >>> usd(116e6)
    'US$116.0 M'
    """
    v = as_number(value)
    return "-" if math.isnan(v) else text("m_usd", lang, value=f"{v / 1e6:,.1f}")


def count(value: object, lang: Language = "en") -> str:  # noqa: ARG001 - same signature
    """Format a count, keeping one decimal when allocation made it fractional.

    Parameters
    ----------
    value
        A count (jobs, sites), or anything :func:`as_number` reads.
    lang
        Not used: the signature is that of :func:`kzt` and :func:`usd`, so the three can
        stand for one another.

    Returns
    -------
    str
        The count with thousands commas, with one decimal when it is not whole; ``"-"``
        when it is no number.

    Examples
    --------
    >>> count(1200), count(2.5), count(None)
    ('1,200', '2.5', '-')
    """
    v = as_number(value)
    if math.isnan(v):
        return "-"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def made_of(row: Row, fig: str, lang: Language, fmt: Callable[..., str]) -> str:
    """Say in words which parts of a total are reported, derived and estimated.

    Parameters
    ----------
    row
        A region row with ``fig`` and its ``<fig>_reported``, ``_derived`` and
        ``_estimated`` parts.
    fig
        The figure column, e.g. ``investment_kzt``.
    lang
        ``"en"``, ``"ru"`` or ``"kk"``.
    fmt
        Formats one part, called as ``fmt(value, lang)`` (:func:`kzt`, :func:`usd`,
        :func:`count`).

    Returns
    -------
    str
        "all reported" when nothing is derived or estimated, else each part formatted;
        ``""`` when the total is missing or 0.
    """
    total = as_number(row.get(fig))
    parts = {p: as_number(row.get(f"{fig}_{p}")) for p in ("reported", "derived", "estimated")}
    if math.isnan(total) or total == 0:
        return ""
    if parts["reported"] == total or all(
        math.isnan(v) or v == 0 for k, v in parts.items() if k != "reported"
    ):
        return text("all_reported", lang)
    return text(
        "parts", lang, **{k: fmt(0 if math.isnan(v) else v, lang) for k, v in parts.items()}
    )


def _region_rows(row: Row, lang: Language, figures: Mapping[str, FigureSpec]) -> list[list[str]]:
    per100k = as_number(row.get("jobs_per_100k"))
    jobs = count(row["jobs"])
    if not math.isnan(per100k):
        jobs += " (" + text("per_100k", lang, value=f"{per100k:,.1f}") + ")"
    low, high = kzt(row["investment_kzt_min"], lang), kzt(row["investment_kzt_max"], lang)
    declared = [
        [figure_label(spec, lang), _with_unit(count(row.get(spec.name)), spec)]
        for spec in figures.values()
        if not spec.builtin
    ]
    share = text(
        "share_value",
        lang,
        inv=f"{as_number(row['investment_kzt_share_pct']):.1f}",
        jobs=f"{as_number(row['jobs_share_pct']):.1f}",
    )
    rows = [
        [
            text("investment", lang),
            f"{kzt(row['investment_kzt'], lang)} ({usd(row['investment_usd'], lang)})",
        ],
        [text("rests_on", lang), made_of(row, "investment_kzt", lang, kzt)],
        [text("range", lang), text("range_value", lang, low=low, high=high)],
        [text("jobs", lang), jobs],
        *declared,
        [text("projects_sites", lang), f"{int(row['projects'])} / {int(row['sites'])}"],
        [text("share_national", lang), share],
    ]
    return [r for r in rows if r[1]]


def region_card(
    row: Row,
    *,
    policy: str,
    id_column: str = "iso_3166_2",
    lang: Language = "en",
    figures: Mapping[str, FigureSpec] | None = None,
) -> Card:
    """Return the tooltip card of a region of the region layer.

    ``figures`` (the register's, :attr:`kzgeo.Register.figures`) name the rows; by default the
    built-ins and every declared figure the row carries.

    Parameters
    ----------
    row
        A row of the region layer (:func:`kzgeo.region_layer`).
    policy
        The allocation policy the totals were made with, named in the card's note.
    id_column
        The column of the region's id (default ``"iso_3166_2"``).
    lang
        The page's language: ``"en"`` (default), ``"ru"`` or ``"kk"``.
    figures
        The figures to show; None (default) finds them in ``row``.

    Returns
    -------
    Card
        A dict the page shows as plain text: ``title``, ``subtitle``, ``rows`` (``[label,
        value]`` pairs, empty values left out), and for a
        region with projects ``note`` (policy, exchange rate, population) and ``details``
        (the basis of each figure).
    """
    specs = card_figures(row, figures)
    title = region_name(row, lang) or _text(row.get(id_column))
    others = [_text(row.get(f"name_{x}")) for x in ("en", "kk", "ru") if x != lang]
    subtitle = " · ".join(dict.fromkeys(t for t in (*others, _text(row.get(id_column))) if t))
    if not row.get("has_projects"):
        return {
            "title": title,
            "subtitle": subtitle,
            "rows": [[text("projects", lang), text("no_project", lang)]],
        }
    pop = as_number(row.get("population_2026"))
    note = text(
        "region_note",
        lang,
        policy=policy,
        rate=row.get("kzt_per_usd"),
        date=row.get("kzt_per_usd_date"),
        population=text("not_found", lang) if math.isnan(pop) else f"{int(pop):,}",
    )
    details = [[text("figure_basis", lang, figure=f), _text(row.get(f"{f}_basis"))] for f in specs]
    return {
        "title": title,
        "subtitle": subtitle,
        "rows": _region_rows(row, lang, specs),
        "note": note,
        "details": [d for d in details if d[1]],
    }


def sez_card(row: Row, parent_name: str = "", *, lang: Language = "en") -> Card:
    """Return the popup card of an SEZ or sub-zone.

    Parameters
    ----------
    row
        A row of the SEZ layer (:func:`kzgeo.datasets.load_sez`).
    parent_name
        For a sub-zone, the name of the zone it is part of; ``""`` (default) for a zone.
    lang
        The page's language: ``"en"`` (default), ``"ru"`` or ``"kk"``.

    Returns
    -------
    Card
        A dict the page shows as plain text: ``title``, ``subtitle``, ``rows`` (``[label,
        value]`` pairs, empty values left out), ``links`` (the
        source), ``note`` (how exact the shape is) and ``details``.
    """
    official = as_number(row.get("area_ha_official"))
    rows = [
        [text("zone", lang), parent_name] if parent_name else None,
        [text("region", lang), _text(row.get("region_iso"))],
        [text("legal_act", lang), _text(row.get("legal_act"))],
        [text("act_date", lang), _text(row.get("act_date"))],
        [text("valid_to", lang), _text(row.get("valid_to")) or text("not_found", lang)],
        [
            text("official_area", lang),
            text("not_found", lang)
            if math.isnan(official)
            else text("hectares", lang, value=f"{official:,.2f}"),
        ],
        [text("specialisation", lang), _text(row.get("specialisation"))],
        [
            text("investment_here", lang),
            kzt(row.get("investment_kzt"), lang)
            if row.get("has_projects")
            else text("no_project_register", lang),
        ],
    ]
    return {
        "title": sez_name(row, lang),
        "subtitle": _text(row.get("name_en" if lang != "en" else "name_ru")),
        "rows": [r for r in rows if r],
        "links": [[text("source", lang), _text(row.get("source_url"))]],
        "note": text("shape", lang, text=_text(row.get("geometry_accuracy"))),
        "details": [
            ["sez_id", _text(row.get("sez_id"))],
            ["geometry_method", _text(row.get("geometry_method"))],
        ],
    }


def _flag_words(project: Mapping[str, Any], fig: str, lang: Language) -> str:
    flag = _text(project.get(f"{fig}_flag"))
    basis = _text(project.get(f"{fig}_basis"))
    # a derived money figure's basis is its formula, "investment_kzt / 505.71 (...)"
    found = re.search(r"[/*]\s*([0-9][0-9.,]*)", basis)
    rate = found.group(1) if found else "?"
    if flag == "derived" and basis.startswith("investment_kzt /"):
        return text("derived_usd", lang, rate=rate)
    if flag == "derived" and basis.startswith("investment_usd *"):
        return text("derived_kzt", lang, rate=rate)
    return text(f"flag_{flag}", lang) if flag in {"reported", "estimated", "derived"} else flag


def figure_text(
    row: Row,
    project: Mapping[str, Any] | None,
    fig: str,
    *,
    lang: Language = "en",
    policy: str = "primary",
    spec: FigureSpec | None = None,
) -> str:
    """Return a site's figure in words: the project's value, its flag, and this site's part.

    A site that carries 0 % of its project under the policy says so first, so the project's
    figure is never read as being there.

    Parameters
    ----------
    row
        An allocated site (with ``share``).
    project
        The site's project, or None: then the site's own value is shown, formatted.
    fig
        The figure column, e.g. ``investment_kzt``.
    lang
        The page's language: ``"en"`` (default), ``"ru"`` or ``"kk"``.
    policy
        The allocation policy, named when the site carries 0 % (default ``"primary"``).
    spec
        The figure's declaration, for its unit; None (default) looks it up by name among
        the built-ins and the figures ``row`` carries.

    Returns
    -------
    str
        The project's value (with its qualifier, e.g. "about") and flag, then the site's
        share of it; "not given" when the project has no value.

    Examples
    --------
    >>> figure_text({"share": 0.0, "investment_kzt": 0.0},
    ...             {"investment_kzt": 36.7e9, "investment_kzt_flag": "reported"},
    ...             "investment_kzt").split("; ")
    ['0 % of the project under policy primary',
     'the whole project: 36.7 bn KZT (reported), counted at its other site(s)']
    """
    money = {"investment_kzt": kzt, "investment_usd": usd}.get(fig)
    unit = spec or BUILTIN_FIGURES.get(fig) or attr_figures(row).get(fig)

    def fmt(value: object, lang: Language) -> str:
        if money is not None:
            return money(value, lang)
        return _with_unit(count(value), unit) if unit is not None else count(value)

    if project is None:
        return fmt(row.get(fig), lang)
    value = project.get(fig)
    if as_number(value) != as_number(value):
        return text("not_given", lang)
    qualifier = QUALIFIER_KEYS.get(_text(project.get(f"{fig}_qualifier")))
    shown = text(qualifier, lang, value=fmt(value, lang)) if qualifier else fmt(value, lang)
    words = f"{shown} ({_flag_words(project, fig, lang)})"
    share = as_number(row.get("share"))
    if share == 0:
        whole = text("whole_project", lang, value=words)
        return f"{text('zero_share', lang, policy=policy)}; {whole}"
    if 0 < share < 1:
        words += "; " + text(
            "this_site", lang, value=fmt(row.get(fig), lang), share=f"{share * 100:.0f}"
        )
    return words


def _location(row: Row, lang: Language, names: Mapping[str, str]) -> str:
    place = _text(row.get("matched_name")) or _text(row.get("settlement")) or "-"
    region = names.get(_text(row.get("region_iso")), _text(row.get("region_iso")))
    words = place
    if region not in {"", place}:
        words = text("located_in", lang, place=place, region=region)
    sez = _text(row.get("sez_id"))
    return words + ("; " + text("in_sez", lang, name=names.get(f"sez:{sez}", sez)) if sez else "")


def precision_words(precision: int, lang: Language = "en") -> str:
    """Return a precision code (1 exact ... 8 unknown) in words.

    Parameters
    ----------
    precision
        A code of :mod:`kzgeo.geocoding.precision`.
    lang
        The page's language: ``"en"`` (default), ``"ru"`` or ``"kk"``.

    Returns
    -------
    str
        The code's UI string; the code as text when kzgeo has none for it.

    Examples
    --------
    >>> precision_words(3, "ru")
    'район'
    """
    key = f"precision_{precision}"
    return text(key, lang) if key in STRINGS else str(precision)


def _precision(row: Row) -> int:
    value = as_number(row.get("precision"))
    return 8 if math.isnan(value) else int(value)


def _links(
    project: Mapping[str, Any] | None,
    sources: Mapping[str, str],
    lang: Language,
    figures: Mapping[str, FigureSpec],
) -> list[list[str]]:
    basis = " ".join(_text((project or {}).get(f"{f}_basis")) for f in figures)
    links = [
        [text("source_of", lang, name=token), sources[token]]
        for token in dict.fromkeys(basis.replace(";", " ").split())
        if token in sources
    ]
    for url in _text((project or {}).get("source_urls")).split(";"):
        if url.strip() and url.strip() not in {u for _, u in links}:
            links.append([text("source", lang), url.strip()])
    return links


def _site_details(
    row: Row,
    project: Mapping[str, Any],
    precision: int,
    lang: Language,
    figures: Mapping[str, FigureSpec],
) -> list[list[str]]:
    """Return the technical detail of a facility card: methods, statuses, codes, bases."""
    codes = (_text(row.get(c)) for c in ("site_id", "region_iso", "matched_id"))
    status = f"geocode {_text(row.get('geocode_status'))}, join {_text(row.get('join_status'))}"
    located = f"{_text(row.get('location_flag'))}: {_text(row.get('location_basis'))}"
    details = [
        [text("method", lang), _text(row.get("geocode_method"))],
        [text("status", lang), status],
        [text("location_source", lang), located],
        [text("codes", lang), " · ".join(c for c in codes if c)],
        [text("precision", lang), str(precision)],
        ["OKED", _oked(project, lang)],
        [text("stage", lang), _text(project.get("stage_text"))],
        *[
            [text("figure_basis", lang, figure=f), _text(project.get(f"{f}_basis"))]
            for f in figures
        ],
        ["note", _text(row.get("geocode_note"))],
    ]
    return [d for d in details if d[1]]


def site_card(
    row: Row,
    project: Mapping[str, Any] | None,
    sources: Mapping[str, str],
    *,
    lang: Language = "en",
    policy: str = "primary",
    names: Mapping[str, str] | None = None,
    figures: Mapping[str, FigureSpec] | None = None,
) -> tuple[Card, Card]:
    """Return (tooltip, popup) cards of a facility.

    ``names`` maps region ids (and ``sez:<id>``) to names in ``lang``; ``figures`` are the
    register's (default: the built-ins and every declared figure the project carries). The
    project's sector, stage and year are shown, and the register's own columns
    (``extra_columns``) under their headers.

    Parameters
    ----------
    row
        An allocated site (:func:`kzgeo.allocate`).
    project
        The site's project, or None when the register has no project row for it.
    sources
        Source URLs by the tokens that figure bases cite; each one cited becomes a link.
    lang
        The page's language: ``"en"`` (default), ``"ru"`` or ``"kk"``.
    policy
        The allocation policy, named when the site carries 0 % (default ``"primary"``).
    names
        Names of region ids and ``sez:<id>`` in ``lang``; None (default) shows the ids.
    figures
        The figures to show; None (default) finds them in ``project``.

    Returns
    -------
    tooltip : Card
        The company, the site's investment (or its 0 % share) and the precision in words.
    popup : Card
        ``title`` (the company), ``subtitle``, ``rows`` (site, partners, sector, stage,
        figures, own columns, location, precision), ``links`` and ``details``.
    """
    company = _text(row.get("company")) or _text(row.get("project_id"))
    precision = _precision(row)
    project_text = project or {}
    # the project is a plain dict: the labels come with the site row's table
    specs = card_figures(project_text, figures, declared=attr_figures(row))
    rows: list[list[str] | None] = [
        [text("site", lang), _text(row.get("site_name")) or _text(row.get("site_id"))],
        [text("partners", lang), _text(project_text.get("partners"))],
        *_project_rows(project_text, lang),
        *[
            [
                figure_label(spec, lang),
                figure_text(row, project, f, lang=lang, policy=policy, spec=spec),
            ]
            for f, spec in specs.items()
        ],
        *_own_rows(project_text, specs),
        [text("location", lang), _location(row, lang, names or {})],
        [text("precision", lang), precision_words(precision, lang)],
    ]
    popup = {
        "title": company,
        "subtitle": _text(project_text.get("legal_name_ru")),
        "rows": [r for r in rows if r and r[1]],
        "links": _links(project, sources, lang, specs),
        "details": _site_details(row, project_text, precision, lang, specs),
    }
    share = as_number(row.get("share"))
    tip_value = (
        text("zero_tip", lang, policy=policy)
        if share == 0
        else kzt(row.get("investment_kzt"), lang)
    )
    tip = {
        "title": company,
        "rows": [
            [text("investment", lang), tip_value],
            [text("precision", lang), precision_words(precision, lang)],
        ],
    }
    return tip, popup


def _project_rows(project: Mapping[str, Any], lang: Language) -> list[list[str]]:
    """Return the rows of the project's sector (as written, with its code) and stage, year.

    The OKED name of the code is long ("Manufacture of basic pharmaceutical products and ..."):
    it goes in the details, so that the popup stays short.
    """
    sector = _text(project.get("sector"))
    code = _text(project.get("sector_code"))
    if code:
        sector = f"{sector} (OKED {code})" if sector else f"OKED {code}"
    elif sector:
        sector = f"{sector} ({text('unclassified', lang)})"
    stage = _text(project.get("stage"))
    # a phrase kzgeo could not read is shown as written; a read one as the stage's name (the
    # phrase is in the details), with the year beside it: one short row
    stage_words = text(f"stage_{stage}", lang) if stage in STAGES else ""
    stage_words = stage_words or _text(project.get("stage_text"))
    year = as_number(project.get("year"))
    when = "" if math.isnan(year) else f"{year:.0f}"
    return [
        [text("sector", lang), sector],
        [text("stage", lang), ", ".join(w for w in (stage_words, when) if w)],
    ]


def _oked(project: Mapping[str, Any], lang: Language) -> str:
    """Return the project's OKED code with its name and whether it was given or derived."""
    code = _text(project.get("sector_code"))
    if not code:
        return ""
    flag = _text(project.get("sector_code_flag"))
    return f"{code}: {sector_label(code, lang=lang)}" + (f" ({flag})" if flag else "")


def _own_rows(project: Mapping[str, Any], figures: Mapping[str, FigureSpec]) -> list[list[str]]:
    """Return the rows of the register's own project columns, under their headers."""
    companions = {f"{f}_{p}" for f in figures for p in FIGURE_COMPANIONS}
    skip = _KZGEO_PROJECT_KEYS | companions | set(figures)
    return [
        [str(key).replace("_", " ").capitalize(), _text(value)]
        for key, value in project.items()
        if key not in skip and _text(value)
    ]
