"""Pages of the results framework: tree, indicator, plan upload. Each has data twins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.plans import services
from habitat_monitor.plans.diff import summary_lines
from habitat_monitor.plans.forms import PlanUploadForm
from habitat_monitor.plans.indicator_queries import indicator_detail as indicator_data
from habitat_monitor.plans.models import Plan
from habitat_monitor.plans.queries import current_plan, framework_tree


def _plan() -> Plan:
    plan = current_plan()
    if plan is None:
        raise Http404(_("No plan is loaded yet."))
    return plan


def _json(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def framework(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/framework.html", {"tree": framework_tree(_plan())})


def framework_json(request: HttpRequest) -> JsonResponse:
    return _json(framework_tree(_plan()))


def _indicator(code: str) -> dict[str, Any]:
    data = indicator_data(_plan(), code)
    if data is None:
        raise Http404(_("No indicator has this code."))
    return data


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "plans/indicator_detail.html", {"indicator": _indicator(code)})


def indicator_json(request: HttpRequest, code: str) -> JsonResponse:
    return _json(_indicator(code))


@login_required
def plan_upload(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("plans.add_plan"):
        raise NotAllowed(_("Only plan authors may upload a plan."))
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        name = request.FILES["file"].name
        if "load" in request.POST:
            try:
                result = services.load_plan(
                    form.cleaned_data["file"], filename=name, actor=request.user
                )
            except services.PlanLoadError as error:
                context.update(findings=error.findings, loaded=False)
            else:
                context.update(
                    findings=result.warnings, result=result, changes=summary_lines(result.changes)
                )
        else:
            context["findings"] = services.check_plan(form.cleaned_data["file"], name)[1]
            context["checked"] = True
    return render(request, "plans/plan_upload.html", context)
