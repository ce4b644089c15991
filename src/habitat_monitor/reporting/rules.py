"""Who may see and change submissions.

A focal point reads and writes only its offices' submissions; an M&E officer
reviews (approves, returns, reopens) but never a submission they submitted
(checked in the service); viewers see approved submissions only; the public
sees none here (published figures reach it through the portal).
"""

from typing import Any

import rules

from habitat_monitor.core.permissions import (
    is_admin,
    is_focal_point,
    is_me_officer,
    is_office_member,
    is_plan_author,
    is_viewer,
)


@rules.predicate
def is_member_of_submission_office(user: Any, submission: Any) -> bool:
    return submission is not None and is_office_member(user, submission.office)


@rules.predicate
def is_approved(user: Any, submission: Any) -> bool:
    return submission is not None and submission.status == "approved"


is_reviewer = is_admin | is_me_officer

rules.add_perm(
    "reporting.view_submission",
    is_reviewer
    | is_plan_author
    | (is_focal_point & is_member_of_submission_office)
    | (is_viewer & is_approved),
)
rules.add_perm(
    "reporting.change_submission", is_admin | (is_focal_point & is_member_of_submission_office)
)
rules.add_perm("reporting.review_submission", is_reviewer)
rules.add_perm("reporting.add_assignment", is_reviewer)
