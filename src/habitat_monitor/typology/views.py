"""Pages of the needs typology, each with a JSON twin: rounds, a round, its uses, two
rounds compared, an assessment.

The public sees final assessments only; drafts are shown to those who may assess
them. Overriding a category and finalising go through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.reporting.messages import translate
from habitat_monitor.typology import queries, uses_queries
from habitat_monitor.typology.errors import StepRefused
from habitat_monitor.typology.forms import OverrideForm
from habitat_monitor.typology.inputs import AssessmentInvalid
from habitat_monitor.typology.models import Assessment, AssessmentRound
from habitat_monitor.typology.services import assessments as services
from habitat_monitor.typology.services.rounds import compare_rounds
from habitat_monitor.typology.uses_queries import CHANGE_LABELS


def _json(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "typology/index.html", {"data": queries.round_rows(request.user)})


def index_json(request: HttpRequest) -> JsonResponse:
    return _json(queries.round_rows(request.user))


def _round_data(request: HttpRequest, code: str) -> dict[str, Any]:
    assessment_round = get_object_or_404(AssessmentRound.objects.select_related("plan"), code=code)
    data = queries.round_detail(assessment_round, request.user)
    previous = uses_queries.previous_round(assessment_round)
    data["previous_round"] = previous.code if previous else None
    changes = compare_rounds(previous, assessment_round) if previous else []
    data["changes"] = [
        {**row, "change_label": str(CHANGE_LABELS[row["change"]])} for row in changes
    ]
    return data


def round_detail(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "typology/round_detail.html", {"data": _round_data(request, code)})


def round_json(request: HttpRequest, code: str) -> JsonResponse:
    return _json(_round_data(request, code))


def _round(code: str) -> AssessmentRound:
    return get_object_or_404(AssessmentRound.objects.select_related("plan"), code=code)


def _uses_data(request: HttpRequest, code: str) -> dict[str, Any]:
    return uses_queries.uses_data(
        _round(code), request.user, uses_queries.hub_size(request.GET.get("hub_size"))
    )


def round_uses(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "typology/round_uses.html", {"data": _uses_data(request, code)})


def round_uses_json(request: HttpRequest, code: str) -> JsonResponse:
    return _json(_uses_data(request, code))


def _compare_data(request: HttpRequest, code: str) -> dict[str, Any]:
    assessment_round = _round(code)
    base = uses_queries.base_round(assessment_round, request.GET.get("with"))
    return uses_queries.compare_data(assessment_round, base, request.user)


def round_compare(request: HttpRequest, code: str) -> HttpResponse:
    data = _compare_data(request, code)
    others = AssessmentRound.objects.exclude(code=code).order_by("starts", "code")
    return render(request, "typology/round_compare.html", {"data": data, "others": others})


def round_compare_json(request: HttpRequest, code: str) -> JsonResponse:
    return _json(_compare_data(request, code))


def _visible(request: HttpRequest, pk: int) -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.select_related("round__plan", "country__org_region", "city"), pk=pk
    )
    if not request.user.has_perm("typology.view_assessment", assessment):
        if not request.user.is_authenticated:
            raise Http404(_("No final assessment has this number."))
        raise NotAllowed(_("You may not see this assessment."))
    return assessment


def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    data = queries.assessment_detail(_visible(request, pk), request.user)
    form = OverrideForm(
        categories=data["categories"],
        initial={"category": data["override_category"], "reason": ""},
    )
    return render(request, "typology/assessment_detail.html", {"data": data, "form": form})


def assessment_json(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(queries.assessment_detail(_visible(request, pk), request.user))


def _problems(request: HttpRequest, error: AssessmentInvalid) -> None:
    for problem in error.problems:
        messages.error(request, translate(problem.template, problem.params, problem.message))


@login_required
@require_POST
def override(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    if not request.user.has_perm("typology.override_assessment", assessment):
        raise NotAllowed(_("Only M&E officers and plan authors may override a category."))
    categories = queries.assessment_detail(assessment, request.user)["categories"]
    form = OverrideForm(request.POST, categories=categories)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("typology:assessment_detail", pk=pk)
    try:
        services.override_category(
            assessment,
            actor=request.user,
            category=form.cleaned_data["category"],
            reason=form.cleaned_data["reason"],
        )
    except AssessmentInvalid as error:
        _problems(request, error)
    else:
        messages.success(request, _("The category override was saved."))
    return redirect("typology:assessment_detail", pk=pk)


@login_required
@require_POST
def finalise(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    try:
        services.finalise_assessment(assessment, actor=request.user)
    except StepRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The assessment is final."))
    return redirect("typology:assessment_detail", pk=pk)
