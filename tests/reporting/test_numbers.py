"""Numbers as people type them: missing is not zero, and no number is ever misread."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habitat_monitor.reporting.numbers import (
    MISSING,
    Missing,
    NumberError,
    format_number,
    is_missing,
    parse_boolean,
    parse_number,
)

MISSING_TEXTS = ["", "   ", "N/A", "NA", "n/a", "na", "-", "\u2013", "\u2014", "..", "…", " N/A "]


@pytest.mark.parametrize("text", MISSING_TEXTS)
def test_empty_and_not_applicable_are_missing_never_zero(text: str) -> None:
    assert parse_number(text) is MISSING
    assert parse_number(text, decimal_comma=True) is MISSING
    assert parse_boolean(text) is MISSING
    assert is_missing(text)
    assert isinstance(MISSING, Missing)


def test_zero_is_a_value_not_missing() -> None:
    assert parse_number("0") == 0.0
    assert parse_number("0") is not MISSING
    assert not is_missing("0")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12.0),
        ("  12.5  ", 12.5),
        ("+3", 3.0),
        ("-3.25", -3.25),
        ("\u22124", -4.0),  # typographic minus sign
        ("45%", 45.0),
        ("45 %", 45.0),
        ("1e6", 1_000_000.0),
        ("2.5E-3", 0.0025),
        ("-1.5e+2", -150.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("1,234", 1234.0),
        ("1,234.5", 1234.5),
        ("12,345,678.25", 12_345_678.25),
        ("1\u00a0234", 1234.0),  # non-breaking space
        ("1\u202f234\u202f567", 1_234_567.0),  # narrow non-breaking space
        ("1\u2009234.5", 1234.5),  # thin space
        ("1 234", 1234.0),
        ("\uff11\uff12\uff0e\uff15", 12.5),  # full-width digits and point
        ("0", 0.0),
        ("-0", 0.0),
    ],
)
def test_decimal_point_numbers(text: str, expected: float) -> None:
    value = parse_number(text)
    assert isinstance(value, float)
    assert value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,5", 12.5),
        ("1.234,5", 1234.5),
        ("1.234", 1234.0),
        ("1.234.567,89", 1_234_567.89),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("-0,25", -0.25),
        ("1,5e3", 1500.0),
        ("12,5 %", 12.5),
        ("7", 7.0),
    ],
)
def test_decimal_comma_numbers(text: str, expected: float) -> None:
    assert parse_number(text, decimal_comma=True) == expected


@pytest.mark.parametrize("text", ["1,5", "12,34", "1,2345", "0,123", "1,23,456", "1,234,5"])
def test_other_commas_are_ambiguous_with_decimal_point(text: str) -> None:
    with pytest.raises(NumberError, match="ambiguous: use a point for decimals") as caught:
        parse_number(text)
    assert f"“{text}”" in str(caught.value)
    assert caught.value.text == text


def test_ambiguous_message_is_the_documented_one() -> None:
    with pytest.raises(NumberError) as caught:
        parse_number("1,5")
    assert str(caught.value) == (
        "“1,5” is ambiguous: use a point for decimals (1.5), or choose decimal comma for the file"
    )


@pytest.mark.parametrize("text", ["1.5", "0.123", "12.34", "1.2345"])
def test_other_points_are_ambiguous_with_decimal_comma(text: str) -> None:
    with pytest.raises(NumberError, match="ambiguous: use a comma for decimals"):
        parse_number(text, decimal_comma=True)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("abc", "not a number"),
        ("12abc", "not a number"),
        ("0x10", "not a number"),
        ("1_000", "not a number"),
        ("\u0661\u0662", "not a number"),  # Arabic-Indic digits: not guessed
        ("%", "not a number"),
        ("e5", "not a number"),
        ("1e", "not a number"),
        ("(12)", "not a number"),
        ("--1", "more than one sign"),
        ("+-1", "more than one sign"),
        ("1.2.3", "more than one decimal point"),
        ("1 23", "spaces inside"),
        ("1,234 567", "mixes spaces"),
        ("inf", "not a finite number"),
        ("-Infinity", "not a finite number"),
        ("nan", "not a finite number"),
        ("1e400", "too large"),
    ],
)
def test_rejected_text_says_why(text: str, reason: str) -> None:
    with pytest.raises(NumberError, match=reason):
        parse_number(text)


def test_two_decimal_commas_are_rejected() -> None:
    with pytest.raises(NumberError, match="more than one decimal comma"):
        parse_number("1,2,3", decimal_comma=True)


def test_number_error_is_a_value_error() -> None:
    assert issubclass(NumberError, ValueError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True),
        ("YES", True),
        (" Yes ", True),
        ("y", True),
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("是", True),
        ("no", False),
        ("N", False),
        ("False", False),
        ("0", False),
        ("否", False),
    ],
)
def test_yes_no_answers(text: str, expected: bool) -> None:
    assert parse_boolean(text) is expected


@pytest.mark.parametrize("text", ["maybe", "2", "oui", "yes please"])
def test_other_answers_are_rejected(text: str) -> None:
    with pytest.raises(NumberError, match="not a yes/no answer"):
        parse_boolean(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12.0, "12"),
        (0.1, "0.1"),
        (-2.5, "-2.5"),
        (1e-7, "1e-07"),
        (1e16, "1e+16"),
        (123456789.0, "123456789"),
        (-0.0, "0"),
        (7, "7"),
        (10**20, "100000000000000000000"),
    ],
)
def test_format_number_is_short_and_exact(value: float, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_format_number_refuses_non_finite(value: float) -> None:
    with pytest.raises(ValueError, match="cannot be written"):
        format_number(value)


finite = st.floats(allow_nan=False, allow_infinity=False)


@given(finite)
def test_format_then_parse_gives_the_same_float(value: float) -> None:
    assert parse_number(format_number(value)) == value


@given(finite)
def test_decimal_comma_reads_the_same_number_with_a_comma(value: float) -> None:
    text = format_number(value).replace(".", ",")
    assert parse_number(text, decimal_comma=True) == value


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_grouped_thousands_read_exactly_in_both_modes(value: int) -> None:
    grouped = f"{value:,}"
    assert parse_number(grouped) == value
    assert parse_number(grouped.replace(",", "."), decimal_comma=True) == value
    assert parse_number(grouped.replace(",", "\u00a0"), decimal_comma=True) == value


@given(st.text(max_size=20), st.booleans())
def test_any_text_is_a_finite_number_missing_or_a_number_error(text: str, comma: bool) -> None:
    try:
        value = parse_number(text, decimal_comma=comma)
    except NumberError as error:
        assert str(error)
        return
    assert value is MISSING or (isinstance(value, float) and math.isfinite(value))


@given(
    st.text(alphabet="0123456789.,", min_size=1, max_size=12).filter(lambda t: "," in t),
)
def test_a_comma_is_never_read_as_a_decimal_point_by_default(text: str) -> None:
    """Whatever digits and commas are typed, a comma never silently becomes a decimal."""
    try:
        value = parse_number(text)
    except NumberError:
        return
    assert value == float(text.replace(",", ""))
