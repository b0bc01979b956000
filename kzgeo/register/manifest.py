"""Reading ``register.yaml`` safely: plain data only, dates checked, short titles.

A manifest comes from someone else's folder. YAML can do more than a register needs:
anchors and aliases let 177 bytes expand to gigabytes once the text is used, and implicit
timestamps turn ``2026-02-30`` into a crash inside the YAML library. kzgeo's loader therefore
refuses aliases, keeps dates as text (checked here, with the field named), and limits the
size of the file and of its titles.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import yaml

from kzgeo.errors import InputError, Issue, input_error
from kzgeo.register.schema import (
    BUILTIN_FIGURES,
    MONEY_COLUMNS,
    RESERVED_COLUMNS,
    SITE_COLUMNS,
    FigureSpec,
    project_columns,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

MAX_BYTES = 1_000_000
TEXT_LIMITS = {"title": 300, "id": 120, "description": 5_000}
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class _ManifestLoader(yaml.SafeLoader):
    """SafeLoader without aliases and without implicit timestamps."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            message = "aliases (*name) are not allowed in a register manifest"
            raise yaml.composer.ComposerError(None, None, message, mark)
        return super().compose_node(parent, index)


_ManifestLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_manifest(path: Path) -> dict[str, Any]:
    """Return the manifest's mapping, or raise an :class:`~kzgeo.errors.InputError`.

    Parameters
    ----------
    path
        The ``register.yaml`` file.

    Returns
    -------
    dict
        The manifest as plain data (dates as text).

    Raises
    ------
    kzgeo.errors.InputError
        If the file cannot be read, is too large, is not YAML, uses aliases or is not a mapping.
    """
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise input_error(
                f"the manifest is {size:,} bytes", file=file, hint="a register.yaml is a few kB"
            )
        text = path.read_text(encoding="utf-8-sig")
        manifest = yaml.load(text, Loader=_ManifestLoader)  # noqa: S506 - a SafeLoader
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise input_error(
            f"not valid YAML: {exc}", file=file, hint="compare with the template's register.yaml"
        ) from None
    except OSError as exc:
        raise input_error(
            f"cannot read: {exc.strerror or exc}", file=file, hint="check the path"
        ) from None
    if not isinstance(manifest, dict):
        raise input_error(
            "manifest is not a mapping", file=file, hint="compare with the template's register.yaml"
        )
    return manifest


def check_texts(manifest: dict[str, Any], bad: Callable[[str, str, str], None]) -> None:
    """Report title, id and description that are not short strings.

    Parameters
    ----------
    manifest : dict
        The parsed ``register.yaml``.
    bad : callable
        Called as ``bad(key, problem, hint)`` for each problem found; the caller turns it
        into an issue naming the manifest.

    Examples
    --------
    >>> problems = []
    >>> check_texts({"title": ["a", "list"]}, lambda *a: problems.append(a))
    >>> problems[0][1]
    'title must be text, not a list'
    """
    for key, limit in TEXT_LIMITS.items():
        value = manifest.get(key)
        if value is None:
            continue
        if not isinstance(value, str | int | float):
            bad(key, f"{key} must be text, not a {type(value).__name__}", "write it on one line")
        elif len(str(value)) > limit:
            bad(key, f"{key} has {len(str(value)):,} characters", f"keep it under {limit}")


def parse_date(value: object, field: str, bad: Callable[[str, str, str], None]) -> dt.date | None:
    """Return ``value`` as a date; report it (naming ``field``) when it is not one.

    Parameters
    ----------
    value : object
        A date, or its text as ``YYYY-MM-DD``; None or ``""``: no date.
    field : str
        The manifest key it was read from, passed to ``bad``.
    bad : callable
        Called as ``bad(key, problem, hint)`` if ``value`` is not a date; the caller turns it
        into an issue naming the manifest.

    Returns
    -------
    datetime.date or None
        The date; None if ``value`` is empty or not a date (then ``bad`` was called).

    Examples
    --------
    >>> problems = []
    >>> parse_date("2026-02-30", "approval_date", lambda *a: problems.append(a))
    >>> problems[0][1]
    '2026-02-30 is not a date: February 2026 has 28 days'
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _DATE.match(text)
    if not match:
        bad(field, f"{text!r} is not a date", "write it as YYYY-MM-DD, e.g. 2026-01-22")
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        bad(field, f"{text} is not a date: there is no month {month}", "write YYYY-MM-DD")
        return None
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        bad(field, f"{text} is not a date: {name} {year} has {days} days", "check the day")
        return None
    return dt.date(year, month, day)


_FIGURE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
_FIGURE_KEYS = frozenset({"kind", "unit", "label", "max", "aliases"})
# names a declared figure may not take: kzgeo's own columns and each figure's companions
_COMPANION_SUFFIXES = ("_flag", "_basis", "_half_unit", "_text", "_min", "_max", "_note",
                       "_qualifier", "_reported", "_derived", "_estimated", "_allocated",
                       "_missing", "_share_pct", "_per_100k")  # fmt: skip


def parse_figures(manifest: dict[str, Any], file: str) -> dict[str, FigureSpec]:
    """Return the register's figures: the built-ins, then those ``figures:`` declares.

    Each declared figure is ``name: {kind: count | quantity, unit: ..., label: {en, ru, kk}}``
    with optional ``max`` (a value above it is a typing error) and ``aliases`` (other headers).

    Parameters
    ----------
    manifest : dict
        The parsed ``register.yaml``.
    file : str
        The manifest's path, named in errors.

    Returns
    -------
    dict of str to FigureSpec
        The figures by name, in order: ``investment_kzt``, ``investment_usd``, ``jobs``, then
        the declared ones as written.

    Raises
    ------
    kzgeo.errors.InputError
        Naming the file, the key and what to do, for every declaration that is not one.

    Examples
    --------
    >>> spec = {"figures": {"capacity_mw": {"kind": "quantity", "unit": "MW",
    ...         "label": {"en": "Capacity", "ru": "Мощность", "kk": "Қуаты"}}}}
    >>> list(parse_figures(spec, "register.yaml"))
    ['investment_kzt', 'investment_usd', 'jobs', 'capacity_mw']
    """
    declared = manifest.get("figures")
    figures = dict(BUILTIN_FIGURES)
    if declared is None:
        return figures
    issues: list[Issue] = []
    if not isinstance(declared, dict):
        hint = "write figures: then one `name: {kind: count, unit: ..., label: {...}}` per line"
        raise input_error(
            f"figures must be a mapping, not a {type(declared).__name__}", file=file, hint=hint
        )
    for name, spec in declared.items():
        key = f"figures.{name}"
        bad = _collector(issues, file, key)
        parsed = _figure_spec(str(name), spec, bad)
        if parsed is not None and not any(i.field and i.field.startswith(key) for i in issues):
            figures[parsed.name] = parsed
    if issues:
        raise InputError(issues)
    return figures


def _collector(issues: list[Issue], file: str, key: str) -> Callable[[str, str, str], None]:
    def bad(field: str, message: str, hint: str) -> None:
        issues.append(Issue("error", file, None, f"{key}{field}", message, hint))

    return bad


def _figure_spec(
    name: str, spec: object, bad: Callable[[str, str, str], None]
) -> FigureSpec | None:
    _check_figure_name(name, bad)
    if not isinstance(spec, dict):
        bad("", "a figure needs kind, unit and label", "write {kind: count, unit: ..., label: ...}")
        return None
    for extra in sorted(set(map(str, spec)) - _FIGURE_KEYS):
        bad(f".{extra}", "unknown key", f"use {', '.join(sorted(_FIGURE_KEYS))}")
    kind = str(spec.get("kind", ""))
    if kind not in ("count", "quantity"):
        why = "money is built in (investment_kzt, investment_usd)" if kind == "money" else ""
        message = f"kind {kind!r} is not a figure kind" + (f": {why}" if why else "")
        bad(".kind", message, "use kind: count (whole numbers) or kind: quantity")
    unit = spec.get("unit")
    if not isinstance(unit, str | int | float) or not str(unit).strip():
        bad(".unit", "missing unit", "say what the figure counts or measures, e.g. unit: MW")
    label = _figure_label(spec.get("label"), bad)
    limit = spec.get("max")
    if limit is not None and (not isinstance(limit, int | float) or limit <= 0):
        bad(".max", f"{limit!r} is not a positive number", "write max: 10000, or leave it out")
        limit = None
    aliases = spec.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list):
        bad(".aliases", "aliases is not a list", "write aliases: [Мощность, МВт]")
        aliases = []
    return FigureSpec(
        name, kind, str(unit or ""), label,  # type: ignore[arg-type]
        upper_limit=float(limit) if limit is not None else None,
        aliases=tuple(str(a) for a in aliases),
    )  # fmt: skip


def _check_figure_name(name: str, bad: Callable[[str, str, str], None]) -> None:
    taken = {c.name for c in (*project_columns(), *SITE_COLUMNS)} | set(MONEY_COLUMNS)
    if name in BUILTIN_FIGURES:
        bad("", f"{name} is a built-in figure", "remove it from figures: (it is always there)")
    elif name in taken or name in RESERVED_COLUMNS:
        bad("", f"{name} is a column kzgeo already has", "give the figure another name")
    elif name.endswith(_COMPANION_SUFFIXES):
        bad("", f"{name} ends like a figure's companion column", "give the figure another name")
    elif not _FIGURE_NAME.match(name):
        bad("", f"{name!r} is not a figure name", "use lower-case letters, digits and _")


def _figure_label(label: object, bad: Callable[[str, str, str], None]) -> dict[str, str]:
    hint = "write label: {en: Capacity, ru: Мощность, kk: Қуаты}"
    if not isinstance(label, dict):
        bad(".label", "missing label (en, ru, kk)", hint)
        return {}
    out = {str(k): str(v).strip() for k, v in label.items() if v is not None}
    missing = [lang for lang in ("en", "ru", "kk") if not out.get(lang)]
    if missing:
        bad(".label", f"label has no {', '.join(missing)}", hint)
    return out
