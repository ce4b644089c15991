"""Progress: the plan, a domain, an outcome, an indicator, an office, a country; and
corrective actions. Reads of figures are public and return exactly the JSON twins of
the progress pages (``progress.views``); actions need a signed-in role, and only M&E
officers record or change them (403 for others, nothing written; 422 names each
bad field)."""

from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from habitat_monitor.api.auth import member_auth
from habitat_monitor.api.pagination import Pages
from habitat_monitor.api.params import Id
from habitat_monitor.api.schemas.progress import ActionIn, ActionOut, ActionPatch
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.progress.models import CorrectiveAction
from habitat_monitor.progress.views import action_data, data
from habitat_monitor.progress.views.indicator_data import indicator_data

router = Router(tags=["progress"])


class YearQuery(Schema):
    year: int | None = Field(None, description="Default: the latest year with approved values.")
    publication: int | None = Field(
        None, ge=1, le=2**31 - 1, description="Read this publication (a permanent link)."
    )
    view: Literal["published"] | None = Field(
        None, description="published: members read the published figures, not the draft."
    )


def _page(year: int | None, build: Callable[[Any, int | None], dict[str, Any]]) -> dict[str, Any]:
    plan = data.plan_or_404()
    chosen = data.parse_year(None if year is None else str(year), plan)
    try:
        return build(plan, chosen)
    except data.ProgressUnavailable:
        raise HttpError(503, "The progress figures are being recalculated; try again.") from None


@router.get("/progress", response=dict[str, Any])
def plan_progress(request: HttpRequest, query: Query[YearQuery]) -> dict[str, Any]:
    """The plan's progress for ``year`` (default: the latest with approved values): the
    rule, status counts per domain and outcome, every indicator. Same as ``/progress.json``."""
    return _page(query.year, data.framework_data)


@router.get("/progress/domains/{code}", response=dict[str, Any])
def domain_progress(request: HttpRequest, code: str, query: Query[YearQuery]) -> dict[str, Any]:
    """One domain of change: as ``/progress/domains/{code}.json``."""
    return _page(query.year, lambda plan, year: data.framework_data(plan, year, domain=code))


@router.get("/progress/outcomes/{code}", response=dict[str, Any])
def outcome_progress(request: HttpRequest, code: str, query: Query[YearQuery]) -> dict[str, Any]:
    """One outcome: as ``/progress/outcomes/{code}.json``."""
    return _page(query.year, lambda plan, year: data.framework_data(plan, year, outcome=code))


@router.get("/progress/indicators/{code}", response=dict[str, Any])
def indicator_progress(request: HttpRequest, code: str, query: Query[YearQuery]) -> dict[str, Any]:
    """One indicator: values per year and targets, assessment and projections with their
    formulas, values by place and breakdown; corrective actions for signed-in roles."""
    return _page(query.year, lambda plan, year: indicator_data(plan, code, year, user=request.user))


@router.get("/progress/offices/{code}", response=dict[str, Any])
def office_progress(request: HttpRequest, code: str, query: Query[YearQuery]) -> dict[str, Any]:
    """Every indicator's value for one office, with its own target and status."""
    return _page(
        query.year, lambda plan, year: data.place_data(plan, year, kind="office", code=code)
    )


@router.get("/progress/countries/{alpha3}", response=dict[str, Any])
def country_progress(request: HttpRequest, alpha3: str, query: Query[YearQuery]) -> dict[str, Any]:
    """Every indicator's value for one country or territory (ISO alpha-3)."""
    return _page(
        query.year, lambda plan, year: data.place_data(plan, year, kind="country", code=alpha3)
    )


class ActionFilter(Schema):
    indicator: str | None = None
    status: str | None = None
    open: bool = False


def _may_view(request: HttpRequest) -> None:
    if not action_data.can_view_actions(request.user):
        raise NotAllowed(_("Only signed-in staff roles see corrective actions."))


@router.get("/progress/actions", response=list[ActionOut], auth=member_auth)
@paginate(Pages)
def list_actions(request: HttpRequest, filters: Query[ActionFilter]) -> list[dict[str, Any]]:
    """Corrective actions of the current plan (signed-in roles), soonest due first."""
    _may_view(request)
    rows = action_data.action_rows(
        plan=data.plan_or_404(), only_open=filters.open, status=filters.status
    )
    return [row for row in rows if filters.indicator in (None, row["indicator"])]


@router.get("/progress/actions/{pk}", response=ActionOut, auth=member_auth)
def get_action(request: HttpRequest, pk: Id) -> dict[str, Any]:
    """One corrective action (signed-in roles)."""
    _may_view(request)
    actions = CorrectiveAction.objects.filter(indicator__plan=data.plan_or_404())
    item = get_object_or_404(actions.select_related("indicator", "office", "created_by"), pk=pk)
    return action_data.action_row(item)


@router.post("/progress/actions", response={201: ActionOut}, auth=member_auth)
def record_action(request: HttpRequest, payload: ActionIn) -> Status[dict[str, Any]]:
    """Record a corrective action (M&E officers); audited with ``reason``."""
    action_data.ensure_can_change(request.user)
    fields = payload.dict(exclude={"indicator", "reason"})
    item = action_data.record(
        data.plan_or_404(),
        payload.indicator,
        actor=request.user,
        reason=payload.reason or "API",
        **fields,
    )
    return Status(201, action_data.action_row(item))


@router.patch("/progress/actions/{pk}", response=ActionOut, auth=member_auth)
def update_action(request: HttpRequest, pk: Id, payload: ActionPatch) -> dict[str, Any]:
    """Change an action's fields (status, follow-up...); only the fields sent change."""
    action_data.ensure_can_change(request.user)
    item = get_object_or_404(CorrectiveAction, pk=pk)
    changes = payload.dict(exclude_unset=True, exclude={"reason"})
    updated = action_data.update(
        item, actor=request.user, reason=payload.reason or "API", **changes
    )
    return action_data.action_row(updated)
