"""Free-text locations split into parts: SEZ, industrial zone, deposit, settlement, district...

"с. Отеген батыр, Илийский район, Алматинская область", "Іле ауданы, Өтеген батыр ауылы",
"Otegen Batyr village, Ili district of Almaty region", "SEZ Ontustik", "the industrial zone of
Kostanay": each is read as a list of words, some of which are *markers* (район, ауданы,
district, г., с., СЭЗ, индустриальная зона ...) that say what the name beside them is. A marker
takes the name on its side: Russian abbreviations and "city of" take the name after them
("г. Алматы"), Kazakh and English nouns the name before ("Іле ауданы", "Ili district"), and
"район"/"область"/"district" either (Russian writes "Илийский район" and "район Алатау").
Markers are recognised in any inflected form (Russian via pymorphy3, Kazakh by
:mod:`kzgeo.geocoding.morphology`'s endings). A name with no marker is *bare*: the gazetteer
decides what it is, later.

Nothing is dropped silently: words that are neither a marker, a filler ("в", "near", "of"), a
name, a street address nor the country are returned in :attr:`Phrase.unused`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product
from typing import TYPE_CHECKING, Final, Literal, cast, get_args

from kzgeo._russian import analyser
from kzgeo.geocoding.morphology import (
    RUSSIAN_ONLY,
    kazakh_bases,
    kazakh_stems,
    latin_russian_forms,
    russian_forms,
)
from kzgeo.geocoding.names import fold_word

if TYPE_CHECKING:
    from collections.abc import Iterable

Role = Literal[
    "sez", "zone", "deposit", "settlement", "okrug", "district", "region", "country", "bare"
]  # fmt: skip
MarkerRole = Literal[
    "sez", "zone", "deposit", "settlement", "district", "region", "country", "okrug", "micro",
    "street", "feature", "object", "route", "filler", "near",
]  # fmt: skip
Side = Literal["before", "after", "either"]
ROLES: Final = get_args(Role)
MAX_FORMS = 12  # variants of a name tried against the gazetteer (product of word forms)

# units of land area: a number before one is a size, not a KATO code or a house number
_AREA_WORDS: Final = "гектар га hectare hectares ha acre acres сотка"

# Marker words as people write them; compiled to folded dictionary forms on first use.
_MARKERS: Final[dict[MarkerRole, dict[Side, str]]] = {
    "region": {
        "either": "область обл region oblast oblys облыс облысы oblysy oblisi province",
        # Kazakh "area of", in any alphabet: "Arshaly óńirinde" is the area of Arshaly
        "before": "өңір өңірі óńir ónir onir",
    },
    "district": {
        "either": "район р-н рн district rayon raion аудан ауданы audany audan aýdan aýdany "
        # Kazinform's English for an аудан's akimat: "Ayirtau municipality"
        "municipality",
    },
    "settlement": {
        "after": "г гор п пос пгт с ст станция д деревня моногород мегаполис",
        "either": "город поселок посёлок село аул city town village settlement selo aul auyl "
        "ауыл ауылы auyly aýyly qala қала қаласы qalasy kalasy кент кенті kenti",
    },
    "okrug": {"either": "округ округі okrug okrugi"},
    "micro": {"after": "мкр мкрн", "either": "микрорайон шағынаудан microdistrict"},
    "street": {
        "after": "ул улица пр пр-т проспект пер переулок дом зд здание стр строение корп корпус "
        "уч участок көше көшесі даңғылы street st avenue ave"
    },
    # along a road between towns: the towns named do not place the site
    "route": {"after": "шоссе трасса тракт автодорога road highway trassa"},
    "sez": {"either": "сэз аэа sez fez"},
    "zone": {"either": "промзона индзона"},
    # a mineral deposit or an oil or gas field: its name is one kzgeo's deposit layer may list
    "deposit": {
        "either": "месторождение deposit deposits mine",
        "before": "field fields oilfield gasfield кеніш kenish кенорны kenorny",
    },
    "country": {
        "either": "казахстан қазақстан kazakhstan qazaqstan рк кр қр kz republic республика "
        "республикасы"
    },
    # a natural feature or a mine named beside the place: understood, not a place kzgeo knows
    "feature": {"either": "река өзен озеро көл river lake кен кені рудник шахта карьер"},
    # what the project is, not where: reported as not used, without doubt about the place
    "object": {
        "either": "plant factory site facility complex project enterprise hub terminal "
        "warehouse transport logistics center centre завод фабрика комбинат предприятие "
        "производство цех площадка объект комплекс проект центр хаб терминал склад "
        "транспортный логистический зауыт кешен кәсіпорын жоба орталық орталығы port seaport "
        "airport порт аэропорт әуежай вокзал "
        # farms and works: what is there, not where ("one of the farms of the Zaisan district")
        "farm farms ферма хозяйство қожалық шаруашылық теплица greenhouse жылыжай элеватор "
        "elevator мельница mill feedlot plantation mining processing горно-обогатительный "
        "обогатительный гок gok "
        # land: how much and what kind ("50 гектар жерге", "on the ground of the plant")
        f"{_AREA_WORDS} жер телім земля земельный land plot "
        "площадь ground grounds premises"
    },
    "near": {
        "either": "near nearby около возле вблизи близ рядом недалеко неподалеку маң маңы "
        "маңында жанында таяу ірге іргесі бағыт бағытында outskirts іргелес irgeles"
    },
    "filler": {
        "either": "в во на у под из от до между from of in at the a an and и және территория "
        "территории территориясы аумақ аумағы аумағында окрестность пригород граница "
        "шекара suburb area territory located situated расположить расположенный "
        "административный әкімшілік сторона side left right правый левый қарасты qarasty "
        "karasty belonging on along вдоль бойы бойында бойындағы boiy boiynda one "
        # "this is a suburb of", "which is located", "in one of the districts", "on the right
        # side of", "big", "lying": they describe, they do not place
        "это which is бірі бірінде biri birinde жағы жағында jaǵy jaǵynda үлкен ülken жатқан "
        "jatqan northwest northeast southwest southeast"
    },
}
# several words that make one marker
_PHRASES: Final[tuple[tuple[str, MarkerRole], ...]] = (
    ("специальная экономическая зона", "sez"),
    ("свободная экономическая зона", "sez"),
    ("особая экономическая зона", "sez"),
    ("special economic zone", "sez"),
    ("free economic zone", "sez"),
    ("арнайы экономикалық аймақ", "sez"),
    ("индустриальная зона", "zone"),
    ("промышленная зона", "zone"),
    ("индустриальный парк", "zone"),
    ("industrial zone", "zone"),
    ("industrial park", "zone"),
    ("индустриялық аймақ", "zone"),
    ("индустриалдық аймақ", "zone"),
    ("индустриалды аймақ", "zone"),
    ("өнеркәсіптік аймақ", "zone"),
    ("агроиндустриальная зона", "zone"),
    ("агропромышленная зона", "zone"),
    ("индустрия аймағы", "zone"),
    ("агро-индустриялық аймақ", "zone"),
    ("агро-индустриалды аймақ", "zone"),
    ("кен орны", "deposit"),
    ("кен орындары", "deposit"),
    ("елді мекен", "settlement"),
    ("eldi meken", "settlement"),
    ("населенный пункт", "settlement"),
    ("not far from", "near"),
    ("шағын аудан", "micro"),  # a microdistrict, not a district ("аудан")
    ("shagyn audan", "micro"),
    ("сельский округ", "okrug"),
    ("ауылдық округ", "okrug"),
    ("rural district", "okrug"),
    ("republic of kazakhstan", "country"),
    ("шаруа қожалығы", "object"),  # a peasant farm
    ("крестьянское хозяйство", "object"),
    ("фермерское хозяйство", "object"),
)
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_SPACED_DASH = re.compile(r"\s[–—-]\s")  # splits a phrase, except inside a known name
_SEGMENT = re.compile(r"[,;\n()\[\]/|]+|" + _SPACED_DASH.pattern)
_QUOTED = re.compile(r"«([^«»]*)»|\"([^\"]*)\"|“([^“”]*)”")


def _one_name(m: re.Match[str]) -> str:
    """Keep a quoted name whole: one word, whose own words are never read as markers.

    «Международный центр приграничного сотрудничества «Хоргос»» is a name, not a "центр";
    «Хоргос – Восточные ворота» is not split at its dash.
    """
    return _as_one_word(next(g for g in m.groups() if g is not None))


def _as_one_word(name: str) -> str:
    words = _WORD.findall(name)
    return " " + "-".join(words) + " " if words else " "


_NAME_WORD = re.compile(r"[^\W_]+")


def dashed_names(texts: Iterable[str]) -> tuple[str, ...]:
    """Return the names that hold a spaced dash, to be kept whole when a phrase is split.

    Parameters
    ----------
    texts
        Names as a gazetteer spells them.

    Returns
    -------
    tuple of str
        The names with a dash between spaces ("Khorgos – Eastern Gate"), sorted.

    Examples
    --------
    >>> dashed_names(["Khorgos – Eastern Gate", "Astana-Technopolis", "Taraz"])
    ('Khorgos – Eastern Gate',)
    """
    return tuple(sorted({t for t in texts if _SPACED_DASH.search(t)}))


@cache
def _whole_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    # any dash, any spacing, any case: registers write "Khorgos - Eastern Gate SEZ"
    alternatives = [r"[\s–—-]+".join(map(re.escape, _NAME_WORD.findall(name))) for name in names]
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _keep_whole(text: str, names: tuple[str, ...]) -> str:
    """Join a known dashed name into one word, as a quoted name is ("Khorgos-Eastern-Gate")."""
    pattern = _whole_pattern(names)
    if pattern is None:
        return text
    return pattern.sub(lambda m: _as_one_word(m.group(0)), text)


_POSSESSIVE_S = re.compile(r"['’]s\b")
# a numbered industrial park is one name, "Industrial-Park-No-1", not a zone named "No 1":
# "the capital's Industrial Park No.1", "индустриальном парке № 1", "№1 индустриялық парк"
# (after NFKC "№" is "No"); "the capital's" / "столичный" say nothing the name does not
_PARK_WORDS = r"(?:industrial|индустриальн|индустриял|индустриалд)\w*\s+(?:park|парк)\w*"
_PARK_NUMBER = r"(?:No\.?|N|#)?\s*(\d{1,2})(?!\d|[.,]\d|\s*(?:km|км|га|ha|шақырым)(?!\w))"
_NUMBERED_PARK = re.compile(
    r"(?<!\w)(?:(?:the\s+)?capital['’]?s?\s+|столичн\w*\s+|елорда\w*\s+)?"
    rf"(?:{_PARK_WORDS}\s*{_PARK_NUMBER}|(?:No\.?|N)\s*(\d{{1,2}})\s+{_PARK_WORDS})(?!\w)",
    re.IGNORECASE,
)


def _park_name(m: re.Match[str]) -> str:
    # a segment of its own: "в индустриальном парке № 1 Астаны" is the park, then Astana
    return f", Industrial-Park-No-{m.group(1) or m.group(2)} ,"


# "с.о.", "с/о", "а.о.": a rural okrug abbreviated; spelt out, so it is not read as "с." a village
_OKRUG_ABBREVIATION = re.compile(r"(?<!\w)([са])\s*[./]\s*о(?:\.|(?!\w))", re.IGNORECASE)
_OKRUG_WORDS: Final = {"с": " сельский округ ", "а": " ауылдық округ "}
_ONE_NAME_BRACKETS = re.compile(r"\(([^(),;]+)\)")
_QUOTE = re.compile(r"[«»\"“”„]")
_DISTANCE = re.compile(r"^(\d+(?:[.,]\d+)?)$")
_KM = frozenset(
    {"км", "km", "километр", "километров", "kilometre", "kilometer", "kilometres", "kilometers"}
    | {"шақырым"}
)
_POSTCODE = re.compile(r"^\d{6}$")


@dataclass(frozen=True, slots=True)
class Part:
    """One name in a location phrase, with what its marker says it is.

    Attributes
    ----------
    role
        ``sez``, ``zone``, ``settlement``, ``okrug`` (a rural okrug, finer than a district),
        ``district``, ``region``, ``country`` or ``bare`` (no marker: the gazetteer decides).
    text
        The words as written, marker included ("Илийский район").
    name
        The name's own words as written ("Илийский"); empty for a zone named only by its town.
    forms
        name keys the words may stand for (as written first, then dictionary forms), for exact
        lookups in that order.
    of_place
        The marker came with "of" ("the industrial zone of Kostanay"): the name says where the
        zone is, it is not the zone's own name.
    marker
        The marker word as written ("ауылы", "г."); empty for a bare name.
    """

    role: Role
    text: str
    name: str
    forms: tuple[str, ...]
    of_place: bool = False
    marker: str = ""


@dataclass(frozen=True, slots=True)
class Phrase:
    """A location phrase read into parts.

    Attributes
    ----------
    text
        The phrase as written.
    parts
        The names found, in the order written.
    finer
        Street addresses, microdistricts and natural features: understood, finer than kzgeo's
        places (or not in its gazetteer), not used for the point.
    unused
        Words kzgeo did not understand.
    near
        True when the phrase says "near"/"около"/"маңында" (the point is then the named place).
    distance_km
        The distance in "15 km from X", if one is given.
    other
        Words that say what the project is ("plant", "завод", "комбинат"), not where.
    route
        The site is along a road ("трасса Атырау - Макат"): the towns named bound it only.
    """

    text: str
    parts: tuple[Part, ...]
    finer: tuple[str, ...] = ()
    unused: tuple[str, ...] = ()
    near: bool = False
    distance_km: float | None = None
    other: tuple[str, ...] = ()
    route: bool = False


@dataclass(slots=True)
class _Item:
    """One word (or fixed phrase) of a location and what it marks.

    Attributes
    ----------
    word
        The word or phrase as written.
    marker
        The kind of place it marks; None for a word of a name.
    side
        On which side of the marker the name stands.
    claimed
        True once an address, postcode or distance has taken the word.
    """

    word: str  # as written
    marker: MarkerRole | None = None
    side: Side = "either"
    claimed: bool = False


def canonical(word: str) -> tuple[str, ...]:
    """Return the folded forms of a word used to recognise markers (written, lemmas, stems).

    Parameters
    ----------
    word
        One word of a location, any case.

    Returns
    -------
    tuple of str
        The word folded as written, then its Russian lemmas (Russian-only letters, longer than
        two letters) and its Kazakh stems; no empty form, no repeats.

    Examples
    --------
    >>> canonical("района")[:2]
    ('raiona', 'raion')
    """
    low = word.lower().replace("ё", "е")
    forms = [fold_word(low)]
    if RUSSIAN_ONLY.search(low) and len(low) > 2:
        forms += [fold_word(f) for f in russian_forms(low)]
    forms += list(kazakh_stems(low))
    forms += list(latin_russian_forms(low))  # "goroda", "rayone": Russian in Latin letters
    return tuple(dict.fromkeys(f for f in forms if f))


@cache
def _marker_table() -> dict[str, tuple[MarkerRole, Side]]:
    table: dict[str, tuple[MarkerRole, Side]] = {}
    for role, sides in _MARKERS.items():
        for side, words in sides.items():
            for word in words.split():
                table.setdefault(fold_word(word), (role, side))
    return table


@cache
def _phrase_table() -> tuple[tuple[tuple[frozenset[str], ...], MarkerRole], ...]:
    """Return several-word markers as the forms each word is known by, longest first."""
    table = [(tuple(_primary(w) for w in text.split()), role) for text, role in _PHRASES]
    return tuple(sorted(table, key=lambda entry: -len(entry[0])))


def _primary(word: str) -> frozenset[str]:
    """Return the forms a marker word is compared under: as written, Russian lemma, Kazakh base.

    The word as written counts too: a Kazakh word of Russian letters ("индустриалды") is
    lemmatised by pymorphy as Russian, a form its Latin spelling ("ındýstrıaldy") never has.
    """
    low = word.lower()
    if RUSSIAN_ONLY.search(low) and not re.search(r"[әғқңөұүһі]", low):
        return frozenset((fold_word(low), fold_word(russian_forms(low)[0])))
    bases = kazakh_bases(low)
    return frozenset((fold_word(low), bases[-1] if bases else fold_word(low)))


@lru_cache(maxsize=100_000)
def word_variants(word: str) -> tuple[str, ...]:
    """Return every folded form a word may stand for, Kazakh bases too (аймағында -> aimak).

    Parameters
    ----------
    word
        A word, as :func:`canonical` takes it.

    Returns
    -------
    tuple of str
        The forms of :func:`canonical`, then the bare nouns of
        :func:`~kzgeo.geocoding.morphology.kazakh_bases`; no repeats.

    Examples
    --------
    >>> word_variants("аймағында")[-1]
    'aimak'
    """
    forms = list(canonical(word))
    forms += list(kazakh_bases(word.lower()))
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=100_000)
def marker_of(word: str) -> tuple[MarkerRole, Side] | None:
    """Return what a single word marks, or ``None`` for a name word.

    Parameters
    ----------
    word
        One word as written; a trailing or leading dot (``г.``) is ignored.

    Returns
    -------
    tuple of (MarkerRole, Side) or None
        The kind of place the word marks (``"district"`` for района) and on which side of
        it the name stands (``"before"``, ``"after"`` or ``"either"``); None when the word
        is no marker. A word of one or two letters is a marker only as written.

    Examples
    --------
    >>> marker_of("Глубоковского"), marker_of("района"), marker_of("облысының")
    (None, ('district', 'either'), ('region', 'either'))
    >>> marker_of("г."), marker_of("қаласында")
    (('settlement', 'after'), ('settlement', 'either'))
    """
    table = _marker_table()
    low = word.lower().strip(".")
    written = fold_word(low)
    if written in table:
        return table[written]
    if len(low) <= 2:  # "с", "п": only as written, never as another word's stem
        return None
    for form in word_variants(low)[1:]:
        if form in table:
            return table[form]
    return None


_COMPASS_WORDS: Final = (
    "east west north south eastern western northern southern шығыс батыс солтүстік "
    "оңтүстік shygys batys soltustik ontustik восточный западный северный южный"
)
_COMPASS: Final = frozenset(fold_word(w) for w in _COMPASS_WORDS.split())


def _compass(item: _Item) -> bool:
    return item.marker is None and bool(set(canonical(item.word)) & _COMPASS)


def _items(segment: str) -> list[_Item]:
    words = _WORD.findall(segment)
    variants = [set(word_variants(w)) for w in words]
    items: list[_Item] = []
    i = 0
    while i < len(words):
        role = _phrase_at(variants, i)
        if role is not None:
            size = role[1]
            items.append(_Item(" ".join(words[i : i + size]), role[0], "either"))
            i += size
            continue
        found = marker_of(words[i])
        if found is not None and found[0] == "country" and items and _compass(items[-1]):
            found = None  # "East Kazakhstan", "Шығыс Қазақстан": a region's name
        if found is None:
            items.append(_Item(words[i]))
        else:
            items.append(_Item(words[i], found[0], found[1]))
        i += 1
    return _deposit_markers(items)


# what a deposit holds, said beside its marker ("the Syrymbet tin deposit", "месторождение
# окисленных медных руд Коксай", "Kalamkas oil field"): part of the marker, not of the name
_COMMODITY_WORDS: Final = (
    "oil gas condensate tin copper gold silver iron ore ores chrome chromite coal uranium "
    "polymetallic zinc lead tungsten molybdenum phosphorite manganese bauxite nickel cobalt "
    "нефть нефтяной газ газовый газоконденсатный нефтегазовый нефтегазоконденсатный "
    "нефтегазоконденсатное медь медный золото золоторудный руда рудный окисленный окислить "
    "вольфрам железный "
    "железорудный хромовый хромитовый уголь угольный урановый полиметаллический вольфрамовый "
    "молибденовый фосфоритовый марганцевый бокситовый никелевый оловянный мұнай мұнай-газ "
    "мыс алтын көмір уран темір хром қалайы"
)
_COMMODITIES: Final = frozenset(fold_word(w) for w in _COMMODITY_WORDS.split())
_AND: Final = frozenset(("and", "и", "және"))


def _commodity(item: _Item) -> bool:
    return item.marker in (None, "filler") and bool(set(word_variants(item.word)) & _COMMODITIES)


def _deposit_markers(items: list[_Item]) -> list[_Item]:
    """Join a deposit marker and the commodity words beside it; free its name from "feature".

    "Өзен кен орнында": Өзен is a river word, but beside a deposit marker it is the
    deposit's name (the Uzen field), so it is read as a name.
    """
    out = list(items)
    i = 0
    while i < len(out):
        if out[i].marker != "deposit":
            i += 1
            continue
        start, stop = i, i + 1
        while start and (_commodity(out[start - 1]) or _joins(out, start - 1)):
            start -= 1
        while stop < len(out) and (_commodity(out[stop]) or _joins(out, stop)):
            stop += 1
        words = " ".join(it.word for it in out[start:stop])
        out[start:stop] = [_Item(words, "deposit", out[i].side)]
        i = start
        for j in (i - 1, i + 1):
            if 0 <= j < len(out) and out[j].marker == "feature":
                out[j] = _Item(out[j].word)
        i += 1
    return out


def _joins(items: list[_Item], j: int) -> bool:
    """Tell whether word ``j`` is an "and" between two commodity words ("oil and gas")."""
    inner = 0 < j < len(items) - 1
    return inner and items[j].word.lower() in _AND and _commodity(items[j - 1])


def _phrase_at(variants: list[set[str]], i: int) -> tuple[MarkerRole, int] | None:
    by_first = _phrases_by_first()
    for first in variants[i] & by_first.keys():
        for forms, role in by_first[first]:
            size = len(forms)
            if i + size <= len(variants) and all(f & variants[i + k] for k, f in enumerate(forms)):
                return role, size
    return None


@cache
def _phrases_by_first() -> dict[str, list[tuple[tuple[frozenset[str], ...], MarkerRole]]]:
    table: dict[str, list[tuple[tuple[frozenset[str], ...], MarkerRole]]] = {}
    for forms, role in _phrase_table():
        for first in forms[0]:
            table.setdefault(first, []).append((forms, role))
    return table


@dataclass(slots=True)
class _Span:
    """A run of name words, and the marker that says what they name.

    Attributes
    ----------
    start, stop
        Index of the first word and one past the last (a marker alone has ``start == stop``).
    role
        What the run names; ``"bare"`` until a marker is attached.
    marker
        The marker word as written, ``""`` when none.
    marker_first
        True when the marker stands before the name ("г. Актобе").
    of
        True for "zone of X": the name is where the thing is, not its own name.
    """

    start: int
    stop: int  # exclusive
    role: Role | MarkerRole = "bare"
    marker: str = ""
    marker_first: bool = False
    of: bool = False  # "zone of X": the name is where the thing is, not its own name


def _spans(items: list[_Item]) -> list[_Span]:
    """Return the runs of name words between markers and fillers."""
    spans: list[_Span] = []
    start = None
    for i, item in enumerate([*items, _Item("", "filler")]):
        if item.marker is None and start is None:
            start = i
        elif item.marker is not None and start is not None:
            spans.append(_Span(start, i))
            start = None
    return spans


_NAMED: Final = (
    "sez", "zone", "deposit", "settlement", "okrug", "district", "region", "country", "feature"
)  # fmt: skip


def _attach(items: list[_Item], spans: list[_Span], unused: list[str]) -> list[_Span]:
    """Give each marker the name on its side; markers of an unnamed zone stand alone."""
    by_end = {s.stop: s for s in spans}
    by_start = {s.start: s for s in spans}
    out = list(spans)
    for i, item in enumerate(items):
        if item.marker not in _NAMED or item.claimed:
            continue
        if item.marker == "country":  # never a name of its own: "Almaty, Kazakhstan"
            out.append(_Span(i, i, "country", item.word))
            continue
        before = by_end.get(i)
        if before is not None and before.role != "bare" and _takes_last(items, before, i):
            # "пос. Зеленоборское Илийского района": "Илийского" is the district's
            split = _Span(before.stop - 1, before.stop)
            before.stop -= 1
            by_end[before.stop], by_end[split.stop] = before, split
            out.append(split)
            before = split
        elif before is not None and _zone_of_unit(before, item):
            out.append(_Span(before.start, before.start, before.role, before.marker))
            before.role, before.marker, before.marker_first, before.of = "bare", "", False, False
        after = _after(items, i, by_start)
        order = {"after": [after, before], "before": [before], "either": [before, after]}
        target = next((s for s in order[item.side] if s is not None and s.role == "bare"), None)
        if target is None:
            if item.marker in ("zone", "sez", "deposit"):  # "индустриальная зона города Актобе"
                out.append(_Span(i, i, item.marker, item.word))
            elif item.marker != "feature":
                unused.append(item.word)
            continue
        target.role = item.marker
        target.marker = item.word
        target.marker_first = target is after
        target.of = target is after and items[i + 1].marker == "filler"
    return out


def _zone_of_unit(span: _Span, item: _Item) -> bool:
    """Tell whether a district or region marker takes the name a zone marker before it took.

    "индустриальная зона Казалинского района", "the industrial zone of Kazaly district": the
    name is the district's, and the zone is the district's zone, with no name of its own.
    """
    return (
        span.role in ("zone", "sez")
        and span.marker_first
        and item.marker in ("district", "region")
        and item.side == "either"
    )


def _takes_last(items: list[_Item], span: _Span, i: int) -> bool:
    """Tell whether a Russian район/область takes the last word of a span another marker took.

    Russian chains genitives without commas ("пос. X Илийского района Алматинской области"):
    the adjective just before "района", in its case, is the district's name.
    """
    if span.stop - span.start < 2 or span.stop != i or items[i].side != "either":
        return False
    # a marker of several words ("сельского округа") agrees by its noun, the last word
    return _agrees(items[i - 1].word.lower(), items[i].word.split()[-1].lower())


@lru_cache(maxsize=10_000)
def _agrees(adjective: str, noun: str) -> bool:
    """Tell whether a Russian adjective can stand in the case of the noun after it.

    Examples
    --------
    >>> _agrees("илийского", "района"), _agrees("зеленоборское", "района")
    (True, False)
    """
    if not (RUSSIAN_ONLY.search(adjective) and RUSSIAN_ONLY.search(noun)):
        return False
    if re.search(r"[әғқңөұүһі]", adjective + noun):
        return False
    morph = analyser()
    cases = {p.tag.case for p in morph.parse(noun) if "NOUN" in p.tag}
    # a name pymorphy does not know is guessed as an adjective-like surname ("Глубоковского")
    return any(
        ("ADJF" in p.tag or "Surn" in p.tag) and p.tag.case in cases for p in morph.parse(adjective)
    )


def _after(items: list[_Item], i: int, by_start: dict[int, _Span]) -> _Span | None:
    """Return the span after marker ``i``, skipping "of" (city of X, village of X)."""
    j = i + 1
    while j < len(items) and items[j].marker == "filler" and items[j].word.lower() == "of":
        j += 1
    return by_start.get(j)


def name_forms(words: list[str]) -> tuple[str, ...]:
    """Return the keys a name of several words may stand for, as written first.

    Parameters
    ----------
    words
        The words of one name in their order, as written (["Отеген", "батыр"]).

    Returns
    -------
    tuple of str
        Keys made by joining one form of each word (see
        :func:`~kzgeo.geocoding.morphology.word_forms`), at most ``MAX_FORMS`` of them, the
        all-as-written key first.

    Examples
    --------
    >>> name_forms(["Глубоковского"])[:2]
    ('glubokovskogo', 'glubokovski')
    >>> name_forms(["Отеген", "батыр"])[0]
    'otegenbatir'
    """
    from kzgeo.geocoding.morphology import word_forms  # noqa: PLC0415 - cached per word

    per_word = [word_forms(w) for w in words]
    out: list[str] = []
    for combo in product(*per_word):
        out.append("".join(combo))
        if len(out) >= MAX_FORMS:
            break
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=200_000)
def parse_location(text: str, *, whole: tuple[str, ...] = ()) -> Phrase:
    """Read a free-text location into parts.

    Parameters
    ----------
    text
        A location as written in a register, in Russian, Kazakh (Cyrillic or Latin) or
        English, e.g. "г. Талдыкорган, Алматинская область".
    whole
        Names with a spaced dash that are one name, not two parts ("Khorgos – Eastern Gate",
        see :func:`dashed_names`); a phrase is otherwise split at " – ".

    Returns
    -------
    Phrase
        The parts (role, words, forms), the finer address parts and the words not understood.

    Examples
    --------
    >>> p = parse_location("с. Отеген батыр, Илийский район, Алматинская область")
    >>> [(part.role, part.name) for part in p.parts]
    [('settlement', 'Отеген батыр'), ('district', 'Илийский'), ('region', 'Алматинская')]
    >>> [(part.role, part.name) for part in parse_location("Іле ауданы, Өтеген батыр ауылы").parts]
    [('district', 'Іле'), ('settlement', 'Өтеген батыр')]
    >>> parse_location("Ili district of Almaty region, near Otegen Batyr").near
    True
    >>> gate = ("Khorgos – Eastern Gate",)
    >>> [part.name for part in parse_location("Khorgos - Eastern Gate SEZ", whole=gate).parts]
    ['Khorgos-Eastern-Gate']
    """
    clean = unicodedata.normalize("NFKC", text)
    for _ in range(3):  # «... «Хоргос»»: the inner name first, then the one around it
        clean, done = _QUOTED.subn(_one_name, clean)
        if not done:
            break
    clean = _NUMBERED_PARK.sub(_park_name, _keep_whole(_QUOTE.sub(" ", clean), whole))
    clean = _POSSESSIVE_S.sub("", clean)  # "Shymkent's"
    clean = _OKRUG_ABBREVIATION.sub(lambda m: _OKRUG_WORDS[m.group(1).lower()], clean)
    clean = _ONE_NAME_BRACKETS.sub(r" \1 ", clean)  # "(Кентау)" is part of its sentence
    read = [_segment(seg.strip()) for seg in _SEGMENT.split(clean) if seg.strip()]
    distances = [r.distance_km for r in read if r.distance_km is not None]
    return Phrase(
        text,
        tuple(p for r in read for p in r.parts),
        tuple(f for r in read for f in r.finer),
        tuple(u for r in read for u in r.unused),
        any(r.near for r in read),
        distances[-1] if distances else None,
        tuple(o for r in read for o in r.other),
        any(r.route for r in read),
    )


@lru_cache(maxsize=200_000)
def _segment(segment: str) -> Phrase:
    """Read one comma-separated segment (registers repeat segments: each is read once)."""
    items = _items(segment)
    finer: list[str] = []
    unused: list[str] = []
    got, distance = _segment_parts(items, finer, unused)
    return Phrase(
        segment,
        tuple(got),
        tuple(finer),
        tuple(unused),
        any(item.marker == "near" for item in items),
        distance,
        tuple(item.word for item in items if item.marker == "object"),
        any(item.marker == "route" for item in items),
    )


def _segment_parts(
    items: list[_Item], finer: list[str], unused: list[str]
) -> tuple[list[Part], float | None]:
    distance = _take_address(items, finer)
    spans = sorted(_attach(items, _spans(items), unused), key=lambda s: s.start)
    parts: list[Part] = []
    for span in spans:
        if span.role == "feature":
            joined = " ".join(it.word for it in items[span.start : span.stop])
            first = span.marker_first
            finer.append(f"{span.marker} {joined}" if first else f"{joined} {span.marker}")
            continue
        role = _as_role(span.role)
        if span.start == span.stop:
            parts.append(Part(role, span.marker, "", ()))
            continue
        words = [it.word for it in items[span.start : span.stop]]
        if all(w.isdigit() for w in words):
            unused += words
            continue
        name = " ".join(words)
        text = f"{span.marker} {name}" if span.marker_first else f"{name} {span.marker}"
        forms = name_forms(words)
        parts.append(Part(role, text.strip(), name, forms, of_place=span.of, marker=span.marker))
    return parts, distance


def _as_role(role: str) -> Role:
    """Narrow a span's role to a part's (only named markers and bare names make spans)."""
    if role not in ROLES:
        raise AssertionError(f"a span of {role!r} is not a part")
    return cast("Role", role)


def _take_address(items: list[_Item], finer: list[str]) -> float | None:
    """Claim street addresses, microdistricts, roads, postcodes and distances."""
    distance: float | None = None
    for i, item in enumerate(items):
        if item.claimed:
            continue
        if item.marker in ("street", "micro", "route"):
            stop = _address_end(items, i)
            # Kazakh puts the name first: "Нұрсәт шағын ауданы"
            first = item.marker == "micro" and stop == i + 1
            start = i - 1 if first and i and items[i - 1].marker is None else i
            finer.append(" ".join(it.word for it in items[start:stop]))
            for it in items[start:stop]:
                it.claimed = True
                it.marker = it.marker or "filler"
        elif _POSTCODE.match(item.word):
            finer.append(item.word)
            item.claimed, item.marker = True, "filler"
        elif _DISTANCE.match(item.word) and i + 1 < len(items) and items[i + 1].word.lower() in _KM:
            distance = float(item.word.replace(",", "."))
            for it in items[i : i + 2]:
                it.claimed, it.marker = True, "filler"
        elif _DISTANCE.match(item.word) and i + 1 < len(items) and _is_area(items[i + 1]):
            item.claimed, item.marker = True, "filler"  # "50 гектар": the unit says what it is
    return distance


_AREA_UNITS: Final = frozenset(fold_word(w) for w in _AREA_WORDS.split())


def _is_area(item: _Item) -> bool:
    """Tell whether a word is a unit of land area (any form: "гектар", "гектарға", "га")."""
    return item.marker == "object" and bool(set(word_variants(item.word)) & _AREA_UNITS)


def _address_end(items: list[_Item], i: int) -> int:
    """Return where a street address starting at ``i`` ends: at the next place marker."""
    j = i + 1
    while j < len(items) and items[j].marker in (None, "street", "filler", "micro"):
        j += 1
    return j
