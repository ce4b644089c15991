"""Numbers and dates per language (pure: no database)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habitat_monitor.reports import formatting


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, 2, "1,234.5"),
        (41.50, 2, "41.5"),
        (12.0, 2, "12"),
        (0.125, 2, "0.13"),
        (2500000, 2, "2,500,000"),
        (-3.2, 2, "\u22123.2"),
        (-0.001, 2, "0"),
        (1234567.891, 0, "1,234,568"),
        (Decimal("400000.00"), 2, "400,000"),
    ],
)
def test_numbers_are_grouped_and_rounded_half_up(
    value: float, decimals: int, expected: str
) -> None:
    for language in ("en", "zh"):
        assert formatting.number(value, language, decimals=decimals) == expected


@pytest.mark.parametrize("missing", [None, math.nan, math.inf])
def test_missing_is_a_dash_never_zero(missing: float | None) -> None:
    assert formatting.number(missing, "en") == "\u2013"
    assert formatting.percent(missing, "zh") == "\u2013"


def test_percent_and_money() -> None:
    assert formatting.percent(85.714285714, "en") == "85.7%"
    assert formatting.percent(100.0, "zh") == "100%"
    assert formatting.money(Decimal("2500000"), "USD", "en") == "2,500,000 USD"


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "25 November 2026"), ("zh", "2026年11月25日")]
)
def test_dates_per_language(language: str, expected: str) -> None:
    assert formatting.date_text(dt.date(2026, 11, 25), language) == expected


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        formatting.number(1, "fr")


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_a_formatted_number_reads_back_as_the_value_rounded(value: float) -> None:
    """Dropping the grouping commas gives the value rounded to 2 decimals."""
    text = formatting.number(value, "en").replace(",", "").replace("\u2212", "-")
    assert abs(float(text) - value) <= 0.005 + abs(value) * 1e-15
