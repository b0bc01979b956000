"""``load_register``: read a register folder, manifest or single CSV, validated."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from kzgeo._paths import registers_dir
from kzgeo.errors import InputError, Issue, RegisterError, input_error
from kzgeo.register.bundled import resolve_register
from kzgeo.register.manifest import check_texts, parse_date, parse_figures, read_manifest
from kzgeo.register.model import ExchangeRate, Register, Source, StatedTotal
from kzgeo.register.numbers import FigureError, parse_figure
from kzgeo.register.rates import FxRate, RateBook, parse_rate
from kzgeo.register.read import WORKBOOK_SUFFIXES, Table, read_table
from kzgeo.register.schema import (
    BUILTIN_FIGURES,
    FIGURES_ATTR,
    FLAGS,
    LOCATION_FIELDS,
    SITE_COLUMNS,
    FigureSpec,
    figures_attr,
    normalize_header,
    project_columns,
)
from kzgeo.register.validate import validate_projects, validate_sites

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

SEED = "kz-pharma-2026"
MANIFEST = "register.yaml"
MANIFEST_DATA_KEYS = ("sources", "stated_totals", "exchange_rate", "figures")


def seed_path() -> Path:
    """Return the folder of the bundled seed register (the January 2026 pharma approvals).

    Returns
    -------
    pathlib.Path
        The folder holding its ``register.yaml``, ``projects.csv`` and ``sites.csv``.

    Examples
    --------
    >>> (seed_path() / "register.yaml").is_file()
    True
    """
    return registers_dir() / SEED


def template_path() -> Path:
    """Return the folder of the empty register template users copy.

    Returns
    -------
    pathlib.Path
        The folder holding the template's ``register.yaml`` and empty CSV tables.

    Examples
    --------
    >>> template_path().name
    'template'
    """
    return registers_dir() / "template"


def load_register(
    path: str | Path | None = None,
    *,
    errors: Literal["raise", "flag"] = "raise",
    sheet: str | None = None,
) -> Register:
    """Load and validate a project register.

    Parameters
    ----------
    path
        A folder holding ``register.yaml`` and/or ``projects.csv`` (+ ``sites.csv``), a
        ``register.yaml`` manifest, or a single table (CSV, or an Excel / OpenDocument
        workbook: ``.xlsx``, ``.xls``, ``.ods``) with one row a project and its site's
        location columns; or the name of a bundled register (``"kz-industry"``, see
        :func:`~kzgeo.register.bundled_registers`). ``None`` loads the bundled seed register
        (four pharmaceutical plants approved on 22 January 2026).
    errors
        ``"raise"`` (default): raise :class:`~kzgeo.errors.RegisterError` listing every error.
        ``"flag"``: keep going; rows with errors stay in the register with
        ``row_status = "invalid"`` and their issues in ``row_issues``, and
        :attr:`Register.issues` holds everything found.
    sheet
        The worksheet of a workbook to read (default: the first). Row numbers in messages
        are the ones the spreadsheet shows (header row 1).

    Returns
    -------
    Register
        Projects, sites, sources, stated totals, exchange rate and issues.

    Raises
    ------
    kzgeo.errors.RegisterError
        With ``errors="raise"``, when any error is found; always, when a file cannot be read at
        all (missing, empty, not text, too large, required column missing).

    Examples
    --------
    >>> import kzgeo
    >>> reg = kzgeo.load_register()
    >>> len(reg.projects), len(reg.sites)
    (4, 5)
    >>> reg.projects.set_index("project_id").loc["altinfarm", "investment_kzt"]
    np.float64(58500000000.0)
    """
    if errors not in ("raise", "flag"):
        raise ValueError(f"errors must be 'raise' or 'flag', got {errors!r}")
    try:
        target = resolve_register(path) if path is not None else seed_path()
        register = _load(target, sheet)
    except RegisterError:
        raise
    except InputError as exc:
        raise RegisterError(exc.issues) from None
    if errors == "raise" and register.errors:
        raise RegisterError(register.issues)
    return register


def _load(target: Path, sheet: str | None) -> Register:
    if target.is_dir():
        for name in (MANIFEST, "projects.csv", "sites.csv"):
            if (target / name).exists() and not (target / name).is_file():
                raise input_error(
                    f"{name} is a folder, not a file",
                    file=str(target / name),
                    hint="put the table itself there (or rename the folder)",
                )
        manifest = target / MANIFEST
        if manifest.is_file():
            return _from_manifest(manifest, sheet)
        if (target / "projects.csv").is_file():
            sites = target / "sites.csv"
            return _from_tables(
                target / "projects.csv", sites if sites.is_file() else None, {}, sheet=sheet
            )
        raise input_error(
            "folder has neither register.yaml nor projects.csv",
            file=str(target),
            hint="copy the template: kzgeo.register.template_path()",
        )
    if target.suffix.lower() in (".yaml", ".yml"):
        return _from_manifest(target, sheet)
    if target.suffix.lower() in (".csv", ".txt", ".tsv", *WORKBOOK_SUFFIXES):
        return _from_tables(target, None, {}, sheet=sheet)
    if not target.exists():
        raise input_error("not found", file=str(target), hint="check the path")
    raise input_error(
        f"cannot read {target.suffix or 'this'} files as a register",
        file=str(target),
        hint="save as CSV or .xlsx, or give a folder or register.yaml",
    )


def _from_tables(
    projects_csv: Path,
    sites_csv: Path | None,
    manifest: dict[str, Any],
    manifest_file: Path | None = None,
    *,
    sheet: str | None = None,
) -> Register:
    flat = (*LOCATION_FIELDS, "site_name")
    figures = parse_figures(manifest, str(manifest_file)) if manifest else dict(BUILTIN_FIGURES)
    project_cols = project_columns(figures.values())
    columns = (
        project_cols if sites_csv else (*project_cols, *(c for c in SITE_COLUMNS if c.name in flat))
    )
    own = _own_columns(manifest, manifest_file)
    table = read_table(
        projects_csv,
        columns=columns,
        label="projects",
        sheet=sheet,
        own_columns=own,
        aliases=_figure_aliases(figures),
    )
    rate_issues: list[Issue] = []
    rates = _rate_book(manifest, str(manifest_file), rate_issues)
    projects, issues = validate_projects(table, rates=rates, figures=figures)
    issues = table.issues + rate_issues + issues
    if sites_csv is not None:
        site_table = read_table(
            sites_csv, columns=SITE_COLUMNS, label="sites", sheet=sheet, own_columns=own
        )
    else:
        site_table = _sites_from_projects(table)
    sites, site_issues = validate_sites(site_table, projects)
    issues += site_table.issues + site_issues
    bad = set(projects.loc[projects["row_status"] != "ok", "project_id"])
    orphan = sites["project_id"].isin(bad) & (sites["row_status"] == "ok")
    sites.loc[orphan, "row_status"] = "project-invalid"
    sites.loc[orphan, "row_issues"] = "its project row has errors"
    _sites_cover_projects(projects, sites, issues, table)
    projects.attrs[FIGURES_ATTR] = figures_attr(figures)
    sites.attrs[FIGURES_ATTR] = figures_attr(figures)
    register = Register(
        projects=projects,
        sites=sites,
        figures=figures,
        issues=issues,
        path=manifest_file or projects_csv,
    )
    if manifest:
        _apply_manifest(register, manifest, manifest_file)
    return register


def _figure_aliases(figures: dict[str, FigureSpec]) -> dict[str, str]:
    """Headers that name a declared figure: its labels and its aliases ("Мощность, МВт")."""
    return {
        normalize_header(text): spec.name
        for spec in figures.values()
        if not spec.builtin
        for text in (*spec.label.values(), *spec.aliases)
    }


def _own_columns(manifest: dict[str, Any], manifest_file: Path | None) -> frozenset[str]:
    """Headers the manifest declares as the user's own (``extra_columns: [...]``)."""
    declared = manifest.get("extra_columns") or []
    if isinstance(declared, str):
        declared = [declared]
    if not isinstance(declared, list):
        raise input_error(
            "extra_columns is not a list",
            file=str(manifest_file),
            field="extra_columns",
            hint="write extra_columns: [my_column, other_column]",
        )
    return frozenset(str(c) for c in declared)


def _sites_from_projects(table: Table) -> Table:
    """Make the sites table of a single-table register: each project row is its one site."""
    frame = table.frame
    sites = pd.DataFrame(
        {
            "site_id": frame["project_id"],
            "project_id": frame["project_id"],
            **{c: frame[c] for c in (*LOCATION_FIELDS, "site_name") if c in frame},
        }
    )
    return Table(sites, table.lines, table.file)


def _sites_cover_projects(
    projects: pd.DataFrame, sites: pd.DataFrame, issues: list[Issue], table: Table
) -> None:
    have = set(sites["project_id"])
    for i, pid in enumerate(projects["project_id"]):
        if pid and pid not in have:
            issues.append(
                Issue(
                    "warning",
                    table.file,
                    table.lines[i],
                    "project_id",
                    f"project {pid!r} has no site",
                    "add a row to sites.csv; it is counted at country level",
                )
            )


def _from_manifest(manifest_file: Path, sheet: str | None = None) -> Register:
    file = str(manifest_file)
    manifest = read_manifest(manifest_file)
    folder = manifest_file.parent
    projects = _inside(folder, manifest.get("projects", "projects.csv"), file, "projects")
    sites_name = manifest.get("sites", "sites.csv")
    sites = _inside(folder, sites_name, file, "sites") if sites_name else None
    if sites is not None and not sites.is_file() and "sites" not in manifest:
        sites = None
    sheet = sheet or (str(manifest["sheet"]) if manifest.get("sheet") else None)
    return _from_tables(projects, sites, manifest, manifest_file, sheet=sheet)


def _inside(folder: Path, name: object, file: str, field: str) -> Path:
    """Resolve a table named by the manifest; refuse one outside the register's folder.

    A downloaded register must not make kzgeo read (and copy into its outputs) files elsewhere
    on the machine, such as ``projects: /etc/passwd`` or ``../../secrets.csv``; links are
    followed before the check, so a link inside the folder that points out is refused too.
    """
    if not isinstance(name, str) or not name.strip() or "\x00" in name or len(name) > 255:
        raise input_error(
            f"must be a file name, got {str(name)[:60]!r}",
            file=file,
            field=field,
            hint=f"write {field}: {field}.csv (a table in the register's folder)",
        )
    root = folder.resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(root):
        raise input_error(
            f"{name} is outside the register's folder {root}",
            file=file,
            field=field,
            hint="put the table in the register's folder and name it relative to register.yaml",
        )
    return path


def _apply_manifest(register: Register, manifest: dict[str, Any], file: Path | None) -> None:
    name = str(file)
    issues = register.issues

    def bad(field: str, message: str, hint: str = "") -> None:
        issues.append(Issue("error", name, None, field, message, hint))

    register.meta = {k: v for k, v in manifest.items() if k not in MANIFEST_DATA_KEYS}
    check_texts(manifest, bad)
    if "approval_date" in manifest:
        register.meta["approval_date"] = parse_date(manifest["approval_date"], "approval_date", bad)
    _read_sources(register, manifest.get("sources"), bad)
    _read_stated_totals(register, manifest.get("stated_totals"), bad)
    own = _rate_book(manifest, name, []).own.get("USD")
    if own is not None:
        register.exchange_rate = ExchangeRate(own.kzt_per_unit, own.date, own.source)
    _check_basis_ids(register)


def _read_stated_totals(
    register: Register, totals: object, bad: Callable[[str, str, str], None]
) -> None:
    """Read ``stated_totals``: one figure (or ``projects``) each, with its flag and source."""
    stated_keys = (*register.figures, "projects")
    totals = totals or {}
    if not isinstance(totals, dict):
        bad("stated_totals", "must be a mapping of figure: {value: ...}", "see the template")
        return
    for key, spec in totals.items():
        if key not in stated_keys:
            bad(
                f"stated_totals.{key}",
                "unknown total",
                f"use one of {', '.join(stated_keys)}, or declare {key} under figures:",
            )
        elif not isinstance(spec, dict) or "value" not in spec:
            bad(f"stated_totals.{key}", "needs a value", "")
        else:
            total = _stated_total(register, key, spec, bad)
            if total is not None:
                register.stated_totals[key] = total


def _stated_total(
    register: Register, key: str, spec: dict[str, Any], bad: Callable[[str, str, str], None]
) -> StatedTotal | None:
    """Read one stated total; None when its value is empty or not a figure (said via ``bad``)."""
    try:
        kind = register.figures[key].kind if key in register.figures else "count"
        figure = parse_figure(spec["value"], money=kind == "money")
    except FigureError as exc:
        bad(f"stated_totals.{key}.value", str(exc), "")
        return None
    if figure is None:
        bad(f"stated_totals.{key}.value", "empty", "")
        return None
    flag = str(spec.get("flag", "reported"))
    if flag not in FLAGS:
        bad(f"stated_totals.{key}.flag", f"{flag!r} is not a flag", f"use one of {FLAGS}")
    source = str(spec.get("source", ""))
    if source and source not in register.sources:
        bad(
            f"stated_totals.{key}.source",
            f"unknown source id {source!r}",
            "define it under sources:",
        )
    return StatedTotal(
        key,
        figure.value,
        figure.half_unit,
        figure.qualifier,
        flag,
        source,
        str(spec["value"]),
        str(spec.get("note", "")),
    )


def _read_sources(
    register: Register, sources: object, bad: Callable[[str, str, str], None]
) -> None:
    if sources is None:
        return
    if not isinstance(sources, dict):
        bad(
            "sources",
            f"sources must be a mapping of ids to sources, not a {type(sources).__name__}",
            "write `sources:` then one `id: {url: ..., title: ...}` per line",
        )
        return
    for key, spec in sources.items():
        if not isinstance(spec, dict) or not spec.get("url"):
            bad(f"sources.{key}", "a source needs a url", "write `id: {url: https://...}`")
            continue
        register.sources[str(key)] = Source(
            str(key),
            str(spec["url"]),
            str(spec.get("title", "")),
            str(spec.get("publisher", "")),
            parse_date(spec.get("date"), f"sources.{key}.date", bad),
        )


def _rate_book(manifest: dict[str, Any], file: str, issues: list[Issue]) -> RateBook:
    """Read ``exchange_rate`` (``kzt_per_usd``, ``kzt_per_eur`` ..., ``date``, ``source``)."""
    # an invalid approval_date is reported by _apply_manifest; here it only means "no date"
    date = parse_date(manifest.get("approval_date") or manifest.get("date"), "", lambda *_: None)
    book = RateBook(default_date=date)
    spec = manifest.get("exchange_rate")
    if spec is None:
        return book

    def bad(message: str) -> RateBook:
        issues.append(
            Issue(
                "error",
                file,
                None,
                "exchange_rate",
                message,
                "write e.g. exchange_rate: {kzt_per_usd: 505.71, date: 2026-01-23, source: URL}",
            )
        )
        return book

    if not isinstance(spec, dict):
        return bad("exchange_rate is not a mapping")
    keys = [k for k in spec if str(k).startswith("kzt_per_")]
    rate_date = parse_date(
        spec.get("date"),
        "exchange_rate.date",
        lambda f, m, h: issues.append(Issue("error", file, None, f, m, h)),
    )
    if rate_date is None and spec.get("date") not in (None, ""):
        return book  # parse_date has said why the date is not one
    if not keys or rate_date is None or not spec.get("source"):
        return bad("needs kzt_per_usd (or kzt_per_eur ...), date and source")
    for key in keys:
        try:
            value = parse_rate(spec[key])
        except ValueError as exc:
            return bad(f"{key}: {exc}: a rate is a positive number of tenge")
        code = str(key).removeprefix("kzt_per_").upper()
        book.own[code] = FxRate(code, rate_date, value, str(spec["source"]))
    return book


def _check_basis_ids(register: Register) -> None:
    """Warn about reported-figure basis tokens that are neither source ids nor URLs."""
    if not register.sources:
        return
    for _, row in register.projects.iterrows():
        for fig in register.figures:
            if row[f"{fig}_flag"] != "reported":
                continue
            for token in (t.strip() for t in str(row[f"{fig}_basis"]).split(";")):
                if token and token not in register.sources and not token.startswith("http"):
                    register.issues.append(
                        Issue(
                            "warning",
                            str(row["source_file"]),
                            int(row["source_line"]),
                            f"{fig}_basis",
                            f"unknown source id {token!r}",
                            "define it under sources: in register.yaml, or give a URL",
                        )
                    )
