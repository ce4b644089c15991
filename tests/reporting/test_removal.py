"""Removing a reported value: only by who may write, only while editable, audited."""

from __future__ import annotations

from typing import Any

import pytest

from habitat_monitor.reporting.errors import UnknownValues, WorkflowError
from habitat_monitor.reporting.models import Submission, Value
from habitat_monitor.reporting.queries import submission_audit
from habitat_monitor.reporting.services.values import remove_values, save_values
from tests.factories import MATRIX_ROLES, client_for, user_for_role
from tests.reporting.conftest import rows

WRITES = {role: role in ("focal_own", "admin") for role in MATRIX_ROLES}


def _kenya(status: str) -> Submission:
    found = Submission.objects.filter(office__code="KEN", status=status).first()
    assert found is not None
    return found


def test_a_removed_value_keeps_its_story(draft: Submission, focal: Any) -> None:
    """The history of a removed value: added (by the batch), removed (who, why)."""
    code = draft.office.assignments.filter(period=draft.period).first().indicator.code
    save_values(draft, rows({"indicator": code, "value": "7"}), actor=focal, reason="typed")
    value = draft.values.get()
    assert remove_values(draft, [value.pk], actor=focal, reason="wrong indicator") == 1
    assert not draft.values.exists()
    kinds = [
        (r.history_type, r.history_user_id, r.history_change_reason, r.value)
        for r in Value.history.filter(id=value.pk).order_by("history_id")
    ]
    assert kinds == [("+", focal.pk, "typed", 7.0), ("-", focal.pk, "wrong indicator", 7.0)]
    entries = submission_audit(draft)["values"]
    assert [e["kind"] for e in entries] == ["created", "deleted"]


def test_unknown_or_locked_values_are_refused_and_nothing_goes(
    draft: Submission, focal: Any
) -> None:
    other = _kenya("approved").values.first()
    with pytest.raises(UnknownValues):
        remove_values(draft, [other.pk], actor=focal)
    approved = _kenya("approved")
    with pytest.raises(WorkflowError):
        remove_values(approved, [approved.values.first().pk], actor=user_for_role("admin"))
    assert Value.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("role", MATRIX_ROLES)
@pytest.mark.parametrize("via", ["page", "api"])
def test_removing_values_by_role(content: None, role: str, via: str) -> None:
    """Only Kenya's focal point (and an administrator) may remove Kenya's values."""
    submission = _kenya("returned")
    value = submission.values.first()
    client = client_for(user_for_role(role))
    if via == "page":
        url = f"/reporting/submissions/{submission.pk}/values/{value.pk}/remove/"
        response = client.post(url, {"reason": "duplicate"})
    else:
        response = client.delete(f"/api/v1/submissions/{submission.pk}/values/{value.pk}")
    gone = not Value.objects.filter(pk=value.pk).exists()
    if WRITES[role]:
        assert response.status_code in (204, 302), response.content
        assert gone
    else:
        assert response.status_code in (302, 401, 403), response.status_code
        assert not gone
        if response.status_code == 302:
            assert "/login" in response["Location"] or "/accounts/" in response["Location"]


def test_the_page_offers_removal_only_while_editable(content: None) -> None:
    client = client_for(user_for_role("focal_own"))
    returned = client.get(f"/reporting/submissions/{_kenya('returned').pk}/").content.decode()
    approved = client.get(f"/reporting/submissions/{_kenya('approved').pk}/").content.decode()
    assert "/remove/" in returned and "/remove/" not in approved
