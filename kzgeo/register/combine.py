"""Several registers in one build: one set of rows with ``register_id``, and the duplicate check.

Each register keeps every row as written. Project ids are unique only inside a register, so the
combined rows carry ``project_key`` = ``<register_id>/<project_id>``; the totals are computed on
frames whose ``project_id`` is that key (:func:`keyed`), while the rows
shown to the user keep ``project_id`` as written. Sources are kept per register: the combined
register names them ``<register_id>/<source_id>``, so two registers may both cite
``astanatimes``.

The duplicate check pairs projects of different registers whose company names are equal after
:func:`company_key` (case, quotes, legal forms such as ТОО, АО, ЖШС, LLP, JSC, and
transliteration folded). A pair is

- ``duplicate`` when they also share a place (a region, or a settlement) and every figure both
  give is within the tolerance (default 10 %) or one of them gives none: the later register's
  copy is left out of the combined totals, its rows get ``row_status = duplicate_of:<key>``
  (``keep=True`` counts both and says so);
- ``possible`` when the names match but the places differ (or one has no region) or a figure
  differs beyond the tolerance: the same company may well run two plants, so both are counted
  and the pair is reported for a person to decide.

Per-register totals always count every register's own rows, duplicates included.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from functools import cached_property
from operator import methodcaller
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import geopandas as gpd
import pandas as pd

from kzgeo.errors import Issue, UsageError, input_error
from kzgeo.geocoding.names import fold_word, name_key, tokens
from kzgeo.register.model import Register
from kzgeo.register.reconcile import Reconciliation

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from kzgeo.register.model import ExchangeRate

_Rows = TypeVar("_Rows", bound=pd.DataFrame)

MatchKind = Literal["duplicate", "possible"]
DUPLICATE_TOLERANCE = 0.10
"""Figures of two copies of a project agree when they differ by at most this share of the
larger (10 %: registers round differently, and "about 60 jobs" is 60 in one and 58 in another)."""
DUPLICATE_STATUS = "duplicate_of:"
NAME_COLUMNS = ("company", "legal_name_ru")
# legal forms, Russian, Kazakh and English: "ТОО «X»", "X LLP", "АО X", "X JSC", "ЖШС X" ...
LEGAL_FORMS = frozenset(
    """
    тоо ао оао зао пао ооо ип гп ргп ргп гкп тшс жшс ақ ак жақ жак ашық
    llp llc jsc ojsc cjsc pjsc plc ltd limited inc corp corporation gmbh ag sa bv co
    """.split()  # noqa: SIM905 - a word list reads best as text
)  # fmt: skip
DUPLICATE_COLUMNS = (
    "first_key", "second_key", "match", "action", "why", "first_register", "first_project_id",
    "first_company", "first_region", "second_register", "second_project_id", "second_company",
    "second_region",
)  # fmt: skip


def company_key(name: object) -> str:
    """Return the comparable key of a company name (legal form, quotes, case, script folded).

    Parameters
    ----------
    name : object
        A company name as written; anything but a string gives ``""``.

    Returns
    -------
    str
        The name's words without legal forms, transliterated to Latin, folded and joined;
        ``""`` if nothing is left.

    Examples
    --------
    >>> company_key("ТОО «АльтИнФарм»"), company_key("AltINFARM LLP")
    ('altinfarm', 'altinfarm')
    >>> company_key("MSP-ROMPHARM") == company_key("ТОО «МСП-РОМФАРМ»")
    True
    >>> company_key("LLP")
    ''
    """
    if not isinstance(name, str):
        return ""
    words = [w for w in tokens(name) if w not in LEGAL_FORMS]
    # "ph" and "f" are one sound (Alt-INPHARM, АлтИНФАРМ): fold after transliteration
    return "".join(fold_word(w) for w in words).replace("ph", "f")


def register_id(register: Register) -> str:
    """Return a register's id: its manifest's ``id``, else its folder or file name.

    Parameters
    ----------
    register : Register
        A loaded register.

    Returns
    -------
    str
        The id; ``"register"`` for a register built in memory without one.

    Examples
    --------
    >>> import kzgeo
    >>> register_id(kzgeo.load_register())
    'kz-pharma-2026-01'
    """
    given = str(register.meta.get("id") or "").strip()
    if given:
        return given
    path = Path(register.path) if register.path is not None else None
    if path is None:
        return "register"
    if path.suffix.lower() in (".yaml", ".yml") or path.name == "projects.csv":
        return path.parent.name or path.stem
    return path.stem


def figures_of(register: Register) -> list[str]:
    """Return the register's figure names (built-in and declared).

    Parameters
    ----------
    register : Register
        A loaded register; its :attr:`~kzgeo.Register.figures` are read.

    Returns
    -------
    list of str
        The names in the register's order: built-ins first.

    Examples
    --------
    >>> import kzgeo
    >>> figures_of(kzgeo.load_register())[:3]
    ['investment_kzt', 'investment_usd', 'jobs']
    """
    return list(register.figures)


@dataclass
class Part:
    """One register of a combined build, as it would be built alone.

    Attributes
    ----------
    id
        The register's id (:func:`register_id`).
    register
        The register as loaded.
    rate
        The KZT per USD rate its own derived figures use.
    sites
        Its sites, geocoded and joined to the regions.
    projects
        Its projects with KZT/USD completed at ``rate``.
    """

    id: str
    register: Register
    rate: ExchangeRate
    sites: gpd.GeoDataFrame
    projects: pd.DataFrame

    @property
    def schema(self) -> str:
        """The manifest's ``schema:`` (``"(none)"`` when the register does not declare one).

        Returns
        -------
        str
            The schema as the manifest writes it, or ``"(none)"``.
        """
        return str(self.register.meta.get("schema") or "(none)")

    def rate_text(self) -> str:
        """Return the rate in words: ``505.71 KZT/USD (2026-01-23, source)``.

        Returns
        -------
        str
            The rate, its date and its source, for tables and notes.
        """
        return f"{self.rate.kzt_per_usd:g} KZT/USD ({self.rate.date}, {self.rate.source})"


def check_ids(registers: Sequence[Register]) -> list[str]:
    """Return the registers' ids; refuse the same register (or id) given twice.

    Parameters
    ----------
    registers : sequence of Register
        The registers of a combined build, in order.

    Returns
    -------
    list of str
        Their ids (:func:`register_id`), in the same order.

    Raises
    ------
    kzgeo.errors.UsageError
        If two registers have the same id, naming both paths.
    """
    ids = [register_id(r) for r in registers]
    for i, rid in enumerate(ids):
        if rid in ids[:i]:
            first = registers[ids.index(rid)].path
            raise UsageError(
                f"registers {first} and {registers[i].path} both have the id {rid!r}: give each "
                "its own id: in register.yaml, or do not give the same register twice"
            )
    return ids


def check_figures(parts: Sequence[Part]) -> None:
    """Refuse a figure declared with another kind or unit in two registers (no sum is right).

    Parameters
    ----------
    parts : sequence of Part
        The registers of a combined build.

    Raises
    ------
    kzgeo.errors.InputError
        Naming the register, the figure and both declarations.
    """
    seen: dict[str, tuple[str, dict[str, object]]] = {}
    for part in parts:
        for name, shape in _declared_shapes(part.register).items():
            if name in seen and seen[name][1] != shape:
                raise input_error(
                    f"{name} is declared as {_shape(shape)} here and as "
                    f"{_shape(seen[name][1])} in {seen[name][0]}: the combined totals "
                    "cannot add them",
                    file=str(part.register.path),
                    field=f"figures.{name}",
                    hint="declare the same kind and unit in both (convert the figures), "
                    "or build the registers apart",
                )
            seen.setdefault(name, (part.id, shape))


def _shape(shape: dict[str, object]) -> str:
    return f"a {shape.get('kind') or 'figure'} in {shape.get('unit') or 'no unit'}"


def _declared_shapes(register: Register) -> dict[str, dict[str, object]]:
    """Each figure's kind and unit: from ``Register.figures``, else from the manifest."""
    specs = getattr(register, "figures", None)
    if isinstance(specs, dict):
        return {
            str(k): {"kind": getattr(v, "kind", None), "unit": getattr(v, "unit", None)}
            for k, v in specs.items()
        }
    declared = register.meta.get("figures")
    if not isinstance(declared, dict):
        return {}
    return {
        str(k): {"kind": v.get("kind"), "unit": v.get("unit")} if isinstance(v, dict) else {}
        for k, v in declared.items()
    }


def _tagged(part: Part, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.insert(0, "register_id", part.id)
    written = out["project_id"].astype(str)
    out.insert(list(out.columns).index("project_id") + 1, "project_key", part.id + "/" + written)
    return out


def _concat(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Stack the registers' tables; what their ``attrs`` declare is merged, the first wins.

    pandas keeps ``attrs`` through a concat only when every table has the same; registers
    declaring different figures (carried there) would lose them all.
    """
    tables = list(frames)
    out = pd.concat(tables, ignore_index=True, sort=False)
    attrs: dict[Any, Any] = {}
    for table in tables:
        for key, value in table.attrs.items():
            before = attrs.get(key)
            if isinstance(value, dict) and isinstance(before, dict):
                attrs[key] = {**value, **before}
            else:
                attrs.setdefault(key, value)
    out.attrs = attrs
    return out


def keyed(rows: _Rows) -> _Rows:
    """Return a combination's projects or sites with ``project_id`` replaced by ``project_key``.

    The totals are computed on these: project ids are unique only inside a register.

    Parameters
    ----------
    rows
        :attr:`Combination.projects` or :attr:`Combination.sites`.

    Returns
    -------
    pandas.DataFrame or geopandas.GeoDataFrame
        A copy of ``rows``, of the same type.

    Examples
    --------
    >>> rows = pd.DataFrame({"project_id": ["p1"], "project_key": ["kz-a/p1"]})
    >>> keyed(rows).project_id.tolist()
    ['kz-a/p1']
    """
    return rows.assign(project_id=rows["project_key"])


@dataclass
class Combination:
    """Several registers combined: the rows, the duplicates found and what was done with them.

    Attributes
    ----------
    parts
        The registers in the order given (a later register's copy of a project is the one left
        out).
    projects, sites
        Every row of every register, with ``register_id`` and ``project_key``; duplicates
        left out carry ``row_status = duplicate_of:<key>``. ``sites`` is geocoded and joined;
        ``projects`` has KZT/USD completed at each register's own rate.
    duplicates
        One row per pair found (``duplicates.csv``): both keys, ``match`` (``duplicate`` /
        ``possible``), why they matched, what was done, figures side by side.
    keep_duplicates
        True when duplicates are counted in both registers.
    tolerance
        The relative difference within which two figures agree.
    register_totals
        Per register, region and figure (``register_totals.csv``; filled in by the build).
    """

    parts: list[Part]
    projects: pd.DataFrame
    sites: gpd.GeoDataFrame
    duplicates: pd.DataFrame
    keep_duplicates: bool
    tolerance: float
    register_totals: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def ids(self) -> list[str]:
        """The register ids, in order.

        Returns
        -------
        list of str
            One id per part.
        """
        return [p.id for p in self.parts]

    @property
    def left_out(self) -> pd.Series:
        """Whether each project row is left out of the combined totals as a duplicate.

        Returns
        -------
        pandas.Series
            Booleans aligned with :attr:`projects`.
        """
        return self.projects["row_status"].astype(str).str.startswith(DUPLICATE_STATUS)

    def rates_differ(self) -> bool:
        """Return True when the registers do not all use the same KZT per USD rate.

        Returns
        -------
        bool
            True if two parts differ in rate or in its date.
        """
        return len({(p.rate.kzt_per_usd, p.rate.date) for p in self.parts}) > 1

    def notes(self) -> list[str]:
        """Return what a reader must know about the combination, one sentence each.

        Returns
        -------
        list of str
            The duplicates found, then the rates and schemas where the registers differ.
        """
        out = [self.duplicates_sentence()]
        if self.rates_differ():
            rates = "; ".join(f"{p.id}: {p.rate_text()}" for p in self.parts)
            out.append(
                "The registers use different KZT/USD rates; each register's derived figures "
                f"use its own ({rates})."
            )
        schemas = {p.schema for p in self.parts}
        if len(schemas) > 1:
            listed = "; ".join(f"{p.id}: {p.schema}" for p in self.parts)
            out.append(f"The registers declare different schemas ({listed}).")
        return out

    def duplicates_sentence(self) -> str:
        """Return how many duplicates were found and what was done with them.

        Returns
        -------
        str
            One sentence, pointing to ``duplicates.csv`` when pairs were found.
        """
        frame = self.duplicates
        sure = int((frame["match"] == "duplicate").sum()) if len(frame) else 0
        maybe = len(frame) - sure
        done = (
            "counted in both registers (--keep-duplicates)"
            if self.keep_duplicates
            else "the later register's copy left out of the combined totals"
        )
        sentence = f"{sure} duplicate project(s) found across {len(self.parts)} registers"
        if sure:
            sentence += f": {done}"
        if maybe:
            sentence += (
                f"; {maybe} possible duplicate(s) (same company, other place or figures) "
                "counted in both, for you to check"
            )
        return sentence + ("; see duplicates.csv." if len(frame) else ".")

    def register_of(self, file: object) -> str:
        """Return the id of the register that read ``file`` (``""`` when none did).

        Parameters
        ----------
        file : object
            A file path as issues name it (a table or a manifest).

        Returns
        -------
        str
            The register's id, or ``""``.
        """
        return self._files.get(file, "") if isinstance(file, str) else ""

    @cached_property
    def _files(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for part in self.parts:
            reg = part.register
            for table in (reg.projects, reg.sites):
                if "source_file" in table:
                    out |= dict.fromkeys(table["source_file"].dropna().astype(str), part.id)
            out[str(reg.path)] = part.id
        return out

    def with_rates(self, layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """Return ``layer`` for the map: rates named per register where they differ.

        The layer itself keeps ``kzt_per_usd`` a number (NaN when the registers' rates
        differ); a map card says "USD at 505.71 (a) / 470 (b) KZT/USD" instead.

        Parameters
        ----------
        layer : geopandas.GeoDataFrame
            The combined region layer.

        Returns
        -------
        geopandas.GeoDataFrame
            ``layer`` itself if the rates agree, else a copy whose ``kzt_per_usd`` and
            ``kzt_per_usd_date`` name each register's.
        """
        if not self.rates_differ():
            return layer
        return layer.assign(
            kzt_per_usd=" / ".join(f"{p.rate.kzt_per_usd:g} ({p.id})" for p in self.parts),
            kzt_per_usd_date=" / ".join(str(p.rate.date) for p in self.parts),
        )

    def map_sources(self) -> dict[str, str]:
        """Return source URLs by id for the map: qualified ids, and plain ids no two dispute.

        Returns
        -------
        dict of str to str
            ``<register>/<id>`` for every source, and ``<id>`` where all registers citing it
            agree on its URL.
        """
        out: dict[str, str] = {}
        plain: dict[str, set[str]] = {}
        for part in self.parts:
            for sid, source in part.register.sources.items():
                out[f"{part.id}/{sid}"] = source.url
                plain.setdefault(sid, set()).add(source.url)
        out |= {sid: next(iter(urls)) for sid, urls in plain.items() if len(urls) == 1}
        return out


def combine(
    parts: Sequence[Part],
    *,
    keep_duplicates: bool = False,
    tolerance: float = DUPLICATE_TOLERANCE,
) -> Combination:
    """Combine registers built alone into one set of rows and find the projects two of them share.

    The later copy of each pair matched as ``duplicate`` gets ``row_status =
    duplicate_of:<first key>`` and is left out of the totals, unless ``keep_duplicates``; a
    ``possible`` pair is only listed.

    Parameters
    ----------
    parts
        The registers, geocoded and joined, in order (see :class:`Part`).
    keep_duplicates
        Count a project found in two registers in both (default: the later copy is left out).
    tolerance
        Figures agree when they differ by at most this share of the larger.

    Returns
    -------
    Combination
        Rows, duplicates and statuses; see the module docstring.

    Examples
    --------
    >>> import kzgeo
    >>> from kzgeo.aggregate import complete_money
    >>> from kzgeo.register import ExchangeRate
    >>> from kzgeo.register.combine import Part, combine
    >>> reg = kzgeo.load_register()
    >>> sites, rate = kzgeo.assign_regions(kzgeo.geocode(reg)), ExchangeRate.resolve(reg)
    >>> one = Part("a", reg, rate, sites, complete_money(reg.projects, rate))
    >>> two = Part("b", reg, rate, sites, complete_money(reg.projects, rate))
    >>> combo = combine([one, two])
    >>> combo.duplicates["match"].tolist().count("duplicate"), int(combo.left_out.sum())
    (4, 4)
    """
    if not 0 <= tolerance < 1:
        raise ValueError(f"tolerance is a share between 0 and 1, got {tolerance!r}")
    check_figures(parts)
    projects = _concat(_tagged(p, p.projects) for p in parts)
    sites = _concat(_tagged(p, p.sites) for p in parts)
    crs = parts[0].sites.crs if parts else None
    sites = gpd.GeoDataFrame(sites, geometry="geometry", crs=crs)
    figures = list(dict.fromkeys(f for p in parts for f in figures_of(p.register)))
    duplicates = find_duplicates(
        projects, _places(sites), figures=figures, tolerance=tolerance, keep=keep_duplicates
    )
    if not keep_duplicates:
        _mark(projects, sites, duplicates)
    return Combination(list(parts), projects, sites, duplicates, keep_duplicates, tolerance)


def _places(sites: pd.DataFrame) -> pd.DataFrame:
    """Per project key: the regions and settlements its valid sites are in."""
    valid = sites[sites["row_status"] == "ok"]
    matched = valid.get("matched_id", pd.Series("", index=valid.index)).astype(str)
    written = valid.get("settlement", pd.Series(None, index=valid.index))
    # the gazetteer's place id where one was matched, and the name as written either way
    settlement = [
        frozenset(
            ([m] if m.startswith("place:") else []) + ([name_key(w)] if isinstance(w, str) else [])
        )
        for m, w in zip(matched, written, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "project_key": valid["project_key"],
            "region": valid.get("region_iso", pd.Series(None, index=valid.index)),
            "settlement": settlement,
        }
    )
    return frame.groupby("project_key").agg(
        regions=("region", lambda s: frozenset(s.dropna().astype(str))),
        settlements=("settlement", lambda s: frozenset().union(*s) - {""}),
    )


def _names(row: pd.Series) -> dict[str, str]:
    """Return the row's name keys, each with the name as written."""
    out: dict[str, str] = {}
    for column in NAME_COLUMNS:
        value = row.get(column)
        key = company_key(value)
        if key:
            out.setdefault(key, f"{column} {value!r}")
    return out


def find_duplicates(
    projects: pd.DataFrame,
    places: pd.DataFrame,
    *,
    figures: Sequence[str],
    tolerance: float = DUPLICATE_TOLERANCE,
    keep: bool = False,
) -> pd.DataFrame:
    """Return the pairs of projects of different registers that look like the same project.

    ``projects`` are the combined rows (``register_id``, ``project_key``, names and figures);
    ``places`` gives each key's ``regions`` and ``settlements``; ``figures`` are compared and
    shown side by side. Only valid rows are compared.

    Parameters
    ----------
    projects : pandas.DataFrame
        The combined project rows.
    places : pandas.DataFrame
        Indexed by ``project_key``, with sets of ``regions`` and ``settlements``.
    figures : sequence of str
        The figures to compare (those missing from ``projects`` are skipped).
    tolerance : float, default DUPLICATE_TOLERANCE
        Figures agree when they differ by at most this share of the larger.
    keep : bool, default False
        Whether duplicates are counted in both registers (said in ``action``).

    Returns
    -------
    pandas.DataFrame
        One row per pair, earlier register first: :data:`DUPLICATE_COLUMNS`, then
        ``first_<figure>`` and ``second_<figure>`` per figure.
    """
    valid = projects[projects["row_status"] == "ok"]
    order = {rid: i for i, rid in enumerate(dict.fromkeys(projects["register_id"]))}
    by_name: dict[str, list[tuple[Any, str]]] = {}
    pairs: dict[tuple[Any, Any], tuple[str, str]] = {}
    for i, row in valid.iterrows():
        for key, written in _names(row).items():
            for j, other in by_name.get(key, []):
                if valid.at[j, "register_id"] != row["register_id"] and (j, i) not in pairs:
                    pairs[(j, i)] = (key, f"{other} = {written}")
            by_name.setdefault(key, []).append((i, written))
    rows = []
    for (j, i), (key, written) in pairs.items():
        first, second = valid.loc[j], valid.loc[i]
        if order[first["register_id"]] > order[second["register_id"]]:
            first, second = second, first
        rows.append(_pair((first, second), (key, written), places, figures, tolerance, keep=keep))
    figures = [f for f in figures if f in projects.columns]
    columns = [*DUPLICATE_COLUMNS, *(f"{s}_{f}" for f in figures for s in ("first", "second"))]
    return pd.DataFrame(rows, columns=columns)


def _pair(
    rows: tuple[pd.Series, pd.Series],
    name: tuple[str, str],
    places: pd.DataFrame,
    figures: Sequence[str],
    tolerance: float,
    *,
    keep: bool,
) -> dict[str, Any]:
    """Describe one pair: does it match, why, and what is done with it."""
    (first, second), (key, written) = rows, name
    figures = [f for f in figures if f in first.index]
    a, b = (_place(places, r["project_key"]) for r in (first, second))
    shared_region = sorted(a[0] & b[0])
    same_place = bool(shared_region or a[1] & b[1])
    where = (
        f"same region {', '.join(shared_region)}"
        if shared_region
        else "same settlement"
        if same_place
        else f"other place ({'/'.join(sorted(a[0])) or 'no region'} vs "
        f"{'/'.join(sorted(b[0])) or 'no region'})"
    )
    compared, differ = _compare_figures(first, second, figures, tolerance)
    match: MatchKind = "duplicate" if same_place and not differ else "possible"
    if match == "duplicate":
        action = (
            "both counted (--keep-duplicates)"
            if keep
            else "second copy left out of the combined totals"
        )
    else:
        action = "both counted: check whether they are one project"
    why = f"company names equal after normalising ({key!r}: {written}); {where}; {compared}"
    out: dict[str, Any] = {
        "first_key": first["project_key"],
        "second_key": second["project_key"],
        "match": match,
        "action": action,
        "why": why,
    }
    for side, row, place in (("first", first, a), ("second", second, b)):
        out[f"{side}_register"] = row["register_id"]
        out[f"{side}_project_id"] = row["project_id"]
        out[f"{side}_company"] = row["company"]
        out[f"{side}_region"] = ";".join(sorted(place[0]))
    for fig in figures:
        out[f"first_{fig}"], out[f"second_{fig}"] = first[fig], second[fig]
    return out


def _place(places: pd.DataFrame, key: str) -> tuple[frozenset[str], frozenset[str]]:
    if key not in places.index:
        return frozenset(), frozenset()
    row = places.loc[key]
    return cast("frozenset[str]", row["regions"]), cast("frozenset[str]", row["settlements"])


def _number(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number


def _compare_figures(
    first: pd.Series, second: pd.Series, figures: Sequence[str], tolerance: float
) -> tuple[str, bool]:
    """Say how the figures both give compare; True when one differs beyond ``tolerance``."""
    said, differ = [], False
    for fig in figures:
        x, y = _number(first.get(fig)), _number(second.get(fig))
        if math.isnan(x) or math.isnan(y):
            continue
        larger = max(abs(x), abs(y))
        gap = abs(x - y) / larger if larger else 0.0
        far = gap > tolerance
        differ |= far
        said.append(f"{fig} {x:,.0f} vs {y:,.0f} ({gap:.1%} apart{', too far' if far else ''})")
    if not said:
        return "no figure given by both", False
    return f"figures within {tolerance:.0%}: " * (not differ) + "; ".join(said), differ


def _mark(projects: pd.DataFrame, sites: pd.DataFrame, duplicates: pd.DataFrame) -> None:
    """Give the later copy of each duplicate ``row_status = duplicate_of:<first key>``."""
    sure = duplicates[duplicates["match"] == "duplicate"]
    kept: dict[str, str] = {}
    for first, second in zip(sure["first_key"], sure["second_key"], strict=True):
        root = kept.get(first, first)  # a copy of a copy points to the one counted
        kept.setdefault(second, root)
    if not kept:
        return
    status = {copy: DUPLICATE_STATUS + root for copy, root in kept.items()}
    note = {
        copy: f"the same project as {root}: left out of the combined totals (duplicates.csv)"
        for copy, root in kept.items()
    }
    for frame in (projects, sites):
        copies = frame["project_key"].map(status)
        on = copies.notna() & (frame["row_status"].eq("ok") | (frame is projects))
        frame.loc[on, "row_status"] = copies[on]
        frame.loc[on, "row_issues"] = frame.loc[on, "project_key"].map(note)


def duplicate_issues(combination: Combination) -> list[Issue]:
    """Return a warning per pair found, at the later register's project row.

    Parameters
    ----------
    combination : Combination
        A combination with its duplicates found.

    Returns
    -------
    list of Issue
        One warning per row of ``duplicates``, naming the file and line of the later copy.
    """
    projects = combination.projects.set_index("project_key")
    out = []
    for _, pair in combination.duplicates.iterrows():
        row = projects.loc[pair["second_key"]]
        sure = pair["match"] == "duplicate"
        hint = (
            "both are counted in the combined totals (--keep-duplicates)"
            if sure and combination.keep_duplicates
            else "left out of the combined totals; --keep-duplicates counts both"
            if sure
            else "both are counted; if they are one project, remove one row"
        )
        line = pd.to_numeric(row.get("source_line"), errors="coerce")
        out.append(
            Issue(
                "warning",
                str(row.get("source_file")),
                int(line) if pd.notna(line) else None,
                "company",
                f"{'same' if sure else 'possibly the same'} project as {pair['first_key']}: "
                f"{pair['why']}",
                hint,
            )
        )
    return out


def combined_register(combination: Combination) -> Register:
    """Return the combined rows as one :class:`Register` (sources as ``<register>/<id>``).

    Rows are as each register loaded them, with ``register_id``, ``project_key`` and the
    combination's statuses. Stated totals stay with each register (they are checked per
    register); declared figures are the union of the registers' (``Register.figures`` when the
    register model has it, and ``meta["figures"]`` as declared).

    Parameters
    ----------
    combination
        The registers' rows, as :func:`combine` made them.

    Returns
    -------
    Register
        The rows of every register, their sources and issues plus a warning per duplicate
        pair; its ``meta`` names the registers.
    """
    parts = combination.parts
    projects = _concat(_tagged(p, p.register.projects) for p in parts)
    sites = _concat(_tagged(p, p.register.sites) for p in parts)
    for own, done in ((projects, combination.projects), (sites, combination.sites)):
        if len(own) != len(done):  # pragma: no cover - geocoding keeps every row
            raise AssertionError("the combined rows do not line up with the registers' rows")
        for column in ("row_status", "row_issues"):
            own[column] = done[column].to_numpy()
    sources = {
        f"{p.id}/{sid}": dataclasses.replace(s, id=f"{p.id}/{sid}")
        for p in parts
        for sid, s in p.register.sources.items()
    }
    meta: dict[str, object] = {
        "id": "+".join(combination.ids),
        "title": " + ".join(str(p.register.meta.get("title") or p.id) for p in parts),
        "registers": combination.ids,
    }
    declared = _union(p.register.meta.get("figures") for p in parts)
    if declared:
        meta["figures"] = declared
    values: dict[str, Any] = {
        "projects": projects,
        "sites": sites,
        "meta": meta,
        "sources": sources,
        "issues": [i for p in parts for i in p.register.issues] + duplicate_issues(combination),
    }
    if "figures" in {f.name for f in dataclasses.fields(Register)}:
        values["figures"] = _union(getattr(p.register, "figures", None) for p in parts)
    return Register(**values)


def _union(mappings: Iterable[object]) -> dict[str, object]:
    """Merge figure declarations in order: a name keeps its first register's declaration."""
    out: dict[str, object] = {}
    for mapping in mappings:
        if isinstance(mapping, dict):
            out |= {str(k): v for k, v in mapping.items() if str(k) not in out}
    return out


@dataclass
class CombinedReconciliation(Reconciliation):
    """The reconciliation of each register against its own stated totals, side by side.

    Attributes
    ----------
    register : str
        The registers' titles, joined by ``+``.
    checks : list of TotalCheck
        Every register's checks, register by register.
    rate : None
        Always None: each register's rate check is in its own report.
    excluded_rows : list of str
        The rows left out of the sums, as ``<register>/<project_id>``.
    parts : dict of str to Reconciliation
        Each register's own report, by register id.
    """

    parts: dict[str, Reconciliation] = field(default_factory=dict)

    @classmethod
    def of(cls, parts: dict[str, Reconciliation]) -> CombinedReconciliation:
        """Return the registers' reconciliations as one (checks listed register by register).

        Parameters
        ----------
        parts : dict of str to Reconciliation
            Each register's report, by register id, in order.

        Returns
        -------
        CombinedReconciliation
            The reports side by side.
        """
        return cls(
            " + ".join(r.register for r in parts.values()),
            [c for r in parts.values() for c in r.checks],
            None,
            [f"{rid}/{row}" for rid, r in parts.items() for row in r.excluded_rows],
            parts,
        )

    def inconsistencies(self) -> list[str]:
        """Return ``<register>: <figure>`` for each figure that does not add up.

        Returns
        -------
        list of str
            Register by register, in check order.
        """
        return self._by_register(methodcaller("inconsistencies"))

    def unchecked(self) -> list[str]:
        """Return ``<register>: <figure>`` for each figure that cannot be checked.

        Returns
        -------
        list of str
            In the order of :meth:`inconsistencies`.
        """
        return self._by_register(methodcaller("unchecked"))

    def _by_register(self, figures: Callable[[Reconciliation], list[str]]) -> list[str]:
        return [f"{rid}: {f}" for rid, r in self.parts.items() for f in figures(r)]

    def headline(self) -> str:
        """Return each register's verdict.

        Returns
        -------
        str
            ``[<register>] <headline>`` for each register, on one line.
        """
        return " ".join(f"[{rid}] {r.headline()}" for rid, r in self.parts.items())

    def to_dict(self) -> dict[str, object]:
        """Return each register's report as plain data, by register id.

        Returns
        -------
        dict
            ``register`` (the titles) and ``registers``: each report's :meth:`to_dict`.
        """
        return {
            "register": self.register,
            "registers": {k: r.to_dict() for k, r in self.parts.items()},
        }

    def to_markdown(self) -> str:
        """Return each register's report under its own heading.

        Returns
        -------
        str
            Markdown: a heading and note, then a section per register.
        """
        head = (
            f"# Reconciliation: {self.register}\n\nEach register is checked against the totals "
            "its own sources state; the combined totals have no stated total of their own.\n"
        )
        sections = [
            f"\n## Register {rid}\n\n" + _demote(r.to_markdown()) for rid, r in self.parts.items()
        ]
        return head + "".join(sections)


def _demote(markdown: str) -> str:
    """Put a report's headings two levels down (it becomes a section of another report)."""
    return "\n".join("##" + line if line.startswith("#") else line for line in markdown.split("\n"))


TOTAL_PARTS = ("reported", "derived", "estimated")


def register_totals(
    combination: Combination,
    counted: pd.DataFrame,
    *,
    policy: str,
    regions: gpd.GeoDataFrame | None = None,
    region_id: str = "iso_3166_2",
) -> pd.DataFrame:
    """Return each register's totals by region and figure, and a national row per register.

    ``total`` (with its ``reported`` / ``derived`` / ``estimated`` parts) is what the register
    gives built alone, duplicates included; ``in_combined`` is how much of it the combined
    totals count (``counted``: the combined sites as allocated), ``left_out`` the difference.

    Parameters
    ----------
    combination : Combination
        The registers combined.
    counted : pandas.DataFrame
        The combined sites as allocated (with ``register_id``, ``region_iso`` and ``share``).
    policy : str
        The allocation policy of the build.
    regions : geopandas.GeoDataFrame, optional
        The user's boundary layer; None: kzgeo's 20 regions.
    region_id : str, default "iso_3166_2"
        The id column of the regions.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`REGISTER_TOTAL_COLUMNS`: per register, a row per region with
        projects and figure, then a national row per figure.

    Examples
    --------
    >>> import kzgeo
    >>> totals = kzgeo.build([kzgeo.register.seed_path()]).register_totals
    >>> totals is None
    True
    """
    from kzgeo.aggregate import national_summary, region_layer  # noqa: PLC0415 - no cycle

    rows: list[dict[str, Any]] = []
    placed = counted[counted["share"] > 0]
    for part in combination.parts:
        alone = region_layer(
            part.sites, part.projects, policy=policy, rate=part.rate, regions=regions,
            region_id=region_id,
        )  # fmt: skip
        figures = [f for f in figures_of(part.register) if f in alone.columns]
        mine = placed[placed["register_id"] == part.id]
        kept = mine.groupby("region_iso")[figures].sum(min_count=1)
        for _, region in alone[alone["has_projects"]].iterrows():
            where = str(region[region_id])
            for fig in figures:
                share = kept.at[where, fig] if where in kept.index else 0.0
                rows.append(
                    _total_row(part.id, "region", where, str(region.get("name_en") or ""), fig)
                    | {p: region[f"{fig}_{p}"] for p in TOTAL_PARTS}
                    | _counted(region[fig], share)
                    | {"missing": region[f"{fig}_missing"], "projects": region["projects"]}
                )
        nation = national_summary(part.sites, part.projects, policy=policy, rate=part.rate)
        keyed_rows = keyed(combination.sites), keyed(combination.projects)
        inside = national_summary(
            *(f[f["register_id"] == part.id] for f in keyed_rows), policy=policy, rate=part.rate
        ).set_index("figure")["national_total"]
        for _, fig_row in nation[nation["figure"].isin(figures)].iterrows():
            fig = str(fig_row["figure"])
            rows.append(
                _total_row(part.id, "national", "", "Kazakhstan", fig)
                | _counted(fig_row["national_total"], inside.get(fig, math.nan))
                | {"projects": int((part.projects["row_status"] == "ok").sum())}
            )
    return pd.DataFrame(rows, columns=list(REGISTER_TOTAL_COLUMNS))


REGISTER_TOTAL_COLUMNS = (
    "register_id", "scope", "region", "region_name", "figure", "total", *TOTAL_PARTS,
    "in_combined", "left_out", "missing", "projects",
)  # fmt: skip


def _total_row(rid: str, scope: str, region: str, name: str, fig: str) -> dict[str, Any]:
    return {
        "register_id": rid,
        "scope": scope,
        "region": region,
        "region_name": name,
        "figure": fig,
    }


def _counted(total: object, in_combined: object) -> dict[str, float]:
    whole, counted = _number(total), _number(in_combined)
    if math.isnan(whole):
        return {"total": whole, "in_combined": math.nan, "left_out": math.nan}
    counted = 0.0 if math.isnan(counted) else counted
    return {"total": whole, "in_combined": counted, "left_out": whole - counted}


def combined_summary(
    combination: Combination, summary: pd.DataFrame, *, policy: str
) -> pd.DataFrame:
    """Return ``summary.csv`` of a combined build: the combined rows, then each register's.

    ``left_out_as_duplicate`` is how much of a figure the combined totals leave out as
    duplicates; ``rate`` names the KZT/USD rate each register's derived figures use.

    Parameters
    ----------
    combination : Combination
        The registers combined, with ``register_totals`` filled in.
    summary : pandas.DataFrame
        The national summary of the combined rows (:func:`kzgeo.aggregate.national_summary`).
    policy : str
        The allocation policy of the build.

    Returns
    -------
    pandas.DataFrame
        ``scope`` (``combined`` / ``register``) and ``register_id`` first, then the summary's
        columns, ``left_out_as_duplicate``, ``rate`` and ``schema``.
    """
    from kzgeo.aggregate import national_summary  # noqa: PLC0415 - no cycle

    totals = combination.register_totals
    national = totals[totals["scope"] == "national"] if len(totals) else totals
    left = national.groupby(["register_id", "figure"])["left_out"].sum() if len(national) else None
    frames = [
        summary.assign(
            scope="combined",
            register_id="",
            left_out_as_duplicate=summary["figure"].map(
                left.groupby(level=1).sum() if left is not None else {}
            ),
            rate="; ".join(f"{p.id}: {p.rate_text()}" for p in combination.parts),
            schema="; ".join(f"{p.id}: {p.schema}" for p in combination.parts),
        )
    ]
    for part in combination.parts:
        own = national_summary(part.sites, part.projects, policy=policy, rate=part.rate)
        frames.append(
            own.assign(
                scope="register",
                register_id=part.id,
                left_out_as_duplicate=[
                    left.get((part.id, f), 0.0) if left is not None else 0.0 for f in own["figure"]
                ],
                rate=part.rate_text(),
                schema=part.schema,
            )
        )
    out = pd.concat(frames, ignore_index=True)
    first = ["scope", "register_id"]
    return out[first + [c for c in out.columns if c not in first]]
