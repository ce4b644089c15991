"""Saving values: every row checked first, all or nothing, only differences written."""

from __future__ import annotations

from typing import Any

import pytest

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.core.roles import Role
from habitat_monitor.geo.models import Office
from habitat_monitor.plans.models import Indicator
from habitat_monitor.reporting.errors import ValuesRejected, WorkflowError
from habitat_monitor.reporting.models import ReportingPeriod, Submission, Value
from habitat_monitor.reporting.queries import value_audit
from habitat_monitor.reporting.services.values import open_submission, save_values
from tests.audit import assert_audited
from tests.factories import make_user
from tests.reporting.conftest import rows


def _code(measure: str, **filters: Any) -> str:
    indicator = (
        Indicator.objects.filter(
            plan__code="UNH-SP-2020-2023", measure=measure, frequency="annual", **filters
        )
        .exclude(aggregation="none")
        .first()
    )
    assert indicator is not None
    return indicator.code


def test_good_rows_are_written_and_counted(draft: Submission, focal: Any) -> None:
    """New values are added; saving the same rows again changes nothing."""
    percent, count = _code("percent"), _code("count")
    data = rows(
        {"indicator": percent, "value": "45.5"},
        {"indicator": count, "country": "EGY", "value": "12"},
    )
    first = save_values(draft, data, actor=focal)
    assert (first.added, first.changed, first.unchanged) == (2, 0, 0)
    again = save_values(draft, data, actor=focal)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 2)
    assert draft.values.count() == 2


def test_a_changed_value_is_audited(draft: Submission, focal: Any) -> None:
    """Changing a value records who, before and after, and why."""
    code = _code("percent")
    save_values(draft, rows({"indicator": code, "value": "40"}), actor=focal)
    result = save_values(
        draft,
        rows({"indicator": code, "value": "42"}),
        actor=focal,
        reason="corrected survey figure",
    )
    assert result.changed == 1
    value = Value.objects.get(submission=draft, indicator__code=code)
    assert_audited(
        value, by=focal, changed={"value": (40.0, 42.0)}, reason="corrected survey figure"
    )


def test_a_batch_records_who_added_values_and_their_first_change_keeps_the_before(
    draft: Submission, focal: Any
) -> None:
    """New values are audited by one batch record (who, when, why, counts); a value's
    own history starts at its first change, with the batch's creation record first."""
    code = _code("percent")
    save_values(draft, rows({"indicator": code, "value": "40"}), actor=focal, reason="first")
    value = Value.objects.get(submission=draft, indicator__code=code)
    [batch] = draft.batches.all()
    assert (batch.user, batch.reason, batch.added, batch.changed) == (focal, "first", 1, 0)
    assert value.batch == batch and value.history.count() == 0
    [created] = value_audit(value)
    assert (created["kind"], created["who"], created["snapshot"]["value"]) == (
        "created",
        str(focal),
        40.0,
    )
    other = make_user(role=Role.FOCAL_POINT, offices=(draft.office.code,))
    save_values(draft, rows({"indicator": code, "value": "41"}), actor=other, reason="fix")
    entries = value_audit(value)
    assert [e["kind"] for e in entries] == ["created", "changed"]
    assert entries[0]["who"] == str(focal) and entries[0]["reason"] == "first"
    assert entries[1]["changes"] == [{"field": "value", "before": 40.0, "after": 41.0}]
    assert entries[1]["who"] == str(other)
    assert draft.batches.count() == 2


@pytest.mark.parametrize(
    ("measure", "text", "reason"),
    [
        ("percent", "150", "between 0 and 100"),
        ("percent", "-1", "between 0 and 100"),
        ("count", "2.5", "whole number"),
        ("count", "-3", "whole number"),
        ("percent", "abc", ""),
        ("percent", "1,5", "ambiguous"),
    ],
)
def test_bad_values_are_refused_with_row_column_reason(
    draft: Submission, focal: Any, measure: str, text: str, reason: str
) -> None:
    """A bad value names its row and column; nothing at all is written."""
    good = {"indicator": _code("percent"), "value": "10"}
    bad = {"indicator": _code(measure), "value": text}
    with pytest.raises(ValuesRejected) as rejected:
        save_values(draft, rows(good, bad), actor=focal)
    [error] = rejected.value.errors
    assert (error.row, error.column, error.value) == (3, "value", text)
    assert reason in error.reason
    assert draft.values.count() == 0


def test_empty_and_not_available_are_missing_not_zero(draft: Submission, focal: Any) -> None:
    """Empty and N/A rows report nothing: no value of 0 appears."""
    code = _code("percent")
    result = save_values(
        draft,
        rows({"indicator": code, "value": ""}, {"indicator": code, "value": "N/A"}),
        actor=focal,
    )
    assert result.added == 0
    assert not draft.values.exists()


def test_decimal_comma_when_asked(draft: Submission, focal: Any) -> None:
    """With decimal commas, 12,5 is twelve and a half."""
    code = _code("percent")
    save_values(draft, rows({"indicator": code, "value": "12,5"}), actor=focal, decimal_comma=True)
    assert draft.values.get().value == 12.5


def test_every_problem_is_reported(draft: Submission, focal: Any) -> None:
    """Unknown indicator, a country the office does not cover, a bad category, a
    duplicate: all reported in one go."""
    code = _code("percent")
    with pytest.raises(ValuesRejected) as rejected:
        save_values(
            draft,
            rows(
                {"indicator": "NOPE", "value": "1"},
                {"indicator": code, "country": "IND", "value": "1"},
                {"indicator": code, "sex": "unknown", "value": "1"},
                {"indicator": code, "value": "5"},
                {"indicator": code, "value": "6"},
            ),
            actor=focal,
        )
    found = {(e.row, e.column) for e in rejected.value.errors}
    assert {(2, "indicator"), (3, "country"), (4, "sex"), (6, "indicator")} <= found


def test_parts_must_add_up_to_the_total(focal: Any) -> None:
    """For a count broken down by sex, female + male must equal the total."""
    indicator = next(
        i
        for i in Indicator.objects.filter(
            plan__code="UNH-SP-2020-2023", measure="count", aggregation="sum"
        )
        if "sex" in i.disaggregations
    )
    period = ReportingPeriod.objects.get(
        plan=indicator.plan, code="2023-S1" if indicator.frequency == "semi_annual" else "2023"
    )
    draft = open_submission(Office.objects.get(code="EGY"), period, actor=focal)
    data = rows(
        {"indicator": indicator.code, "value": "10"},
        {"indicator": indicator.code, "sex": "female", "value": "4"},
        {"indicator": indicator.code, "sex": "male", "value": "5"},
    )
    with pytest.raises(ValuesRejected) as rejected:
        save_values(draft, data, actor=focal)
    [error] = rejected.value.errors
    assert error.row == 2 and "add up to 9" in error.reason
    data[2][1]["value"] = "6"
    assert save_values(draft, data, actor=focal).added == 3


def test_other_offices_focal_point_cannot_write(draft: Submission) -> None:
    """India's focal point cannot write Egypt's values."""
    intruder = make_user(role=Role.FOCAL_POINT, offices=("IND",))
    with pytest.raises(NotAllowed):
        save_values(draft, rows({"indicator": _code("percent"), "value": "1"}), actor=intruder)
    assert not draft.values.exists()


def test_submitted_values_are_locked(content: None) -> None:
    """Values of a submitted or approved submission cannot be changed."""
    approved = Submission.objects.filter(status="approved").first()
    focal = make_user(role=Role.FOCAL_POINT, offices=(approved.office.code,))
    value = approved.values.first()
    with pytest.raises(WorkflowError, match="locked"):
        save_values(approved, rows({"indicator": value.indicator.code, "value": "1"}), actor=focal)


@pytest.mark.parametrize("state", ["empty", "holding values", "dry run"])
def test_repeated_rows_are_each_reported(draft: Submission, focal: Any, state: str) -> None:
    """The same indicator, place and breakdown twice: every repeat names the first
    row, whether the submission is empty (found while inserting), already holds
    values, or the save is a dry run; nothing is written."""
    code, other = _code("percent"), _code("count")
    if state == "holding values":
        save_values(draft, rows({"indicator": other, "value": "3"}), actor=focal)
    data = rows(
        {"indicator": code, "value": "40"},
        {"indicator": other, "value": "4"},
        {"indicator": code, "value": "41"},
        {"indicator": code, "value": "40"},
    )
    before = list(draft.values.values_list("indicator__code", "value"))
    with pytest.raises(ValuesRejected) as rejected:
        save_values(draft, data, actor=focal, dry_run=state == "dry run")
    assert [(e.row, e.reason) for e in rejected.value.errors] == [
        (4, "the same value is already on row 2"),
        (5, "the same value is already on row 2"),
    ]
    assert list(draft.values.values_list("indicator__code", "value")) == before
    assert draft.batches.count() == (1 if state == "holding values" else 0)
