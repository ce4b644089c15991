"""Typology assessments as one list across rounds (the pages list them per round)."""

from __future__ import annotations

from typing import Any

from habitat_monitor.plans.models import Plan
from habitat_monitor.typology import queries
from habitat_monitor.typology.models import Assessment


def assessment_rows(
    user: Any,
    *,
    round_code: str | None = None,
    country: str | None = None,
    status: str | None = None,
    category: int | None = None,
) -> list[dict[str, Any]]:
    """The assessments ``user`` may see, filtered, each as the round page lists it."""
    found = Assessment.objects.select_related("round__plan").order_by(
        "round__starts", "round__code", "country__alpha3", "pk"
    )
    if round_code:
        found = found.filter(round__code=round_code)
    if country:
        found = found.filter(country__alpha3=country.strip().upper())
    if status:
        found = found.filter(status=status)
    titles: dict[int, dict[int, str]] = {}
    rows = []
    for assessment in queries.visible_assessments(user, found):
        if category is not None and assessment.final_category != category:
            continue
        plan: Plan = assessment.round.plan
        if plan.pk not in titles:
            typology = queries.plan_typology(plan)
            titles[plan.pk] = queries.category_titles(typology[1] if typology else None)
        row = queries.assessment_row(assessment, titles[plan.pk])
        rows.append({"round": assessment.round.code, **row})
    return rows
