"""Illustrative demo values: 2020-2022 for every field office and assigned indicator.

The numbers are invented (seeded, so every install gets the same) and marked
illustrative. States are reached through the workflow services, so the audit
trail is real: 2020 and 2021 approved, 2022 submitted, except Kenya's 2022
(returned with a comment) and India's 2022 (still a draft).
"""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from habitat_monitor.plans.models import Plan
from habitat_monitor.reporting.models import Assignment, Submission
from habitat_monitor.reporting.services.assignments import assign_plan_defaults
from habitat_monitor.reporting.services.values import open_submission, save_values
from habitat_monitor.reporting.services.workflow import (
    approve_submission,
    return_submission,
    submit_submission,
)

DEMO_YEARS = (2020, 2021, 2022)
RETURNED = ("KEN", "2022")
DRAFT = ("IND", "2022")
RETURN_COMMENT = (
    "Please attach the evidence for the 2022 values and check 1.1.1 against the survey."
)


def _value(indicator: Any, year: int, rng: random.Random, offices: int) -> float:
    baseline = getattr(indicator, "baseline", None)
    start = baseline.value if baseline else 0.0
    target = next(
        (t.value for t in indicator.targets.all() if t.year == year and t.office_id is None), start
    )
    progress = start + (target - start) * rng.uniform(0.6, 1.1)
    if indicator.measure == "percent":
        return round(min(100.0, max(0.0, progress + rng.uniform(-4, 4))), 1)
    if indicator.measure == "boolean":
        return float(rng.random() < 0.6)
    if indicator.measure == "count":
        return float(max(0, round(progress / max(offices, 1) * rng.uniform(0.5, 1.5))))
    return round(max(0.0, progress * rng.uniform(0.85, 1.15)), 2)


def _rows(
    submission: Submission, rng: random.Random, offices: int
) -> list[tuple[int, dict[str, str]]]:
    rows = []
    country = submission.office.covers.order_by("alpha3").first()
    assignments = (
        Assignment.objects.filter(office=submission.office, period=submission.period)
        .select_related("indicator__baseline")
        .prefetch_related("indicator__targets")
    )
    for number, assignment in enumerate(assignments, start=2):
        indicator = assignment.indicator
        value = _value(indicator, submission.period.year, rng, offices)
        cells = {
            "indicator": indicator.code,
            "country": country.alpha3 if country else "",
            "value": repr(value),
            "note": "illustrative",
        }
        rows.append((number, cells))
        if indicator.measure == "count" and "sex" in indicator.disaggregations and value >= 2:
            female = float(int(value // 2))
            rows.append((number * 1000, {**cells, "sex": "female", "value": repr(female)}))
            rows.append(
                (number * 1000 + 1, {**cells, "sex": "male", "value": repr(value - female)})
            )
    return rows


@transaction.atomic
def load_demo_values(plan: Plan, *, focal: Any, officer: Any) -> int:
    """Create the demo submissions; returns how many it created (0 when present)."""
    assign_plan_defaults(plan)
    if Submission.objects.filter(period__plan=plan).exists():
        return 0
    rng = random.Random(2020)
    offices = {
        a.office
        for a in Assignment.objects.filter(
            indicator__plan=plan, office__kind__in=["country", "hub"]
        ).select_related("office")
    }
    created = 0
    for period in plan.periods.filter(year__in=DEMO_YEARS).order_by("start"):
        for office in sorted(offices, key=lambda o: o.code):
            if not Assignment.objects.filter(office=office, period=period).exists():
                continue
            office.members.add(focal)
            submission = open_submission(office, period, actor=focal)
            save_values(
                submission,
                _rows(submission, rng, len(offices)),
                actor=focal,
                reason="illustrative demo data",
                illustrative=True,
            )
            Submission.objects.filter(pk=submission.pk).update(illustrative=True)
            created += 1
            key = (office.code, period.code)
            if key == DRAFT:
                continue
            submit_submission(submission, actor=focal)
            if key == RETURNED:
                return_submission(
                    submission,
                    actor=officer,
                    comment=RETURN_COMMENT,
                )
            elif period.year < 2022:
                approve_submission(submission, actor=officer)
    return created


def demo_accounts() -> tuple[Any, Any]:
    """The demo data clerk (a focal point for every field office) and reviewer."""
    from django.contrib.auth.models import Group

    from habitat_monitor.core.roles import Role, ensure_groups

    ensure_groups()
    users = get_user_model()
    clerk, new = users.objects.get_or_create(username="demo.clerk")
    if new:
        clerk.set_unusable_password()
        clerk.save()
        clerk.groups.add(Group.objects.get(name=Role.FOCAL_POINT.value))
    reviewer, new = users.objects.get_or_create(username="demo.reviewer")
    if new:
        reviewer.set_unusable_password()
        reviewer.save()
        reviewer.groups.add(Group.objects.get(name=Role.ME_OFFICER.value))
    return clerk, reviewer
