"""Comparable keys for place names written in any common spelling.

``name_key("Қонаев")``, ``name_key("Konayev")`` and ``name_key("Qonaev")`` are all
``"konaev"``.

The key is built in four steps, each aimed at a way the same name is written differently:

1. Cyrillic (Russian and Kazakh letters) is transliterated to Latin;
2. accents and Kazakh Latin letters are folded to ASCII (``ǵ`` -> ``g``, ``ı`` -> ``i``);
3. generic words are dropped when other words remain (``city``, ``г.``, ``район``, ``SEZ``, ...);
4. spelling variants are folded: ``zh``/``dzh``/``j`` -> ``j``, ``kh`` -> ``h``, ``q`` -> ``k``,
   ``gh`` -> ``g``, ``y`` -> ``i``, a leading ``ye`` -> ``e``, an ``i`` between a vowel and
   ``e`` is dropped (Konayev), doubled letters are single (doubled digits are kept: 550000 is
   not 50).

Renamed places (Alma-Ata, Kapchagay, Chimkent, Zhetygen) are not spelling variants: they are in
kzgeo's alias table (``data/curated/aliases.csv``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kzgeo.geocoding.kazakh_script import ARABIC, from_arabic

_CYRILLIC = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m",
    "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "є": "e", "ї": "i",
}  # fmt: skip
# The 2021 Kazakh Latin alphabet, letter for letter (ә -> á, ғ -> ǵ): a spelling people write,
# where _CYRILLIC above folds to the plain letters a name key compares.
_KAZAKH_LATIN = {
    "а": "a", "ә": "á", "б": "b", "в": "v", "г": "g", "ғ": "ǵ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "ı", "й": "ı", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ń", "о": "o", "ө": "ó", "п": "p", "р": "r", "с": "s", "т": "t", "у": "ý", "ұ": "u",
    "ү": "ú", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "ıý", "я": "ıa",
}  # fmt: skip
_LATIN_SPECIAL = {
    "ý": "u",
    "Ý": "u",
    "ı": "i",
    "ø": "o",
    "æ": "ae",
    "ß": "ss",
    "ł": "l",
    "đ": "d",
    "ŋ": "n",
    # the 2021 Kazakh Latin alphabet writes ш and ч with a cedilla
    "ş": "sh",
    "Ş": "sh",
    "ç": "ch",
    "Ç": "ch",
}
GENERIC_WORDS = frozenset(
    """
    city town village settlement urban rural district region oblast oblysy oblisi obl province
    audany audani audan rayon raion raiony kalasy qalasy qala gorod g s pos poselok aul auyl
    auyly selo kent okrug sez fez zone special economic free the of
    город г с село аул ауыл ауылы пос поселок посёлок район ауданы аудан область облысы обл
    қаласы қала сэз аэа особая специальная экономическая зона
    """.split()  # noqa: SIM905 - a word list reads best as text
)  # fmt: skip
_REGION_WORDS = frozenset(
    ["region", "oblast", "oblysy", "oblisi", "obl", "province", "область", "облысы", "обл"]
)
_CITY_WORDS = frozenset(["city", "kalasy", "qalasy", "gorod", "город", "қаласы", "қала"])
_TOKEN = re.compile(r"[^\w]+")
_VOWELS = "aeiou"


def latin(text: str) -> str:
    """Return ``text`` in plain Latin letters (Cyrillic, Arabic-script Kazakh transliterated).

    Parameters
    ----------
    text
        A name in lower-case Cyrillic, Latin or Arabic-script Kazakh, as :func:`tokens`
        gives it: the Cyrillic table is lower case only, so capital Cyrillic letters are kept
        as they are.

    Returns
    -------
    str
        The text in Latin letters without diacritics; spaces and punctuation kept.

    Examples
    --------
    >>> latin("қонаев"), latin("Şymkent")
    ('konaev', 'shymkent')
    """
    if ARABIC.search(text):
        text = from_arabic(text)
    text = "".join(_CYRILLIC.get(ch, ch) for ch in text)
    text = "".join(_LATIN_SPECIAL.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def to_kazakh_latin(text: str) -> str:
    """Write Kazakh Cyrillic in the 2021 Kazakh Latin alphabet.

    Parameters
    ----------
    text
        Text in Kazakh (or Russian) Cyrillic; other characters are kept.

    Returns
    -------
    str
        The text in the 2021 Latin alphabet, capital letters kept capital.

    Examples
    --------
    >>> to_kazakh_latin("Қонаев")
    'Qonaev'
    """
    out = []
    for ch in text:
        low = ch.lower()
        latin = _KAZAKH_LATIN.get(low, ch)
        out.append(latin.capitalize() if ch != low and latin else latin)
    return "".join(out)


def tokens(text: str) -> list[str]:
    """Return the lower-case words of ``text`` (Cyrillic kept), apostrophes dropped.

    Parameters
    ----------
    text
        Any text; it is split at every character that is not a letter, digit or ``_``.

    Returns
    -------
    list of str
        The words in order, ``ё`` written ``е``; empty when ``text`` has no word.

    Examples
    --------
    >>> tokens("Ақ'тау, г. Актау")
    ['ақтау', 'г', 'актау']
    """
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    text = re.sub(r"['’`ʼ‘]", "", text)
    return [t for t in _TOKEN.split(text) if t]


def _fold(word: str) -> str:
    word = word.replace("shch", "sh").replace("dzh", "j").replace("zh", "j")
    word = word.replace("kh", "h").replace("gh", "g").replace("q", "k").replace("w", "v")
    word = word.replace("y", "i")
    if word.startswith("ie"):
        word = word[1:]
    out: list[str] = []
    for i, ch in enumerate(word):
        prev = out[-1] if out else ""
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if ch == "i" and prev and prev in _VOWELS and nxt == "e":
            continue
        # doubled letters are a spelling (Шымкентте, Ақкөл); doubled digits are another number
        if ch == prev and not ch.isdigit():
            continue
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """Return one word as :func:`name_key` writes it (no generic words dropped).

    Parameters
    ----------
    word
        A word (or words, which are folded and joined) in any script kzgeo reads.

    Returns
    -------
    str
        Lower-case ASCII folded as in :func:`name_key`.

    Examples
    --------
    >>> fold_word("Облысы"), fold_word("oblysy"), fold_word("Şymkent")
    ('oblisi', 'oblisi', 'shimkent')
    """
    return "".join(_fold(latin(w)) for w in tokens(word))


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """Return the comparable key of a name.

    Parameters
    ----------
    text
        A place, district, region or SEZ name in Latin or Cyrillic script.

    Returns
    -------
    str
        Lower-case ASCII letters and digits; ``""`` when nothing is left.

    Examples
    --------
    >>> name_key("Қонаев"), name_key("Konayev"), name_key("Qonaev")
    ('konaev', 'konaev', 'konaev')
    >>> name_key("г. Талғар") == name_key("Talghar city")
    True
    >>> name_key("Сарыағаш") == name_key("Saryagash")
    True
    """
    words = tokens(text)
    kept = [w for w in words if w not in GENERIC_WORDS] or words
    return "".join(_fold(latin(w)) for w in kept)


def name_kind(text: str) -> str:
    """Return ``"region"`` or ``"city"`` when ``text`` says which it is, else ``""``.

    Parameters
    ----------
    text
        A name as written, such as ``"Almaty Region"`` or ``"Алматы қаласы"``.

    Returns
    -------
    str
        ``"region"`` when a word for region (oblast, облысы, ...) is in it, else ``"city"``
        when a word for city is, else ``""``.

    Examples
    --------
    >>> name_kind("Almaty Region"), name_kind("Алматы қаласы"), name_kind("Almaty")
    ('region', 'city', '')
    """
    words = set(tokens(text))
    if words & _REGION_WORDS:
        return "region"
    if words & _CITY_WORDS:
        return "city"
    return ""
