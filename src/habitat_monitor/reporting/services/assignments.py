"""Reporting periods and assignments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.geo.models import Office
from habitat_monitor.plans.models import Indicator, Plan
from habitat_monitor.reporting.models import Assignment, ReportingPeriod
from habitat_monitor.reporting.periods import periods_for

DUE_AFTER_DAYS = 45


def ensure_periods(plan: Plan) -> dict[str, ReportingPeriod]:
    """Every period the plan's indicators report in (by their frequencies)."""
    frequencies = set(plan.indicators.filter(active=True).values_list("frequency", flat=True)) | {
        "annual"
    }
    periods = {}
    for frequency in sorted(f for f in frequencies if f):
        for period in periods_for(plan.years, frequency):
            row, _created = ReportingPeriod.objects.get_or_create(
                plan=plan,
                code=period.code,
                defaults={
                    "year": period.year,
                    "frequency": frequency,
                    "start": period.start,
                    "end": period.end,
                },
            )
            periods[row.code] = row
    return periods


@transaction.atomic
def assign_indicators(
    indicators: Iterable[Indicator], offices: Iterable[Office], *, actor: Any = None
) -> int:
    """Assign each indicator to each office for every period of its frequency.

    Returns how many assignments were new. ``actor`` None is the system."""
    if actor is not None and not actor.has_perm("reporting.add_assignment"):
        raise NotAllowed("Only M&E officers may assign indicators.")
    offices = list(offices)
    created = 0
    periods_by_plan: dict[int, list[ReportingPeriod]] = {}
    for indicator in indicators:
        if indicator.plan_id not in periods_by_plan:
            periods_by_plan[indicator.plan_id] = list(ensure_periods(indicator.plan).values())
        frequency = indicator.frequency or "annual"
        for period in periods_by_plan[indicator.plan_id]:
            if period.frequency != frequency:
                continue
            for office in offices:
                _row, new = Assignment.objects.get_or_create(
                    indicator=indicator,
                    office=office,
                    period=period,
                    defaults={"due_date": period.end + timedelta(days=DUE_AFTER_DAYS)},
                )
                created += new
    return created


def assign_plan_defaults(plan: Plan) -> int:
    """The demo's assignments: indicators that add up across offices go to every
    country office and hub; plan-wide ones (aggregation none) to headquarters."""
    field_offices = list(Office.objects.filter(kind__in=["country", "hub"]))
    headquarters = list(Office.objects.filter(kind="hq"))
    indicators = list(plan.indicators.filter(active=True).select_related("plan"))
    created = assign_indicators([i for i in indicators if i.aggregation != "none"], field_offices)
    created += assign_indicators([i for i in indicators if i.aggregation == "none"], headquarters)
    return created
