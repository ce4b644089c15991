"""Plans and their results framework: the plan with its versions, the framework tree,
the indicators (with their performance measurement plan, baseline and targets) and
the yearly targets. Plan data is public and the same for every reader; ``?plan=``
picks a plan by code (default: the current plan, the one the portal shows)."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from habitat_monitor.api.pagination import Mapped, Pages
from habitat_monitor.api.params import Id
from habitat_monitor.api.queries import plans as queries
from habitat_monitor.api.schemas.plans import (
    IndicatorDetail,
    IndicatorOut,
    PlanDetail,
    PlanOut,
    TargetOut,
)
from habitat_monitor.plans.models import Indicator, Target
from habitat_monitor.plans.queries import framework_tree

router = Router(tags=["plans"])


class PlanQuery(Schema):
    plan: str | None = Field(None, description="Plan code (default: the current plan).")


class IndicatorFilter(PlanQuery):
    level: Indicator.Level | None = None
    domain: str | None = Field(None, description="Domain code: its indicators and its outcomes'.")
    outcome: str | None = Field(None, description="Outcome code, e.g. 1.2")
    q: str | None = Field(None, description="Words in the code, statement or SDG indicators.")


class TargetFilter(PlanQuery):
    indicator: str | None = None
    office: str | None = Field(None, description="Office code: that office's own targets.")
    year: int | None = Field(None, ge=1900, le=2200)
    plan_wide: bool | None = Field(
        None, description="true: plan-wide targets only; false: office targets only."
    )


@router.get("/plans", response=list[PlanOut])
@paginate(Pages)
def list_plans(request: HttpRequest) -> list[dict[str, Any]]:
    """Every plan loaded, with its current version."""
    return queries.plan_rows()


@router.get("/plans/{code}", response=PlanDetail)
def get_plan(request: HttpRequest, code: str) -> dict[str, Any]:
    """One plan: goal, vision, status bands, and every version loaded (what it changed)."""
    return queries.plan_detail(queries.plan_or_404(code))


@router.get("/framework", response=dict[str, Any])
def get_framework(request: HttpRequest, query: Query[PlanQuery]) -> dict[str, Any]:
    """The results framework: domains → outcomes → dimensions, each with its
    indicators, and the plan-wide goal, catalytic and cross-cutting indicators. The
    same as ``/framework.json``."""
    return framework_tree(queries.plan_or_404(query.plan))


@router.get("/indicators", response=list[IndicatorOut])
@paginate(Pages)
def list_indicators(request: HttpRequest, filters: Query[IndicatorFilter]) -> list[dict[str, Any]]:
    """The plan's indicators in the plan's order, filtered by level, domain, outcome
    and words (``q``)."""
    plan = queries.plan_or_404(filters.plan)
    return queries.indicator_rows(
        plan, level=filters.level, domain=filters.domain, outcome=filters.outcome, q=filters.q
    )


@router.get("/indicators/{code}", response=IndicatorDetail)
def get_indicator(request: HttpRequest, code: str, query: Query[PlanQuery]) -> dict[str, Any]:
    """One indicator: definition, unit, method and source, the performance measurement
    plan (components, office roles, partners, milestones), its baseline and its yearly
    targets (plan-wide and per office). The same as ``/indicators/{code}.json``."""
    return queries.indicator_or_404(queries.plan_or_404(query.plan), code)


@router.get("/targets", response=list[TargetOut])
@paginate(Pages)
def list_targets(request: HttpRequest, filters: Query[TargetFilter]) -> Mapped:
    """Yearly targets, plan-wide and per office, by indicator, office, year."""
    plan = queries.plan_or_404(filters.plan)
    found = queries.targets(
        plan,
        indicator=filters.indicator,
        office=filters.office,
        year=filters.year,
        plan_wide=filters.plan_wide,
    )
    return Mapped(found, queries.target_row)


@router.get("/targets/{pk}", response=TargetOut)
def get_target(request: HttpRequest, pk: Id) -> dict[str, Any]:
    """One target."""
    target = get_object_or_404(Target.objects.select_related("indicator", "office"), pk=pk)
    return queries.target_row(target)
