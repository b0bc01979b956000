"""The register format: columns of ``projects.csv`` and ``sites.csv``, their types and aliases.

A register is a folder (or a ``register.yaml`` manifest) with two tables:

``projects.csv``: one row a project. ``project_id`` and ``company`` are required. Each figure
has two companion columns: ``<figure>_flag`` (``reported``, ``derived`` or ``estimated``) and
``<figure>_basis`` (for ``reported``: source ids from the manifest or URLs, ``;``-separated; for
``derived``: the formula; for ``estimated``: the method). The figures are the built-in ones
(:data:`BUILTIN_FIGURES`: ``investment_kzt``, ``investment_usd``, ``jobs``) and those the
manifest declares under ``figures:`` (see :class:`FigureSpec`). A project may name its
``sector`` (as written; ``sector_code`` a KZ OKED section or division, given or derived), its
``stage`` (read into :data:`kzgeo.register.sectors.STAGES`, the cell kept in ``stage_text``),
its ``year`` and the ``announced_date``, ``approval_date`` and ``launch_date``.

``sites.csv``: one row a site. ``site_id`` and ``project_id`` are required; the location is
given by any of ``lat``/``lon``, ``sez``, ``settlement``, ``district``, ``region`` (the geocoder
uses the most precise one present) or ``location``, the place as written in free text ("с. Акши,
Илийский район"), which the geocoder splits into those parts; a structured column wins over the
part of ``location`` it gives too. ``role`` is ``primary`` or ``secondary``; ``weight`` is used by
the ``weights`` allocation policy.

A single CSV (no manifest, no sites table) is read as one row a project with its one site's
location columns on the same row; it has the built-in figures only (declaring figures needs a
``register.yaml``).

The fixed columns of both tables, with their kinds and descriptions, are listed in
``columns.csv`` next to this module.

Headers may be written in Russian or Kazakh (see :data:`HEADER_ALIASES`), in any case, with
spaces or punctuation; unknown columns are kept and reported as a warning.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast, get_args

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import pandas as pd

Kind = Literal[
    "id", "text", "list", "date", "money", "count", "quantity", "flag", "basis", "coord",
    "weight", "year", "code",
]  # fmt: skip
FigureKind = Literal["money", "count", "quantity"]
FIGURE_KINDS: tuple[FigureKind, ...] = ("money", "count", "quantity")
FLAGS = ("reported", "derived", "estimated")
CODE_FLAGS = ("reported", "derived")
LOCATION_FLAGS = ("reported", "estimated", "unverified")
ROLES = ("primary", "secondary")


@dataclass(frozen=True)
class Column:
    """One column of a register table.

    Attributes
    ----------
    name : str
        The header kzgeo reads (aliases are in :data:`HEADER_ALIASES`).
    kind : Kind
        How its cells are read and checked (``id``, ``money``, ``date``, ``flag`` ...).
    required : bool
        Whether every row must fill it.
    doc : str
        What to write in it; the output field descriptions of register columns quote it
        (``""``: none).
    """

    name: str
    kind: Kind
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class FigureSpec:
    """A figure of a register: built in, or declared under ``figures:`` in ``register.yaml``.

    Attributes
    ----------
    name
        The column name (``capacity_mw``).
    kind
        ``money`` (routed by currency into ``investment_kzt``/``investment_usd``; built-ins
        only), ``count`` (whole numbers) or ``quantity`` (any non-negative number).
    unit
        The unit the figure is written in (``MW``, ``products``, ``KZT``).
    label
        The name to show, by language (``en``, ``ru``, ``kk``).
    builtin
        Whether kzgeo always has it.
    upper_limit
        A value above which the figure is a typing error (``None``: no limit).
    aliases
        Other headers the column may have (besides the labels).
    """

    name: str
    kind: FigureKind
    unit: str
    label: Mapping[str, str] = field(hash=False)
    builtin: bool = False
    upper_limit: float | None = None
    aliases: tuple[str, ...] = ()


# Limits beyond which a figure is a typing error, not a project: 50 trn KZT is about a third of
# Kazakhstan's GDP; 100 bn USD likewise; no plant employs a million people.
BUILTIN_FIGURES: dict[str, FigureSpec] = {
    "investment_kzt": FigureSpec(
        "investment_kzt", "money", "KZT",
        {"en": "Investment", "ru": "Инвестиции", "kk": "Инвестиция"}, builtin=True,
        upper_limit=5e13,
    ),
    "investment_usd": FigureSpec(
        "investment_usd", "money", "USD",
        {"en": "Investment (USD)", "ru": "Инвестиции (долл. США)", "kk": "Инвестиция (АҚШ долл.)"},
        builtin=True, upper_limit=1e11,
    ),
    "jobs": FigureSpec(
        "jobs", "count", "jobs",
        {"en": "Jobs", "ru": "Рабочие места", "kk": "Жұмыс орындары"}, builtin=True,
        upper_limit=1e6,
    ),
}  # fmt: skip
FIGURE_CURRENCY = {"investment_kzt": "KZT", "investment_usd": "USD"}
MONEY_TARGET = {v: k for k, v in FIGURE_CURRENCY.items()}
FIGURE_AS_WRITTEN = ("qualifier", "text", "min", "max", "note")
"""Companions of each figure on projects, carried to sites.csv and the sites layer:
``<figure>_text`` is the cell as written, ``_qualifier``, ``_min``/``_max`` and ``_note`` say how
it was read."""
FIGURE_COMPANIONS = ("flag", "basis", "half_unit", *FIGURE_AS_WRITTEN)
MONEY_COLUMNS = ("investment_kzt", "investment_usd", "investment")
"""Columns money is written in; ``investment`` takes its currency from the cell."""


def figure_columns(figures: Iterable[FigureSpec]) -> tuple[Column, ...]:
    """Return each figure's column with its ``_flag`` and ``_basis`` companions.

    Parameters
    ----------
    figures : iterable of FigureSpec
        The register's figures, in order.

    Returns
    -------
    tuple of Column
        Three columns per figure, in figure order.

    Examples
    --------
    >>> [c.name for c in figure_columns([BUILTIN_FIGURES["jobs"]])]
    ['jobs', 'jobs_flag', 'jobs_basis']
    """
    return tuple(
        col
        for spec in figures
        for col in (
            Column(spec.name, spec.kind, doc=f"{spec.label.get('en', spec.name)} ({spec.unit})"),
            Column(f"{spec.name}_flag", "flag", doc="reported | derived | estimated"),
            Column(f"{spec.name}_basis", "basis", doc="source ids/URLs, formula or method"),
        )
    )


@cache
def _fixed_columns() -> dict[str, tuple[Column, ...]]:
    """Return the columns every register has, by table, read once from ``columns.csv``.

    Tables: ``project_head`` (ids and names), ``project_attributes``, ``project_tail`` (after
    the figures) and ``sites``; ``required`` is ``yes`` or empty.
    """
    kinds = get_args(Kind)
    tables: dict[str, list[Column]] = {}
    with Path(__file__).with_name("columns.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            kind = row["kind"]
            if kind not in kinds:  # the file ships with kzgeo: a bad kind is kzgeo's own bug
                msg = f"columns.csv: column {row['name']!r} has an unknown kind {kind!r}"
                raise ValueError(msg)
            column = Column(
                row["name"], cast("Kind", kind), required=row["required"] == "yes", doc=row["doc"]
            )
            tables.setdefault(row["table"], []).append(column)
    return {table: tuple(columns) for table, columns in tables.items()}


PROJECT_ATTRIBUTES: tuple[Column, ...] = _fixed_columns()["project_attributes"]
_PROJECT_HEAD: tuple[Column, ...] = (*_fixed_columns()["project_head"], *PROJECT_ATTRIBUTES)
_PROJECT_TAIL: tuple[Column, ...] = _fixed_columns()["project_tail"]


def project_columns(figures: Iterable[FigureSpec] | None = None) -> tuple[Column, ...]:
    """Return the columns of ``projects.csv`` for a register with these figures.

    Parameters
    ----------
    figures : iterable of FigureSpec, optional
        The register's figures; None: the built-ins only.

    Returns
    -------
    tuple of Column
        Ids and names, the project attributes, each figure with its companions, then
        ``investment``, ``currency``, ``source_urls`` and ``notes``.

    Examples
    --------
    >>> [c.name for c in project_columns()][-6:-4]
    ['jobs_flag', 'jobs_basis']
    """
    specs = BUILTIN_FIGURES.values() if figures is None else figures
    return (*_PROJECT_HEAD, *figure_columns(specs), *_PROJECT_TAIL)


PROJECT_COLUMNS: tuple[Column, ...] = project_columns()
"""The columns of ``projects.csv`` of a register with the built-in figures only."""


def figures_in(frame: pd.DataFrame, figures: Iterable[str] | None = None) -> tuple[str, ...]:
    """Return the figures a table carries: the built-ins, then every declared one in it.

    ``figures`` (names), when given, is returned as it is. A table kzgeo made from a register
    names its declared figures in its ``attrs`` (:data:`FIGURES_ATTR`). In a table made by hand,
    a numeric column is taken for a declared figure by its companions: ``<name>_flag`` with
    ``<name>_basis`` (projects) or with ``_qualifier`` and ``_text`` (sites), or
    ``<name>_reported``, ``_allocated`` and ``_missing`` (region and SEZ layers).

    Parameters
    ----------
    frame : pandas.DataFrame
        A register table, sites table or layer.
    figures : iterable of str, optional
        Figure names to use as they are; None: found in ``frame`` as above.

    Returns
    -------
    tuple of str
        Figure names: ``investment_kzt``, ``investment_usd``, ``jobs``, then the declared
        ones in column order.

    Examples
    --------
    >>> import pandas as pd
    >>> figures_in(pd.DataFrame({"mw": [5.0], "mw_flag": ["reported"], "mw_basis": ["s"]}))
    ('investment_kzt', 'investment_usd', 'jobs', 'mw')
    """
    if figures is not None:
        return tuple(figures)
    if FIGURES_ATTR in frame.attrs:  # a table kzgeo made: its register's declared figures only
        known = frame.attrs[FIGURES_ATTR]
        return (*BUILTIN_FIGURES, *(c for c in frame.columns if c in known))
    columns = set(frame.columns)
    declared = [
        c
        for c in frame.columns
        if c not in BUILTIN_FIGURES
        and c not in _not_figures()
        and frame[c].dtype.kind in "fiu"  # a user's text column is no figure
        and any(all(f"{c}_{part}" in columns for part in sig) for sig in _SIGNATURES)
    ]
    return (*BUILTIN_FIGURES, *declared)


@cache
def _not_figures() -> frozenset[str]:
    """Register columns that have figure-like companions (``location_flag``/``_basis``)."""
    return frozenset(c.name for c in (*project_columns(), *SITE_COLUMNS))


FIGURES_ATTR = "kzgeo_figures"
"""Key of ``DataFrame.attrs`` under which register tables carry their declared figures' specs
(as plain data: GeoParquet writes ``attrs`` into the file's metadata as JSON)."""


def figures_attr(figures: Mapping[str, FigureSpec]) -> dict[str, dict[str, object]]:
    """Return the declared figures as the plain data a table's ``attrs`` carries.

    Parameters
    ----------
    figures : mapping of str to FigureSpec
        A register's figures; the built-ins are left out.

    Returns
    -------
    dict of str to dict
        Per declared figure: ``kind``, ``unit``, ``label``, ``upper_limit`` and ``aliases``
        as JSON-ready values.

    Examples
    --------
    >>> figures_attr(BUILTIN_FIGURES)
    {}
    """
    return {
        name: {
            "kind": spec.kind,
            "unit": spec.unit,
            "label": dict(spec.label),
            "upper_limit": spec.upper_limit,
            "aliases": list(spec.aliases),
        }
        for name, spec in declared_only(figures).items()
    }


def attr_figures(frame: object) -> dict[str, FigureSpec]:
    """Return the declared figures a table's ``attrs`` carries (see :func:`figures_attr`).

    The register's figures travel with its tables (and with the rows taken from them, which
    keep their table's ``attrs``), so two registers in one process never mix their labels.

    Parameters
    ----------
    frame : pandas.DataFrame or pandas.Series
        A table kzgeo made from a register or a row of one (others, and plain mappings,
        carry none).

    Returns
    -------
    dict of str to FigureSpec
        The declared figures by name; empty if ``frame.attrs`` names none.
    """
    out = {}
    attrs = getattr(frame, "attrs", None)
    declared = attrs.get(FIGURES_ATTR, {}) if isinstance(attrs, dict) else {}
    for name, data in declared.items():
        spec = dict(data)
        out[name] = FigureSpec(
            name,
            spec["kind"],
            str(spec["unit"]),
            dict(spec["label"]),
            upper_limit=spec.get("upper_limit"),
            aliases=tuple(spec.get("aliases", ())),
        )
    return out


# companions that mark a column as a figure: on projects and sites, and on region/SEZ layers
SITE_FIGURE_SIGNATURE = ("flag", "qualifier", "text")
"""The companions :func:`kzgeo.allocate` writes beside each figure of a site."""
_SIGNATURES = (
    ("flag", "basis"),
    SITE_FIGURE_SIGNATURE,
    ("reported", "allocated", "missing"),
)


def figure_specs(
    frame: pd.DataFrame, figures: Iterable[str] | None = None
) -> dict[str, FigureSpec]:
    """Return the specs of the figures a table carries (see :func:`figures_in`).

    Specs come from the built-ins and from the table's ``attrs`` (set when a register is
    loaded, kept by kzgeo's steps); a figure known by its columns only gets its name as label.

    Parameters
    ----------
    frame : pandas.DataFrame
        A register table, sites table or layer.
    figures : iterable of str, optional
        The figure names; None: those :func:`figures_in` finds.

    Returns
    -------
    dict of str to FigureSpec
        A spec per figure, in the order of :func:`figures_in`; an unknown one is a
        ``quantity`` without unit.
    """
    known = {**BUILTIN_FIGURES, **attr_figures(frame)}
    return {name: known.get(name) or unknown_figure(name) for name in figures_in(frame, figures)}


def unknown_figure(name: str) -> FigureSpec:
    """Return the spec of a figure known only by its name: a quantity without unit.

    Parameters
    ----------
    name : str
        The figure's column name.

    Returns
    -------
    FigureSpec
        Kind ``quantity``, no unit, the name (spaces for underscores) as its English label.

    Examples
    --------
    >>> unknown_figure("output_kt").label
    {'en': 'output kt'}
    """
    return FigureSpec(name, "quantity", "", {"en": name.replace("_", " ")})


def declared_only(figures: Mapping[str, FigureSpec]) -> dict[str, FigureSpec]:
    """Return the figures that are not built in (what ``attrs`` carries).

    Parameters
    ----------
    figures : mapping of str to FigureSpec
        A register's figures.

    Returns
    -------
    dict of str to FigureSpec
        Those whose ``builtin`` is False, in the same order.
    """
    return {k: v for k, v in figures.items() if not v.builtin}


SITE_COLUMNS: tuple[Column, ...] = _fixed_columns()["sites"]
LOCATION_FIELDS = ("lat", "lon", "sez", "settlement", "district", "region", "country", "location")


MIN_TYPO_LENGTH = 5

# columns kzgeo itself writes on the rows (statuses, provenance, geocoding, join, allocation)
# and the names GIS files keep for themselves: a user column so named would replace kzgeo's own
# (an invalid row read back as ``ok``) or break the GeoPackage, so it is renamed ``user_<name>``
RESERVED_COLUMNS = frozenset(
    {
        "row_status", "row_issues", "source_file", "source_line", "project_row_status",
        "precision", "geocode_method", "geocode_status", "geocode_note", "geocode_attribution",
        "matched_name", "matched_id", "match_score", "candidates", "region_hint_iso",
        "sez_hint_id", "region_reform", "region_iso", "sez_id", "sez_part_id", "join_status",
        "join_distance_m", "join_note", "allocation_policy", "allocation_note", "share",
        "fid", "geom", "geometry", "stage_text", "sector_code_flag", "sector_code_text",
    }
)  # fmt: skip


def closest_column(key: str, known: Iterable[str]) -> str | None:
    """Return the known header ``key`` is a typo of, if any ("setlement" -> "settlement").

    Within one edit (a transposition counts as one) per five letters; headers under five
    letters are never taken for typos ("lang" is not "long").

    Parameters
    ----------
    key : str
        A header kzgeo does not know, normalised (:func:`normalize_header`).
    known : iterable of str
        The headers kzgeo knows.

    Returns
    -------
    str or None
        The closest known header within that distance; None if there is none.

    Examples
    --------
    >>> closest_column("setlement", ["settlement", "region"]), closest_column("lang", ["long"])
    ('settlement', None)
    """
    # imported here: the map cards and the PNG read this module's figure specs, and only
    # a register being loaded needs the typo check
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    if len(key) < MIN_TYPO_LENGTH:
        return None
    candidates = [k for k in known if len(k) >= MIN_TYPO_LENGTH]
    if not candidates:
        return None
    best = min(candidates, key=lambda k: OSA.distance(key, k))
    distance = OSA.distance(key, best)
    return best if 0 < distance <= len(key) // 5 else None


def normalize_header(text: str) -> str:
    """Return a header in comparable form: lower case, words joined by ``_``.

    Parameters
    ----------
    text : str
        A header as written (a byte-order mark and ``ё`` are taken care of).

    Returns
    -------
    str
        The header with every run of non-word characters replaced by one ``_``.

    Examples
    --------
    >>> normalize_header("\ufeffID проекта ")
    'id_проекта'
    """
    text = text.replace("\ufeff", "").strip().lower().replace("ё", "е")
    return re.sub(r"[^\w]+", "_", text).strip("_")


# Russian and Kazakh headers people use, and common English variants.
HEADER_ALIASES: dict[str, str] = {
    normalize_header(k): v
    for k, v in {
        "id": "project_id",
        "project": "project_id",
        "проект": "project_id",
        "id проекта": "project_id",
        "код проекта": "project_id",
        "жоба": "project_id",
        "компания": "company",
        "company name": "company",
        "investor": "company",
        "инвестор": "company",
        "компания-инвестор": "company",
        "legal name": "legal_name_ru",
        "юридическое название": "legal_name_ru",
        "наименование юл": "legal_name_ru",
        "партнеры": "partners",
        "стратегический партнер": "partners",
        "серіктестер": "partners",
        "дата одобрения": "approval_date",
        "дата": "approval_date",
        "approved": "approval_date",
        "мақұлданған күні": "approval_date",
        "дата объявления": "announced_date",
        "announced": "announced_date",
        "date announced": "announced_date",
        "жарияланған күні": "announced_date",
        "дата запуска": "launch_date",
        "дата ввода": "launch_date",
        "launch date": "launch_date",
        "launched": "launch_date",
        "іске қосылған күні": "launch_date",
        "сектор": "sector",
        "отрасль": "sector",
        "сала": "sector",
        "саласы": "sector",
        "вид деятельности": "sector",
        "industry": "sector",
        "продукция": "sector",
        "код окэд": "sector_code",
        "окэд": "sector_code",
        "oked": "sector_code",
        "эқжж": "sector_code",
        "sector code": "sector_code",
        "стадия": "stage",
        "статус": "stage",
        "этап": "stage",
        "кезең": "stage",
        "кезеңі": "stage",
        "жағдайы": "stage",
        "status": "stage",
        "год": "year",
        "жыл": "year",
        "жылы": "year",
        "инвестиции": "investment",
        "инвестиции, тенге": "investment_kzt",
        "инвестиции тенге": "investment_kzt",
        "инвестиции (тенге)": "investment_kzt",
        "сумма инвестиций": "investment",
        "объем инвестиций": "investment",
        "инвестициялар": "investment",
        "investments": "investment",
        "investment (kzt)": "investment_kzt",
        "investment, kzt": "investment_kzt",
        "инвестиции, долл": "investment_usd",
        "инвестиции (usd)": "investment_usd",
        "инвестиции, usd": "investment_usd",
        "investment (usd)": "investment_usd",
        "investment, usd": "investment_usd",
        "рабочие места": "jobs",
        "рабочих мест": "jobs",
        "жұмыс орындары": "jobs",
        "employment": "jobs",
        "новые рабочие места": "jobs",
        "источники": "source_urls",
        "источник": "source_urls",
        "sources": "source_urls",
        "source": "source_urls",
        "url": "source_urls",
        "примечание": "notes",
        "примечания": "notes",
        "note": "notes",
        "comment": "notes",
        "площадка": "site_id",
        "id площадки": "site_id",
        "site": "site_id",
        "название площадки": "site_name",
        "объект": "site_name",
        "роль": "role",
        "вес": "weight",
        "доля": "weight",
        "share": "weight",
        "широта": "lat",
        "ендік": "lat",
        "latitude": "lat",
        "y": "lat",
        "долгота": "lon",
        "бойлық": "lon",
        "longitude": "lon",
        "lng": "lon",
        "long": "lon",
        "x": "lon",
        "сэз": "sez",
        "аэа": "sez",
        "special economic zone": "sez",
        "sez name": "sez",
        "населенный пункт": "settlement",
        "город": "settlement",
        "село": "settlement",
        "елді мекен": "settlement",
        "city": "settlement",
        "town": "settlement",
        "place": "settlement",
        "район": "district",
        "аудан": "district",
        "rayon": "district",
        "audan": "district",
        "область": "region",
        "регион": "region",
        "облыс": "region",
        "oblast": "region",
        "страна": "country",
        "ел": "country",
        "валюта": "currency",
        "валютасы": "currency",
        # a free-text location: the geocoder reads its parts (kzgeo.geocoding.phrase)
        "address": "location",
        "адрес": "location",
        "мекенжай": "location",
        "место": "location",
        "местоположение": "location",
        "место реализации": "location",
        "орналасқан жері": "location",
        "орналасқан орны": "location",
    }.items()
}
