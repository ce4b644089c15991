"""The indicator page (public, with corrective actions for signed-in roles), the
attention list (staff roles), and the officers' forms to record and update actions.

Writes go through ``action_data.record`` / ``update`` (the audited services); a
refused write raises ``NotAllowed`` before anything is read from the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.plans.models import Plan
from habitat_monitor.portal.charts_for_pages import indicator_charts
from habitat_monitor.portal.contrast import high_contrast
from habitat_monitor.progress import exports
from habitat_monitor.progress.forms import (
    ActionForm,
    ActionUpdateForm,
    add_service_errors,
    initial_for,
)
from habitat_monitor.progress.models import CorrectiveAction
from habitat_monitor.progress.views import action_data, data, twins
from habitat_monitor.progress.views.indicator_data import indicator_data


def _prefix(pk: int) -> str:
    return f"action-{pk}"


def _indicator(
    request: HttpRequest,
    plan: Plan,
    code: str,
    year: int | None,
    *,
    fmt: str | None = None,
    record_form: ActionForm | None = None,
    update_forms: dict[int, ActionUpdateForm] | None = None,
) -> HttpResponse:
    """The indicator page; officers also get the forms (bound ones keep their errors)."""
    can_record = action_data.can_change_actions(request.user)
    context: dict[str, Any] = {
        "can_record": can_record,
        "show_actions": action_data.can_view_actions(request.user),
        "record_form": record_form or ActionForm(),
    }
    forms = update_forms or {}

    def build() -> dict[str, Any]:
        page = indicator_data(plan, code, year, user=request.user)
        context["action_items"] = [
            {
                "row": row,
                "form": (forms.get(row["id"]) or _update_form(row)) if can_record else None,
            }
            for row in page.get("actions", [])
        ]
        return page

    return twins.respond(
        request,
        fmt,
        build,
        template="progress/indicator.html",
        rows=exports.indicator_rows,
        filename=f"progress-indicator-{code}",
        context=context,
        extras=lambda page: indicator_charts(page, high_contrast=high_contrast(request)),
    )


def _update_form(row: dict[str, Any]) -> ActionUpdateForm:
    initial = {"status": row["status"], "follow_up": row["follow_up"]}
    return ActionUpdateForm(prefix=_prefix(row["id"]), initial=initial)


def indicator_page(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    plan = data.plan_or_404()
    return _indicator(request, plan, code, data.parse_year(request.GET.get("year"), plan), fmt=fmt)


def _back(code: str, year: int | None) -> HttpResponse:
    return redirect(f"{data.url('indicator', code, year=year)}#actions")


@login_required
@require_POST
def record_action(request: HttpRequest, code: str) -> HttpResponse:
    action_data.ensure_can_change(request.user)
    plan = data.plan_or_404()
    year = data.parse_year(request.GET.get("year"), plan)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            action_data.record(plan, code, actor=request.user, year=year, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The corrective action was recorded."))
            return _back(code, year)
    return _indicator(request, plan, code, year, record_form=form)


@login_required
@require_POST
def update_action(request: HttpRequest, pk: int) -> HttpResponse:
    action_data.ensure_can_change(request.user)
    item = get_object_or_404(CorrectiveAction.objects.select_related("indicator__plan"), pk=pk)
    plan, code = item.indicator.plan, item.indicator.code
    year = data.parse_year(request.GET.get("year"), plan)
    form = ActionUpdateForm(request.POST, prefix=_prefix(pk), initial=initial_for(item))
    if form.is_valid():
        changes = dict(form.cleaned_data)
        reason = changes.pop("reason") or "updated on the indicator page"
        try:
            action_data.update(item, actor=request.user, reason=reason, **changes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The corrective action was updated."))
            return _back(code, year)
    return _indicator(request, plan, code, year, update_forms={pk: form})


@login_required
def attention_page(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    if not action_data.can_view_actions(request.user):
        raise NotAllowed(_("Only signed-in staff roles see the indicators needing attention."))
    plan = data.plan_or_404()
    year = data.parse_year(request.GET.get("year"), plan)
    return twins.respond(
        request,
        fmt,
        lambda: action_data.attention_data(plan, year),
        template="progress/attention.html",
        rows=exports.attention_rows,
        filename="progress-attention",
        context={"can_record": action_data.can_change_actions(request.user)},
    )
