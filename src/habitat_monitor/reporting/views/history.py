"""Audit pages: every change to a submission and to each of its values."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from habitat_monitor.reporting.disaggregation import breakdown_label
from habitat_monitor.reporting.models import Value
from habitat_monitor.reporting.queries import submission_audit, value_audit
from habitat_monitor.reporting.views.submissions import visible_submission


@login_required
def submission_history(request: HttpRequest, pk: int) -> HttpResponse:
    submission = visible_submission(request, pk)
    data = submission_audit(submission)
    if request.GET.get("format") == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    language = get_language()
    for entry in data["values"]:
        entry["breakdown_label"] = breakdown_label(entry["breakdown"], language)
    return render(request, "reporting/history.html", {"submission": submission, **data})


@login_required
def value_history(request: HttpRequest, pk: int) -> HttpResponse:
    value = get_object_or_404(
        Value.objects.select_related("indicator", "batch", "batch__user"), pk=pk
    )
    submission = visible_submission(request, value.submission_id)
    entries = value_audit(value)
    context = {"submission": submission, "value": value, "steps": entries, "values": []}
    return render(request, "reporting/history.html", context)
