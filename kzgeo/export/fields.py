"""What every field of kzgeo's GIS layers and tables is: its type, its description, its rounding.

One table, declared once (the fixed fields in ``fields.csv`` beside this module, the fields of
each figure here), serves three writers:

- the GeoPackage (:mod:`kzgeo.export.gis`): the column type (``kato`` is text, dates are DATE,
  whole counts are integers) and the description written to ``gpkg_data_columns``, shown in
  QGIS's attribute form and by ``ogrinfo``; each layer's description goes to
  ``gpkg_contents``;
- the CSV tables (:mod:`kzgeo.export.tables`): money in whole units of the currency named in
  the column (``investment_kzt``: tenge, ``investment_usd``: dollars), counts as integers, other
  numbers to a stated number of decimals;
- the README and docs, which point here.

A figure the register declares (``figures:`` in ``register.yaml``) has the same fields as jobs,
named after it and described with its label and unit (:func:`field` with ``figures``). The region
and SEZ layers also carry each figure's totals by sector and by stage:
``<figure>_sector_<S>`` for each KZ OKED section ``S`` present (``_sector_unclassified`` for
projects without a code) and ``<figure>_stage_<stage>`` (``_stage_unknown`` without a stage);
each family adds up to ``<figure>``. ``region_sector.csv`` has the same totals in long form, by
sector code as given (section or division) and stage.

Columns kzgeo does not know (extra columns of a register, of your own boundary file) keep the
type they arrive with and are described as passed through as written.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Literal, cast, get_args

from kzgeo.register.figure_words import Qualifier
from kzgeo.register.schema import (
    BUILTIN_FIGURES,
    FIGURE_CURRENCY,
    PROJECT_COLUMNS,
    FigureSpec,
)
from kzgeo.register.schema import SITE_COLUMNS as REGISTER_SITE_COLUMNS
from kzgeo.register.sectors import STAGES

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

FieldType = Literal["text", "integer", "real", "boolean", "date"]
LayerName = Literal["sites", "regions", "sez"]


@dataclass(frozen=True)
class Field:
    """One field of an output layer.

    Attributes
    ----------
    name
        Column name.
    type
        Storage type in GIS files.
    description
        What the field holds, for a reader of the attribute table.
    decimals
        Decimals kept in CSV tables (0: written as a whole number); ``None``: as stored.
    """

    name: str
    type: FieldType
    description: str
    decimals: int | None = None


LAYER_DESCRIPTIONS: dict[LayerName, str] = {
    "sites": (
        "kzgeo: one row per site of the register, every input row kept with its row_status, "
        "geocode_status and join_status; sites without a point have no geometry. Figures are "
        "the site's share of its project's figures under allocation_policy."
    ),
    "regions": (
        "kzgeo: the 20 first-level units of Kazakhstan (ISO 3166-2:KZ: 17 regions and 3 cities "
        "of republican significance). From kzgeo build, with the register's totals under "
        "allocation_policy; units without a project have has_projects = false."
    ),
    "sez": (
        "kzgeo: Special Economic Zones (level = zone) and their sub-zones (level = subzone). "
        "Sub-zones lie inside their zone (parent_id) and overlap it: a zone's totals include "
        "its sub-zones', so do not sum zones and sub-zones. Shapes are approximate "
        "(geometry_method, geometry_accuracy)."
    ),
}

_BUILTIN_WORDS = {
    "investment_kzt": "investment, KZT (tenge)",
    "investment_usd": "investment, USD",
    "jobs": "jobs",
}


def _words(spec: FigureSpec) -> str:
    """How a field description names a figure: "jobs", "Capacity (MW)"."""
    if spec.name in _BUILTIN_WORDS:
        return _BUILTIN_WORDS[spec.name]
    label = spec.label.get("en") or spec.name.replace("_", " ")
    return f"{label} ({spec.unit})" if spec.unit else label


def _unit(spec: FigureSpec) -> str:
    currency = FIGURE_CURRENCY.get(spec.name)
    if currency:
        return f"whole {currency} in CSV"
    return "whole number in CSV" if spec.kind == "count" else f"in {spec.unit or 'its unit'}"


def _decimals(spec: FigureSpec) -> int | None:
    """Whole units for money and counts; a quantity (1.5 MW) as stored."""
    return None if spec.kind == "quantity" else 0


def _site_figures(specs: Iterable[FigureSpec]) -> tuple[Field, ...]:
    out: list[Field] = []
    for spec in specs:
        fig, words = spec.name, _words(spec)
        out += [
            Field(
                fig,
                "real",
                f"{words}: this site's share of its project's figure (project figure x share; "
                f"fractional when a project is split); {_unit(spec)}",
                _decimals(spec),
            ),
            Field(f"{fig}_flag", "text", f"{words}: reported | derived | estimated (project)"),
            *_as_written(spec),
        ]
    return tuple(out)


def _as_written(spec: FigureSpec) -> tuple[Field, ...]:
    """Return the fields of a figure's cell as written and how it was read (per site)."""
    fig, words, unit = spec.name, _words(spec), _unit(spec)
    qualifiers = " | ".join(q for q in get_args(Qualifier) if q)
    return (
        Field(f"{fig}_text", "text", f"{words}: the project's cell as written in the register"),
        Field(f"{fig}_qualifier", "text", f"{words}: the qualifier written beside the number "
              f"({qualifiers}; null: none)"),
        Field(f"{fig}_min", "real", f"{words}: lowest of several figures in the cell (project, "
              f"not this site's share); {unit}", _decimals(spec)),
        Field(f"{fig}_max", "real", f"{words}: highest of several figures in the cell (project, "
              f"not this site's share); {unit}", _decimals(spec)),
        Field(f"{fig}_note", "text", f"{words}: how the cell was read (which figure is used)"),
    )  # fmt: skip


def _unit_figures(specs: Iterable[FigureSpec], *, per_100k: bool) -> tuple[Field, ...]:
    """Return the totals every region and SEZ row carries (see :mod:`kzgeo.aggregate.layers`)."""
    out: list[Field] = []
    for spec in specs:
        fig, words, unit, dec = spec.name, _words(spec), _unit(spec), _decimals(spec)
        out += [
            Field(fig, "real", f"{words}: total here under allocation_policy (null: no project "
                  f"here gives it); {unit}", dec),
            *(
                Field(f"{fig}_{flag}", "real", f"{words}: part of the total from project figures "
                      f"flagged {flag}; {unit}", dec)
                for flag in ("reported", "derived", "estimated")
            ),
            Field(f"{fig}_allocated", "real", f"{words}: part of the total from splitting a "
                  f"multi-site project (rests on the allocation policy); {unit}", dec),
            Field(f"{fig}_missing", "integer", f"{words}: projects here that give no figure"),
            Field(f"{fig}_min", "real", f"{words}: lowest total over all allocation policies; "
                  f"{unit}", dec),
            Field(f"{fig}_max", "real", f"{words}: highest total over all allocation policies; "
                  f"{unit}", dec),
            Field(f"{fig}_share_pct", "real", f"{words}: share of the national total, %", 2),
            Field(f"{fig}_basis", "text", f"{words}: what the total rests on, in words"),
        ]  # fmt: skip
        if per_100k:
            decimals = 0 if fig in FIGURE_CURRENCY else 2
            out.append(
                Field(f"{fig}_per_100k", "real", f"{words} per 100,000 inhabitants "
                      "(population, of the date per_100k_basis names; null where it is not "
                      "known)", decimals)
            )  # fmt: skip
    return tuple(out)


def _read_tables() -> dict[str, tuple[Field, ...]]:
    """Read ``fields.csv``: the fixed fields of the region, SEZ, site and common tables.

    The fields are data, kept beside this module; the row ``{figures}`` of the sites table is
    where the fields of the built-in figures go, and ``{stages}`` in a description is the list
    of stages (both are defined in code, so written once there).
    """
    text = files("kzgeo.export").joinpath("fields.csv").read_text(encoding="utf-8")
    stages = " | ".join(STAGES)
    tables: dict[str, list[Field]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        table = tables.setdefault(row["table"], [])
        if row["name"] == "{figures}":
            table += _site_figures(BUILTIN_FIGURES.values())
            continue
        if row["type"] not in get_args(FieldType):  # a typo in the CSV fails at import
            msg = f"fields.csv: {row['name']} has the unknown type {row['type']!r}"
            raise ValueError(msg)
        decimals = int(row["decimals"]) if row["decimals"] else None
        kind = cast("FieldType", row["type"])
        table.append(Field(row["name"], kind, row["description"].format(stages=stages), decimals))
    return {name: tuple(fields) for name, fields in tables.items()}


_TABLES = _read_tables()

_BUILTIN = tuple(BUILTIN_FIGURES.values())
FIELDS: dict[LayerName, tuple[Field, ...]] = {
    "sites": _TABLES["sites"],
    "regions": (*_TABLES["regions"], *_unit_figures(_BUILTIN, per_100k=True), *_TABLES["units"]),
    "sez": (*_TABLES["sez"], *_unit_figures(_BUILTIN, per_100k=False), *_TABLES["units"]),
}
"""The fields of each layer of a register with the built-in figures only; a declared figure
adds the same fields as jobs (see :func:`field`)."""

_REGISTER_DOCS = {c.name: c.doc for c in (*PROJECT_COLUMNS, *REGISTER_SITE_COLUMNS) if c.doc}
_BREAKDOWN = re.compile(r"^(?P<fig>.+)_(?P<family>sector|stage)_(?P<value>[A-Za-z0-9_]+)$")


@cache
def _declared_index(layer: LayerName, specs: tuple[FigureSpec, ...]) -> dict[str, Field]:
    declared = [s for s in specs if s.name not in BUILTIN_FIGURES]
    if layer == "sites":
        return {f.name: f for f in _site_figures(declared)}
    return {f.name: f for f in _unit_figures(declared, per_100k=layer == "regions")}


def _breakdown_field(layer: LayerName, name: str, specs: Mapping[str, FigureSpec]) -> Field | None:
    """``<figure>_sector_<section>`` and ``<figure>_stage_<stage>`` of the region and SEZ layers."""
    match = _BREAKDOWN.match(name)
    if layer == "sites" or match is None:
        return None
    spec = specs.get(match["fig"]) or BUILTIN_FIGURES.get(match["fig"])
    if spec is None:
        return None
    value, words = match["value"], _words(spec)
    what = (
        f"projects of OKED section {value}"
        if match["family"] == "sector" and value != "unclassified"
        else f"projects with {match['family']} {value}"
    )
    return Field(name, "real", f"{words}: part of the total from {what}; {_unit(spec)}",
                 _decimals(spec))  # fmt: skip


def field(
    layer: LayerName, name: str, *, figures: Mapping[str, FigureSpec] | None = None
) -> Field | None:
    """Return the declared field ``name`` of ``layer``, or None for a column kzgeo passes through.

    ``figures`` are the register's figures (:attr:`kzgeo.Register.figures`): a declared figure
    has the same fields as jobs, named after it. Totals by sector and stage
    (``investment_kzt_sector_C``, ``jobs_stage_launched``) are described too.

    Parameters
    ----------
    layer : {"sites", "regions", "sez"}
        The output layer the column belongs to.
    name : str
        The column name.
    figures : mapping of str to FigureSpec, optional
        The register's figures (:attr:`kzgeo.Register.figures`); None: only the built-in
        figures are known.

    Returns
    -------
    Field or None
        The column's name, storage type, description and CSV decimals; None if kzgeo does
        not declare the column (it comes from the user's file and is kept as written).

    Examples
    --------
    >>> field("regions", "kato").type
    'text'
    >>> field("regions", "investment_usd").decimals
    0
    >>> field("regions", "jobs_sector_C").description
    'jobs: part of the total from projects of OKED section C; whole number in CSV'
    >>> field("sites", "no_such_column") is None
    True
    """
    known = _INDEX[layer].get(name)
    if known is not None:
        return known
    specs = dict(figures or {})
    if specs:
        declared = _declared_index(layer, tuple(specs.values())).get(name)
        if declared is not None:
            return declared
    return _breakdown_field(layer, name, specs)


def describe(
    layer: LayerName, name: str, *, figures: Mapping[str, FigureSpec] | None = None
) -> str:
    """Return the description of a column of ``layer``; passed-through columns say so.

    Parameters
    ----------
    layer, name : str
        The layer (``"sites"``, ``"regions"`` or ``"sez"``) and its column, as for
        :func:`field`.
    figures : mapping of str to FigureSpec, optional
        The register's declared figures, as for :func:`field`.

    Returns
    -------
    str
        The declared field's description, else a sentence saying where the column comes
        from and that it is kept as written.

    Examples
    --------
    >>> describe("sites", "contact_person")
    'from the register, kept as written (kzgeo does not read it)'
    >>> describe("regions", "code")
    'from the input boundary or register file, kept as written (kzgeo does not read it)'
    """
    known = field(layer, name, figures=figures)
    if known is not None:
        return known.description
    if layer == "sites" and name in _REGISTER_DOCS:
        return f"from the register: {_REGISTER_DOCS[name]}, kept as written"
    where = "the register" if layer == "sites" else "the input boundary or register file"
    return f"from {where}, kept as written (kzgeo does not read it)"


_INDEX: dict[LayerName, dict[str, Field]] = {
    layer: {f.name: f for f in fields} for layer, fields in FIELDS.items()
}
