"""The words a figure cell may hold, in English, Russian and Kazakh (Cyrillic and Latin).

Each vocabulary is declared once here; :mod:`kzgeo.register.numbers` reads cells with them.
Russian words are also looked up by their dictionary form (pymorphy3), so ``миллиардов``,
``миллиарда`` and ``миллиард`` need one entry.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal, TypeVar

from kzgeo._russian import analyser

_V = TypeVar("_V")

Qualifier = Literal["", "approx", "at-least", "more-than", "up-to", "almost"]
"""How a figure is qualified: ``about 60`` is ``approx``, ``over 500`` is ``more-than``."""

QUALIFIER_TEXT: dict[str, str] = {
    "approx": "about",
    "at-least": "at least",
    "more-than": "more than",
    "up-to": "up to",
    "almost": "almost",
}
"""How each qualifier is written back in English (map cards, reports)."""

LOWER_BOUNDS: tuple[Qualifier, ...] = ("at-least", "more-than")
"""Qualifiers that make a figure a lower bound (a sum of such parts is a lower bound)."""

Context = Literal["temporary", "permanent", "phase", "part"]
"""What a word near a number says about it: construction jobs, permanent jobs, a phase, a part
of the figure before it (``500 jobs, of which 300 ...``)."""

SCALES: dict[str, float] = {
    **dict.fromkeys(("трлн", "trln", "tn", "trillion", "trillions", "триллион"), 1e12),
    **dict.fromkeys(("млрд", "mlrd", "bn", "b", "bln", "billion", "billions", "milliard"), 1e9),
    **dict.fromkeys(("миллиард", "milliard", "miliard"), 1e9),
    **dict.fromkeys(("млн", "mln", "mn", "m", "million", "millions", "mio", "миллион"), 1e6),
    **dict.fromkeys(("тыс", "k", "th", "thousand", "thousands", "тысяча", "мың", "myń"), 1e3),
    **dict.fromkeys(("myn", "mıń"), 1e3),
}

SCALE_ALONE = frozenset(
    [
        "thousand",
        "million",
        "billion",
        "trillion",
        "тысяча",
        "тысячу",
        "миллион",
        "миллиард",
        "триллион",
        "мың",
        "myń",
        "milliard",
    ]
)
"""Scale words that count one of them when no number comes before: ``a thousand jobs``,
``миллиард тенге`` (1 bn). Plurals (``миллиарды``, ``thousands``, ``мыңдаған``) say no number
and stay refused."""

CURRENCIES: dict[str, str] = {
    **dict.fromkeys(("kzt", "тенге", "тенг", "₸", "tenge", "тг", "tg", "теңге", "teńge"), "KZT"),
    **dict.fromkeys(("usd", "$", "us$", "долл", "доллар", "dollar", "dollars"), "USD"),
    **dict.fromkeys(("eur", "€", "евро", "euro", "euros", "еуро"), "EUR"),
    **dict.fromkeys(("cny", "rmb", "юань", "yuan", "yuans", "renminbi", "юан"), "CNY"),
    **dict.fromkeys(("rub", "руб", "рубль", "₽", "rouble", "roubles", "ruble", "rubles"), "RUB"),
    **dict.fromkeys(("gbp", "£", "фунт", "pound", "pounds"), "GBP"),
    **dict.fromkeys(("try", "₺", "лира", "lira"), "TRY"),
    **dict.fromkeys(("uzs", "сум"), "UZS"),
    **dict.fromkeys(("jpy", "иена", "йена", "yen"), "JPY"),
    **dict.fromkeys(("chf", "франк", "franc", "francs"), "CHF"),
}
"""Currency markers; ``¥`` is left out on purpose: it is both the yuan and the yen."""

UNITS = frozenset(
    (
        "jobs",
        "job",
        "people",
        "persons",
        "employees",
        "workplaces",
        "workers",
        "рабочий",
        "место",
        "человек",
        "сотрудник",
        "работник",
        "чел",
        "специалист",
        "житель",
        "staff",
        "specialists",
        "workers",
        "residents",
        "жұмысшы",
        "жұмыскер",
        "азамат",
        "қызметкер",
        "маман",
        "тұрғын",
        "адам",
        "жұмыс",
        "орны",
        "орын",
        "орнын",
        "орындары",
        "орынға",
        "занятость",
        "рабочий",
        "jumys",
        "orny",
        "oryn",
        "adam",
        # "300 new positions", "a workforce of 300"; "vacancies" is left out: open posts are
        # not jobs created
        "position",
        "positions",
        "workforce",
        "personnel",
        "person",
        "engineers",
        "roles",
        "role",
        "posts",
        "headcount",
        "персонал",
        "штат",
    )
)
"""Unit words of counts; ``рабочий`` and ``место`` are the lemmas of ``рабочих мест``."""


def _phrases(groups: dict[_V, str]) -> dict[tuple[str, ...], _V]:
    """Return each phrase of ``groups`` (``;`` between phrases) as a tuple of words, to its key.

    A vocabulary is written one line a meaning rather than one a phrase; a phrase in two
    meanings is a mistake and raises.
    """
    out: dict[tuple[str, ...], _V] = {}
    for value, text in groups.items():
        for phrase in text.split(";"):
            words = tuple(phrase.split())
            if words in out:
                msg = f"{phrase!r} is both {out[words]!r} and {value!r}"
                raise ValueError(msg)
            out[words] = value
    return out


# Phrases come before single words: "more than" must not be read as "more" + "than".
PRE_QUALIFIERS: dict[tuple[str, ...], Qualifier] = _phrases(
    {
        "at-least": (
            "at least; не менее; не меньше; кем дегенде; не менее чем; no fewer than; "
            "not less than; no less than; кем емес; minimum; >=; ≥"
        ),
        "more-than": (
            "more than; in excess of; более чем; upwards of; over; exceed; exceeds; exceeding; "
            "более; свыше; >"
        ),
        "up-to": "up to; в пределах; within; не более; maximum; до",
        "approx": (
            "an estimated; approx; approximately; about; around; some; roughly; estimated; circa; "
            "ca; около; порядка; примерно; приблизительно; шамамен; ~; ≈"
        ),
        "almost": "almost; nearly; почти",
    }
)
POST_QUALIFIERS: dict[tuple[str, ...], Qualifier] = _phrases(
    {
        # "300-ден аса", "300-ден көп": more than 300
        "more-than": "астам; аса; көп; asa; артық; асатын; асады; асты; astam",
        "up-to": "дейін",
        # "100-дей адам" (some 100 people): the ending -дай / -дей / -тай / -тей
        "approx": "шақты; шамасында; шамасы; shamasynda; дай; дей; тай; тей",
        "almost": "жуық; тарта; tarta; jýyq",
        "at-least": "or more; and more; plus; +",
    }
)
"""Qualifiers written after the number: Kazakh ``500-ден астам`` (more than 500), ``1000+``."""

CONTEXT: dict[tuple[str, ...], Context] = _phrases(
    {
        "temporary": (
            "during construction; at the construction stage; construction; стройка; builders; "
            "temporary; seasonal; сезонный; маусымдық; строительство; временный; құрылыс; уақытша"
        ),
        "permanent": (
            "permanent; permanently; постоянный; тұрақты; эксплуатация; operation; operations; "
            "operational; tұraqty; turaqty; пайдалану"
        ),
        "phase": (
            "at first; at full capacity; first; initially; currently; now; then; later; "
            "eventually; phase; stage; стадия; первый; второй; этап; затем; потом; сейчас; "
            "дальнейший; бірінші; кезең; кейін; алғашқы; іске; после; завершение; запуск; "
            "launch; after; once"
        ),
        # a part of the figure before it: "500 jobs, of which 300 permanent", "в том числе",
        # "из них", "оның ішінде" (among them)
        "part": (
            "of which; of them; including; включая; в том число; из них; из который; "
            "оның ішінде; соның ішінде; onyń ishinde"
        ),
    }
)
"""Words that say which of several figures in a cell is which (see ``numbers.RANGE_RULE``)."""

SEPARATORS = frozenset(
    (*",;:()/-", "...", "and", "и", "а", "және", "jáne", "then", "затем", "потом", "but", "to")
)
"""Words and marks between the figures of one cell; ``-`` and ``to`` join the ends of a range."""
RANGE_JOINS = frozenset(("-", "to", "до"))

FILLER = frozenset(
    (
        "new",
        "a",
        "an",
        "the",
        "of",
        "us",
        "сша",
        "new",
        "новый",
        "жаңа",
        "jańa",
        "jana",
        "total",
        "in",
        "всего",
        "барлығы",
        "on",
        "в",
        "на",
        "период",
        "кезінде",
        "from",
        "от",
        "с",
        "at",
        "will",
        "be",
        "created",
        "with",
        "full",
        "capacity",
        # words of job announcements that say nothing about the number: "planned to create",
        # "will provide employment", "took part in building the facility", "additional"
        "planned",
        "expected",
        # what the money is: "worth", "стоимостью", "объем инвестиций составит", "құны"
        "worth",
        "valued",
        "cost",
        "costing",
        "amounting",
        "amount",
        "investment",
        "investments",
        "invested",
        "overall",
        "between",
        "direct",
        "local",
        "qualified",
        "high",
        "paying",
        "стоимость",
        "общий",
        "объём",
        "объем",
        "составить",
        "сумма",
        "инвестиция",
        "местный",
        "квалифицированный",
        "высокооплачиваемый",
        "құны",
        "сомасы",
        "инвестициясы",
        "ақш",
        "жергілікті",
        "create",
        # what the project does for jobs: "will provide / generate / open / add 300 jobs"
        "provide",
        "provides",
        "generate",
        "generates",
        "offer",
        "offers",
        "open",
        "add",
        "adding",
        "locals",
        "открыть",
        "появиться",
        "получить",
        "работа",
        "штатный",
        "занятый",
        # Kazakh: "еңбек" (labour), "мөлшер" (amount): "300 адам еңбек етеді"; "қаржы" (funds):
        # "85 млн теңге қаржы жұмсалмақ"
        "еңбек",
        "мөлшер",
        "қаржы",
        # "қызмет етеді" (serve: work), as "еңбек етеді"
        "қызмет",
        # "инвестиция" in the Latin alphabets, where "ц" is "s" and "я" is "ıa"/"ya"
        "ınvestısııa",
        "ınvestısıa",
        "investitsiya",
        "investisiya",
        "creating",
        "additional",
        "up",
        "планироваться",
        "обеспечить",
        "создать",
        "создание",
        "быть",
        "участвовать",
        "дополнительный",
        "основа",
        "қосымша",
        "qosymsha",
        "негіз",
        "толық",
        "жүргізу",
        "қосыл",
        "құрылу",
        "ашылу",
        # employing, in English and Russian: "will employ 300", "трудоустроят 300 человек"
        "employ",
        "employs",
        "employed",
        "employing",
        "employment",
        "hire",
        "hires",
        "hired",
        "hiring",
        "indirect",
        "time",
        "for",
        "трудоустроить",
        "трудоустроенный",
        "трудоустройство",
        "бос",
        # Kazakh nouns of announcements: "жобаның құны" (the project's cost), "көлемі"
        "көлем",
        "көлемі",
        "қамтамасыз",
        # the verb of "of which 300 are permanent", "из которых 300 являются постоянными"
        "are",
        "is",
        "являться",
        # verbs of investing and employing, in any tense: "было вложено", "инвестирует",
        # "привлечено", "составляет", "обошлись в", "потратили", "работают", "трудятся",
        # "могут трудоустроить"; "за 745 млн" (for), "в размере" (in the amount of)
        "вложить",
        "инвестировать",
        "привлечь",
        "составлять",
        "обойтись",
        "потратить",
        "работать",
        "трудиться",
        "мочь",
        "за",
        "размер",
        "который",
        "иностранный",
        "has",
        "been",
        "was",
        "invest",
        "inject",
        "reach",
        "generated",
        "provided",
        "volume",
        "work",
        "there",
        "where",
        "set",
        "potentially",
        "opportunities",
        "opportunity",
        "usa",
        "жалпы",
        "jalpy",
        # pronouns say whose figure it is: "Его стоимость – 406 млрд", "Мы создадим 300"
        "его",
        "ее",
        "их",
        "мы",
        "они",
        "она",
        "оно",
    )
)
"""Words that change nothing in a figure ("new jobs", "US dollars", "всего")."""

ENDINGS_ALONE = frozenset(
    ("ден", "дан", "тан", "тен", "нан", "нен", "ге", "ға", "ке", "қа", "ge", "ga", "ke", "qa", "ǵa")
)
"""Kazakh endings written apart from their number ("300 ден астам"): filler on their own, never
the stem of a word ("тендер" is no "тен" + "дер")."""
FILLER |= ENDINGS_ALONE


def _numbered(words: str, *, first: int, step: int = 1) -> dict[str, float]:
    return {w: float(first + step * i) for i, w in enumerate(words.split())}


WORD_NUMBERS: dict[str, float] = {
    **_numbered("zero one two three four five six seven eight nine", first=0),
    **_numbered(
        "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen", first=10
    ),
    **_numbered("twenty thirty forty fifty sixty seventy eighty ninety", first=20, step=10),
    **_numbered("один два три четыре пять шесть семь восемь девять десять", first=1),
    **_numbered(
        "одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать семнадцать "
        "восемнадцать девятнадцать",
        first=11,
    ),
    **_numbered(
        "двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто",
        first=20,
        step=10,
    ),
    **_numbered(
        "сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот",
        first=100,
        step=100,
    ),
    **_numbered("бір екі үш төрт бес алты жеті сегіз тоғыз он", first=1),
    **_numbered("жиырма отыз қырық елу алпыс жетпіс сексен тоқсан", first=20, step=10),
    **_numbered("bir eki úsh tórt bes alty jeti segiz toǵyz on", first=1),
    **_numbered("jıyrma otyz qyryq elý alpys jetpis seksen toqsan", first=20, step=10),
    "одна": 1.0,
    "две": 2.0,
    "полтора": 1.5,
    "полторы": 1.5,
    "half": 0.5,
    "dozen": 12.0,
}
SHIFTS = frozenset(("shift", "shifts", "смена", "ауысым", "auysym"))
"""Work shifts: a number written just before one counts shifts, not jobs ("60 jobs (for one
shift)", "в две смены", "екі ауысымда")."""
PROJECTS = frozenset(
    [
        "project",
        "projects",
        "проект",
        "жоба",
        "joba",
        "объект",
        "enterprises",
        "предприятие",
        "кәсіпорын",
        "завод",
        "зауыт",
        "plants",
        "factories",
    ]
)
"""Projects and plants: a number written just before one counts them, not money or jobs ("25
млрд теңгеге 1 жоба", "три проекта на 233,6 млрд тенге"); alone they say what the figure is
for ("завод за 82,5 млрд тенге")."""
COUNTED: dict[str, frozenset[str]] = {"shifts": SHIFTS, "projects": PROJECTS}
"""What a number just before these words counts instead of the figure."""

CHANGES = frozenset(
    [
        "увеличиться",
        "увеличить",
        "вырасти",
        "возрасти",
        "увеличение",
        "рост",
        "прирост",
        "increase",
        "increased",
        "increases",
        "grew",
        "grow",
        "growth",
        "rise",
        "rose",
        "өсті",
        "өседі",
        "артты",
        "артады",
        "ұлғайды",
        "ұлғаяды",
    ]
)
"""Words of a change ("увеличится на 2,3 трлн", "an increase of 250 bn", "... дейін өсті"): the
number is a difference, not an amount, and the cell is refused naming them."""

HUNDREDS = frozenset(("hundred", "hundreds", "жүз", "júz"))
HALVES: frozenset[tuple[str, ...]] = frozenset(
    (("and", "a", "half"), ("с", "половина"), ("с", "половиной"), ("жарым",))
)


# Kazakh case, possessive and participle endings (Cyrillic and Latin), longest first when used:
# теңгеге, теңгені, теңгеден, жұмысқа, кезеңде, орыны, қосылғаннан; -лық/-лік make "worth":
# "5 млрд теңгелік жоба" (a project of 5 bn tenge)
_ENDINGS = (
    "лық лік дық дік тық тік лар лер дар дер тар тер "
    "ға ге қа ке на не ны ні ды ді ты ті ның нің дың дің тың тің да де та те нда нде дан ден тан "
    "тен нан нен мен бен пен ы і ын ін сы сі ында інде сында сінде ған ген қан кен ғаннан геннен "
    "қаннан кеннен ge ga ka ke ny ni dy di ty ti da de ta te dan den tan ten nan nen men "
    "y i yn in sy si"
)
_KAZAKH_ENDINGS = tuple(sorted(_ENDINGS.split(), key=len, reverse=True))


@cache
def kazakh_stems(word: str) -> tuple[str, ...]:
    """Return ``word`` with one or two Kazakh endings taken off (``теңгеге`` -> ``теңге``).

    Parameters
    ----------
    word : str
        A lower-case word, in Cyrillic or Latin Kazakh.

    Returns
    -------
    tuple of str
        Every stem left by taking off one ending, each followed by the stems left by taking
        off a second and a third (a noun takes at most three: plural, possessive, case, as in
        ``жұмыс-тар-ы-на``); a stem keeps at least three letters. Empty if no ending fits.

    Examples
    --------
    >>> "теңге" in kazakh_stems("теңгеге")
    True
    >>> "жұмыс" in kazakh_stems("жұмыстарына")
    True
    """
    out: list[str] = []
    for stem in _strip_one(word):
        out.append(stem)
        for second in _strip_one(stem):
            out.append(second)
            out.extend(_strip_one(second))
    return tuple(out)


def _strip_one(word: str) -> list[str]:
    return [
        word[: -len(e)] for e in _KAZAKH_ENDINGS if word.endswith(e) and len(word) - len(e) >= 3
    ]


# Letters drawn alike in Latin and Cyrillic, as lower case (the cell is lowered first, so "Т",
# "Н", "М", "В", "К" count by their capitals). Typed on a keyboard switched mid-word, "tеńgе"
# (Cyrillic е) and "pабочих" (Latin p) look right and match nothing.
_CYRILLIC_TWINS = "аеорсухіјкмтнв"
_LATIN_TWINS = "aeopcyxijkmthb"
_TO_LATIN = str.maketrans(_CYRILLIC_TWINS, _LATIN_TWINS)
_TO_CYRILLIC = str.maketrans(_LATIN_TWINS, _CYRILLIC_TWINS)


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


@cache
def one_script(word: str) -> str:
    """Write a word that mixes Latin and Cyrillic letters in one script, if its look-alikes allow.

    Parameters
    ----------
    word : str
        A lower-case word, maybe typed partly on the other keyboard.

    Returns
    -------
    str
        ``word`` in Latin when every Cyrillic letter in it has a Latin twin (``tеńgе`` ->
        ``teńge``), else in Cyrillic when every Latin letter has a Cyrillic twin (``pабочих``
        -> ``рабочих``); ``word`` itself if it is in one script or its mix cannot be undone.

    Examples
    --------
    >>> one_script("tеńgе"), one_script("pабочих"), one_script("tenge")
    ('teńge', 'рабочих', 'tenge')
    """
    cyrillic = {ch for ch in word if _is_cyrillic(ch)}
    latin = {ch for ch in word if ch.isalpha() and not _is_cyrillic(ch)}
    if not cyrillic or not latin:
        return word
    if cyrillic <= set(_CYRILLIC_TWINS):
        return word.translate(_TO_LATIN)
    if latin <= set(_LATIN_TWINS):
        return word.translate(_TO_CYRILLIC)
    return word


# Russian nouns of people by their suffixes: демонимы (алматинец, сельчанин), agents (сварщик,
# работник, строитель, машинист, оператор, студент). Animals are animate too (корова, бройлер):
# they have none of these suffixes, and "-ер" is left out for them.
_PERSON_SUFFIXES = ("ец", "анин", "янин", "щик", "чик", "ник", "тель", "ист", "ент", "ант", "тор")
# people named by a word without such a suffix
_PERSON_LEMMAS = frozenset(
    ("инженер", "шахтер", "горняк", "механик", "врач", "повар", "менеджер", "электрик")
)
# the genitive plural of a demonym the dictionary does not hold: "айыртауцев", "жанааркинцев"
_DEMONYM_PLURAL = ("цев", "чан")


@cache
def is_person_noun(word: str) -> bool:
    """Tell whether a Russian word names people, so that it is the unit of a count.

    Parameters
    ----------
    word : str
        A lower-case word, as in the cell (``сварщиков``, not ``сварщик``).

    Returns
    -------
    bool
        True for an animate noun of the dictionary with a person suffix (``сварщиков``,
        ``алматинцев``, ``строителей``), or a word unknown to it with the genitive plural of a
        demonym (``айыртауцев``); False otherwise (``коров``, ``месяцев``, ``теңге``).

    Examples
    --------
    >>> is_person_noun("сварщиков"), is_person_noun("айыртауцев"), is_person_noun("коров")
    (True, True, False)
    """
    if not any("а" <= ch <= "я" for ch in word):
        return False
    morph = analyser()
    if not morph.word_is_known(word):
        return word.endswith(_DEMONYM_PLURAL) and len(word) > 5
    return any(
        {"NOUN", "anim"} <= p.tag.grammemes
        and not p.tag.grammemes & {"Surn", "Name", "Patr"}
        and (p.normal_form.endswith(_PERSON_SUFFIXES) or p.normal_form in _PERSON_LEMMAS)
        for p in morph.parse(word)
    )


@cache
def lemma(word: str) -> str:
    """Return the dictionary form of a Russian word (the word itself for other scripts).

    Parameters
    ----------
    word : str
        A lower-case word.

    Returns
    -------
    str
        The most likely normal form (by pymorphy3) if ``word`` has Russian letters, else
        ``word``.

    Examples
    --------
    >>> lemma("рабочих"), lemma("jobs")
    ('рабочий', 'jobs')
    """
    if not any("а" <= ch <= "я" for ch in word):
        return word
    best = analyser().parse(word)[0]
    # a pronoun is looked up as written: "его" is no "он" (Kazakh ten)
    if "NPRO" in best.tag:
        return word
    return str(best.normal_form)


_KAZAKH_VOWELS = "аәеиоөұүыіэюя"
_BACK_VOWELS = frozenset("аоұы")


@cache
def latin_readings(word: str) -> tuple[str, ...]:
    """Return other Cyrillic readings of a Kazakh word read from a Latin alphabet.

    Real Latin text blurs two letters. "ı" (2018) and "y" (older schemes) are both "и"/"ы" and
    "й": a Kazakh word has no two vowels in a row, so one after a vowel is "й" (``quraıtyn`` ->
    ``құрайтын``, ``isteytin`` -> ``істейтін``). And "ú" is "ү" in the 2018 alphabet but is
    typed for "ұ" (``júmys orny``, ``túraqty``): vowel harmony keeps "ү" out of a word with
    back vowels, so there it is "ұ".

    Parameters
    ----------
    word : str
        A lower-case Cyrillic word, as ``from_latin`` writes it.

    Returns
    -------
    tuple of str
        The readings that differ from ``word`` (empty when there are none).

    Examples
    --------
    >>> latin_readings("құраитын"), latin_readings("жүмыс")
    (('құрайтын',), ('жұмыс',))
    """
    glide = re.sub(f"(?<=[{_KAZAKH_VOWELS}])[иы]", "й", word)
    out = [glide]
    out.extend(
        w.replace("ү", "ұ")
        for w in (word, glide)
        if "ү" in w and set(w.replace("ү", "")) & _BACK_VOWELS
    )
    return tuple(dict.fromkeys(w for w in out if w != word))


# Kazakh verbs of announcements, as stems: "ашылады" (will be opened), "құрылады" (will be
# created), "салынады" (will be invested), "қамтылады" (will be employed), "етеді" (does),
# "бағаланған" (valued at), "жұмсалды" (was spent), "тартылды" (was attracted), "құрайды"
# (amounts to). A word is one of them when a verb ending taken off leaves the stem.
KAZAKH_VERB_STEMS = frozenset(
    [
        "ашыл",
        "аш",
        "құрыл",
        "құр",
        "құра",
        "салын",
        "сал",
        "қамтыл",
        "қамты",
        "ет",
        "бағала",
        "бағалан",
        "жұмсал",
        "тартыл",
        "тарт",
        "жоспарлан",
        "орналас",
        "істе",
        "жоспарла",
        "көздел",
        "көзде",
        "инвестицияла",
        "жасал",
        "жаса",
        # "болатын" (that is), "қарастырылады" (is envisaged), "жұмсаған" (spent)
        "бол",
        "қарастыр",
        "жұмса",
        # "инвестиция құйылды" (was poured in); "жұмыс істеп жатыр", "еңбек етіп жүр" (are
        # working: the auxiliaries of a continuing action)
        "құйыл",
        "құй",
        "жатыр",
        "жүр",
        # "ашып берді" (opened for), "пайдалануға берілді" (was put into operation)
        "бер",
        "беріл",
    ]
)
_VERB_ENDINGS = tuple(
    sorted(
        [
            "ады",
            "еді",
            "йды",
            "йді",
            "ды",
            "ді",
            "ты",
            "ті",
            "у",
            "ған",
            "ген",
            "қан",
            "кен",
            "атын",
            "етін",
            "йтын",
            "йтін",
            "мақ",
            "мек",
            "бақ",
            "бек",
            "пақ",
            "пек",
            "ып",
            "іп",
            # the converb after a vowel ("қамтып", "істеп") and the conditional ("қамтыса")
            "п",
            "са",
            "се",
            "а",
            "е",
            "й",
            "ған",
            "ген",
            "уда",
            "уде",
            "ылады",
        ],
        key=len,
        reverse=True,
    )
)


@cache
def is_kazakh_verb(word: str) -> bool:
    """Tell whether a word is a Kazakh verb of announcements (see :data:`KAZAKH_VERB_STEMS`).

    Parameters
    ----------
    word : str
        A lower-case Cyrillic word.

    Returns
    -------
    bool
        True if ``word`` is one of the stems, or one of them with a verb ending.

    Examples
    --------
    >>> is_kazakh_verb("ашылады"), is_kazakh_verb("құрылады"), is_kazakh_verb("теңге")
    (True, True, False)
    """
    if word in KAZAKH_VERB_STEMS:
        return True
    if any(word.endswith(e) and word[: -len(e)] in KAZAKH_VERB_STEMS for e in _VERB_ENDINGS):
        return True
    # the verbal noun in -у with noun endings: "қамтылуына" (to being employed)
    return any(s.endswith("у") and s[:-1] in KAZAKH_VERB_STEMS for s in kazakh_stems(word))
