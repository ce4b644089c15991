"""The demo's partnership and outreach values: the plan's mapped indicators (C4-C7 of
the built-in plan) computed from the illustrative registers for each demo year and
sent through the workflow as headquarters' reports, like the field offices' demo
reports: 2020 and 2021 approved, 2022 submitted. Nothing is typed: each value is what
``compute_engagement_values`` finds in the registers, so it is illustrative too."""

from __future__ import annotations

from typing import Any

from habitat_monitor.core.actors import SYSTEM
from habitat_monitor.engagement.services.feeding import compute_engagement_values, read_mapping
from habitat_monitor.geo.models import Office
from habitat_monitor.plans.models import Plan
from habitat_monitor.reporting.models import Assignment, Submission
from habitat_monitor.reporting.services.demo import DEMO_YEARS
from habitat_monitor.reporting.services.workflow import approve_submission, submit_submission


def load_demo_engagement_values(plan: Plan, *, officer: Any) -> int:
    """Headquarters' demo reports of the computed indicators; how many were created
    (0 when the plan maps none, or they exist already)."""
    codes = [entry["indicator"] for entry in read_mapping().get(plan.code, [])]
    headquarters = Office.objects.filter(kind=Office.Kind.HQ).first()
    if not codes or headquarters is None:
        return 0
    created = 0
    for period in plan.periods.filter(year__in=DEMO_YEARS).order_by("start"):
        assigned = Assignment.objects.filter(
            office=headquarters, period=period, indicator__code__in=codes
        )
        if assigned.count() < len(codes):
            continue  # not every computed indicator is reported for this period
        if Submission.objects.filter(office=headquarters, period=period).exists():
            continue
        result = compute_engagement_values(plan, period, actor=SYSTEM, office=headquarters)
        submission = Submission.objects.get(pk=result["submission"])
        if any(item["illustrative"] for item in result["values"]):
            Submission.objects.filter(pk=submission.pk).update(illustrative=True)
        submit_submission(submission, actor=SYSTEM)
        if period.year < max(DEMO_YEARS):
            approve_submission(submission, actor=officer)
        created += 1
    return created
