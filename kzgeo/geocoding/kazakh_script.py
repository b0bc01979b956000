"""Kazakh written in the Arabic script or a Latin alphabet, rewritten in Cyrillic.

kzgeo's vocabularies (place markers, figure words) and its gazetteer's Kazakh names are in
Cyrillic. Kazakhs in China write the Arabic-based alphabet (төте жазу); Kazakhstan's reports
also appear in the Latin alphabets of 2018 (acute accents: á, ǵ, ń, ó, ú, ý, ı) and 2021
(ä, ğ, ñ, ö, ü, ū, ş, ç). Rewriting a word in Cyrillic lets one vocabulary serve all of them.

The letter tables follow the alphabets as published: the Arabic-based one as
https://en.wikipedia.org/wiki/Kazakh_alphabets#Arabic-based_alphabet gives it (the hamza
``ٴ`` before a word makes its vowels front: ا ә, و ө, ۇ ү, ى і), the Latin ones as the decrees of
2017/2018 and 2021 (https://en.wikipedia.org/wiki/Kazakh_alphabets#Latin_alphabet). A letter
not in a table is kept as written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

ARABIC: Final = re.compile(r"[\u0600-\u06ff]")
_ARABIC_LETTERS: Final = str.maketrans({
    "ا": "а", "ٵ": "ә", "ب": "б", "ۆ": "в", "گ": "г", "ع": "ғ", "د": "д", "ە": "е", "ه": "е",
    "ج": "ж", "ز": "з", "ي": "и", "ی": "и", "ك": "к", "ک": "к", "ق": "қ", "ل": "л", "م": "м",
    "ن": "н", "ڭ": "ң", "و": "о", "ٶ": "ө", "پ": "п", "ر": "р", "س": "с", "ت": "т", "ۋ": "у",
    "ۇ": "ұ", "ٷ": "ү", "ف": "ф", "ح": "х", "ھ": "һ", "چ": "ч", "ش": "ш", "ى": "ы", "ٸ": "і",
    "ٴ": "", "ء": "", "\u200c": "", "\u0640": "",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8",
    "٩": "9", "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7",
    "۸": "8", "۹": "9", "٫": ",", "٬": " ", "،": ",", "؛": ";",
})  # fmt: skip
_FRONT: Final = str.maketrans({"а": "ә", "о": "ө", "ұ": "ү", "ы": "і"})
# a front-vowel word carries the hamza, unless it holds ك or گ (front consonants) or ە; but ە
# is also the vowel of invariant suffixes (شامامەن "шамамен"), so it marks a word front only
# when no letter of a back vowel (ا و ۇ) stands in it
_FRONT_MARKS: Final = "ٴءكگ"
_BACK_LETTERS: Final = "اوۇ"
_Y_AFTER_VOWEL: Final = re.compile(r"(?<=[аәеоөұүыі])и")

# letters only the 2021 alphabet has; a word without them is read in the 2018 one
_ONLY_2021: Final = re.compile(r"[äğñöüūşç]")
_LATIN_2018: Final = {
    "sh": "ш", "ch": "ч", "á": "ә", "ǵ": "ғ", "ń": "ң", "ó": "ө", "ú": "ү",
    "ý": "у", "ı": "и", "i": "і", "y": "ы", "u": "ұ", "j": "ж", "q": "қ", "h": "х", "c": "ц",
    "w": "у", "x": "кс",
}  # fmt: skip
_LATIN_2021: Final = {
    "ä": "ә", "ğ": "ғ", "ñ": "ң", "ö": "ө", "ü": "ү", "ū": "ұ", "u": "у", "ı": "ы", "i": "і",
    "y": "й", "ş": "ш", "ç": "ч", "j": "ж", "q": "қ", "h": "х", "c": "ц", "w": "у", "x": "кс",
}  # fmt: skip
_LATIN_COMMON: Final = dict(zip("abdefgklmnoprstvz", "абдефгклмнопрствз", strict=True))


@lru_cache(maxsize=50_000)
def from_arabic(text: str) -> str:
    """Rewrite Kazakh in the Arabic-based alphabet in Cyrillic (other characters kept).

    Parameters
    ----------
    text
        Any text; only its Arabic-script letters are rewritten.

    Returns
    -------
    str
        ``text`` with Arabic-script Kazakh in Cyrillic; ``text`` itself when it has no
        Arabic letters.

    Examples
    --------
    >>> from_arabic("تەڭگە"), from_arabic("ٴۇش"), from_arabic("اۋدانى"), from_arabic("ىستەيدى")
    ('теңге', 'үш', 'ауданы', 'істейді')
    >>> from_arabic("شامامەن"), from_arabic("تەكەلى")
    ('шамамен', 'текелі')
    """
    if not ARABIC.search(text):
        return text
    # one letter ي writes и and й: after a vowel it is й ("Байқоңыр", "істейді")
    words = [
        (word, _Y_AFTER_VOWEL.sub("й", word.translate(_ARABIC_LETTERS)))
        for word in re.split(r"(\s+)", text)
    ]
    return "".join(
        cyrillic.translate(_FRONT) if _front(word) else cyrillic for word, cyrillic in words
    )


def _front(word: str) -> bool:
    if any(mark in word for mark in _FRONT_MARKS):
        return True
    return "ە" in word and not any(back in word for back in _BACK_LETTERS)


@lru_cache(maxsize=50_000)
def from_latin(word: str) -> str:
    """Rewrite one Kazakh word of a Latin alphabet (2018 or 2021) in Cyrillic, lower case.

    Parameters
    ----------
    word
        One word in Kazakh Latin; the 2021 table is used when it has a letter only that
        alphabet has (such as ``ū`` or ``ı``), else the 2018 one.

    Returns
    -------
    str
        The word in lower-case Cyrillic; letters neither table knows are kept.

    Examples
    --------
    >>> from_latin("teńge"), from_latin("shamamen"), from_latin("jumys"), from_latin("Jūmıs")
    ('теңге', 'шамамен', 'жұмыс', 'жұмыс')
    >>> from_latin("mıllıard"), from_latin("orny")
    ('миллиард', 'орны')
    """
    low = word.lower()
    table = _LATIN_2021 if _ONLY_2021.search(low) else _LATIN_2018
    out: list[str] = []
    i = 0
    while i < len(low):
        pair = low[i : i + 2]
        if len(pair) == 2 and pair in table:
            out.append(table[pair])
            i += 2
            continue
        ch = low[i]
        out.append(table.get(ch, _LATIN_COMMON.get(ch, ch)))
        i += 1
    return "".join(out)
