"""Submissions: list, read, send values, and the workflow steps."""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from habitat_monitor.api.auth import member_auth
from habitat_monitor.api.pagination import Mapped, Pages
from habitat_monitor.api.params import Id
from habitat_monitor.api.schemas.submissions import (
    SaveOut,
    StepIn,
    SubmissionDetail,
    SubmissionOut,
    ValuesIn,
)
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.reporting.errors import UnknownValues
from habitat_monitor.reporting.models import Submission
from habitat_monitor.reporting.numbers import format_number
from habitat_monitor.reporting.queries import submission_audit, visible_submissions
from habitat_monitor.reporting.services import workflow
from habitat_monitor.reporting.services.values import remove_values, save_values

router = Router(tags=["submissions"], auth=member_auth)


class SubmissionFilter(Schema):
    office: str | None = None
    period: str | None = None
    status: str | None = None


def _out(submission: Submission) -> dict[str, object]:
    return {
        "id": submission.pk,
        "office": submission.office.code,
        "period": submission.period.code,
        "status": submission.status,
        "submitted_by": str(submission.submitted_by) if submission.submitted_by else None,
        "submitted_at": submission.submitted_at,
        "reviewed_by": str(submission.reviewed_by) if submission.reviewed_by else None,
        "review_comment": submission.review_comment,
        "illustrative": submission.illustrative,
    }


def _visible(request: HttpRequest, pk: int) -> Submission:
    submission = get_object_or_404(Submission.objects.select_related("office", "period"), pk=pk)
    if not request.user.has_perm("reporting.view_submission", submission):
        raise NotAllowed("You may not see this submission.")
    return submission


@router.get("/submissions", response=list[SubmissionOut])
@paginate(Pages)
def list_submissions(request: HttpRequest, filters: Query[SubmissionFilter]) -> Mapped:
    """The submissions you may see (focal points: their offices'; viewers: approved
    ones), by office, period and status."""
    rows = visible_submissions(request.user).select_related("reviewed_by", "submitted_by")
    if filters.office:
        rows = rows.filter(office__code=filters.office)
    if filters.period:
        rows = rows.filter(period__code=filters.period)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return Mapped(rows, _out)


@router.get("/submissions/{pk}", response=SubmissionDetail)
def get_submission(request: HttpRequest, pk: Id) -> dict[str, object]:
    submission = _visible(request, pk)
    values = [
        {
            "id": v.pk,
            "indicator": v.indicator.code,
            "place": v.place,
            "breakdown": v.disaggregation,
            "value": v.value,
            "note": v.note,
            "illustrative": v.illustrative,
        }
        for v in submission.values.select_related("indicator")
    ]
    return {**_out(submission), "values": values}


def _cells(item: dict[str, object]) -> dict[str, str]:
    value = item["value"]
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, int | float):
        text = format_number(float(value))
    else:
        text = str(value)
    return {**{k: str(v) for k, v in item.items() if v not in ("", None)}, "value": text}


@router.post("/submissions/{pk}/values", response=SaveOut)
def post_values(request: HttpRequest, pk: Id, payload: ValuesIn) -> dict[str, object]:
    """Add or change values; rows are numbered from 1 in the order sent. Any bad row:
    422 with every problem, nothing written."""
    submission = _visible(request, pk)
    rows = [(number, _cells(item.dict())) for number, item in enumerate(payload.values, start=1)]
    result = save_values(
        submission, rows, actor=request.user, dry_run=payload.dry_run, reason="API"
    )
    return result.as_dict()


@router.delete("/submissions/{pk}/values/{value_id}", response={204: None})
def delete_value(request: HttpRequest, pk: Id, value_id: Id) -> Status[None]:
    """Remove one value from an editable submission; audited. 404 if the value is not
    in this submission, 409 if the submission is locked, 403 if not yours."""
    submission = _visible(request, pk)
    try:
        remove_values(submission, [value_id], actor=request.user, reason="API")
    except UnknownValues:
        raise Http404 from None
    return Status(204, None)


@router.get("/submissions/{pk}/history", response=dict[str, Any])
def history(request: HttpRequest, pk: Id) -> dict[str, object]:
    """The audit trail: every workflow step and value change, who, when, before, after,
    and why."""
    return submission_audit(_visible(request, pk))


@router.post("/submissions/{pk}/submit", response=SubmissionOut)
def submit(request: HttpRequest, pk: Id) -> dict[str, object]:
    return _out(workflow.submit_submission(_visible(request, pk), actor=request.user))


@router.post("/submissions/{pk}/approve", response=SubmissionOut)
def approve(request: HttpRequest, pk: Id, payload: StepIn) -> dict[str, object]:
    submission = _visible(request, pk)
    return _out(
        workflow.approve_submission(submission, actor=request.user, comment=payload.comment)
    )


@router.post("/submissions/{pk}/return", response=SubmissionOut)
def return_(request: HttpRequest, pk: Id, payload: StepIn) -> dict[str, object]:
    submission = _visible(request, pk)
    return _out(workflow.return_submission(submission, actor=request.user, comment=payload.comment))


@router.post("/submissions/{pk}/reopen", response=SubmissionOut)
def reopen(request: HttpRequest, pk: Id, payload: StepIn) -> dict[str, object]:
    submission = _visible(request, pk)
    return _out(workflow.reopen_submission(submission, actor=request.user, reason=payload.comment))
