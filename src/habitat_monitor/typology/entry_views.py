"""Entering needs assessments: the web form (new, edit) and the round's spreadsheet
(template download, import). Every write goes through ``typology.services``."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.reporting.messages import problem_dict
from habitat_monitor.typology.entry_forms import AssessmentEntry, ImportForm
from habitat_monitor.typology.errors import NoTypology, StepRefused
from habitat_monitor.typology.inputs import AssessmentInvalid
from habitat_monitor.typology.models import Assessment, AssessmentRound
from habitat_monitor.typology.queries import plan_typology
from habitat_monitor.typology.services import assessments as services
from habitat_monitor.typology.services.imports import (
    ImportRejected,
    assessable_countries,
    import_assessments,
    may_assess_somewhere,
    stored_inputs,
    template_bytes,
)
from habitat_monitor.typology.spreadsheet import XLSX_TYPE

SHOWN_PROBLEMS = 1000


def _round(code: str) -> AssessmentRound:
    return get_object_or_404(AssessmentRound.objects.select_related("plan"), code=code)


def _may_enter(request: HttpRequest) -> None:
    if not may_assess_somewhere(request.user):
        raise NotAllowed(_("You may not assess any country."))


def _typology(assessment_round: AssessmentRound) -> Any:
    found = plan_typology(assessment_round.plan)
    if found is None:
        raise NoTypology(_("The plan of this round has no typology."))
    return found[1]


def _render_form(
    request: HttpRequest, entry: AssessmentEntry, context: dict[str, Any]
) -> HttpResponse:
    errors = entry.errors() if request.method == "POST" else []
    context.update({"entry": entry, "form": entry.form, "errors": errors})
    return render(request, "typology/assessment_form.html", context)


@login_required
def new_assessment(request: HttpRequest, code: str) -> HttpResponse:
    assessment_round = _round(code)
    _may_enter(request)
    entry = AssessmentEntry(
        request.POST or None,
        typology=_typology(assessment_round),
        plan=assessment_round.plan,
        countries=assessable_countries(request.user).order_by("alpha3"),
    )
    if request.method == "POST" and entry.is_valid():
        country, city = entry.place()
        try:
            assessment = services.create_assessment(
                assessment_round,
                actor=request.user,
                country=country,
                city=city,
                data=entry.inputs(),
                reason="web form",
            )
        except AssessmentInvalid as error:
            entry.show_problems(error.problems)
        except StepRefused as error:
            entry.form.add_error("country", str(error))
        else:
            messages.success(request, _("The draft assessment was saved."))
            return redirect(assessment)
    return _render_form(request, entry, {"round": assessment_round, "assessment": None})


@login_required
def edit_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(
        Assessment.objects.select_related("round__plan", "country", "city"), pk=pk
    )
    if not request.user.has_perm("typology.change_assessment", assessment):
        raise NotAllowed(_("You may not change this assessment."))
    if assessment.locked:
        messages.error(
            request,
            _("The assessment is final: it cannot be changed, but its category can be overridden."),
        )
        return redirect(assessment)
    entry = AssessmentEntry(
        request.POST or None,
        typology=_typology(assessment.round),
        plan=assessment.round.plan,
        stored=stored_inputs(assessment),
    )
    if request.method == "POST" and entry.is_valid():
        try:
            services.update_assessment(
                assessment, actor=request.user, data=entry.inputs(), reason="web form"
            )
        except AssessmentInvalid as error:
            entry.show_problems(error.problems)
        else:
            messages.success(request, _("The draft assessment was saved."))
            return redirect(assessment)
    can_finalise = (
        request.user.has_perm("typology.finalise_assessment", assessment)
        and assessment.assessor_id != request.user.pk
    )
    context = {"round": assessment.round, "assessment": assessment, "can_finalise": can_finalise}
    return _render_form(request, entry, context)


@login_required
def template_file(request: HttpRequest, code: str) -> HttpResponse:
    assessment_round = _round(code)
    _may_enter(request)
    response = HttpResponse(template_bytes(assessment_round, request.user), content_type=XLSX_TYPE)
    name = f"typology-{assessment_round.code}-template.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def import_file(request: HttpRequest, code: str) -> HttpResponse:
    assessment_round = _round(code)
    _may_enter(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"round": assessment_round, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "upload.xlsx"
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                context["result"] = import_assessments(
                    assessment_round,
                    path,
                    actor=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                    source=Path(upload.name).name,
                )
            except ImportRejected as rejected:
                shown = rejected.errors[:SHOWN_PROBLEMS]
                context["problems"] = [problem_dict(error) for error in shown]
                context["problem_count"] = len(rejected.errors)
    return render(request, "typology/import.html", context)
