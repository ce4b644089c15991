"""Imported values go through the reporting workflow: the office's submission, the
same checks and permissions, audited, all or nothing across every office."""

from __future__ import annotations

import dataclasses

import pytest

from habitat_monitor.core.actors import SYSTEM
from habitat_monitor.interop.importing import import_values
from habitat_monitor.interop.records import MappedValue
from habitat_monitor.interop.source import chosen_publication, dataset
from habitat_monitor.plans.models import Plan
from habitat_monitor.reporting.models import Submission, Value, ValueBatch
from tests.factories import user_for_role

PLAN = "UNH-SP-2020-2023"


def _plan() -> Plan:
    return Plan.objects.get(code=PLAN)


def _published_as_2023(office: str) -> list[MappedValue]:
    """The office's published 2021 annual values, moved to 2023 (no report yet)."""
    plan = _plan()
    data = dataset(plan, chosen_publication(plan))
    return [
        MappedValue(
            source=f"values[{number}]",
            office=o.office,
            period="2023",
            indicator=o.indicator,
            country=o.country,
            city=o.city,
            breakdown=o.breakdown,
            value=repr(o.value) if o.value != int(o.value) else str(int(o.value)),
        )
        for number, o in enumerate(data.observations)
        if o.office == office and o.period == "2021"
    ]


def _stored(office: str, period: str) -> set[tuple[str, str, str, float]]:
    return {
        (v.indicator.code, v.place, v.disaggregation, v.value)
        for v in Value.objects.filter(
            submission__office__code=office, submission__period__code=period
        )
    }


def test_values_land_in_the_offices_draft_audited(content: None) -> None:
    values = _published_as_2023("KEN")
    assert len(values) > 10
    focal = user_for_role("focal_own")
    outcome = import_values(values, plan=_plan(), actor=focal, source="ken.json", sha256="ab" * 32)
    assert not outcome.problems, outcome.problems[:3]
    assert outcome.imported == len(values) and outcome.updated == 0
    submission = Submission.objects.get(office__code="KEN", period__code="2023")
    assert submission.status == Submission.Status.DRAFT
    assert len(_stored("KEN", "2023")) == len(values)
    batch = ValueBatch.objects.get(submission=submission)
    assert batch.user == focal and batch.source == "ken.json" and batch.added == len(values)
    again = import_values(values, plan=_plan(), actor=focal, source="ken.json")
    assert again.imported == 0 and again.unchanged == len(values)


def test_one_bad_value_writes_nothing_anywhere(content: None) -> None:
    good = _published_as_2023("KEN")
    other = _published_as_2023("IND")
    percent = next(i for i, v in enumerate(other) if v.indicator == "1.1.1")
    other[percent] = dataclasses.replace(other[percent], value="250")
    outcome = import_values(good + other, plan=_plan(), actor=SYSTEM, source="all.json")
    assert [(p.source, p.field, p.value) for p in outcome.problems] == [
        (other[percent].source, "value", "250")
    ]
    assert "250" in outcome.problems[0].reason
    assert not Submission.objects.filter(period__code="2023").exists()
    assert outcome.as_dict()["written"] is False


def test_a_focal_point_cannot_import_another_offices_values(content: None) -> None:
    values = _published_as_2023("KEN") + _published_as_2023("IND")
    focal = user_for_role("focal_own")  # Kenya's
    outcome = import_values(values, plan=_plan(), actor=focal, source="all.json")
    assert outcome.problems and {p.value for p in outcome.problems} == {"IND"}
    assert "may not" in outcome.problems[0].reason
    assert not Submission.objects.filter(period__code="2023").exists()


def test_unknown_offices_and_periods_are_reported(content: None) -> None:
    value = _published_as_2023("KEN")[0]
    outcome = import_values(
        [dataclasses.replace(value, office="ZZZ"), dataclasses.replace(value, period="2031")],
        plan=_plan(),
        actor=SYSTEM,
        source="x",
    )
    reasons = sorted(p.reason for p in outcome.problems)
    assert reasons == ["the plan has no reporting period 2031", "there is no office ZZZ"]


def test_a_locked_submission_is_refused(content: None) -> None:
    value = dataclasses.replace(_published_as_2023("KEN")[0], period="2021")
    outcome = import_values([value], plan=_plan(), actor=SYSTEM, source="x")
    assert len(outcome.problems) == 1 and "locked" in outcome.problems[0].reason


@pytest.mark.parametrize("submit", [False, True])
def test_dry_run_and_submit(content: None, submit: bool) -> None:
    values = _published_as_2023("KEN")
    dry = import_values(values, plan=_plan(), actor=SYSTEM, source="x", dry_run=True)
    assert dry.imported == len(values) and not dry.problems
    assert not Submission.objects.filter(period__code="2023").exists()
    focal = user_for_role("focal_own")
    import_values(values, plan=_plan(), actor=focal, source="x", submit=submit)
    submission = Submission.objects.get(office__code="KEN", period__code="2023")
    expected = Submission.Status.SUBMITTED if submit else Submission.Status.DRAFT
    assert submission.status == expected
