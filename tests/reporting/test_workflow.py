"""The workflow: submit, approve, return, resubmit, reopen; audited; nobody approves
their own submission."""

from __future__ import annotations

from typing import Any

import pytest

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.core.roles import Role
from habitat_monitor.plans.models import Indicator
from habitat_monitor.reporting.errors import WorkflowError
from habitat_monitor.reporting.models import Submission
from habitat_monitor.reporting.services import workflow
from habitat_monitor.reporting.services.values import save_values
from tests.factories import make_user
from tests.reporting.conftest import rows


def _fill(submission: Submission, actor: Any) -> None:
    code = (
        Indicator.objects.filter(
            plan__code="UNH-SP-2020-2023", measure="percent", frequency="annual"
        )
        .exclude(aggregation="none")
        .first()
        .code
    )
    save_values(submission, rows({"indicator": code, "value": "50"}), actor=actor)


def test_full_cycle_is_audited(draft: Submission, focal: Any, officer: Any) -> None:
    """draft -> submitted -> returned -> submitted -> approved -> reopened, each step
    recorded with who and why."""
    _fill(draft, focal)
    workflow.submit_submission(draft, actor=focal)
    workflow.return_submission(draft, actor=officer, comment="Check the survey year.")
    workflow.submit_submission(draft, actor=focal)
    workflow.approve_submission(draft, actor=officer)
    workflow.reopen_submission(draft, actor=officer, reason="New census data.")
    draft.refresh_from_db()
    assert draft.status == "returned"
    steps = list(
        draft.history.order_by("history_id").values_list(
            "status", "history_user_id", "history_change_reason"
        )
    )
    assert steps[1:] == [
        ("submitted", focal.pk, "submitted"),
        ("returned", officer.pk, "returned: Check the survey year."),
        ("submitted", focal.pk, "submitted"),
        ("approved", officer.pk, "approved"),
        ("returned", officer.pk, "reopened: New census data."),
    ]


def test_nobody_approves_their_own_submission(draft: Submission) -> None:
    """An M&E officer who is also the office's focal point cannot approve what they sent."""
    both = make_user(role=Role.ME_OFFICER, offices=("EGY",))
    both.groups.add(*make_user(role=Role.FOCAL_POINT).groups.all())
    _fill(draft, both)
    workflow.submit_submission(draft, actor=both)
    with pytest.raises(NotAllowed, match="submitted"):
        workflow.approve_submission(draft, actor=both)
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_focal_point_cannot_approve(draft: Submission, focal: Any) -> None:
    _fill(draft, focal)
    workflow.submit_submission(draft, actor=focal)
    with pytest.raises(NotAllowed):
        workflow.approve_submission(draft, actor=focal)


def test_steps_out_of_order_are_explained(draft: Submission, focal: Any, officer: Any) -> None:
    """Approving a draft, returning without a comment, reopening without a reason,
    submitting an empty draft: each refused with the reason."""
    with pytest.raises(WorkflowError, match="nothing to submit"):
        workflow.submit_submission(draft, actor=focal)
    _fill(draft, focal)
    with pytest.raises(WorkflowError, match="draft"):
        workflow.approve_submission(draft, actor=officer)
    workflow.submit_submission(draft, actor=focal)
    with pytest.raises(WorkflowError, match="comment"):
        workflow.return_submission(draft, actor=officer, comment=" ")
    workflow.approve_submission(draft, actor=officer)
    with pytest.raises(WorkflowError, match="already approved"):
        workflow.approve_submission(draft, actor=make_user(role=Role.ME_OFFICER))
    with pytest.raises(WorkflowError, match="reason"):
        workflow.reopen_submission(draft, actor=officer, reason="")


def test_demo_data_shows_every_state(content: None) -> None:
    """The demo has approved, submitted, returned and draft submissions, all illustrative."""
    states = set(Submission.objects.values_list("status", flat=True))
    assert {"approved", "submitted", "returned", "draft"} <= states
    assert Submission.objects.get(office__code="KEN", period__code="2022").status == "returned"
    assert not Submission.objects.filter(illustrative=False).exists()


def test_a_long_comment_is_kept_whole(draft: Submission, focal: Any, officer: Any) -> None:
    """The reviewer's full comment stays on the submission; the audit reason is shortened."""
    _fill(draft, focal)
    workflow.submit_submission(draft, actor=focal)
    comment = "Please check " + "the household survey figures " * 20
    workflow.return_submission(draft, actor=officer, comment=comment)
    draft.refresh_from_db()
    assert draft.review_comment == comment
    reason = draft.history.order_by("-history_id").first().history_change_reason
    assert reason.startswith("returned: Please check") and len(reason) <= 100
