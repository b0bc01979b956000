"""Reading figures as people write them."""

from __future__ import annotations

import pytest

from kzgeo.register.numbers import FigureError, parse_figure


@pytest.mark.parametrize(
    ("text", "value", "currency", "qualifier"),
    [
        ("58,5 млрд", 58.5e9, None, ""),
        ("58,5 млрд тенге", 58.5e9, "KZT", ""),
        ("58.5 bn KZT", 58.5e9, "KZT", ""),
        ("US$116 M", 116e6, "USD", ""),
        ("116 млн долл", 116e6, "USD", ""),
        ("58 500 000 000", 58.5e9, None, ""),
        ("58\u00a0500\u00a0000\u00a0000", 58.5e9, None, ""),
        ("58,500,000,000", 58.5e9, None, ""),
        ("58.500.000.000", 58.5e9, None, ""),
        ("1.234,5", 1234.5, None, ""),
        ("1,234.5", 1234.5, None, ""),
        ("at least 200", 200, None, "at-least"),
        ("не менее 150", 150, None, "at-least"),
        ("~60", 60, None, "approx"),
        ("около 60", 60, None, "approx"),
        ("≈ 675", 675, None, "approx"),
        ("1e9", 1e9, None, ""),
        ("2 трлн", 2e12, None, ""),
        (42, 42, None, ""),
    ],
)
def test_parse(text, value, currency, qualifier):
    fig = parse_figure(text, money=True)
    assert fig is not None
    assert fig.value == pytest.approx(value)
    assert fig.currency == currency
    assert fig.qualifier == qualifier


@pytest.mark.parametrize("text", ["", "  ", None, float("nan"), "-", "n/a"])
def test_empty(text):
    assert parse_figure(text, money=True) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("-5", "negative"),
        ("nan", "finite"),
        ("inf", "finite"),
        ("abc", "not a number"),
        ("5 EUR", "currency EUR"),
        ("5 руб", "currency RUB"),
        ("5 bn apples", "cannot read"),
        (True, "not a number"),
    ],
)
def test_refused(text, words):
    with pytest.raises(FigureError, match=words):
        parse_figure(text, money=True)


def test_currency_in_a_count_column_is_refused():
    with pytest.raises(FigureError, match="count"):
        parse_figure("$5", money=False)


def test_half_unit_follows_the_written_precision():
    assert parse_figure("173 bn", money=True).half_unit == 0.5e9
    assert parse_figure("58.5 bn", money=True).half_unit == pytest.approx(0.05e9)
    assert parse_figure("675", money=False).half_unit == 0.5
