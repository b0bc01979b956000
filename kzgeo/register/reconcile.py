"""Checking a register against the totals its sources state.

For each stated total (``register.yaml`` -> ``stated_totals``) the parts are summed over the
valid project rows and compared within the rounding of the figures as written: "173 bn" is
173 ± 0.5 bn, "58.5 bn" is 58.5 ± 0.05 bn, so 58.5 + 39.2 + 39.0 + 36.7 = 173.4 agrees with
"173 bn". Parts written as "at least N" or "more than N" make the sum a lower bound.

Two further checks:

- **residuals**: a part reported by other sources than the total's gets a derived cross-check,
  ``stated total - sum of the other parts``, compared with the reported value;
- **hypotheses**: when a total disagrees and the gap equals another stated total (in the seed
  register: 356 products stated, 284 in the parts, and another source's total of 72 for a
  sub-count of them), the report names that reading as a hypothesis with its source, never as
  a fact;
- **exchange rate**: a stated USD total implies a KZT/USD rate (stated KZT total / stated USD
  total), as does each project with both figures; each implied rate (with the interval its
  rounding allows) is compared with the reference rate (the register's own, else
  ``kzgeo.options.kzt_per_usd``) within ±1 % for day-to-day movement.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Literal

from kzgeo.register.figure_words import LOWER_BOUNDS
from kzgeo.register.model import ExchangeRate

if TYPE_CHECKING:
    import pandas as pd

    from kzgeo.register.model import Register, StatedTotal

Status = Literal["agrees", "disagrees", "incomplete", "lower-bound"]
RATE_BAND = 0.01
UNITS = {"investment_kzt": ("bn KZT", 1e9), "investment_usd": ("M USD", 1e6)}


def _fmt(figure: str, value: float) -> str:
    unit, scale = UNITS.get(figure, ("", 1.0))
    if scale == 1.0:
        # a declared quantity may be fractional (1.5 MW): keep its decimals
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return f"{value / scale:,.1f} {unit}"


@dataclass
class Residual:
    """A derived cross-check of one part: stated total minus the sum of the other parts.

    Attributes
    ----------
    project_id : str
        The project whose figure is checked.
    reported : float
        Its figure as the register gives it.
    derived : float
        The stated total minus every other project's figure.
    formula : str
        The subtraction written out, with the sources, and its verdict.
    consistent : bool
        Whether ``reported`` and ``derived`` agree within the rounding of the figures.
    """

    project_id: str
    reported: float
    derived: float
    formula: str
    consistent: bool


@dataclass
class TotalCheck:
    """One stated total against the sum of its parts.

    Attributes
    ----------
    figure : str
        The figure checked (``projects`` for the number of projects).
    stated : float
        The total the source states, in the figure's unit.
    stated_text : str
        The total as written in the manifest.
    source : str
        The id of the source that states it (``""`` if none is named).
    parts_sum : float
        The sum of the figure over the valid projects that give it (their count for
        ``projects``).
    parts : dict of str to float
        Each valid project's figure, by project id (empty for ``projects``).
    missing : list of str
        The valid projects without the figure.
    tolerance : float
        The difference allowed: half a unit of the total's last digit plus the parts'.
    difference : float
        The parts (with derived USD figures, if filled) minus the stated total.
    status : Status
        ``agrees``, ``disagrees``, ``incomplete`` (parts missing) or ``lower-bound`` (parts
        written as "at least" fall short).
    message : str
        The verdict in a sentence, with the numbers.
    filled_sum : float or None
        For ``investment_usd`` with missing parts: the sum with those derived from KZT at
        the reference rate; None otherwise.
    filled_basis : str
        How ``filled_sum`` was derived (rate, date, projects); ``""`` when it is None.
    residuals : list of Residual
        Cross-checks of the parts reported by other sources than the total's.
    hypotheses : list of str
        Readings of a disagreement that match another stated total, each named as a
        hypothesis no source confirms.
    """

    figure: str
    stated: float
    stated_text: str
    source: str
    parts_sum: float
    parts: dict[str, float]
    missing: list[str]
    tolerance: float
    difference: float
    status: Status
    message: str
    filled_sum: float | None = None
    filled_basis: str = ""
    residuals: list[Residual] = field(default_factory=list)
    hypotheses: list[str] = field(default_factory=list)


@dataclass
class RatePair:
    """A KZT/USD rate implied by a pair of figures, with the interval their rounding allows.

    Attributes
    ----------
    label : str
        The project id, or ``stated totals`` for the register's stated KZT and USD totals.
    kzt : float
        The figure in tenge.
    usd : float
        The figure in US dollars.
    rate : float
        ``kzt / usd``, KZT per USD.
    low, high : float
        The lowest and highest rate the figures allow within their rounding (``high`` is
        infinite when the USD figure could be zero).
    consistent : bool
        Whether ``low``-``high`` meets the reference rate within ±1 % (:data:`RATE_BAND`).
    other_year : int or None
        The year of the pair's figures when it is not the reference rate's: the pair is then
        shown but not checked (the tenge moved: 433 KZT/USD in early 2022, 505 in January
        2026). None: same year, or no year known.
    """

    label: str
    kzt: float
    usd: float
    rate: float
    low: float
    high: float
    consistent: bool
    other_year: int | None = None


@dataclass
class RateCheck:
    """Rates implied by the register's KZT/USD pairs against the reference rate.

    Attributes
    ----------
    reference : float
        The reference rate, KZT per USD: the register's own, else ``kzgeo.options``'.
    reference_date : str
        Its date (ISO ``YYYY-MM-DD``).
    reference_source : str
        Who publishes it.
    pairs : list of RatePair
        The stated totals' pair first (if both are stated), then each valid project with
        both figures.
    status : Status
        ``disagrees`` if a checked pair is not consistent, ``agrees`` if all are,
        ``incomplete`` if no pair could be checked (all from other years).
    message : str
        The verdict in sentences, naming each pair that is not consistent.
    """

    reference: float
    reference_date: str
    reference_source: str
    pairs: list[RatePair]
    status: Status
    message: str


@dataclass
class Reconciliation:
    """Every check made on a register; :meth:`inconsistencies` lists what does not add up.

    Attributes
    ----------
    register : str
        The register's title.
    checks : list of TotalCheck
        One check per stated total, in manifest order.
    rate : RateCheck or None
        The exchange-rate check; None when the register has no KZT/USD pair.
    excluded_rows : list of str
        The ids of projects left out of every sum because they have errors.
    """

    register: str
    checks: list[TotalCheck]
    rate: RateCheck | None
    excluded_rows: list[str]

    def inconsistencies(self) -> list[str]:
        """Return the figures whose check disagrees (``rate`` for the exchange-rate check).

        Returns
        -------
        list of str
            Figure names in check order; a disagreeing rate check adds ``investment_usd``
            once.
        """
        out = [c.figure for c in self.checks if c.status == "disagrees"]
        if (
            self.rate is not None
            and self.rate.status == "disagrees"
            and "investment_usd" not in out
        ):
            out.append("investment_usd")
        return out

    def unchecked(self) -> list[str]:
        """Return the figures that cannot be checked: parts are missing.

        Returns
        -------
        list of str
            The figures whose check is ``incomplete``, in check order.
        """
        return [c.figure for c in self.checks if c.status == "incomplete"]

    def headline(self) -> str:
        """Return the one-line verdict: what does not add up, what cannot be checked.

        "Everything adds up" only when every stated total was checked and agrees.

        Returns
        -------
        str
            One or two sentences.

        Examples
        --------
        >>> import kzgeo
        >>> print(kzgeo.reconcile(kzgeo.load_register()).headline())
        Does not add up: investment_usd, medicines. Cannot check (parts missing): social_medicines.
        """
        bad, unknown = self.inconsistencies(), self.unchecked()
        parts = []
        if bad:
            parts.append("Does not add up: " + ", ".join(bad) + ".")
        if unknown:
            parts.append("Cannot check (parts missing): " + ", ".join(unknown) + ".")
        if not self.checks:
            parts.append("Nothing to check: the register states no totals.")
        return " ".join(parts) or "Everything adds up."

    def to_dict(self) -> dict[str, object]:
        """Return the report as plain data (for JSON).

        Returns
        -------
        dict
            The fields of this report and its checks, nested as dicts and lists.
        """
        return asdict(self)

    def to_json(self) -> str:
        """Return the report as JSON text.

        Returns
        -------
        str
            :meth:`to_dict` as indented JSON (non-ASCII kept, dates as text).
        """
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=str)

    def to_markdown(self) -> str:
        """Return the report as Markdown a person reads.

        Returns
        -------
        str
            The headline, a table of the checks, the messages, residuals, hypotheses and the
            exchange-rate pairs.
        """
        lines = [f"# Reconciliation: {self.register}", ""]
        lines.append(f"**{self.headline()}**")
        lines += ["", "| figure | stated | parts | difference | status |", "|---|---|---|---|---|"]
        for c in self.checks:
            if c.filled_sum is not None:
                parts = f"{_fmt(c.figure, c.filled_sum)} ({len(c.missing)} of them derived)"
            elif c.missing:
                parts = f"{_fmt(c.figure, c.parts_sum)} + {len(c.missing)} missing"
            else:
                parts = _fmt(c.figure, c.parts_sum)
            lines.append(
                f"| {c.figure} | {c.stated_text} ({c.source}) | {parts} | "
                f"{_fmt(c.figure, c.difference)} | {c.status} |"
            )
        lines.append("")
        for c in self.checks:
            lines.append(f"- **{c.figure}**: {c.message}")
            lines += [f"  - residual check ({r.project_id}): {r.formula}" for r in c.residuals]
            lines += [f"  - hypothesis (not a fact): {h}" for h in c.hypotheses]
        if self.rate is not None:
            lines += ["", "## Exchange rate", "", self.rate.message, ""]
            lines += [
                "| pair | KZT | USD | implied KZT/USD | rounding interval | consistent |",
                "|---|---|---|---|---|---|",
            ]
            lines += [
                f"| {p.label} | {p.kzt / 1e9:,.1f} bn | {p.usd / 1e6:,.1f} M | {p.rate:,.1f} | "
                f"{p.low:,.1f}-{p.high:,.1f} | {_verdict(p)} |"
                for p in self.rate.pairs
            ]
        if self.excluded_rows:
            lines += [
                "",
                "Rows left out of every sum because they have errors: "
                + ", ".join(self.excluded_rows),
            ]
        return "\n".join(lines) + "\n"


def reconcile(register: Register) -> Reconciliation:
    """Check a register against its stated totals.

    Parameters
    ----------
    register
        A loaded register (see :func:`kzgeo.load_register`).

    Returns
    -------
    Reconciliation
        One check per stated total and, when USD totals or pairs exist, an exchange-rate check.
        ``inconsistencies()`` names what does not add up; ``to_markdown()`` says it plainly.

    Examples
    --------
    >>> import kzgeo
    >>> report = kzgeo.reconcile(kzgeo.load_register())
    >>> report.inconsistencies()
    ['investment_usd', 'medicines']
    """
    projects = register.projects
    valid = projects[projects["row_status"] == "ok"]
    excluded = list(projects.loc[projects["row_status"] != "ok", "project_id"])
    rate = ExchangeRate.resolve(register)
    checks = []
    for figure, stated in register.stated_totals.items():
        check = (
            _count_projects(stated, valid)
            if figure == "projects"
            else _sum_check(stated, valid, rate)
        )
        checks.append(check)
    _add_hypotheses(checks, register.stated_totals)
    return Reconciliation(
        register.title,
        checks,
        _rate_check(register, valid, rate),
        excluded,
    )


def _add_hypotheses(checks: list[TotalCheck], totals: dict[str, StatedTotal]) -> None:
    """Name another stated total that equals a disagreeing check's gap, as a hypothesis.

    A coincidence of numbers is not an explanation: the text says what the match would mean
    and that no source confirms it.
    """
    for check in checks:
        if check.status != "disagrees":
            continue
        own_note = totals[check.figure].note
        own = f" Note on the {check.figure} total: {own_note}." if own_note else ""
        for other in totals.values():
            if other.figure == check.figure or other.figure in UNITS:
                continue
            if abs(abs(check.difference) - other.value) > check.tolerance + other.half_unit:
                continue
            sign = "more" if check.difference < 0 else "fewer"
            note = f" ({other.note})" if other.note else ""
            check.hypotheses.append(
                f"the source states {_fmt(check.figure, abs(check.difference))} {sign} "
                f"{check.figure} than the parts sum to, and {other.source} gives "
                f"{other.text} as the {other.figure}{note}. One reading is that "
                f"{check.stated_text} counts those {other.text} a second time on top of the "
                f"parts; no source read says so.{own}"
            )
        if check.hypotheses:
            check.message = check.message.replace(
                "The sources read do not explain it.",
                "The sources read do not explain it; see the hypothesis below.",
            )


def _count_projects(stated: StatedTotal, valid: pd.DataFrame) -> TotalCheck:
    n = len(valid)
    diff = n - stated.value
    status: Status = "agrees" if abs(diff) <= stated.half_unit else "disagrees"
    msg = f"the register has {n} valid projects; the source states {stated.text}."
    return TotalCheck(
        "projects",
        stated.value,
        stated.text,
        stated.source,
        n,
        {},
        [],
        stated.half_unit,
        diff,
        status,
        msg,
    )


def _sum_check(stated: StatedTotal, valid: pd.DataFrame, rate: ExchangeRate) -> TotalCheck:
    figure = stated.figure
    values = valid.set_index("project_id")[figure]
    present = values.dropna()
    missing = [str(p) for p in values.index[values.isna()]]
    total = float(present.sum())
    tol = stated.half_unit + _rounding(valid, figure)
    check = TotalCheck(
        figure=figure,
        stated=stated.value,
        stated_text=stated.text,
        source=stated.source,
        parts_sum=total,
        parts={str(k): float(v) for k, v in present.items()},
        missing=missing,
        tolerance=tol,
        difference=total - stated.value,
        status="agrees",
        message="",
    )
    filled = _fill_usd(check, valid, rate) if missing and figure == "investment_usd" else None
    compare = filled if filled is not None else (None if missing else total)
    if compare is None:
        _word_incomplete(check, n_projects=len(values))
        return check
    check.difference = compare - stated.value
    lower = valid.loc[valid[figure].notna(), f"{figure}_qualifier"].isin(LOWER_BOUNDS).any()
    _word_sum(check, compare, lower=bool(lower), filled=filled is not None)
    check.residuals = _residuals(stated, valid, tol)
    return check


def _fill_usd(check: TotalCheck, valid: pd.DataFrame, rate: ExchangeRate) -> float | None:
    """Derive the missing USD parts from their KZT figures at the reference rate, if all have one.

    Returns the sum with them (also kept in ``check.filled_sum``), or None.
    """
    kzt = valid.set_index("project_id").loc[check.missing, "investment_kzt"]
    if not kzt.notna().all():
        return None
    filled = check.parts_sum + float(kzt.sum()) / rate.kzt_per_usd
    check.filled_sum = filled
    check.filled_basis = (
        f"missing USD figures derived as investment_kzt / {rate.kzt_per_usd} "
        f"(KZT per USD on {rate.date}) for {', '.join(check.missing)}"
    )
    return filled


def _word_incomplete(check: TotalCheck, *, n_projects: int) -> None:
    """Verdict when parts are missing: only a sum of the known parts above the total says no."""
    figure, total = check.figure, check.parts_sum
    over = total > check.stated + check.tolerance
    check.status = "disagrees" if over else "incomplete"
    check.message = (
        f"{len(check.missing)} of {n_projects} projects give no figure "
        f"({', '.join(check.missing)}); the known parts sum to {_fmt(figure, total)}"
        + (
            ", more than the stated total."
            if over
            else f", which does not exceed the stated {check.stated_text}."
        )
    )


def _word_sum(check: TotalCheck, compare: float, *, lower: bool, filled: bool) -> None:
    """Verdict on the parts' sum ``compare`` against the stated total, within the tolerance."""
    figure, gap, tol = check.figure, check.difference, check.tolerance
    if abs(gap) <= tol:
        check.status = "agrees"
        check.message = (
            f"the parts sum to {_fmt(figure, compare)}; the stated {check.stated_text} "
            f"agrees within the rounding of the figures (±{_fmt(figure, tol)})."
        )
    elif lower and gap < 0:
        check.status = "lower-bound"
        check.message = (
            f"the parts sum to at least {_fmt(figure, compare)} (some are 'at least' or "
            f"'more than' figures); the stated {check.stated_text} is consistent with that."
        )
    else:
        check.status = "disagrees"
        pct = gap / check.stated * 100 if check.stated else math.inf
        check.message = (
            f"the parts sum to {_fmt(figure, compare)}"
            + (f" ({check.filled_basis})" if filled else "")
            + f", but the source states {check.stated_text}: a difference of "
            f"{_fmt(figure, gap)} ({pct:+.1f} %). The sources read do not explain it."
        )


def _rounding(valid: pd.DataFrame, figure: str) -> float:
    """Sum of the parts' rounding (half a unit of each figure's last written digit)."""
    column = f"{figure}_half_unit"
    return float(valid[column].fillna(0.0).sum()) if column in valid.columns else 0.0


def _residuals(stated: StatedTotal, valid: pd.DataFrame, tol: float) -> list[Residual]:
    figure = stated.figure
    out = []
    for _, row in valid.iterrows():
        basis = str(row.get(f"{figure}_basis") or "")
        if (
            row.get(f"{figure}_flag") != "reported"
            or math.isnan(row[figure])
            or not stated.source
            or stated.source in [t.strip() for t in basis.split(";")]
        ):
            continue
        others = valid.loc[valid["project_id"] != row["project_id"], figure]
        if others.isna().any():
            continue
        derived = stated.value - float(others.sum())
        consistent = abs(derived - row[figure]) <= tol
        terms = " + ".join(_fmt(figure, v) for v in others)
        formula = (
            f"{stated.text} - ({terms}) = {_fmt(figure, derived)} (derived) against "
            f"{_fmt(figure, row[figure])} reported by {basis}: "
            + ("consistent within rounding" if consistent else "NOT consistent")
        )
        out.append(
            Residual(str(row["project_id"]), float(row[figure]), derived, formula, consistent)
        )
    return out


def _verdict(pair: RatePair) -> str:
    if pair.other_year is not None:
        return f"not checked ({pair.other_year} figures)"
    return "yes" if pair.consistent else "NO"


def _pair(
    label: str, kzt: float, usd: float, kzt_half: float, usd_half: float, reference: float
) -> RatePair:
    low = (kzt - kzt_half) / (usd + usd_half)
    high = (kzt + kzt_half) / (usd - usd_half) if usd > usd_half else math.inf
    consistent = low <= reference * (1 + RATE_BAND) and high >= reference * (1 - RATE_BAND)
    return RatePair(label, kzt, usd, kzt / usd, low, high, consistent)


def _figures_year(row: pd.Series) -> int | None:
    """Return the year a project's figures are of: its first date given, else its year."""
    for column in ("approval_date", "announced_date", "launch_date"):
        value = row.get(column)
        if isinstance(value, dt.date):
            return value.year
    try:
        return int(row.get("year"))  # type: ignore[arg-type]
    except (TypeError, ValueError):  # no year (None, <NA>)
        return None


def _rate_check(register: Register, valid: pd.DataFrame, rate: ExchangeRate) -> RateCheck | None:
    reference = rate.kzt_per_usd
    pairs = _project_pairs(valid, rate)
    kzt = register.stated_totals.get("investment_kzt")
    usd = register.stated_totals.get("investment_usd")
    if kzt and usd and kzt.value > 0 and usd.value > 0:
        pairs.insert(
            0, _pair("stated totals", kzt.value, usd.value, kzt.half_unit, usd.half_unit, reference)
        )
    if not pairs:
        return None
    checked = [p for p in pairs if p.other_year is None]
    bad = [p for p in checked if not p.consistent]
    status: Status = "disagrees" if bad else "agrees" if checked else "incomplete"
    text = [
        _rate_intro(pairs, rate),
        *(_off_rate(p, reference) for p in bad),
        *_rate_tail(pairs, checked=bool(checked), bad=bool(bad)),
    ]
    return RateCheck(reference, str(rate.date), rate.source, pairs, status, " ".join(text))


def _project_pairs(valid: pd.DataFrame, rate: ExchangeRate) -> list[RatePair]:
    """Pair each valid project's two figures; mark the pairs of other years than the rate's."""
    pairs = []
    # a zero (flagged "is the figure missing?" when loaded) implies no rate: left out
    both = valid[(valid["investment_kzt"] > 0) & (valid["investment_usd"] > 0)]
    ref_year = rate.date.year if rate.date else None
    for _, row in both.iterrows():
        pair = _pair(
            str(row["project_id"]),
            row["investment_kzt"],
            row["investment_usd"],
            float(row.get("investment_kzt_half_unit", 0.0) or 0.0),
            float(row.get("investment_usd_half_unit", 0.0) or 0.0),
            rate.kzt_per_usd,
        )
        year = _figures_year(row)
        if year is not None and ref_year is not None and year != ref_year:
            pair.other_year = year
        pairs.append(pair)
    return pairs


def _rate_intro(pairs: list[RatePair], rate: ExchangeRate) -> str:
    """Name the reference rate, the band, and the range the projects' pairs imply."""
    text = (
        f"Reference: {rate.kzt_per_usd} KZT/USD on {rate.date} ({rate.source}); implied rates "
        f"within ±{RATE_BAND:.0%} of it (allowing for the rounding of the figures) count as "
        "consistent."
    )
    project_rates = [p.rate for p in pairs if p.label != "stated totals"]
    if project_rates:
        text += (
            f" The per-project pairs imply {min(project_rates):,.1f}-"
            f"{max(project_rates):,.1f} KZT/USD."
        )
    return text


def _off_rate(pair: RatePair, reference: float) -> str:
    """Say how far a pair's implied rate is from the reference, and what its KZT is in USD."""
    return (
        f"**{pair.label}**: {pair.kzt / 1e9:,.1f} bn KZT and {pair.usd / 1e6:,.1f} M USD imply "
        f"{pair.rate:,.1f} KZT/USD, {abs(pair.rate / reference - 1):.1%} "
        f"{'below' if pair.rate < reference else 'above'} the reference; at {reference} the KZT "
        f"figure is {pair.kzt / reference / 1e6:,.1f} M USD, not {pair.usd / 1e6:,.1f} M."
    )


def _rate_tail(pairs: list[RatePair], *, checked: bool, bad: bool) -> list[str]:
    """Name the pairs left unchecked (other years) and, if all checked agree, say so."""
    text = []
    other = [p.label for p in pairs if p.other_year is not None]
    if other:
        text.append(
            f"{len(other)} pair(s) of figures from other years than the reference rate's are "
            f"shown, not checked: kzgeo has no rate of their dates ({', '.join(other[:10])}"
            f"{' ...' if len(other) > 10 else ''})."
        )
    if checked and not bad:
        text.append("Every pair checked is consistent with the reference rate.")
    return text
