"""Audit pages: every change to a submission and to each of its values."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from habitat_monitor.reporting.models import Value
from habitat_monitor.reporting.views.submissions import visible_submission


def _entries(records: Any, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    entries = []
    for record in records:
        previous = record.prev_record
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, included_fields=list(fields))
            changes = [{"field": c.field, "before": c.old, "after": c.new} for c in delta.changes]
        entries.append(
            {
                "when": record.history_date,
                "who": str(record.history_user or ""),
                "kind": {"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                "reason": record.history_change_reason or "",
                "changes": changes,
                "snapshot": {field: getattr(record, field) for field in fields},
            }
        )
    return entries


SUBMISSION_FIELDS = ("status", "review_comment")
VALUE_FIELDS = ("value", "note")


@login_required
def submission_history(request: HttpRequest, pk: int) -> HttpResponse:
    submission = visible_submission(request, pk)
    steps = _entries(submission.history.order_by("history_date"), SUBMISSION_FIELDS)
    values = Value.history.filter(submission_id=submission.pk).order_by("history_date")
    value_entries = [
        {
            **entry,
            "value_id": record.id,
            "indicator_id": record.indicator_id,
            "place": record.place,
            "breakdown": record.disaggregation,
        }
        for record, entry in zip(values, _entries(values, VALUE_FIELDS), strict=True)
    ]
    data = {"submission_id": submission.pk, "steps": steps, "values": value_entries}
    if request.GET.get("format") == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    return render(request, "reporting/history.html", {"submission": submission, **data})


@login_required
def value_history(request: HttpRequest, pk: int) -> HttpResponse:
    value = get_object_or_404(Value.objects.select_related("indicator"), pk=pk)
    submission = visible_submission(request, value.submission_id)
    entries = _entries(value.history.order_by("history_date"), VALUE_FIELDS)
    context = {"submission": submission, "value": value, "steps": entries, "values": []}
    return render(request, "reporting/history.html", context)
