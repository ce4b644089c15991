"""The submission workflow: submit, approve, return, reopen.

draft -> submitted -> approved; submitted -> returned (with a comment) ->
submitted again; approved -> returned again only when an M&E officer reopens it
with a reason. Nobody reviews (approves, returns, reopens) what they submitted.
Each step locks the row first (SELECT ... FOR UPDATE on
PostgreSQL; SQLite serialises writers), re-reads the status and refuses a step
the current status does not allow, so two reviewers acting at once cannot both
win: the second is told what happened. Approving and reopening refresh the
submission's rows in the analytics store once the transaction has committed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from habitat_monitor.core.audit import stamp
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.progress.store.hooks import refresh_on_commit
from habitat_monitor.reporting.errors import WorkflowError
from habitat_monitor.reporting.models import Submission

Status = Submission.Status


def _lock(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("office", "period")
        .get(pk=submission.pk)
    )


def _refuse_unless(current: Submission, allowed: tuple[str, ...]) -> None:
    if current.status in allowed:
        return
    who = current.reviewed_by or current.submitted_by
    status = current.get_status_display()
    if who:
        message = _("The submission is already %(status)s (by %(who)s): this step is not possible.")
        raise WorkflowError(message % {"status": status, "who": who})
    raise WorkflowError(
        _("The submission is already %(status)s: this step is not possible.") % {"status": status}
    )


def _save(current: Submission, actor: Any, reason: str) -> Submission:
    stamp(current, actor=actor, reason=reason)
    current.save()
    return current


def _user(actor: Any) -> Any:
    """The account to record, None for the system (a command run without --user)."""
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def submit_submission(submission: Submission, *, actor: Any) -> Submission:
    current = _lock(submission)
    if not actor.has_perm("reporting.change_submission", current):
        raise NotAllowed(_("You may not submit for this office."))
    _refuse_unless(current, (Status.DRAFT, Status.RETURNED))
    if not current.values.exists():
        raise WorkflowError(_("There is nothing to submit yet: enter some values first."))
    current.status = Status.SUBMITTED
    current.submitted_by = _user(actor)
    current.submitted_at = timezone.now()
    return _save(current, actor, "submitted")


def _review(submission: Submission, actor: Any, step: str) -> Submission:
    current = _lock(submission)
    if not actor.has_perm("reporting.review_submission", current):
        raise NotAllowed(_("Only M&E officers may review submissions."))
    if actor.pk is not None and current.submitted_by_id == actor.pk:
        raise NotAllowed(_("Nobody may review a submission they submitted."))
    return current


@transaction.atomic
def approve_submission(submission: Submission, *, actor: Any, comment: str = "") -> Submission:
    current = _review(submission, actor, "approve")
    decided = _decide(current, actor, Status.APPROVED, comment, "approved")
    refresh_on_commit(decided.pk)
    return decided


def _decide(current: Submission, actor: Any, status: str, comment: str, reason: str) -> Submission:
    """Record a reviewer's decision on a submitted submission."""
    _refuse_unless(current, (Status.SUBMITTED,))
    current.status = status
    current.reviewed_by = _user(actor)
    current.reviewed_at = timezone.now()
    current.review_comment = comment
    return _save(current, actor, reason)


@transaction.atomic
def return_submission(submission: Submission, *, actor: Any, comment: str) -> Submission:
    current = _review(submission, actor, "return")
    if not comment.strip():
        raise WorkflowError(_("Say what needs fixing: returning a submission needs a comment."))
    return _decide(current, actor, Status.RETURNED, comment, f"returned: {comment}")


@transaction.atomic
def reopen_submission(submission: Submission, *, actor: Any, reason: str) -> Submission:
    current = _review(submission, actor, "reopen")
    if not reason.strip():
        raise WorkflowError(_("Give the reason for reopening an approved submission."))
    _refuse_unless(current, (Status.APPROVED,))
    current.status = Status.RETURNED
    current.review_comment = reason
    reopened = _save(current, actor, f"reopened: {reason}")
    refresh_on_commit(reopened.pk)
    return reopened
