"""Reading figures as people write them (kzgeo.register.numbers): every form the issue lists."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzgeo.register.figure_words import is_person_noun, kazakh_stems, lemma, one_script
from kzgeo.register.numbers import FigureError, parse_figure, read_number

B, M, K = 1e9, 1e6, 1e3


def _read(text, *, money=True):
    fig = parse_figure(text, money=money)
    assert fig is not None
    return fig


@pytest.mark.parametrize(
    ("text", "value", "currency", "qualifier"),
    [
        ("58,5 млрд", 58.5 * B, None, ""),
        ("58,5 млрд тенге", 58.5 * B, "KZT", ""),
        ("58.5 bn KZT", 58.5 * B, "KZT", ""),
        ("US$116 M", 116 * M, "USD", ""),
        ("116 млн долл", 116 * M, "USD", ""),
        ("58 500 000 000", 58.5 * B, None, ""),
        ("58\u00a0500\u00a0000\u00a0000", 58.5 * B, None, ""),
        ("58,500,000,000", 58.5 * B, None, ""),
        ("58.500.000.000", 58.5 * B, None, ""),
        ("1.234,5", 1234.5, None, ""),
        ("1,234.5", 1234.5, None, ""),
        ("1e9", 1e9, None, ""),
        ("2 трлн", 2e12, None, ""),
        (42, 42, None, ""),
        # word and compound numbers
        ("eight billion tenge", 8 * B, "KZT", ""),
        ("one trillion", 1e12, None, ""),
        ("четыре с половиной миллиарда", 4.5 * B, None, ""),
        ("полтора миллиарда тенге", 1.5 * B, "KZT", ""),
        ("1 млрд 250 млн", 1.25 * B, None, ""),
        ("2 млрд 400 млн", 2.4 * B, None, ""),
        ("1 млрд. 720 млн. тенге", 1.72 * B, "KZT", ""),
        ("two hundred million dollars", 200 * M, "USD", ""),
        ("екі миллиард теңге", 2 * B, "KZT", ""),
        # currency markers
        ("₸ 8 bn", 8 * B, "KZT", ""),
        ("8 тг", 8, "KZT", ""),
        ("8 mlrd tg", 8 * B, "KZT", ""),
        ("37 mlrd teńge", 37 * B, "KZT", ""),
        ("300 млрд теңге", 300 * B, "KZT", ""),
        ("KZT35bn", 35 * B, "KZT", ""),
        ("$2.1 billion", 2.1 * B, "USD", ""),
        ("USD700 million", 700 * M, "USD", ""),
        ("150 млн долл.", 150 * M, "USD", ""),
        ("200 млн долларов США", 200 * M, "USD", ""),
        ("10 млрд АҚШ доллары", 10 * B, "USD", ""),
        ("стоимостью 10 bln tenge", 10 * B, "KZT", ""),
        ("объем инвестиций составит 10 млрд тенге", 10 * B, "KZT", ""),
        ("worth $20 million", 20 * M, "USD", ""),
        ("50 млн евро", 50 * M, "EUR", ""),
        ("15,4 миллиона евро", 15.4 * M, "EUR", ""),
        ("20 billion tg", 20 * B, "KZT", ""),
        ("шамамен 12 млрд теңге", 12 * B, "KZT", "approx"),
        ("300 млн доллар", 300 * M, "USD", ""),
        ("€ 50 M", 50 * M, "EUR", ""),
        ("EUR 12 M", 12 * M, "EUR", ""),
        ("100 млн юаней", 100 * M, "CNY", ""),
        ("CNY 100 M", 100 * M, "CNY", ""),
        ("500 млн руб.", 500 * M, "RUB", ""),
        ("10 bn RUB", 10 * B, "RUB", ""),
        # Kazakh endings on the currency
        ("5 млрд теңгеге", 5 * B, "KZT", ""),
        ("2,88 млрд. теңгені", 2.88 * B, "KZT", ""),
        # qualifiers before and after the number
        ("about 60", 60, None, "approx"),
        ("around 60", 60, None, "approx"),
        ("approximately 60", 60, None, "approx"),
        ("some 60", 60, None, "approx"),
        ("~60", 60, None, "approx"),
        ("≈ 675", 675, None, "approx"),
        ("около 60", 60, None, "approx"),
        ("порядка 60", 60, None, "approx"),
        ("шамамен 60", 60, None, "approx"),
        ("5,8 млрд теңге шамасында", 5.8 * B, "KZT", "approx"),
        ("over 60", 60, None, "more-than"),
        ("more than 60", 60, None, "more-than"),
        ("exceeds 60", 60, None, "more-than"),
        ("exceed 60", 60, None, "more-than"),
        ("более 60", 60, None, "more-than"),
        ("свыше 103 млрд тенге", 103 * B, "KZT", "more-than"),
        ("60-тан астам", 60, None, "more-than"),
        ("1 млрд теңгеден асатын", 1 * B, "KZT", "more-than"),
        ("at least 200", 200, None, "at-least"),
        ("не менее 150", 150, None, "at-least"),
        ("кем дегенде 150", 150, None, "at-least"),
        ("1000+", 1000, None, "at-least"),
        ("up to 1,200", 1200, None, "up-to"),
        ("до 500 миллионов долларов", 500 * M, "USD", "up-to"),
        ("в пределах $300 млн", 300 * M, "USD", "up-to"),
        ("almost 400", 400, None, "almost"),
        ("почти 400", 400, None, "almost"),
        ("400-ге жуық", 400, None, "almost"),
    ],
)
def test_value_currency_qualifier(text, value, currency, qualifier):
    fig = _read(text)
    assert fig.value == pytest.approx(value)
    assert fig.currency == currency
    assert fig.qualifier == qualifier
    assert fig.text == str(text)  # the text as written is kept


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("500 jobs", 500, ""),
        ("1,500 permanent jobs", 1500, ""),
        ("1,000 people", 1000, ""),
        ("300 employees", 300, ""),
        ("120 workplaces", 120, ""),
        ("over 1,500 jobs", 1500, "more-than"),
        ("more than 1,500 jobs", 1500, "more-than"),
        ("around 60 jobs", 60, "approx"),
        ("350 рабочих мест", 350, ""),
        ("70 адам", 70, ""),
        ("250 рабочих мест", 250, ""),
        ("более 180 постоянных рабочих мест", 180, "more-than"),
        ("50 человек", 50, ""),
        ("порядка 150 сотрудников", 150, "approx"),
        ("1,2 тыс. человек", 1200, ""),
        ("1,5 тыс.", 1500, ""),
        ("2 мың", 2000, ""),
        ("1,5 myń", 1500, ""),
        ("five thousand", 5000, ""),
        ("23 адам", 23, ""),
        ("200 жұмыс орны", 200, ""),
        ("1000-нан астам жаңа жұмыс орны", 1000, "more-than"),
        ("тұрақты негізде бес адам", 5, ""),
        ("более чем 500 рабочих мест", 500, "more-than"),
        ("no fewer than 500 local workers", 500, "at-least"),
        ("1000-ға дейін жұмыс орны", 1000, "up-to"),
        ("500 шақты адам", 500, "approx"),
        ("занятость 50 человек", 50, ""),
    ],
)
def test_counts_with_unit_words(text, value, qualifier):
    fig = _read(text, money=False)
    assert (fig.value, fig.qualifier, fig.currency) == (value, qualifier, None)


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("400 at first, then 1,500", 1500, 400, 1500),
        ("3,000 during construction and 400 permanent", 400, 400, 3000),
        ("currently 232 ... up to 1,200", 1200, 232, 1200),
        ("currently 232, up to 1,200 by 2030", 1200, 232, 1200),
        ("300 permanent and 1,000 temporary jobs", 300, 300, 1000),
        ("about 1500 people (construction); more than 300 people (operation)", 300, 300, 1500),
        ("около 1000 рабочих (стройка); 500 постоянных рабочих мест", 500, 500, 1000),
        ("на первом этапе 400, затем 1 500 рабочих мест", 1500, 400, 1500),
        ("Алғашқы кезеңде 45 адам, толық іске қосылғаннан кейін 355 жұмыс орны", 355, 45, 355),
        ("100-150", 150, 100, 150),
    ],
)
def test_several_figures_give_a_range_and_the_rule_picks_one(text, value, low, high):
    fig = _read(text, money=False)
    assert (fig.value, fig.minimum, fig.maximum) == (value, low, high)
    assert f"{value:,}" in fig.note


def test_the_range_takes_its_scale_and_currency_from_the_upper_end():
    fig = _read("100-150 млн долларов")
    assert (fig.value, fig.minimum, fig.maximum, fig.currency) == (150 * M, 100 * M, 150 * M, "USD")
    assert _read("от 100 до 150 млн тенге").minimum == 100 * M


def test_a_single_figure_has_no_range():
    fig = _read("500 jobs", money=False)
    assert math.isnan(fig.minimum)
    assert math.isnan(fig.maximum)
    assert fig.note == ""


@pytest.mark.parametrize(
    ("text", "kzt", "usd", "qualifier"),
    [
        ("78.2 billion tenge (US$163.7 million)", 78.2 * B, 163.7 * M, ""),
        ("58.5 billion tenge (US$116 million)", 58.5 * B, 116 * M, ""),
        ("500 billion tenge ($1 billion)", 500 * B, 1 * B, ""),
        ("свыше 103 млрд тенге ($203,7 млн)", 103 * B, 203.7 * M, "more-than"),
        ("8 млрд тенге (около 16 млн долларов США)", 8 * B, 16 * M, ""),
    ],
)
def test_a_pair_in_two_currencies_gives_both(text, kzt, usd, qualifier):
    fig = _read(text)
    assert (fig.value, fig.currency, fig.qualifier) == (pytest.approx(kzt), "KZT", qualifier)
    assert fig.other is not None
    assert (fig.other.value, fig.other.currency) == (pytest.approx(usd), "USD")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("-5", "negative"),
        ("nan", "finite"),
        ("inf", "finite"),
        ("abc", "not a number: cannot read 'abc'"),
        ("5 bn apples", "cannot read 'apples'"),
        ("about 300 vacancies", "cannot read 'vacancies'"),
        ("lots of money", "cannot read 'lots', 'money'"),
        (True, "not a number"),
        # numbers read wrongly before: dates, odd digit groups, doubled marks
        ("22.01.2026", "looks like a date"),
        ("1.5.2026", "looks like a date"),
        ("2026-01-22", "looks like a date"),
        ("22/01/2026", "looks like a date"),
        ("12,5,6", "thousands groups have three"),
        ("1,23,45", "thousands groups have three"),
        ("1..2", "two separators in a row"),
        ("1,2.3,4", "two decimal marks"),
        ("$7.7 billion tenge", "two currencies"),
        ("$5 M and 10 M EUR and 3 bn tenge", "mixes currencies"),
        ("млрд", "without a number"),
        ("about", "not followed by a number"),
        ("1 2", "side by side"),
    ],
)
def test_refused_with_the_reason(text, words):
    with pytest.raises(FigureError, match=words):
        parse_figure(text, money=True)


def test_exponent_and_scale_multiply():
    assert _read("1,5e3 M").value == pytest.approx(1.5 * B)


def test_currency_in_a_count_column_and_jobs_in_a_money_column_are_refused():
    with pytest.raises(FigureError, match="count"):
        parse_figure("$5", money=False)
    with pytest.raises(FigureError, match="this column is money"):
        parse_figure("500 jobs", money=True)


@pytest.mark.parametrize("text", ["12.500", "12,500"])
def test_a_lone_mark_before_three_digits_is_read_as_thousands_with_a_warning(text):
    fig = _read(text)
    assert fig.value == 12500
    assert any("could be 12.5 or 12,500" in w for w in fig.warnings)


def test_a_dot_before_a_scale_word_is_decimal_with_a_warning():
    fig = _read("2.125 bn")
    assert fig.value == pytest.approx(2.125 * B)
    assert fig.warnings


def test_counts_need_no_warning_for_thousands():
    assert _read("1,500 jobs", money=False).warnings == ()
    assert _read("1.500 рабочих мест", money=False).value == 1500


def test_unambiguous_forms_have_no_warning():
    for text in ("58,5 млрд", "1,234.5", "58 500 000 000", "12.5", "1,5 тыс."):
        assert _read(text).warnings == (), text


@pytest.mark.parametrize("text", ["", "  ", None, float("nan"), "-", "n/a"])
def test_empty(text):
    assert parse_figure(text, money=True) is None


def test_half_unit_follows_the_written_precision():
    assert _read("173 bn").half_unit == 0.5e9
    assert _read("58.5 bn").half_unit == pytest.approx(0.05e9)
    assert _read("675", money=False).half_unit == 0.5
    assert _read("1 млрд 250 млн").half_unit == pytest.approx(0.5e6)


def test_kazakh_endings_come_off():
    assert "теңге" in kazakh_stems("теңгені")
    assert "жұмыс" in kazakh_stems("жұмысқа")


# --- property tests: write a number the ways people do, read it back ------------------------

_GROUPINGS = [",", " ", "\u00a0", ".", "'"]


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@given(st.integers(min_value=0, max_value=10**13), st.sampled_from(_GROUPINGS))
def test_grouped_integers_round_trip(n, sep):
    assert _read(_grouped(n, sep)).value == n


_SCALE = {"bn": B, "млрд": B, "billion": B, "M": M, "млн": M, "million": M, "тыс": K, "трлн": 1e12}
_CURRENCY = {"тенге": "KZT", "KZT": "KZT", "₸": "KZT", "$": "USD", "USD": "USD"}
_CURRENCY |= {"долларов": "USD", "EUR": "EUR", "евро": "EUR", "юаней": "CNY", "рублей": "RUB"}


@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(sorted(_SCALE)),
    st.sampled_from(sorted(_CURRENCY)),
    st.sampled_from([",", "."]),
)
def test_decimal_scale_currency_round_trip(whole, hundredths, scale, currency, mark):
    decimals = f"{hundredths:02d}".rstrip("0")
    number = f"{whole}{mark}{decimals}" if decimals else str(whole)
    text = f"{currency}{number} {scale}" if currency == "$" else f"{number} {scale} {currency}"
    fig = _read(text)
    expected = (whole + hundredths / 100) * _SCALE[scale]
    assert fig.value == pytest.approx(expected)
    assert fig.currency == _CURRENCY[currency]
    assert fig.warnings == ()


_QUALIFIED = {
    "about {}": "approx",
    "около {}": "approx",
    "шамамен {}": "approx",
    "over {}": "more-than",
    "более {}": "more-than",
    "{}-ден астам": "more-than",
    "at least {}": "at-least",
    "не менее {}": "at-least",
    "up to {}": "up-to",
    "до {}": "up-to",
    "almost {}": "almost",
    "{}-ге жуық": "almost",
}


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(sorted(_QUALIFIED)))
def test_qualifier_round_trip(n, pattern):
    fig = _read(pattern.format(n), money=False)
    assert (fig.value, fig.qualifier) == (n, _QUALIFIED[pattern])


_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen _ _ twenty thirty forty fifty sixty seventy "
    "eighty ninety"
)
_ONES, _TEENS, _TENS = _WORDS.split()[:10], _WORDS.split()[10:20], _WORDS.split()[20:]


def _english(n: int) -> str:
    """Spell 0-999 in English words (an independent reference for the parser)."""
    if n >= 100:
        rest = n % 100
        return f"{_ONES[n // 100]} hundred" + (f" {_english(rest)}" if rest else "")
    if n >= 20:
        return _TENS[n // 10] + (f" {_ONES[n % 10]}" if n % 10 else "")
    return _TEENS[n - 10] if n >= 10 else _ONES[n]


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["", "million", "billion"]))
def test_english_word_numbers_round_trip(n, scale):
    text = f"{_english(n)} {scale}".strip()
    assert _read(text).value == n * {"": 1, "million": M, "billion": B}[scale]


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_are_refused_however_written(day):
    for text in (day.strftime("%d.%m.%Y"), f"{day.day}.{day.month}.{day.year}", day.isoformat()):
        with pytest.raises(FigureError, match="date"):
            parse_figure(text, money=True)


@given(st.text(alphabet="qxzjvw", min_size=4, max_size=8))
def test_unknown_words_are_named(word):
    with pytest.raises(FigureError, match=f"cannot read '{word}'"):
        parse_figure(f"5 bn {word}", money=True)


def test_read_number_rules():
    assert read_number("1 234 567")[0] == 1234567
    assert read_number("1'234'567")[0] == 1234567
    assert read_number("1234,567")[0] == pytest.approx(1234.567)  # no valid grouping: decimal
    with pytest.raises(FigureError, match="mixes spaces"):
        read_number("1 234.567.8")


_WORDS_AND_MARKS = (
    "bn",
    " млрд",
    " тенге",
    " about ",
    " jobs",
    " and ",
    " до ",
    "-ден астам",
    " с половиной",
    " million",
    "e+",
    " k",
    "1,5",
    "12.500",
    " to ",
    "e310",
)
_PIECES = st.sampled_from([*"0123456789 .,-()$€₸~+;:/'e", *_WORDS_AND_MARKS])


def _read_or_refuse(text, *, money):
    try:
        return parse_figure(text, money=money)
    except FigureError as exc:
        return str(exc)


@given(st.one_of(st.text(max_size=30), st.lists(_PIECES, max_size=12).map("".join)))
def test_any_text_is_read_or_refused_never_crashes(text):
    for money in (True, False):
        fig = _read_or_refuse(text, money=money)
        if isinstance(fig, str):
            assert fig  # a refusal always says why
        elif fig is not None:
            assert math.isfinite(fig.value)
            assert fig.value >= 0


# --- Kazakh in the Latin and Arabic alphabets, Kazakh verbs and -лық, employment words ---------
# forms invented after the patterns of the issue and the dev corpus (never held-out strings)


@pytest.mark.parametrize(
    ("text", "value", "currency", "qualifier"),
    [
        ("shamamen 12 mlrd teńge", 12 * B, "KZT", "approx"),  # 2018 Latin
        ("12 mıllıard teńgege", 12 * B, "KZT", ""),
        ("1,5 mlrd AQSh dollary", 1.5 * B, "USD", ""),
        ("5 mlrd teńgelik", 5 * B, "KZT", ""),
        ("3 mlrd teñge", 3 * B, "KZT", ""),  # 2021 Latin
        ("3 ميلليارد تەڭگە", 3 * B, "KZT", ""),  # Arabic script
        ("٢ ميلليارد تەڭگە", 2 * B, "KZT", ""),  # with Arabic-Indic digits
        ("5 млрд теңгелік жоба", 5 * B, "KZT", ""),
        ("жобаның құны 5 млрд теңге", 5 * B, "KZT", ""),
        ("инвестиция көлемі 5 млрд теңге", 5 * B, "KZT", ""),
        ("5 млрд теңге салынады", 5 * B, "KZT", ""),
        ("5 млрд теңгеге бағаланған", 5 * B, "KZT", ""),
        ("a 5 billion tenge project", 5 * B, "KZT", ""),
    ],
)
def test_kazakh_scripts_and_announcement_words_in_money(text, value, currency, qualifier):
    fig = _read(text)
    assert (fig.value, fig.currency, fig.qualifier) == (pytest.approx(value), currency, qualifier)
    assert fig.text == text


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("300 jumys orny ashylady", 300, ""),
        ("150-den astam adam", 150, "more-than"),
        ("300 adam jumyspen qamtylady", 300, ""),
        ("٣٠٠ ادام", 300, ""),
        ("300 жұмыс орны ашылады", 300, ""),
        ("300 тұрақты жұмыс орны құрылады", 300, ""),
        ("300 адамды жұмыспен қамтамасыз етеді", 300, ""),
        ("300 бос жұмыс орны", 300, ""),
        ("will employ 300 people", 300, ""),
        ("300 new positions", 300, ""),
        ("a workforce of 300", 300, ""),
        ("about 300 seasonal jobs", 300, "approx"),
        ("300 full-time jobs", 300, ""),
        ("трудоустроят 300 человек", 300, ""),
        ("300 человек будут трудоустроены", 300, ""),
        ("появится 300 штатных рабочих мест", 300, ""),
        ("1000-нан астам адам жұмысқа орналасады", 1000, "more-than"),
        ("300-ден аса жұмыс орны", 300, "more-than"),
        ("300-ден көп адам жұмыс істейді", 300, "more-than"),
        ("300 мамандар жұмыспен қамтылмақ", 300, ""),  # a plural and a future verb
        ("300 қызметкерлерге", 300, ""),
        ("will provide 300 jobs for locals", 300, ""),
        ("will generate 300 jobs", 300, ""),
    ],
)
def test_kazakh_scripts_and_employment_words_in_counts(text, value, qualifier):
    fig = _read(text, money=False)
    assert (fig.value, fig.qualifier) == (value, qualifier)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("300 jumys orny qyzyq", "qyzyq"),  # a Latin word that is no Kazakh figure word
        ("300 жұмыс орны керемет", "керемет"),  # a Kazakh word that is no verb kzgeo knows
        ("5 mlrd teńge blah", "blah"),
    ],
)
def test_unknown_words_in_kazakh_cells_are_still_named(text, word):
    with pytest.raises(FigureError, match=f"cannot read '{word}'"):
        parse_figure(text, money=text.startswith("5"))


# --- forms of real registers: mixed keyboards, long Kazakh endings, shifts, parts, trades -----
# general examples in ru / kk / en, each written for its rule


@pytest.mark.parametrize(
    ("text", "money", "value", "currency"),
    [
        ("5 млрд тенгe", True, 5 * B, "KZT"),  # Latin e closing a Cyrillic word
        ("20 bn tеngе", True, 20 * B, "KZT"),  # Cyrillic е in an English word
        ("37 mlrd tеńgе", True, 37 * B, "KZT"),  # Cyrillic е in 2018 Latin Kazakh
        ("5 MLRD ТENGE", True, 5 * B, "KZT"),  # a Cyrillic capital Т
        ("2.125 мlrd", True, 2.125 * B, None),  # the scale word still makes the dot decimal
        ("около 300 pабочих мест", False, 300, None),  # Latin p in Russian
        ("200 аdаm", False, 200, None),  # Cyrillic а in Latin Kazakh
        ("150 аdаm turаqty jumysqа", False, 150, None),
    ],
)
def test_words_typed_in_two_keyboard_layouts_are_read(text, money, value, currency):
    fig = _read(text, money=money)
    assert (fig.value, fig.currency) == (pytest.approx(value), currency)
    assert fig.text == text


def test_a_mixed_word_kzgeo_does_not_know_is_named_as_written():
    with pytest.raises(FigureError, match="cannot read 'tеnder'"):
        parse_figure("5 bn tеnder", money=True)
    assert one_script("жtenge") == "жtenge"  # no look-alike for ж or n, g: left as it is


@pytest.mark.parametrize(
    ("word", "stem"),
    [("жұмыстарына", "жұмыс"), ("мамандарының", "маман"), ("тұрғындарына", "тұрғын")],
)
def test_three_kazakh_endings_come_off(word, stem):
    assert stem in kazakh_stems(word)  # plural, possessive, case


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("құрылыс жұмыстарына 500 адам тартылады", 500, math.nan, math.nan),
        ("құрылыс жұмыстарына 700 адам, кейін 150 тұрақты жұмыс орны", 150, 150, 700),
    ],
)
def test_kazakh_words_with_three_endings_in_counts(text, value, low, high):
    fig = _read(text, money=False)
    assert fig.value == value
    assert (fig.minimum, fig.maximum) == pytest.approx((low, high), nan_ok=True)


@pytest.mark.parametrize(
    "text",
    [
        "120 jobs in two shifts",
        "120 new jobs (for one shift)",
        "3 shifts of 120 workers",
        "в две смены 120 человек",
        "120 рабочих мест в три смены",
        "екі ауысымда 120 адам",
    ],
)
def test_a_number_of_shifts_is_not_a_second_figure(text):
    fig = _read(text, money=False)
    assert (fig.value, fig.note) == (120, "")


def test_shifts_alone_or_per_shift_are_refused_with_the_words():
    with pytest.raises(FigureError, match="'2' counts shifts, not jobs"):
        parse_figure("2 shifts", money=False)
    with pytest.raises(FigureError, match="cannot read 'per'"):
        parse_figure("80 jobs per shift", money=False)  # 80 of how many? not guessed


@pytest.mark.parametrize(
    ("text", "value", "why"),
    [
        ("500 jobs, including 200 engineers", 500, "the whole"),
        ("1 000 рабочих мест, в том числе 200 инженеров", 1000, "the whole"),
        ("800 адам, оның ішінде 300 маман", 800, "the whole"),
        ("500 jobs, of which 300 are permanent", 300, "the permanent one"),
        ("500 рабочих мест, из них 300 постоянных", 300, "the permanent one"),
        ("600 рабочих мест, из которых 450 постоянных", 450, "the permanent one"),
        ("300 адам, оның ішінде 200 тұрақты", 200, "the permanent one"),
    ],
)
def test_a_part_of_a_figure_is_not_the_total_unless_it_is_the_permanent_one(text, value, why):
    fig = _read(text, money=False)
    assert fig.value == value
    assert why in fig.note
    assert (fig.minimum, fig.maximum) == (min(fig.minimum, value), max(fig.maximum, value))


def test_a_part_of_unknown_people_is_refused_with_the_word():
    with pytest.raises(FigureError, match="cannot read 'women'"):
        parse_figure("500 jobs, of which 300 women", money=False)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("40 сварщиков", 40),
        ("трудоустроены 150 сельчан", 150),
        ("500 алматинцев", 500),
        ("12 жанааркинцев", 12),  # a demonym no dictionary holds
        ("40 инженеров", 40),
        ("25 машинистов", 25),
    ],
)
def test_russian_nouns_of_people_are_the_unit_of_a_count(text, value):
    assert _read(text, money=False).value == value


@pytest.mark.parametrize("word", ["коров", "месяцев", "станков", "тонн"])
def test_animals_and_things_are_no_people(word):
    assert not is_person_noun(word)
    with pytest.raises(FigureError, match=f"cannot read '{word}'"):
        parse_figure(f"500 {word}", money=False)


def test_a_workforce_told_by_trade_is_the_sum_of_its_groups():
    fig = _read("40 сварщиков и 20 водителей", money=False)
    assert (fig.value, fig.qualifier) == (60, "")
    assert "sum 60" in fig.note
    assert math.isnan(fig.minimum)  # parts of a sum are no range of it
    assert _read("около 40 сварщиков, 20 водителей", money=False).qualifier == "approx"
    # the same trade twice, or a general unit, is no list of groups: the range rule applies
    assert _read("40 сварщиков, затем 60 сварщиков", money=False).value == 60
    assert _read("300 рабочих мест и 40 сварщиков", money=False).maximum == 300


def test_a_label_before_a_colon_is_read_but_a_time_is_refused():
    assert _read("jobs: 50", money=False).value == 50
    assert _read("Инвестиции: 5 млрд тенге").value == 5 * B
    for text in ("10:30", "1 : 2"):
        with pytest.raises(FigureError, match="time or a ratio"):
            parse_figure(text, money=True)


def test_words_not_understood_in_the_arabic_script_are_quoted_as_written():
    # the user searches their cell for the words named, so they are quoted in the cell's script
    with pytest.raises(FigureError) as caught:
        parse_figure("فابريكادا 1427 ادام", money=False)
    assert "'فابريكادا' (read 'ф" in str(caught.value)
    with pytest.raises(FigureError, match="cannot read 'фабрикада'"):
        parse_figure("фабрикада 1427 адам", money=False)


# --- forms of news reports (tests/fixtures/figure_phrases) -----------------------------------


def test_a_pronoun_is_no_kazakh_number_and_a_dash_after_a_noun_no_range():
    # "его" has the lemma "он", which is Kazakh for ten: "10 – 406 млрд" was read as a range
    assert lemma("его") == "его"
    fig = _read("Его стоимость – 406 млрд тенге")
    assert (fig.value, fig.currency) == (406 * B, "KZT")
    assert math.isnan(fig.minimum)
    assert _read("Мы создадим 300 рабочих мест", money=False).value == 300


@pytest.mark.parametrize(
    ("text", "money", "value", "qualifier", "low"),
    [
        ("от 10 до 15 млрд тенге", True, 15 * B, "", 10 * B),
        ("10 до 15 млрд тенге", True, 15 * B, "", 10 * B),
        ("from 200 to 300 jobs", False, 300, "", 200),
        ("около 10-15 млрд тенге", True, 15 * B, "approx", 10 * B),
        ("some 20-30 million tenge", True, 30 * M, "approx", 20 * M),
        ("up to 200-300 jobs", False, 300, "up-to", 200),
    ],
)
def test_a_range_has_no_up_to_and_keeps_the_qualifier_written_before_it(
    text, money, value, qualifier, low
):
    fig = _read(text, money=money)
    assert (fig.value, fig.qualifier, fig.minimum) == (value, qualifier, low)


def test_up_to_before_a_number_is_still_up_to():
    assert _read("до 220 млн долларов").qualifier == "up-to"
    assert _read("составит до 1 млрд. долларов США").value == 1 * B


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("25 млрд теңгеге 1 жоба", 25 * B),
        ("три проекта на 233,6 млрд тенге", 233.6 * B),
        ("180 projects worth 1.3 trillion tenge", 1.3e12),
        ("завод за 82,5 млрд тенге", 82.5 * B),
    ],
)
def test_a_number_of_projects_is_not_a_figure(text, value):
    fig = _read(text)
    assert fig.value == value
    assert math.isnan(fig.minimum)


def test_projects_alone_are_refused_with_the_count():
    with pytest.raises(FigureError, match="'2' counts projects"):
        parse_figure("2 проекта", money=True)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("увеличится на 2,3 трлн тенге", "увеличится"),
        ("an increase of 250 billion tenge", "increase"),
        ("2,2 трлн теңгеден 3,5 трлн теңгеге дейін өсті", "өсті"),
        ("вырос на 5 млрд тенге", "вырос"),
    ],
)
def test_a_change_is_refused_naming_its_word(text, word):
    with pytest.raises(FigureError, match=f"says a change \\('{word}'\\)"):
        parse_figure(text, money=True)


@pytest.mark.parametrize(
    ("text", "money", "word"),
    [
        ("миллиарды тенге", True, "миллиарды"),
        ("thousands of jobs", False, "thousands"),
        ("мыңдаған адам", False, "мыңдаған"),
        ("тысячи рабочих мест", False, "тысячи"),
    ],
)
def test_plural_scale_words_alone_are_refused(text, money, word):
    with pytest.raises(FigureError, match=f"'{word}' without a number"):
        parse_figure(text, money=money)


def test_construction_and_operation_in_kazakh_and_russian_give_the_permanent_figure():
    fig = _read("құрылыс кезеңінде 10 900 адам және пайдалану кезеңінде 1 650 адам", money=False)
    assert (fig.value, fig.minimum, fig.maximum) == (1650, 1650, 10900)
    fig = _read(
        "На стадии строительства будет создано до 2 000 рабочих мест, после запуска - не менее "
        "1 200",
        money=False,
    )
    assert (fig.value, fig.qualifier, fig.minimum, fig.maximum) == (1200, "at-least", 1200, 2000)


@pytest.mark.parametrize(
    ("text", "money", "value", "qualifier"),
    [
        # Kazakh endings on numbers and scales, post-qualifiers, verbs and units of news
        ("841 млрд-қа теңгеге жуық инвестиция", True, 841 * B, "almost"),
        ("100-дей адам", False, 100, "approx"),
        ("20-дай жұмыс орны", False, 20, "approx"),
        ("425 млрд теңгеден асты", True, 425 * B, "more-than"),
        ("303 мыңнан астам жұмыскер", False, 303 * K, "more-than"),
        ("20-ға жуық азамат", False, 20, "almost"),
        ("көлемі 577,5 млрд теңге болатын", True, 577.5 * B, ""),
        ("жалпы құны 50 млрд теңге болатын", True, 50 * B, ""),
        ("4 млрд теңге қарастырылады", True, 4 * B, ""),
        ("80 mln teńge jumsaǵan", True, 80 * M, ""),
        # verbs of investing and employing, in any tense, and words around them
        ("было вложено 131,5 млрд тенге ($244 млн)", True, 131.5 * B, ""),
        ("было инвестировано 1,2 трлн тенге", True, 1.2e12, ""),
        ("привлечено 5 млрд тенге", True, 5 * B, ""),
        ("составила 5 млрд тенге", True, 5 * B, ""),
        ("стоимость которого составляет 7 миллиардов тенге", True, 7 * B, ""),
        ("обошлись в 647,8 млрд тенге", True, 647.8 * B, ""),
        ("потратили 528,1 млрд тенге", True, 528.1 * B, ""),
        ("инвестирует 50 млрд тенге", True, 50 * B, ""),
        ("за 745 млн тенге", True, 745 * M, ""),
        ("в размере 4 миллиардов тенге", True, 4 * B, ""),
        ("280 млрд долларов иностранных инвестиций", True, 280 * B, ""),
        ("будут работать 30 человек", False, 30, ""),
        ("могут трудоустроить 42 человека", False, 42, ""),
        ("трудятся 4 тыс. казахстанцев", False, 4 * K, ""),
        ("Approximately 202 billion tenge has been invested", True, 202 * B, "approx"),
        ("2,000 people will be provided with jobs", False, 2000, ""),
        ("where 30 people work", False, 30, ""),
        ("approximately 2,500 job opportunities", False, 2500, "approx"),
        ("expected to reach $3.7 billion", True, 3.7 * B, ""),
        ("a minimum investment of $4 billion", True, 4 * B, "at-least"),
        ("potentially exceeding $2 billion", True, 2 * B, "more-than"),
        ("valued at 1 billion USA dollars", True, 1 * B, ""),
        # a scale word alone counts one of it
        ("миллиард тенге", True, 1 * B, ""),
        ("a thousand jobs", False, 1 * K, ""),
        ("nearly a thousand jobs", False, 1 * K, "almost"),
        ("мың адам", False, 1 * K, ""),
        ("5 млрд тенге (миллион долларов)", True, 5 * B, ""),
    ],
)
def test_forms_of_news_reports(text, money, value, qualifier):
    fig = _read(text, money=money)
    assert (fig.value, fig.qualifier) == (value, qualifier)
