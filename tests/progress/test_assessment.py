"""Progress of a plan from the store: values, actuals, achievement, status, projections,
framework counts and the list that needs attention, checked against the relational data
and the pure rules."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from habitat_monitor.core.audit import stamp
from habitat_monitor.geo.models import Office
from habitat_monitor.plans.models import Indicator, Target
from habitat_monitor.progress import achievement, projection
from habitat_monitor.progress.achievement import Status
from habitat_monitor.progress.services import (
    PLACE_LEVELS,
    Scope,
    UnknownPlan,
    indicator_progress,
    needs_attention,
    plan_progress,
)
from habitat_monitor.reporting.models import Submission, Value
from habitat_monitor.reporting.services.workflow import approve_submission
from tests.progress.store_helpers import store

pytestmark = pytest.mark.django_db
__all__ = ["store"]  # a fixture
PLAN = "UNH-SP-2020-2023"


def approved_totals(code: str, year: int) -> list[float]:
    """The approved values of an indicator for a year, one per place (totals only)."""
    values = Value.objects.filter(
        submission__status=Submission.Status.APPROVED,
        submission__period__year=year,
        indicator__code=code,
        disaggregation="",
    )
    return list(values.values_list("value", flat=True))


def test_the_default_year_is_the_latest_with_approved_values(store: Path) -> None:
    """The demo has 2020 and 2021 approved (2022 only submitted): 2021 is assessed."""
    progress = plan_progress()
    assert (progress.plan, progress.year, progress.years) == (PLAN, 2021, (2020, 2021))
    assert progress.end_year == 2023
    active = Indicator.objects.filter(plan__code=PLAN, active=True).count()
    assert len(progress.indicators) == active == progress.rollup.plan.total


@pytest.mark.parametrize(("code", "combine"), [("1.1.3", sum), ("1.1.1", None)])
def test_an_indicator_is_assessed_from_the_approved_values(
    store: Path, code: str, combine: Any
) -> None:
    """Sum (1.1.3) or unweighted mean (1.1.1, no denominators yet) of the places, against
    the year's target from the baseline, by ``achievement.assess_against_target``."""
    item = plan_progress().indicator(code)
    values = approved_totals(code, 2021)
    expected = combine(values) if combine else sum(values) / len(values)
    indicator = Indicator.objects.select_related("baseline").get(plan__code=PLAN, code=code)
    target = Target.objects.get(indicator=indicator, year=2021, office=None).value
    assert item.value is not None and item.value.parts == len(values)
    assert item.value.value == pytest.approx(expected)
    assert item.actual == pytest.approx(expected)
    assert (item.target, item.baseline) == (target, indicator.baseline.value)
    assessed = achievement.assess_against_target(
        baseline=indicator.baseline.value,
        target=target,
        actual=item.actual,
        direction=indicator.direction,
        target_year=2021,
    )
    assert item.assessment == assessed
    if combine is None:
        assert item.value.reason.startswith("unweighted mean: denominators missing for 16")


def test_projections_run_on_the_baseline_and_the_yearly_actuals(store: Path) -> None:
    """Compound and linear towards the end target, from the baseline year on."""
    item = plan_progress().indicator("1.1.3")
    series = projection.Series(
        points=((2019, item.baseline or 0.0), *item.series),
        target_year=2023,
        target=item.end_target,
        direction="increase",
        baseline_year=2019,
    )
    assert [p.method for p in item.projections] == ["compound", "linear"]
    assert item.projections[0] == projection.project(series, "compound")
    assert item.projections[1] == projection.project(series, "linear")
    assert item.likely is item.projections[0].likely


def test_statuses_are_counted_up_the_framework(store: Path) -> None:
    """Each outcome counts its indicators (including those of its dimensions)."""
    progress = plan_progress()
    for outcome, counts in progress.rollup.outcomes.items():
        mine = [i for i in progress.indicators if i.outcome == outcome]
        assert counts.total == len(mine)
        assert counts.on_track == sum(i.status is Status.ON_TRACK for i in mine)
    in_domains = sum(counts.total for counts in progress.rollup.domains.values())
    assert 0 < in_domains <= progress.rollup.plan.total


def test_needs_attention_lists_off_track_and_unlikely(store: Path) -> None:
    """Off track, or unlikely to meet the end target by the first method; nothing else."""
    progress = plan_progress()
    listed = needs_attention(progress)
    assert listed
    expected = [i for i in progress.indicators if i.status is Status.OFF_TRACK or i.likely is False]
    assert listed == expected
    for item in listed:
        assert item.attention
        assert ("off_track" in item.attention) == (item.status is Status.OFF_TRACK)


def test_nothing_is_due_before_the_reports_are(store: Path) -> None:
    """Annual 2021 reports are due 45 days after the year ends (14 February 2022)."""
    early = plan_progress(scope=Scope(year=2021, today=date(2022, 2, 13)))
    assert {i.status for i in early.indicators} == {Status.NOT_YET_DUE}
    assert early.rollup.plan.due == 0 and early.rollup.plan.assessed_share is None
    due = plan_progress(scope=Scope(year=2021, today=date(2022, 2, 14)))
    assert Status.NOT_YET_DUE not in {i.status for i in due.indicators}


def test_a_year_without_values_follows_the_cumulation(store: Path) -> None:
    """2022 has no approved values: a non-cumulative indicator has no data, a
    cumulative-latest one keeps its latest running total (2021's)."""
    progress = plan_progress(scope=Scope(year=2022))
    alone, running = progress.indicator("1.1.1"), progress.indicator("1.1.3")
    assert (alone.cumulation, alone.actual, alone.status) == ("non_cumulative", None, "no_data")
    assert running.cumulation == "cumulative_latest"
    assert running.actual == sum(approved_totals("1.1.3", 2021))
    assert running.value is None  # no value of 2022 itself


def test_places_and_breakdowns_of_an_indicator(store: Path) -> None:
    """Every level adds up for a sum; each breakdown category is combined on its own.
    3.3.2 is reported twice a year and does not cumulate: a place's value for the year
    is its second half's."""
    item = indicator_progress("3.3.2")
    assert item.value is not None
    by_level: dict[str, float] = {}
    for place in item.places:
        assert place.level in PLACE_LEVELS and place.value is not None
        by_level[place.level] = by_level.get(place.level, 0.0) + place.value
    assert by_level["office"] == pytest.approx(item.value.value)
    assert by_level["org_region"] == pytest.approx(item.value.value)
    female = next(b for b in item.breakdowns if b.categories == {"sex": "female"})
    approved = Value.objects.filter(
        submission__status="approved",
        submission__period__code="2021-S2",
        indicator__code="3.3.2",
        disaggregation="sex=female",
    )
    assert female.value.parts == approved.count() > 0
    assert female.value.value == sum(approved.values_list("value", flat=True))


def test_an_office_with_its_own_target_is_assessed_against_it(store: Path) -> None:
    """Offices with a target for the year get an assessment; other places do not."""
    target = Target(
        indicator=Indicator.objects.get(plan__code=PLAN, code="1.1.3"),
        office=Office.objects.get(code="KEN"),
        year=2021,
        value=10.0,
    )
    stamp(target, actor=None, reason="test")
    target.save()
    item = indicator_progress("1.1.3")
    kenya = next(p for p in item.places if (p.level, p.key) == ("office", "KEN"))
    assert kenya.target == 10.0 and kenya.assessment is not None
    assert kenya.assessment.inputs["actual"] == kenya.value
    others = [p for p in item.places if p.key != "KEN"]
    assert all(p.assessment is None for p in others)


def test_an_approval_reaches_the_numbers(store: Path) -> None:
    """Approving a 2022 report (its refresh never ran: the test does not commit) shows
    in the next assessment: the reader catches up first."""
    submission = Submission.objects.filter(status="submitted", period__code="2022").first()
    assert submission is not None
    assert plan_progress(scope=Scope(year=2022)).indicator("1.1.3").value is None
    approve_submission(submission, actor=get_user_model().objects.get(username="demo.reviewer"))
    after = plan_progress(scope=Scope(year=2022)).indicator("1.1.3")
    assert after.value is not None
    assert after.value.value == sum(approved_totals("1.1.3", 2022))


def test_results_are_plain_json(store: Path) -> None:
    """``as_dict`` gives JSON (no NaN or infinity), with statuses and counts as text."""
    data = plan_progress(scope=Scope(levels=("org_region",), breakdowns=True)).as_dict()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["rollup"]["plan"]["total"] == len(data["indicators"])
    first = data["indicators"][0]
    assert first["status"] in {status.value for status in Status}
    assert {"value", "assessment", "projections", "attention", "places"} <= first.keys()


def test_an_unknown_plan_or_indicator_is_refused(store: Path) -> None:
    with pytest.raises(UnknownPlan):
        plan_progress("NO-SUCH-PLAN")
    with pytest.raises(UnknownPlan):
        indicator_progress("9.9.9")
