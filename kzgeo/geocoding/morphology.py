"""Word forms of place names: Russian lemmas (pymorphy3) and Kazakh endings (kzgeo's rules).

Registers write names inflected: "Глубоковского района", "в Карагандинской области",
"Алматы облысының", "Talldyqorgan qalasynda". The gazetteer holds the dictionary forms
("Глубоковский район", "Карагандинская область", "Алматы облысы"). :func:`word_forms` returns
the forms a word may stand for, the word as written first, so a lookup can try each in turn and
stop at the first one the gazetteer knows: nothing is rewritten unless the result is a known
name.

- Russian: every normal form pymorphy3 proposes (a name unknown to its dictionary gets several
  guesses; all are kept, the gazetteer decides); adjectives also in the feminine and neuter
  nominative, since "область" is feminine ("Карагандинская") and "район" masculine. The
  analyser is loaded once, on first use (not at import: it is slow to load), and every word's
  forms are cached. A foreign name pymorphy3 does not know may also be the word without a
  Russian case ending ("в Бестамаке": Бестамак, see :func:`russian_case_bases`), since a guess
  for it may miss that reading.
- Kazakh (Cyrillic, the 2018 acute Latin and the 2021 Latin alphabets): no analyser is on PyPI,
  so case endings are removed by rule on the folded Latin spelling (see
  :func:`kazakh_stems`): locative -да/-де/-та/-те/-нда/-нде, genitive -ның/-нің/-дың/-дің/
  -тың/-тің, dative -ға/-ге/-қа/-ке/-на/-не, locative adjective -дағы/-дегі/-тағы/-тегі/
  -ндағы/-ндегі, ablative -дан/-ден/-тан/-тен/-нан/-нен and accusative -ны/-ні/-ды/-ді/-ты/-ті.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from kzgeo._russian import analyser
from kzgeo.geocoding.names import fold_word, latin

CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]")
RUSSIAN_ONLY = re.compile(r"[а-яё]")
KAZAKH_LETTERS = re.compile(r"[әғқңөұүһі]")
# Kazakh case endings in Latin letters before folding (names.latin: Cyrillic ы -> y, і -> i;
# the Latin alphabets' ı and accents are already plain), longest first.
KAZAKH_ENDINGS: Final = (
    "ndagy", "ndagi", "ndegi", "dagy", "dagi", "degi", "tagy", "tagi", "tegi",
    "nyn", "nin", "dyn", "din", "tyn", "tin",
    "nan", "nen", "dan", "den", "tan", "ten",
    "nda", "nde", "da", "de", "ta", "te",
    "ga", "ge", "ka", "ke", "qa", "na", "ne",
    "ny", "ni", "dy", "di", "ty", "ti",
)  # fmt: skip
MIN_STEM = 3
_ADJ_FORMS = ({"femn", "nomn"}, {"masc", "nomn"}, {"neut", "nomn"})


@lru_cache(maxsize=100_000)
def russian_forms(word: str) -> tuple[str, ...]:
    """Return the dictionary forms of a Russian word (lower case), most likely first.

    Parameters
    ----------
    word
        One Russian word in lower case, in any case form (карагандинской).

    Returns
    -------
    tuple of str
        Lemmas of pymorphy3's four likeliest parses, with the masculine, feminine and neuter
        nominative of an adjective; ``ё`` written ``е``, no repeats.

    Examples
    --------
    >>> russian_forms("глубоковского")[0]
    'глубоковский'
    >>> "карагандинская" in russian_forms("карагандинской")
    True
    """
    out: list[str] = []
    for parse in analyser().parse(word)[:4]:
        forms = [parse.normal_form]
        if "ADJF" in parse.tag:
            for grammemes in _ADJ_FORMS:
                inflected = parse.inflect(grammemes)
                if inflected is not None:
                    forms.append(inflected.word)
        for written in forms:
            form = written.replace("ё", "е")
            if form not in out:
                out.append(form)
    return tuple(out)


@lru_cache(maxsize=100_000)
def kazakh_stems(word: str) -> tuple[str, ...]:
    """Return ``word`` folded, without a Kazakh case ending, for each ending it may carry.

    The ending is cut before folding (folding merges the doubled letters of "Шымкентте"). A
    possessive ``-ы/-і`` before the ending is kept (облысының -> облысы), since the gazetteer's
    forms keep it too (Алматы облысы).

    Parameters
    ----------
    word
        One word in Kazakh Cyrillic or Latin, any case.

    Returns
    -------
    tuple of str
        One folded stem for each Kazakh case ending the word ends with (a stem shorter than
        ``MIN_STEM`` letters is not kept); empty when it carries none.

    Examples
    --------
    >>> kazakh_stems("облысының")
    ('oblisi',)
    >>> kazakh_stems("Шымкентте")
    ('shimkent',)
    >>> kazakh_stems("qalasynda"), kazakh_stems("Ақтөбедегі")
    (('kalasi', 'kalasin'), ('aktobe',))
    """
    written = latin(word.lower())
    out: list[str] = []
    for ending in KAZAKH_ENDINGS:
        if written.endswith(ending) and len(written) - len(ending) >= MIN_STEM:
            stem = fold_word(written[: -len(ending)])
            if stem not in out:
                out.append(stem)
    return tuple(out)


# Russian written in Latin letters, as people type it ("goroda", "Karagandinskoy oblasti"): each
# spelling and the Cyrillic letters it may stand for, longest first (y is ы or й, e is е or э)
_LATIN_RUSSIAN: Final = (
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"),
    ("sh", "ш"), ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("iy", "ий"),
    ("yy", "ый"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"),
    ("e", "э"), ("z", "з"), ("i", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"),
    ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("f", "ф"), ("h", "х"), ("c", "ц"), ("y", "ы"), ("y", "й"), ("w", "в"), ("x", "кс"),
    ("q", "к"),
)  # fmt: skip
_MAX_SPELLINGS = 64  # Cyrillic spellings kept for one Latin word (and for each of its prefixes)
_LATIN_BY_FIRST: Final = {
    first: [(w, c) for w, c in _LATIN_RUSSIAN if w[0] == first] for first, _ in _LATIN_RUSSIAN
}
_RU_VOWELS: Final = frozenset("аеёиоуыэюя")
_PLACE_ADJECTIVE = re.compile(r"[сц]к(?:ий|ой|ая|ое|ого|ому|ом|ую|ые|ых|ым|ей)$")


def _fits(prefix: str, letters: str) -> bool:
    """Tell whether Russian spelling allows ``letters`` after ``prefix``.

    й follows a vowel, ы a consonant, э begins a word or follows a vowel.
    """
    prev = prefix[-1:] if prefix else ""
    if letters[0] == "й":
        return prev in _RU_VOWELS and prev != ""
    if letters[0] == "ы":
        return prev != "" and prev not in _RU_VOWELS and prev not in "ьъ"
    if letters[0] == "э":
        return prev == "" or prev in _RU_VOWELS
    return True


def _cyrillic_spellings(word: str) -> list[str]:
    """Return the Cyrillic words a Latin one may transliterate, at most ``_MAX_SPELLINGS``."""
    at: list[list[str]] = [[] for _ in range(len(word) + 1)]
    at[0] = [""]
    for i in range(len(word)):
        if not at[i]:
            continue
        for written, letters in _LATIN_BY_FIRST.get(word[i], ()):
            if not word.startswith(written, i):
                continue
            out = at[i + len(written)]
            for prefix in at[i]:
                if len(out) < _MAX_SPELLINGS and _fits(prefix, letters):
                    out.append(prefix + letters)
    return at[len(word)]


@lru_cache(maxsize=100_000)
def latin_russian_forms(word: str, *, adjectives: bool = False) -> tuple[str, ...]:
    """Return the dictionary forms of a Russian word written in Latin letters, folded.

    Only spellings pymorphy3 knows as Russian words count (a guess would make any English
    word Russian); the gazetteer then decides whether a form is a name.

    Parameters
    ----------
    word
        One word in plain Latin letters (any case).
    adjectives
        Only spellings that are Russian adjectives ("Karagandinskoy"), for a name: a Latin
        name is often also some Russian noun ("Semey", семей), never a place adjective.

    Returns
    -------
    tuple of str
        Folded lemmas (and adjective nominatives) of the known Cyrillic spellings, no repeats;
        empty for a word that is not Latin-script Russian or shorter than four letters.

    Examples
    --------
    >>> latin_russian_forms("goroda"), latin_russian_forms("oblasti")
    (('gorod',), ('oblast',))
    >>> "karagandinskaia" in latin_russian_forms("Karagandinskoy")
    True
    """
    low = word.lower()
    if len(low) < 4 or not (low.isascii() and low.isalpha()):
        return ()
    morph = analyser()
    spellings = _cyrillic_spellings(low)
    if adjectives:  # a place adjective pymorphy does not know is still one ("Zhambylskoy")
        known = [w for w in spellings if _PLACE_ADJECTIVE.search(w)]
    else:
        known = [w for w in spellings if morph.word_is_known(w)]
    forms = [fold_word(f) for w in known for f in russian_forms(w)]
    return tuple(dict.fromkeys(f for f in forms if f))


# a possessive after a consonant or a vowel; before it, a final к/қ/п is voiced (аймақ ->
# аймағы), so the base is unvoiced again
_POSSESSIVE: Final = ("sy", "si", "y", "i")
_UNVOICE: Final = {"g": "k", "b": "p"}


@lru_cache(maxsize=100_000)
def kazakh_bases(word: str) -> tuple[str, ...]:
    """Return the bare nouns a Kazakh word may be: endings and possessive removed.

    Used to recognise common nouns (аймақ "zone", орталық "centre") in any form; names are
    matched with :func:`kazakh_stems`, which keeps the possessive.

    Parameters
    ----------
    word
        A word in Kazakh, as for :func:`kazakh_stems`.

    Returns
    -------
    tuple of str
        Folded candidate nouns: stems without a case ending first, then without the
        possessive too, the unvoiced form (аймағ -> aimak) last; empty when the word has neither
        a case ending nor a possessive.

    Examples
    --------
    >>> kazakh_bases("аймағында")[-1], kazakh_bases("орталығы")[-1], kazakh_bases("аймақта")
    ('aimak', 'ortalik', ('aimak',))
    """
    written = latin(word.lower())
    stems = [written] + [
        written[: -len(e)]
        for e in KAZAKH_ENDINGS
        if written.endswith(e) and len(written) - len(e) >= MIN_STEM
    ]
    if written.endswith(("yn", "in")):  # accusative -н after a possessive: аймағын
        stems.append(written[:-1])
    out: list[str] = [fold_word(s) for s in stems[1:]]
    for stem in stems:
        for ending in _POSSESSIVE:
            if stem.endswith(ending) and len(stem) - len(ending) >= MIN_STEM:
                base = stem[: -len(ending)]
                # a loanword keeps its voiced end (округі -> округ), a Kazakh word unvoices it
                unvoiced = base[:-1] + _UNVOICE.get(base[-1], base[-1])
                for folded in dict.fromkeys((fold_word(base), fold_word(unvoiced))):
                    if folded in out:
                        out.remove(folded)  # the unvoiced form stays last
                    out.append(folded)
    return tuple(out)


# case endings Russian puts on a foreign name it does not know: after a final consonant
# (Бестамак: Бестамака, Бестамаку, Бестамаком, в Бестамаке), or replacing a final й after a
# vowel (Караой: в Караое, Караоем, Караоя, Караою); a final ь is not in a name key
_CONSONANT_CASES: Final = ("ом", "ем", "е", "у", "а", "ю", "я")
_SOFT_CASES: Final = ("ем", "е", "ю", "я")


@lru_cache(maxsize=100_000)
def russian_case_bases(word: str) -> tuple[str, ...]:
    """Return the nominatives a Russian case form of a foreign name may have (as written).

    pymorphy3 guesses an unknown word from known endings, and for a Kazakh name often only as
    an indeclinable surname ("бестамаке"): these bases are the other readings, for the
    gazetteer to accept only when one is exactly a name it knows.

    Parameters
    ----------
    word
        One Russian word in lower case.

    Returns
    -------
    tuple of str
        The word without each case ending it may carry (with й where the ending replaced it
        after a vowel), bases shorter than ``MIN_STEM`` letters left out; empty for a word
        pymorphy3's dictionary knows (its lemmas are right) or one without Russian letters.

    Examples
    --------
    >>> russian_case_bases("бестамаке"), russian_case_bases("караое")
    (('бестамак',), ('караой',))
    >>> russian_case_bases("районе")
    ()
    """
    if not RUSSIAN_ONLY.search(word) or KAZAKH_LETTERS.search(word):
        return ()
    if analyser().word_is_known(word):
        return ()
    out: list[str] = []
    for ending in _CONSONANT_CASES:
        base = word[: -len(ending)]
        if not word.endswith(ending) or len(base) < MIN_STEM:
            continue
        if base[-1] not in _RU_VOWELS and base[-1] not in "ьъй":
            out.append(base)
        elif base[-1] in _RU_VOWELS and ending in _SOFT_CASES:
            out.append(base + "й")
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=200_000)
def word_forms(word: str) -> tuple[str, ...]:
    """Return the folded forms a word may stand for: as written, Russian lemmas, Kazakh stems.

    Parameters
    ----------
    word
        One word of a name, in any script kzgeo reads.

    Returns
    -------
    tuple of str
        The word folded as written first, then its Russian lemmas and case bases (see
        :func:`russian_case_bases`; for a word with Russian-only letters and no Kazakh ones),
        its Kazakh stems, and for Kazakh уы/ұы/үі the Russian
        spelling with у; no empty form, no repeats.

    Examples
    --------
    >>> word_forms("Карагандинской")[:2]
    ('karagandinskoi', 'karagandinski')
    >>> "ile" in word_forms("Іледе")
    True
    """
    written = fold_word(word)
    forms = [written]
    low = word.lower()
    if RUSSIAN_ONLY.search(low) and not KAZAKH_LETTERS.search(low):
        forms += [fold_word(f) for f in russian_forms(low)]
        forms += [fold_word(f) for f in russian_case_bases(low)]
    forms += list(kazakh_stems(word))
    forms += list(latin_russian_forms(word, adjectives=True))  # "Karagandinskoy": Карагандинская
    if _KAZAKH_UY.search(low):  # Қарауыл is Караул in Russian: the same name, last
        forms += [fold_word(_KAZAKH_UY.sub("у", f)) for f in (low, *_cyrillic_stems(low))]
    return tuple(dict.fromkeys(f for f in forms if f))


# Kazakh уы/ұы/үі before a consonant, which Russian spellings of Kazakh names write as у
_KAZAKH_UY = re.compile(r"[уұү][ыі](?=[бвгғджзйклмнңпрстфхцчшщ])")


def _cyrillic_stems(word: str) -> list[str]:
    """Return a Cyrillic word without the Kazakh case endings it may carry (as written)."""
    return [
        word[: -len(e)] for e in _CYRILLIC_ENDINGS if word.endswith(e) and len(word) > len(e) + 2
    ]


_CYRILLIC_ENDINGS: Final = ("ндағы", "ндегі", "дағы", "дегі", "тағы", "тегі", "ның", "нің", "дың",
                            "дің", "тың", "тің", "нда", "нде", "да", "де", "та", "те", "ға", "ге",
                            "қа", "ке", "на", "не")  # fmt: skip
