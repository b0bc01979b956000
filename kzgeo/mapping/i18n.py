"""The words of the map, the PNG and the report in English, Russian and Kazakh.

Every user-facing string is declared once in ``web/strings.json``, read at import into
:data:`STRINGS`: a key per string, its text in the three languages (a test checks that none is
missing). Placeholders are ``str.format`` fields.
Region names come from the bundled tables (``name_en``, ``name_ru``, ``name_kk``). The SEZ table
has English and Russian names only, so Kazakh pages show the Russian (official, bilingual) name
of a zone rather than a made-up translation.
"""

from __future__ import annotations

import json
import math
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Final

from kzgeo.settings import LANGUAGES, Language, options

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

__all__ = [
    "LANGUAGES",
    "STRINGS",
    "Language",
    "check_language",
    "policy_name",
    "region_name",
    "sez_name",
    "text",
]


def _load_strings() -> dict[str, dict[Language, str]]:
    """Read ``web/strings.json``: a key per string, its text by language (and an optional note)."""
    path = files("kzgeo.mapping").joinpath("web", "strings.json")
    table = json.loads(path.read_text(encoding="utf-8"))
    # only the languages: a "note" beside them is for whoever edits the file
    return {key: {lang: entry[lang] for lang in LANGUAGES} for key, entry in table.items()}


STRINGS: Final[dict[str, dict[Language, str]]] = _load_strings()


def check_language(value: object = None) -> Language:
    """Return ``value`` (default ``kzgeo.options.language``) as a language code, or raise.

    Parameters
    ----------
    value
        A language code; None (default) reads ``kzgeo.options.language``.

    Returns
    -------
    Language
        The code, one of :data:`LANGUAGES`.

    Raises
    ------
    ValueError
        When the code is not one of :data:`LANGUAGES`; the message names the value.

    Examples
    --------
    >>> check_language("kk")
    'kk'
    """
    if value is None:
        value = options.language
    if value not in LANGUAGES:
        raise ValueError(f"must be one of {LANGUAGES}, got {value!r}")
    return value


def text(key: str, lang: Language | None = None, **fields: object) -> str:
    """Return UI string ``key`` in ``lang`` (default ``kzgeo.options.language``), filled in.

    Parameters
    ----------
    key
        A key of :data:`STRINGS`, such as ``"bn_kzt"``.
    lang
        ``"en"``, ``"ru"`` or ``"kk"``; None (default) reads ``kzgeo.options.language``.
    **fields
        Values for the string's ``{placeholders}``; none leaves the string as it is.

    Returns
    -------
    str
        The string in that language with the fields filled in.

    Raises
    ------
    KeyError
        When ``key`` is not a UI string (or a placeholder is not given).
    ValueError
        When ``lang`` is not a language kzgeo has.

    Examples
    --------
    >>> text("bn_kzt", "ru", value="97.7")
    '97.7 млрд тенге'
    """
    words = STRINGS[key][check_language(lang)]
    return words.format(**fields) if fields else words


def policy_name(policy: str, lang: Language | None = None) -> str:
    """Return an allocation policy's name in ``lang`` (the code itself when unknown).

    Parameters
    ----------
    policy
        An allocation policy code, such as ``"equal"``.
    lang
        ``"en"``, ``"ru"`` or ``"kk"``; None (default) reads ``kzgeo.options.language``.

    Returns
    -------
    str
        The policy's name for a reader; ``policy`` itself when kzgeo has no name for it.

    Examples
    --------
    >>> policy_name("equal", "ru")
    'поровну'
    """
    key = f"policy_{policy}"
    return text(key, lang) if key in STRINGS else policy


def _plain(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def region_name(row: Mapping[str, Any] | pd.Series[Any], lang: Language = "en") -> str:
    """Return a region's name in ``lang`` (bundled tables), else its English or own name.

    Parameters
    ----------
    row
        A row of a region layer, with ``name_<lang>``, ``name_en`` or ``name`` columns.
    lang
        ``"en"``, ``"ru"`` or ``"kk"`` (default ``"en"``).

    Returns
    -------
    str
        The first non-empty of ``name_<lang>``, ``name_en`` and ``name``; ``""`` when all are
        missing.

    Examples
    --------
    >>> region_name({"name_en": "Almaty", "name_kk": "Алматы"}, "kk")
    'Алматы'
    """
    for column in (f"name_{lang}", "name_en", "name"):
        name = _plain(row.get(column))
        if name:
            return name
    return ""


def sez_name(row: Mapping[str, Any] | pd.Series[Any], lang: Language = "en") -> str:
    """Return an SEZ's name: English for ``en``, the Russian (official) name otherwise.

    Parameters
    ----------
    row
        A row of an SEZ layer, with ``name_en`` and ``name_ru``.
    lang
        ``"en"``, ``"ru"`` or ``"kk"`` (default ``"en"``).

    Returns
    -------
    str
        The name in that order of preference, the other one when it is missing; ``""`` when
        both are.

    Examples
    --------
    >>> sez_name({"name_en": "Astana - New City", "name_ru": "Астана - новый город"}, "kk")
    'Астана - новый город'
    """
    order = ("name_en", "name_ru") if lang == "en" else ("name_ru", "name_en")
    for column in order:
        name = _plain(row.get(column))
        if name:
            return name
    return ""


def number(value: float, digits: int = 1) -> str:
    """Format a number with grouping commas and ``digits`` decimals (``1,234.5``).

    Parameters
    ----------
    value
        Any int or float (an investment in billions, a count of jobs).
    digits
        Decimals to show (default 1).

    Returns
    -------
    str
        The number rounded to ``digits`` decimals, with commas between thousands.

    Examples
    --------
    >>> number(1234.56)
    '1,234.6'
    """
    return f"{value:,.{digits}f}"
