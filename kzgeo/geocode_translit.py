"""Kazakh Cyrillic to the 2021 Kazakh Latin alphabet (for generating and reading variants)."""

from __future__ import annotations

_KAZAKH_LATIN = {
    "а": "a", "ә": "á", "б": "b", "в": "v", "г": "g", "ғ": "ǵ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "ı", "й": "ı", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ń", "о": "o", "ө": "ó", "п": "p", "р": "r", "с": "s", "т": "t", "у": "ý", "ұ": "u",
    "ү": "ú", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "ıý", "я": "ıa",
}  # fmt: skip


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
