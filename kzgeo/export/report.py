"""``report.html``: one self-contained page an analyst can send (works offline, no script).

The page holds the PNG map (a ``data:`` URI), a bar chart of the regions' totals split into
their reported, derived and estimated parts (inline SVG built here), the reconciliation in
plain words, the sites table and the sources. Every text from the register is escaped with
:func:`html.escape` (quotes too); the page is built with f-strings, never a template engine, and
carries no JavaScript, so nothing in a register can run in it. Links are written only for
``http://`` and ``https://`` addresses; any other address is shown as text.
"""

from __future__ import annotations

import base64
import math
import re
from html import escape
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kzgeo.mapping.cards import as_number, count, kzt, precision_words
from kzgeo.mapping.i18n import Language, check_language, policy_name, region_name, text
from kzgeo.mapping.style import CREDITS
from kzgeo.register.combine import DUPLICATE_STATUS

if TYPE_CHECKING:
    from pathlib import Path

    from kzgeo.pipeline import BuildResult

WEB = re.compile(r"^https?://\S+$", re.IGNORECASE)
PARTS = (("reported", "#4d4d4d"), ("derived", "#1b9e77"), ("estimated", "#e7298a"))
BAR_ROW = 26  # px per region in the chart
BAR_LEFT = 190  # px for the region names
BAR_WIDTH = 420  # px for the longest bar
STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; color: #222; margin: 0 auto; padding: 12px 16px;
  max-width: 1000px; }
h1 { font-size: 1.45em; margin: 0.3em 0; } h2 { font-size: 1.15em; margin-top: 1.4em; }
.sub { color: #555; } img.map { width: 100%; height: auto; border: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #ddd; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; } .scroll { overflow-x: auto; }
svg text { font: 12px system-ui, sans-serif; } svg.chart { width: 100%; min-width: 560px; }
.status-agrees { color: #1b7837; }
.status-disagrees { color: #b2182b; font-weight: 600; } .status-incomplete { color: #8c510a; }
a { overflow-wrap: anywhere; }
"""


def _e(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return escape(str(value), quote=True)


def _link(url: object, label: object) -> str:
    address = str(url or "")
    if WEB.match(address):
        return f'<a href="{_e(address)}" rel="noopener noreferrer">{_e(label or address)}</a>'
    return _e(address)


def bar_chart(regions: pd.DataFrame, *, lang: Language = "en") -> str:
    """Return an inline SVG bar chart of investment per region, split into its parts.

    Parameters
    ----------
    regions : pandas.DataFrame
        The region layer of a build (``has_projects``, ``investment_kzt`` and its
        ``_reported`` / ``_derived`` / ``_estimated`` parts).
    lang : {"en", "ru", "kk"}, default "en"
        Language of the region names, labels and legend.

    Returns
    -------
    str
        An ``<svg>`` element: one bar per region with projects, largest first, in tenge.

    Examples
    --------
    >>> import kzgeo
    >>> svg = bar_chart(kzgeo.build().regions)
    >>> svg.startswith("<svg") and "Almaty" in svg and svg.count("<rect") >= 3
    True
    """
    rows = regions[regions["has_projects"]].sort_values("investment_kzt", ascending=False)
    top = float(rows["investment_kzt"].max() or 1.0) if len(rows) else 1.0
    height = BAR_ROW * len(rows) + 40
    label = _e(text("report_chart", lang))
    box = f"0 0 {BAR_LEFT + BAR_WIDTH + 130} {height}"
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" class="chart" role="img" '
    out = [svg + f'aria-label="{label}">']
    for n, (_, row) in enumerate(rows.iterrows()):
        y = 10 + n * BAR_ROW
        out.append(
            f'<text x="{BAR_LEFT - 8}" y="{y + 15}" text-anchor="end">'
            f"{_e(region_name(row, lang))}</text>"
        )
        x = float(BAR_LEFT)
        for part, colour in PARTS:
            value = np.nan_to_num(as_number(row.get(f"investment_kzt_{part}")))
            width = BAR_WIDTH * max(value, 0.0) / top
            if width > 0:
                out.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="18" '
                    f'fill="{colour}"><title>{_e(text(f"flag_{part}", lang))}: '
                    f"{_e(kzt(value, lang))}</title></rect>"
                )
            x += width
        out.append(
            f'<text x="{x + 6:.1f}" y="{y + 15}">{_e(kzt(row["investment_kzt"], lang))}</text>'
        )
    legend_y = height - 14
    for k, (part, colour) in enumerate(PARTS):
        lx = BAR_LEFT + k * 150
        out.append(
            f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{lx + 17}" y="{legend_y}">{_e(text(f"flag_{part}", lang))}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _parts_text(figure: str, value: float, lang: Language) -> str:
    if figure == "investment_kzt":
        return kzt(value, lang)
    if figure == "investment_usd":
        return text("m_usd", lang, value=f"{value / 1e6:,.1f}")
    return count(value)


def _sum(check: Any) -> float:
    # with figures derived to fill gaps (USD from KZT), the filled sum is the one compared
    return float(check.filled_sum if check.filled_sum is not None else check.parts_sum)


def reconciliation_html(result: BuildResult, *, lang: Language = "en") -> str:
    """Return the reconciliation as a list of plain sentences (HTML, every text escaped).

    A build of several registers checks each against its own stated totals, one list each.

    Parameters
    ----------
    result : BuildResult
        The build whose reconciliation is shown.
    lang : {"en", "ru", "kk"}, default "en"
        Language of the sentences.

    Returns
    -------
    str
        HTML: the checks (under a heading per register for a combined build), then the
        allocation policy and exchange rate used.
    """
    combination = result.combination
    if combination is None:
        checks = _checks_html(result.reconciliation.checks, lang)
    else:
        parts = getattr(result.reconciliation, "parts", {})
        checks = "".join(
            f"<h3>{_e(rid)}</h3>{_checks_html(report.checks, lang)}"
            for rid, report in parts.items()
        )
    rate = result.rate
    if math.isnan(rate.kzt_per_usd):  # registers with different rates: each its own
        words = text("report_rates_per_register", lang)
        policy = f"{policy_name(result.policy, lang)}. {words}"
    else:
        policy = text(
            "report_policy",
            lang,
            policy=policy_name(result.policy, lang),
            rate=rate.kzt_per_usd,
            date=rate.date,
        )
    return f"{checks}<p>{_e(policy)}</p>"


def _checks_html(checks: list[Any], lang: Language) -> str:
    items = []
    for check in checks:
        status = text("report_" + check.status.replace("-", "_"), lang)
        stated = f"{check.stated_text} ({check.source})" if check.source else check.stated_text
        sentence = text(
            "report_stated",
            lang,
            stated=stated,
            status=status,
            parts=_parts_text(check.figure, _sum(check), lang),
        )
        detail = f"<br><span class=sub>{_e(check.message)}</span>" if lang == "en" else ""
        items.append(
            f'<li><b>{_e(check.figure)}</b>: <span class="status-{_e(check.status)}">'
            f"{_e(sentence)}</span>{detail}</li>"
        )
    return f"<ul>{''.join(items)}</ul>"


def registers_html(result: BuildResult, *, lang: Language = "en") -> str:
    """Return, for a build of several registers, each register's totals and the duplicates.

    Empty for a one-register build. Every text is escaped.

    Parameters
    ----------
    result : BuildResult
        A build; only a combined one has registers to show.
    lang : {"en", "ru", "kk"}, default "en"
        Language of the headings and notes.

    Returns
    -------
    str
        HTML: a table with each register's investment, the part left out and its rate, the
        notes on the combination (English pages only) and the duplicates; ``""`` for one
        register.
    """
    combination = result.combination
    if combination is None:
        return ""
    national = combination.register_totals
    national = national[national["scope"] == "national"].set_index(["register_id", "figure"])
    head = [
        text("report_register", lang),
        text("investment", lang),
        text("report_left_out", lang),
        text("report_rate_used", lang),
    ]
    rows = []
    for part in combination.parts:
        total = national["total"].get((part.id, "investment_kzt"), math.nan)
        left = national["left_out"].get((part.id, "investment_kzt"), math.nan)
        cells = [
            f"<b>{_e(part.id)}</b><br>{_e(part.register.title)}",
            f'<td class="num">{_e(kzt(total, lang))}',
            f'<td class="num">{_e(kzt(left, lang)) if left else "0"}',
            _e(part.rate_text()),
        ]
        rows.append("<tr>" + "".join(c if c.startswith("<td") else f"<td>{c}" for c in cells))
    header = "".join(f"<th>{_e(h)}</th>" for h in head)
    table = f'<div class="scroll"><table><tr>{header}</tr>{"".join(rows)}</table></div>'
    notes = "".join(f"<p>{_e(n)}</p>" for n in combination.notes()) if lang == "en" else ""
    return table + notes + _duplicates_html(result, lang)


def _duplicates_html(result: BuildResult, lang: Language) -> str:
    combination = result.combination
    if combination is None or not len(combination.duplicates):
        return f"<p>{_e(text('report_no_duplicates', lang))}</p>"
    items = []
    for _, pair in combination.duplicates.iterrows():
        sure = pair["match"] == "duplicate"
        action = (
            ("report_action_kept" if combination.keep_duplicates else "report_action_left_out")
            if sure
            else "report_action_check"
        )
        why = f"<br><span class=sub>{_e(pair['why'])}</span>" if lang == "en" else ""
        items.append(
            f"<li><b>{_e(pair['first_key'])}</b> · <b>{_e(pair['second_key'])}</b>: "
            f"{_e(text('report_match_' + str(pair['match']), lang))}; "
            f"{_e(text(action, lang))}{why}</li>"
        )
    return f"<h3>{_e(text('report_duplicates', lang))}</h3><ul>{''.join(items)}</ul>"


def _site_value(site: pd.Series[Any], share: float, policy: str, lang: Language) -> str:
    status = str(site.get("row_status") or "")
    if status.startswith(DUPLICATE_STATUS):  # another register's copy is the one counted
        return f"{text('report_match_duplicate', lang)}: {status.removeprefix(DUPLICATE_STATUS)}"
    if share == 0:
        return text("zero_tip", lang, policy=policy_name(policy, lang))
    return kzt(site.get("investment_kzt"), lang)


def sites_html(result: BuildResult, *, lang: Language = "en") -> str:
    """Return the sites table (HTML, every text escaped).

    Parameters
    ----------
    result : BuildResult
        The build whose allocated sites are listed.
    lang : {"en", "ru", "kk"}, default "en"
        Language of the column headings and statuses.

    Returns
    -------
    str
        An HTML ``<table>`` with one row per site: name, company, region, the site's value
        and share, and how precisely it is placed.
    """
    names = {
        str(r["iso_3166_2"]): region_name(r, lang)
        for _, r in result.regions.iterrows()
        if "iso_3166_2" in r
    }
    head = [
        text(k, lang)
        for k in ("site", "report_company", "region", "investment", "report_share", "precision")
    ]
    rows = []
    for _, s in result.sites.iterrows():
        share = pd.to_numeric(s.get("share"), errors="coerce")
        precision = int(s["precision"]) if pd.notna(s.get("precision")) else 8
        cells = [
            _e(s.get("site_name") or s.get("site_id")),
            _e(s.get("company")),
            _e(names.get(str(s.get("region_iso")), s.get("region_iso"))),
            f'<td class="num">{_e(_site_value(s, share, result.policy, lang))}',
            f'<td class="num">{"" if pd.isna(share) else f"{share * 100:.0f} %"}',
            _e(precision_words(precision, lang)),
        ]
        rows.append("<tr>" + "".join(c if c.startswith("<td") else f"<td>{c}" for c in cells))
    header = "".join(f"<th>{_e(h)}</th>" for h in head)
    return f'<div class="scroll"><table><tr>{header}</tr>{"".join(rows)}</table></div>'


def sources_html(result: BuildResult, *, lang: Language = "en") -> str:
    """Return the register's sources as a list with links (HTML, every text escaped).

    Parameters
    ----------
    result : BuildResult
        The build whose register's sources are listed.
    lang : {"en", "ru", "kk"}, default "en"
        Language of the closing credit line.

    Returns
    -------
    str
        An HTML ``<ul>`` (a link only for web addresses), then the data credits.
    """
    items = []
    for source in result.register.sources.values():
        bits = [f"<b>{_e(source.id)}</b>", _link(source.url, source.title or source.url)]
        if source.publisher:
            bits.append(_e(source.publisher))
        if source.date:
            bits.append(_e(source.date))
        items.append("<li>" + " — ".join(bits) + "</li>")
    credit = "; ".join(_e(c) for c in CREDITS)
    made = _e(text("report_generated", lang))
    return f"<ul>{''.join(items)}</ul><p class=sub>{credit}. {made}</p>"


def report_html(result: BuildResult, png: bytes, *, lang: Language | None = None) -> str:
    """Return the report page: title, map (``png`` embedded), chart, reconciliation, sites, sources.

    Parameters
    ----------
    result : BuildResult
        The build to report.
    png : bytes
        The PNG map (as written by :func:`kzgeo.save_png`), embedded as a data URI.
    lang : {"en", "ru", "kk"}, optional
        Language of the page; None: ``kzgeo.options.language``.

    Returns
    -------
    str
        One self-contained HTML page: no scripts, no external files.

    Examples
    --------
    >>> import kzgeo, tempfile, pathlib
    >>> result = kzgeo.build()
    >>> png = kzgeo.save_png(result.regions, pathlib.Path(tempfile.mkdtemp()) / "m.png")
    >>> page = report_html(result, png.read_bytes())
    >>> "<script" in page, 'src="data:image/png;base64,' in page
    (False, True)
    """
    lang = check_language(lang)
    title = result.title or result.register.title or text("title_default", lang)
    uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    sections: list[tuple[str, Any]] = [
        ("report_map", f'<img class="map" alt="{_e(text("report_map", lang))}" src="{uri}">'),
        ("report_chart", f'<div class="scroll">{bar_chart(result.regions, lang=lang)}</div>'),
        ("report_reconciliation", reconciliation_html(result, lang=lang)),
        *([("report_registers", registers_html(result, lang=lang))] if result.combination else []),
        ("report_sites", sites_html(result, lang=lang)),
        ("report_sources", sources_html(result, lang=lang)),
    ]
    body = "".join(f"<h2>{_e(text(key, lang))}</h2>{content}" for key, content in sections)
    subtitle = text(
        "subtitle",
        lang,
        projects=len(result.register.projects),
        sites=len(result.register.sites),
        policy=policy_name(result.policy, lang),
    )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>"
        f'<h1>{_e(title)}</h1><p class="sub">{_e(subtitle)}</p>{body}</body></html>'
    )


def write_report(
    result: BuildResult, path: Path, png: Path, *, lang: Language | None = None
) -> Path:
    """Write ``report.html`` beside the PNG map it embeds; return its path.

    Parameters
    ----------
    result : BuildResult
        The build to report.
    path : pathlib.Path
        The HTML file to write (overwritten).
    png : pathlib.Path
        The PNG map to embed.
    lang : {"en", "ru", "kk"}, optional
        Language of the page; None: ``kzgeo.options.language``.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    path.write_text(report_html(result, png.read_bytes(), lang=lang), encoding="utf-8")
    return path
