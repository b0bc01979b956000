"""The register format: columns of ``projects.csv`` and ``sites.csv``, their types and aliases.

A register is a folder (or a ``register.yaml`` manifest) with two tables:

``projects.csv``: one row a project. ``project_id`` and ``company`` are required. Each figure
(``investment_kzt``, ``investment_usd``, ``jobs``, ``medicines``, ``social_medicines``) has two
companion columns: ``<figure>_flag`` (``reported``, ``derived`` or ``estimated``) and
``<figure>_basis`` (for ``reported``: source ids from the manifest or URLs, ``;``-separated; for
``derived``: the formula; for ``estimated``: the method).

``sites.csv``: one row a site. ``site_id`` and ``project_id`` are required; the location is
given by any of ``lat``/``lon``, ``sez``, ``settlement``, ``district``, ``region`` (the geocoder
uses the most precise one present) or ``location``, the place as written in free text ("с. Акши,
Илийский район"), which the geocoder splits into those parts; a structured column wins over the
part of ``location`` it gives too. ``role`` is ``primary`` or ``secondary``; ``weight`` is used by
the ``weights`` allocation policy.

A single CSV (no manifest, no sites table) is read as one row a project with its one site's
location columns on the same row.

Headers may be written in Russian or Kazakh (see :data:`HEADER_ALIASES`), in any case, with
spaces or punctuation; unknown columns are kept and reported as a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rapidfuzz.distance import OSA

if TYPE_CHECKING:
    from collections.abc import Iterable

Kind = Literal["id", "text", "list", "date", "money", "count", "flag", "basis", "coord", "weight"]
FLAGS = ("reported", "derived", "estimated")
LOCATION_FLAGS = ("reported", "estimated", "unverified")
ROLES = ("primary", "secondary")


@dataclass(frozen=True)
class Column:
    """One column of a register table."""

    name: str
    kind: Kind
    required: bool = False
    doc: str = ""


FIGURES: dict[str, str] = {
    "investment_kzt": "money",
    "investment_usd": "money",
    "jobs": "count",
    "medicines": "count",
    "social_medicines": "count",
}
FIGURE_CURRENCY = {"investment_kzt": "KZT", "investment_usd": "USD"}
MONEY_TARGET = {v: k for k, v in FIGURE_CURRENCY.items()}
FIGURE_AS_WRITTEN = ("qualifier", "text", "min", "max", "note")
"""Companions of each figure on projects, carried to sites.csv and the sites layer:
``<figure>_text`` is the cell as written, ``_qualifier``, ``_min``/``_max`` and ``_note`` say how
it was read."""
MONEY_COLUMNS = ("investment_kzt", "investment_usd", "investment")
"""Columns money is written in; ``investment`` takes its currency from the cell."""

PROJECT_COLUMNS: tuple[Column, ...] = (
    Column("project_id", "id", required=True, doc="unique id, letters/digits/-/_"),
    Column("company", "text", required=True, doc="company name as commonly written"),
    Column("legal_name_ru", "text", doc="legal name in Russian"),
    Column("partners", "list", doc="strategic partners, ;-separated"),
    Column("therapeutic_areas", "list", doc=";-separated"),
    Column("approval_date", "date", doc="YYYY-MM-DD"),
    *(
        col
        for fig, kind in FIGURES.items()
        for col in (
            Column(fig, kind, doc=f"{fig.replace('_', ' ')}"),  # type: ignore[arg-type]
            Column(f"{fig}_flag", "flag", doc="reported | derived | estimated"),
            Column(f"{fig}_basis", "basis", doc="source ids/URLs, formula or method"),
        )
    ),
    Column("investment", "money", doc="investment in the currency the cell names (8 bn tenge)"),
    Column("currency", "text", doc="currency of figures written without one (KZT, USD, EUR ...)"),
    Column("source_urls", "list", doc="URLs of the reports the project row rests on"),
    Column("notes", "text"),
)

SITE_COLUMNS: tuple[Column, ...] = (
    Column("site_id", "id", required=True),
    Column("project_id", "id", required=True),
    Column("site_name", "text"),
    Column("role", "text", doc="primary | secondary"),
    Column("weight", "weight", doc="share for the 'weights' allocation policy"),
    Column("lat", "coord", doc="latitude, WGS84 decimal degrees"),
    Column("lon", "coord", doc="longitude, WGS84 decimal degrees"),
    Column("sez", "text", doc="special economic zone (or sub-zone) name"),
    Column("settlement", "text", doc="city, town or village"),
    Column("district", "text", doc="district (audan / rayon)"),
    Column("region", "text", doc="region or city of republican significance, or ISO code"),
    Column("country", "text"),
    Column("location", "text", doc="the location as written, free text (parsed by the geocoder)"),
    Column("location_flag", "text", doc="reported | estimated | unverified"),
    Column("location_basis", "basis", doc="where the location comes from"),
    Column("notes", "text"),
)
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
        "fid", "geom", "geometry",
    }
)  # fmt: skip


def closest_column(key: str, known: Iterable[str]) -> str | None:
    """Return the known header ``key`` is a typo of, if any ("setlement" -> "settlement").

    Within one edit (a transposition counts as one) per five letters; headers under five
    letters are never taken for typos ("lang" is not "long").

    Examples
    --------
    >>> closest_column("setlement", ["settlement", "region"]), closest_column("lang", ["long"])
    ('settlement', None)
    """
    if len(key) < MIN_TYPO_LENGTH:
        return None
    candidates = [k for k in known if len(k) >= MIN_TYPO_LENGTH]
    if not candidates:
        return None
    best = min(candidates, key=lambda k: OSA.distance(key, k))
    distance = OSA.distance(key, best)
    return best if 0 < distance <= len(key) // 5 else None


def normalize_header(text: str) -> str:
    """Return a header in comparable form: lower case, words joined by ``_``."""
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
        "терапевтические области": "therapeutic_areas",
        "направления": "therapeutic_areas",
        "дата одобрения": "approval_date",
        "дата": "approval_date",
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
        "лекарства": "medicines",
        "препараты": "medicines",
        "количество препаратов": "medicines",
        "дәрілер": "medicines",
        "drugs": "medicines",
        "социально значимые": "social_medicines",
        "социально значимые препараты": "social_medicines",
        "socially significant medicines": "social_medicines",
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
