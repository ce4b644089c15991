"""The pure computations of indicator values from the registers (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from habitat_monitor.engagement.measures import (
    AgreementRow,
    EventRow,
    MeasureError,
    Period,
    Registers,
    ResultRow,
    compute,
)

YEAR = Period(date(2021, 1, 1), date(2021, 12, 31))
D = date


def _agreement(partner: str = "a", **fields: Any) -> AgreementRow:
    defaults: dict[str, Any] = {
        "partner_type": "private-sector",
        "kind": "contribution",
        "status": "active",
        "start": D(2021, 3, 1),
    }
    return AgreementRow(partner=partner, **(defaults | fields))


AGREEMENTS = Registers(
    agreements=[
        _agreement("a"),
        _agreement("a", start=D(2021, 6, 1)),  # same partner: counted once
        _agreement(
            "b", partner_type="foundations", status="closed", start=D(2020, 1, 1), end=D(2021, 1, 1)
        ),
        _agreement("c", status="pipeline"),  # never counts
        _agreement("d", start=D(2022, 1, 1)),  # starts after the period
        _agreement("e", start=D(2019, 1, 1), end=D(2020, 12, 31)),  # ended before
        _agreement("f", start=None),  # no start: not in force
        _agreement(
            "g", kind="co_investment", amount=Decimal("1000.50"), currency="USD", illustrative=True
        ),
        _agreement("h", kind="co_investment", amount=Decimal("200"), currency="EUR"),
        _agreement(
            "i", kind="co_investment", amount=Decimal("5"), currency="USD", start=D(2020, 5, 1)
        ),
    ]
)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 5.0),  # a, b, g, h, i
        ({"partner_type": "foundations"}, 1.0),
        ({"kind": "co_investment"}, 3.0),
        ({"partner_type": "development-banks"}, 0.0),
    ],
)
def test_active_partnerships(params: dict[str, Any], expected: float) -> None:
    """Distinct partners with an agreement in force at some time in the period."""
    assert compute("active_partnerships", AGREEMENTS, YEAR, params).value == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"currency": "USD"}, 1000.5),  # i started in 2020
        ({"currency": "EUR"}, 200.0),
        ({"currency": "KES"}, 0.0),
        ({"rates": {"EUR": 1.1}, "to": "USD"}, 1220.5),
    ],
)
def test_co_investment_agreed(params: dict[str, Any], expected: float) -> None:
    """Amounts of co-investment agreements started in the period, one currency or converted."""
    result = compute("co_investment_agreed", AGREEMENTS, YEAR, params)
    assert result.value == pytest.approx(expected)
    assert result.illustrative  # g is illustrative


def test_a_currency_without_a_rate_is_an_error_not_a_guess() -> None:
    """Converting needs a rate for every currency present: the error names the missing one."""
    with pytest.raises(MeasureError, match="EUR"):
        compute("co_investment_agreed", AGREEMENTS, YEAR, {"rates": {}, "to": "USD"})
    with pytest.raises(MeasureError):
        compute("co_investment_agreed", AGREEMENTS, YEAR, {})


RESULTS = Registers(
    results=[
        ResultRow("policy_change", D(2021, 2, 1), platform="wuf", flagship="sdg-cities"),
        ResultRow("policy_change", D(2021, 11, 30), flagship="rise-up"),
        ResultRow("policy_change", D(2022, 1, 1)),
        ResultRow("co_investment", D(2021, 5, 5), amount=Decimal("400"), currency="USD"),
        ResultRow("co_investment", D(2021, 6, 5), amount=Decimal("100"), currency="EUR"),
        ResultRow(
            "attitude_change", D(2021, 7, 1), survey_result=Decimal("60"), survey_respondents=300
        ),
        ResultRow(
            "attitude_change", D(2021, 8, 1), survey_result=Decimal("80"), survey_respondents=100
        ),
        ResultRow("awareness", D(2021, 10, 4), platform="wuf"),
    ]
)


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("outreach_results", {"kind": "policy_change"}, 2.0),
        ("outreach_results", {"kind": "policy_change", "flagship": "rise-up"}, 1.0),
        ("outreach_results", {"kind": "policy_change", "platform": "wuf"}, 1.0),
        ("outreach_results", {"kind": "awareness"}, 1.0),
        ("co_investment_catalysed", {"currency": "USD"}, 400.0),
        ("co_investment_catalysed", {"rates": {"EUR": 2}, "to": "USD"}, 600.0),
        ("attitude_change", {}, 65.0),  # (60*300 + 80*100) / 400
    ],
)
def test_outreach_results(name: str, params: dict[str, Any], expected: float) -> None:
    """Results of a kind in the period, attributed to a platform or flagship when asked."""
    assert compute(name, RESULTS, YEAR, params).value == pytest.approx(expected)


def test_no_survey_is_missing_not_zero() -> None:
    """Without any survey result in the period the attitude change is missing."""
    assert compute("attitude_change", Registers(), YEAR).value is None


EVENTS = Registers(
    events=[
        EventRow("wuf", D(2021, 6, 1), reach_direct=1000, reach_indirect=50000),
        EventRow("wuf", D(2021, 7, 1), reach_direct=None, reach_indirect=None),
        EventRow("world-habitat-day", D(2021, 10, 4), reach_direct=500),
        EventRow("world-habitat-day", D(2020, 10, 5), reach_direct=9999),
    ]
)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"reach": "direct"}, 1500.0),
        ({"reach": "indirect"}, 50000.0),
        ({"reach": "total"}, 51500.0),
        ({"reach": "direct", "platform": "world-habitat-day"}, 500.0),
        ({"reach": "indirect", "platform": "world-habitat-day"}, None),  # held, none known
        ({"reach": "direct", "platform": "assembly"}, 0.0),  # no event held
    ],
)
def test_outreach_reach(params: dict[str, Any], expected: float | None) -> None:
    """Reach achieved in the period; unknown reach is left out, all unknown is missing."""
    assert compute("outreach_reach", EVENTS, YEAR, params).value == expected


def test_notes_say_what_was_counted() -> None:
    """Each value carries an English note worded from a template, for the audit trail."""
    result = compute("outreach_reach", EVENTS, YEAR, {"reach": "direct"})
    assert result.note == "3 events, 1 of them with no known reach"
    assert result.template and result.params["events"] == "3"


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("nonsense", {}),
        ("active_partnerships", {"currency": "USD"}),
        ("outreach_results", {}),
        ("outreach_reach", {"reach": "sideways"}),
    ],
)
def test_bad_mapping_entries_are_refused(name: str, params: dict[str, Any]) -> None:
    """Unknown computations and parameters are errors that say why."""
    with pytest.raises(MeasureError):
        compute(name, Registers(), YEAR, params)
