"""Sectors (KZ OKED codes) and project stages: the vocabularies and the readers of free text.

A register names a project's sector as people write it ("цементный завод", "ет комбинаты",
"wind farm (1 GW)") and its stage as a phrase from a report ("запущен", "салына бастады",
"construction 90% complete"). kzgeo keeps both as written and reads them into

- a KZ OKED code (ОКЭД, ГК РК 03-2019, built on NACE Rev. 2): a section letter ``A``..``U`` or a
  two-digit division; the names are in ``data/curated/oked.csv``;
- one of :data:`STAGES`.

Both readers return the words they did not understand, so a register row that kzgeo cannot
classify is reported with those words instead of being guessed at.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal, cast, get_args

from kzgeo._paths import curated_dir
from kzgeo._russian import analyser
from kzgeo.geocoding.names import to_kazakh_latin

Stage = Literal["announced", "approved", "under_construction", "launched", "suspended", "cancelled"]
STAGES: tuple[Stage, ...] = get_args(Stage)
Lang = Literal["en", "ru", "kk"]
UNCLASSIFIED = "unclassified"
"""What tables write for a project whose sector kzgeo could not classify."""

# NACE Rev. 2 (and so KZ OKED) sections by their first and last division
_SECTION_RANGES: dict[str, tuple[int, int]] = {
    "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39), "F": (41, 43),
    "G": (45, 47), "H": (49, 53), "I": (55, 56), "J": (58, 63), "K": (64, 66), "L": (68, 68),
    "M": (69, 75), "N": (77, 82), "O": (84, 84), "P": (85, 85), "Q": (86, 88), "R": (90, 93),
    "S": (94, 96), "T": (97, 98), "U": (99, 99),
}  # fmt: skip
# division numbers NACE Rev. 2 leaves out inside those ranges
_NO_DIVISION = frozenset({4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89})
# Cyrillic letters that look like Latin section letters ("С" typed on a Russian keyboard)
_LOOKALIKE = str.maketrans("АВСЕНКМОРТ", "ABCEHKMOPT")


def normalize_code(text: object) -> str | None:
    """Return ``text`` as an OKED section letter or two-digit division, or ``None``.

    A class or subclass code (``10.11``, ``24101``) gives its division; Cyrillic look-alike
    letters are read as the Latin ones.

    Parameters
    ----------
    text : object
        A code as written in a register cell (a number is read as its text); None or ``""``
        gives None.

    Returns
    -------
    str or None
        A section letter (``"C"``) or a two-digit division (``"05"``); None if ``text`` is
        not an OKED code.

    Examples
    --------
    >>> normalize_code("c"), normalize_code("10.11.0"), normalize_code("5"), normalize_code("04")
    ('C', '10', '05', None)
    """
    raw = str(text or "").strip().upper().translate(_LOOKALIKE).rstrip(".")
    if len(raw) == 1 and raw in _SECTION_RANGES:
        return raw
    digits = raw.replace(".", "")
    if not digits.isdigit() or not raw[:1].isdigit():
        return None
    division = raw.split(".")[0] if "." in raw else digits[:2]
    number = int(division)
    if len(division) > 2 or number in _NO_DIVISION or section_of_number(number) is None:
        return None
    return f"{number:02d}"


def section_of_number(number: int) -> str | None:
    """Return the section letter of division ``number`` (``None`` outside NACE's ranges).

    Parameters
    ----------
    number : int
        A division number, 1 to 99.

    Returns
    -------
    str or None
        The letter ``A`` to ``U``; None for a number no division has.

    Examples
    --------
    >>> section_of_number(23), section_of_number(4)
    ('C', None)
    """
    for letter, (first, last) in _SECTION_RANGES.items():
        if first <= number <= last and number not in _NO_DIVISION:
            return letter
    return None


def section_of(code: str) -> str | None:
    """Return the section letter of an OKED code: a division's section, a section itself.

    Parameters
    ----------
    code : str
        A code in any form :func:`normalize_code` reads.

    Returns
    -------
    str or None
        The section letter; None if ``code`` is not an OKED code.

    Examples
    --------
    >>> section_of("23"), section_of("C"), section_of("10.11"), section_of("banana")
    ('C', 'C', 'C', None)
    """
    normal = normalize_code(code)
    if normal is None:
        return None
    return normal if normal.isalpha() else section_of_number(int(normal))


@dataclass(frozen=True)
class OkedName:
    """One row of ``data/curated/oked.csv``.

    Attributes
    ----------
    code : str
        A section letter or a two-digit division.
    level : str
        ``section`` or ``division``.
    en : str
        The name in English (NACE Rev. 2).
    ru : str
        The Russian name.
    kk : str
        The Kazakh name (``""`` where the file has none).
    source_url : str
        Where the names are published (``;``-separated where several sources).
    """

    code: str
    level: str
    en: str
    ru: str
    kk: str
    source_url: str


def _curated_rows(name: str) -> list[dict[str, str]]:
    with (curated_dir() / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def oked_names() -> dict[str, OkedName]:
    """Return the OKED sections and divisions kzgeo names, by code (``data/curated/oked.csv``).

    Returns
    -------
    dict of str to OkedName
        Every row of the file, keyed by its code.

    Examples
    --------
    >>> oked_names()["C"].level
    'section'
    """
    return {
        r["code"]: OkedName(
            r["code"], r["level"], r["name_en"], r["name_ru"], r["name_kk"], r["source_url"]
        )
        for r in _curated_rows("oked.csv")
    }


def sector_label(code: str, *, lang: str = "en") -> str:
    """Return the OKED name of ``code`` in ``lang`` (``en``, ``ru`` or ``kk``).

    Where ``oked.csv`` has no Kazakh name the Russian one is given (the official OKED is
    published in both); a division the file does not list is named by its section, and a
    code that is not an OKED code comes back as written.

    Parameters
    ----------
    code : str
        An OKED code in any form :func:`normalize_code` reads.
    lang : {"en", "ru", "kk"}, default "en"
        The language of the name.

    Returns
    -------
    str
        The name of the division or section (for a division the file does not list, its
        code and its section's name), or ``code`` as written if it is not an OKED code.

    Examples
    --------
    >>> sector_label("23")
    'Manufacture of other non-metallic mineral products'
    >>> sector_label("C", lang="ru")
    'Обрабатывающая промышленность'
    """
    normal = normalize_code(code)
    if normal is None:
        return str(code)
    names = oked_names()
    row = names.get(normal)
    if row is None:
        section = section_of(normal) or ""
        return f"{normal} ({sector_label(section, lang=lang)})"
    if lang == "kk":
        return row.kk or row.ru
    return row.ru if lang == "ru" else row.en


# ---------------------------------------------------------------------------------------------
# Sector text -> OKED code
#
# The rules are the rows of data/curated/sector_words.csv (read once, by _sector_index). Each
# rule is a code (or None), a weight and a tag; a phrase is one or more word stems matched
# against consecutive words by prefix. Weight 2 marks words that name a product or activity
# ("цемент", "pharma"), weight 1 words that only hint at one ("трубы" are steel unless
# "полимерные" says otherwise). Tags let two words together decide what neither does alone:
# copper with a mine is mining of metal ores (07), copper with a smelter is basic metals (24).
# Stems are written once in Cyrillic or English; the 2021 Kazakh Latin spelling of the
# Cyrillic ones is derived. A stem of up to three letters matches a word of up to two more
# letters ("ет", "еті"); a stem ending in "=" matches the whole word only.


@dataclass(frozen=True)
class _Rule:
    """A rule of the sector reader: word stems that name a code.

    Attributes
    ----------
    code : str or None
        The OKED code the phrase names; None for a word that decides only with another
        (its ``tag``).
    weight : int
        How strongly the phrase names the code; the strongest hit wins.
    stems : tuple of str
        The phrase's alternative stems, each one or more words.
    tag : str or None
        A name for the phrase in :data:`_SECTOR_COMBOS` (``ore``, ``smelt`` ...); None if it
        decides alone.
    """

    code: str | None
    weight: int
    stems: tuple[str, ...]
    tag: str | None = None


def _phrases(cell: str) -> tuple[str, ...]:
    """Split a cell of comma-separated phrases (a stray comma leaves no empty phrase)."""
    return tuple(p.strip() for p in cell.split(",") if p.strip())


def _sector_rules() -> tuple[_Rule, ...]:
    """Read ``data/curated/sector_words.csv``: a rule a row (an empty code or tag is None)."""
    return tuple(
        _Rule(r["code"] or None, int(r["weight"]), _phrases(r["stems"]), r["tag"] or None)
        for r in _curated_rows("sector_words.csv")
    )


# two tags together decide the code (weight 3)
_SECTOR_COMBOS: dict[frozenset[str], str] = {
    frozenset({"ore", "mining"}): "07",
    frozenset({"ore", "factory"}): "07",
    frozenset({"ore", "smelt"}): "24",
    frozenset({"ore", "packaging"}): "25",
    frozenset({"oil", "mining"}): "06",
    frozenset({"gas", "mining"}): "06",
    frozenset({"oil", "processing"}): "19",
    # NACE 06.20 takes in the separation and desulphurisation of natural gas
    frozenset({"gas", "processing"}): "06",
    frozenset({"coal", "mining"}): "05",
    frozenset({"crop", "processing"}): "10",
}

# words that say a project makes something without saying what: understood, no sector
_NEUTRAL_WORDS = frozenset(
    re.findall(
        r"\S+",
        "завод заводы завода зауыт зауыты зауытын plant plants factory works цех цехы цеха комбинат"
        " комбинаты комбината production производство производства производственн өндіріс өндірісі"
        " өндіру выпуск output cluster кластер complex комплекс комплексы кешен кешені project"
        " проект new новый новая новое жаңа and и және для of the a an in на в с со из по for with"
        " international международный международная халықаралық industrial промышленный"
        " промышленная промышленные индустриальный өнеркәсіп өнеркәсіптік deep глубокая глубокой"
        " million млн млрд billion тыс мың тонн тонна тонны тоннасы t gw mw kw мвт гвт текше метр"
        " куб year год жыл per в год шар",
    ),
)


def _words(text: str) -> list[str]:
    text = text.lower().replace("ё", "е")
    return re.findall(r"[^\W\d_]+", text)


def _stem_matches(stem: str, word: str) -> bool:
    if stem.endswith("="):
        return word == stem[:-1]
    if len(stem) <= 3:  # short stems: the word and up to two more letters
        return word.startswith(stem) and len(word) <= len(stem) + 2
    return word.startswith(stem)


def _variants(phrase: str) -> set[str]:
    """Return the phrase and its Kazakh Latin spelling, where that cannot pass for English.

    "фарм" would be "farm" in Latin letters: only spellings with a Kazakh Latin letter (``ý``,
    ``ı``, ``ǵ``, ``q``, ``j`` ...) are added.
    """
    latin = to_kazakh_latin(phrase)
    if latin == phrase or not re.search(r"[^\x00-\x7f]|[qj]", latin):
        return {phrase}
    return {phrase, latin}


@cache
def _sector_index() -> tuple[tuple[tuple[str, ...], _Rule], ...]:
    """Every phrase of every rule as word stems (Cyrillic and its Kazakh Latin spelling)."""
    return tuple(
        (tuple(_words_keep_eq(variant)), rule)
        for rule in _sector_rules()
        for phrase in rule.stems
        for variant in _variants(phrase)
    )


def _words_keep_eq(phrase: str) -> list[str]:
    """Split a rule phrase into stems, keeping a trailing ``=`` (whole-word) mark."""
    exact = phrase.endswith("=")
    stems = _words(phrase.rstrip("="))
    if exact and stems:
        stems[-1] += "="
    return stems


@dataclass(frozen=True)
class _Hit:
    """A rule phrase found in a text.

    Attributes
    ----------
    code : str or None
        The rule's code (None for a tag-only word).
    weight : float
        The rule's weight (3 for two tags that decide together).
    start : int
        The position of the phrase's first word.
    length : int
        The number of words it covers.
    tag : str or None
        The rule's tag.
    """

    code: str | None
    weight: float
    start: int
    length: int
    tag: str | None


def _hits(words: list[str]) -> tuple[list[_Hit], set[int]]:
    """Return every rule phrase found in ``words`` and the positions of the words used."""
    hits: list[_Hit] = []
    used: set[int] = set()
    for stems, rule in _sector_index():
        n = len(stems)
        for i in range(len(words) - n + 1):
            if all(_stem_matches(s, w) for s, w in zip(stems, words[i : i + n], strict=True)):
                hits.append(_Hit(rule.code, rule.weight, i, n, rule.tag))
                used.update(range(i, i + n))
    return hits, used


_KAZAKH_LETTERS = re.compile("[әғқңөұүһі]")


def _lemma_retry(words: list[str], used: set[int]) -> list[str]:
    """Replace the Russian words no rule matched by their lemma ("угля" -> "уголь").

    The analyser is loaded only when there is such a word (English text never loads it).
    """
    russian = {
        i
        for i, w in enumerate(words)
        if i not in used and re.search("[а-я]", w) and not _KAZAKH_LETTERS.search(w)
    }
    if not russian:
        return words
    morph = analyser()
    return [morph.parse(w)[0].normal_form if i in russian else w for i, w in enumerate(words)]


def classify_sector(text: str) -> tuple[str | None, list[str]]:
    """Return the OKED code a sector text names, and the words kzgeo did not understand.

    The code is a two-digit division where the words say one, else a section letter; ``None``
    when no word names a sector, or when they name one only together with a word that is
    missing ("медь" alone: a copper mine (07) or a smelter (24)?).

    Parameters
    ----------
    text : str
        A sector as written (Russian, Kazakh in either script, or English).

    Returns
    -------
    code : str or None
        The OKED division or section; None if the text names none alone.
    unknown : list of str
        The words no rule matched (and, when no code was found, the words that name a
        sector only with another), each once, in text order.

    Examples
    --------
    >>> classify_sector("цементный завод")
    ('23', [])
    >>> classify_sector("металлургия (медь)"), classify_sector("copper mine")
    (('24', []), ('07', []))
    >>> classify_sector("медь")
    (None, ['медь'])
    """
    words = _words(str(text or ""))
    hits, used = _hits(words)
    if len(used) < len(words):
        retried = _lemma_retry(words, used)
        if retried != words:
            hits, used = _hits(retried)
    tags = {h.tag: h for h in hits if h.tag}
    for pair, code in _SECTOR_COMBOS.items():
        if pair <= tags.keys():
            first = min(tags[t].start for t in pair)
            hits.append(_Hit(code, 3, first, 2, None))
    coded = [h for h in hits if h.code is not None]
    unknown = [w for i, w in enumerate(words) if i not in used and w not in _NEUTRAL_WORDS]
    if not coded:
        ambiguous = [words[h.start] for h in hits if h.tag == "ore"]
        return None, list(dict.fromkeys(ambiguous + unknown))
    return _best(coded).code, list(dict.fromkeys(unknown))


def _best(hits: list[_Hit]) -> _Hit:
    """Return the strongest hit; among equals the first named, or the head of its phrase.

    "шерсть, строительные материалы" is wool first; in "жол-құрылыс материалдары" (road-building
    materials) the materials are the head, as the last word is in Russian, Kazakh and English.
    """
    top = max(h.weight for h in hits)
    strongest = [h for h in hits if h.weight == top]
    best = min(strongest, key=lambda h: (h.start, -h.length))
    for other in sorted(strongest, key=lambda h: h.start + h.length):
        overlaps = other.start < best.start + best.length
        if overlaps and other.start + other.length > best.start + best.length:
            best = other
    return best


# ---------------------------------------------------------------------------------------------
# Stage phrases -> STAGES
#
# The phrases of each class are the rows of data/curated/stage_words.csv (read once, by
# _stage_index). A phrase may say several things ("строительство завершено на 90%", "планирует
# открыть"): parse_stage tries the classes in its order and the first that matches wins. Plans
# and the future tense come before the verbs they modify ("запустят в следующем году" is not
# launched yet), and a completion below 100 % before "аяқталған" (completed).

_StageClass = Literal[Stage, "plan", "partial"]


def _stage_words() -> list[tuple[_StageClass, tuple[str, ...]]]:
    """Read ``data/curated/stage_words.csv``: a class a row and the phrases that state it."""
    rows = _curated_rows("stage_words.csv")
    classes = get_args(_StageClass)
    odd = sorted({r["stage"] for r in rows} - set(classes))
    if odd:  # a class parse_stage never asks for would be read and silently ignored
        raise ValueError(f"data/curated/stage_words.csv: unknown stage class {odd}")
    return [(cast("_StageClass", r["stage"]), _phrases(r["phrases"])) for r in rows]


_PERCENT = re.compile(r"(\d{1,3})\s*(?:%|процент|пайыз|percent)")
# Kazakh verb forms of intent or of the future: -мақ/-мек/-бақ/-бек/-пақ/-пек ("бастамақ"),
# and the present-future after a passive -л-/-н- or a vowel ("басталады": will begin,
# "бастайды"); a bare -ады is often the past ("баста-ды": began) and is not taken
_KAZAKH_FUTURE = re.compile(r"(?:[мбп][ае]к|[мбп]ақ|[лн]ад[ыі]|[лн]ед[і]|йд[ыі])$")


@cache
def _stage_index() -> tuple[tuple[tuple[str, ...], _StageClass], ...]:
    return tuple(
        (tuple(_words_keep_eq(variant)), cls)
        for cls, phrases in _stage_words()
        for phrase in phrases
        for variant in _variants(phrase)
    )


def _is_future_verb(word: str) -> bool:
    """Whether a word is a Russian verb in the future tense, or a Kazakh future form."""
    kazakh = _KAZAKH_LETTERS.search(word) or re.search("[ýıǵńóáú]", word)
    if not kazakh and re.fullmatch("[а-я]+", word) and analyser().word_is_known(word):
        return "futr" in analyser().parse(word)[0].tag
    return bool(_KAZAKH_FUTURE.search(word))


def _stage_classes(words: list[str]) -> tuple[set[_StageClass], set[int]]:
    found: set[_StageClass] = set()
    used: set[int] = set()
    for stems, cls in _stage_index():
        n = len(stems)
        for i in range(len(words) - n + 1):
            if all(_stem_matches(s, w) for s, w in zip(stems, words[i : i + n], strict=True)):
                found.add(cls)
                used.update(range(i, i + n))
    return found, used


def parse_stage(text: str) -> tuple[Stage | None, list[str]]:
    """Return the stage a phrase states, and the words kzgeo did not understand.

    Parameters
    ----------
    text : str
        A stage as written in a report (Russian, Kazakh or English).

    Returns
    -------
    stage : Stage or None
        One of :data:`STAGES`; None if no word states a stage.
    unknown : list of str
        The words kzgeo did not read, in text order.

    Examples
    --------
    >>> parse_stage("запущен"), parse_stage("салына бастады")
    (('launched', []), ('under_construction', ['бастады']))
    >>> parse_stage("construction 90% complete"), parse_stage("запустят в следующем году")
    (('under_construction', ['complete']), ('announced', ['следующем']))
    >>> parse_stage("toured")
    (None, ['toured'])
    """
    raw = str(text or "").lower()
    words = _words(raw)
    found, used = _stage_classes(words)
    future = [i for i, w in enumerate(words) if _is_future_verb(w)]
    used.update(future)
    percent = _PERCENT.search(raw)
    unknown = [w for i, w in enumerate(words) if i not in used and w not in _STAGE_NEUTRAL]
    if "cancelled" in found or "suspended" in found:
        return ("cancelled" if "cancelled" in found else "suspended"), unknown
    if "plan" in found or future:
        return "announced", unknown
    if percent and int(percent.group(1)) < 100:  # 100 % is done
        return "under_construction", unknown
    order: tuple[Stage, ...] = ("launched", "under_construction", "approved", "announced")
    for cls in order:
        if cls in found:
            return cls, unknown
    return None, unknown


_STAGE_NEUTRAL = frozenset(
    re.findall(
        r"\S+",
        "в во на с и the a of in this year this next году год жылы биыл проект project жоба"
        " production производств line линия линию завод зауыт plant первой first stage этап"
        " кезең кезеңі пайызы процентов жұмыстары жұмыстың work works",
    ),
)
