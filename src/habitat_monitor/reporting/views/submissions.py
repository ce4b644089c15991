"""A submission: its values and the workflow steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.geo.models import Office
from habitat_monitor.reporting.errors import UnknownValues, WorkflowError
from habitat_monitor.reporting.models import ReportingPeriod, Submission
from habitat_monitor.reporting.queries import submission_values
from habitat_monitor.reporting.services import workflow
from habitat_monitor.reporting.services.values import open_submission, remove_values


def visible_submission(request: HttpRequest, pk: int) -> Submission:
    submission = get_object_or_404(Submission.objects.select_related("office", "period"), pk=pk)
    if not request.user.has_perm("reporting.view_submission", submission):
        raise NotAllowed(_("You may not see this submission."))
    return submission


def _data(request: HttpRequest, submission: Submission) -> dict[str, Any]:
    user = request.user
    return {
        "id": submission.pk,
        "office": submission.office.code,
        "office_name": submission.office.label,
        "period": submission.period.code,
        "status": submission.status,
        "status_label": submission.get_status_display(),
        "review_comment": submission.review_comment,
        "submitted_by": str(submission.submitted_by or ""),
        "reviewed_by": str(submission.reviewed_by or ""),
        "illustrative": submission.illustrative,
        "values": submission_values(submission),
        "can_edit": user.has_perm("reporting.change_submission", submission)
        and not submission.locked,
        "can_review": user.has_perm("reporting.review_submission", submission)
        and submission.submitted_by_id != user.pk,
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = visible_submission(request, pk)
    context = {"submission": _data(request, submission), "evidence": submission.evidence.all()}
    return render(request, "reporting/submission_detail.html", context)


@login_required
def detail_json(request: HttpRequest, pk: int) -> JsonResponse:
    data = _data(request, visible_submission(request, pk))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@login_required
@require_POST
def open_page(request: HttpRequest, office: str, period: str) -> HttpResponse:
    office_row = get_object_or_404(Office, code=office)
    period_row = get_object_or_404(ReportingPeriod, code=period, assignments__office=office_row)
    submission = open_submission(office_row, period_row, actor=request.user)
    return redirect("reporting:submission_edit", pk=submission.pk)


STEPS = {
    "submit": lambda s, user, text: workflow.submit_submission(s, actor=user),
    "approve": lambda s, user, text: workflow.approve_submission(s, actor=user, comment=text),
    "return": lambda s, user, text: workflow.return_submission(s, actor=user, comment=text),
    "reopen": lambda s, user, text: workflow.reopen_submission(s, actor=user, reason=text),
}
DONE = {
    "submit": gettext_lazy("Submitted for review."),
    "approve": gettext_lazy("Approved."),
    "return": gettext_lazy("Returned to the office with your comment."),
    "reopen": gettext_lazy("Reopened: the office can change its values again."),
}


@login_required
@require_POST
def step(request: HttpRequest, pk: int) -> HttpResponse:
    submission = visible_submission(request, pk)
    action = request.POST.get("action", "")
    if action not in STEPS:
        return HttpResponse(status=400)
    try:
        STEPS[action](submission, request.user, request.POST.get("comment", ""))
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, str(DONE[action]))
    return redirect("reporting:submission_detail", pk=pk)


@login_required
@require_POST
def remove_value(request: HttpRequest, pk: int, value: int) -> HttpResponse:
    """Remove one value from an editable submission (audited, with the reason given)."""
    submission = visible_submission(request, pk)
    try:
        remove_values(
            submission, [value], actor=request.user, reason=request.POST.get("reason", "")
        )
    except WorkflowError as error:
        messages.error(request, str(error))
    except UnknownValues:
        raise Http404 from None
    else:
        messages.success(request, _("The value was removed; its history keeps it."))
    return redirect("reporting:submission_detail", pk=pk)
