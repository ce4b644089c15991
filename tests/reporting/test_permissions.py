"""Who may see and change submissions, for every role, on pages and in the API.

A focal point reads and writes only its offices' submissions; an M&E officer
reviews; viewers see approved submissions only; the public sees none. A refused
request changes nothing.
"""

from __future__ import annotations

import json

import pytest

from habitat_monitor.core.roles import Role
from habitat_monitor.reporting.models import Submission
from tests.factories import MATRIX_ROLES, client_for, make_user, user_for_role

ROLES = MATRIX_ROLES


def _kenya(status: str) -> Submission:
    return Submission.objects.filter(office__code="KEN", status=status).first()


# role -> may see a draft/returned (not approved) submission of Kenya
SEES_UNAPPROVED = {
    "anonymous": False,
    "viewer": False,
    "focal_own": True,
    "focal_other": False,
    "officer": True,
    "author": True,
    "admin": True,
}
SEES_APPROVED = {**SEES_UNAPPROVED, "viewer": True}
WRITES = {role: role in ("focal_own", "admin") for role in ROLES}
REVIEWS = {role: role in ("officer", "admin") for role in ROLES}


@pytest.mark.parametrize("role", ROLES)
def test_seeing_submissions(content: None, role: str) -> None:
    """Pages and API agree on who sees a returned and an approved submission."""
    client = client_for(user_for_role(role))
    for submission, allowed in (
        (_kenya("returned"), SEES_UNAPPROVED[role]),
        (_kenya("approved"), SEES_APPROVED[role]),
    ):
        page = client.get(f"/reporting/submissions/{submission.pk}/")
        api = client.get(f"/api/v1/submissions/{submission.pk}")
        if allowed:
            assert (page.status_code, api.status_code) == (200, 200)
        elif role == "anonymous":
            assert (page.status_code, api.status_code) == (302, 401)
        else:
            assert (page.status_code, api.status_code) == (403, 403)


@pytest.mark.parametrize("role", ROLES)
def test_listing_never_shows_drafts_to_viewers(content: None, role: str) -> None:
    """The API list holds only what the role may see."""
    response = client_for(user_for_role(role)).get("/api/v1/submissions?limit=1000")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.json()["count"] == len(response.json()["items"])
    statuses = {row["status"] for row in response.json()["items"]}
    offices = {row["office"] for row in response.json()["items"]}
    if role == "viewer":
        assert statuses == {"approved"}
    if role == "focal_own":
        assert offices == {"KEN"}
    if role in ("officer", "author", "admin"):
        assert {"draft", "submitted", "returned", "approved"} <= statuses


@pytest.mark.parametrize("role", ROLES)
def test_writing_values(content: None, role: str) -> None:
    """Only Kenya's focal point (and an administrator) may change Kenya's returned values."""
    submission = _kenya("returned")
    value = submission.values.select_related("indicator").filter(disaggregation="").first()
    before = (value.value, value.history.count())
    payload = {"values": [{"indicator": value.indicator.code, "value": str(value.value + 1)}]}
    response = client_for(user_for_role(role)).post(
        f"/api/v1/submissions/{submission.pk}/values",
        data=json.dumps(payload),
        content_type="application/json",
    )
    value.refresh_from_db()
    if WRITES[role]:
        assert response.status_code == 200, response.content
        assert value.value == before[0] + 1
    else:
        assert response.status_code in (401, 403)
        assert (value.value, value.history.count()) == before


@pytest.mark.parametrize("role", ROLES)
def test_approving(content: None, role: str) -> None:
    """Only M&E officers (and administrators) approve; others change nothing."""
    submission = Submission.objects.filter(status="submitted").first()
    response = client_for(user_for_role(role)).post(
        f"/api/v1/submissions/{submission.pk}/approve", data="{}", content_type="application/json"
    )
    submission.refresh_from_db()
    if REVIEWS[role]:
        assert response.status_code == 200
        assert submission.status == "approved"
    else:
        assert response.status_code in (401, 403)
        assert submission.status == "submitted"


def test_api_rejects_bad_values_with_every_problem(content: None) -> None:
    """422 with row, column, value and reason for each bad row; nothing written."""
    submission = _kenya("returned")
    focal = make_user(role=Role.FOCAL_POINT, offices=("KEN",))
    count = submission.values.count()
    payload = {"values": [{"indicator": "NOPE", "value": 1}, {"indicator": "G1", "value": 250}]}
    response = client_for(focal).post(
        f"/api/v1/submissions/{submission.pk}/values",
        data=json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert {(d["row"], d["column"]) for d in detail} >= {(1, "indicator")}
    assert submission.values.count() == count


def test_api_conflict_is_409(content: None) -> None:
    """Approving an approved submission answers 409 with the reason."""
    submission = _kenya("approved")
    response = client_for(user_for_role("officer")).post(
        f"/api/v1/submissions/{submission.pk}/approve", data="{}", content_type="application/json"
    )
    assert response.status_code == 409
    assert "already approved" in response.json()["detail"]


def test_audit_trail_through_the_api(content: None) -> None:
    """GET /submissions/{id}/history gives each step with who and why, as the page does."""
    submission = _kenya("returned")
    response = client_for(user_for_role("officer")).get(
        f"/api/v1/submissions/{submission.pk}/history"
    )
    assert response.status_code == 200
    steps = response.json()["steps"]
    assert [s["snapshot"]["status"] for s in steps][-2:] == ["submitted", "returned"]
    assert steps[-1]["reason"].startswith("returned: Please attach")
    [batch] = response.json()["batches"]
    assert batch["reason"] == "illustrative demo data"
    assert batch["added"] > 0 and batch["who"] == "demo.clerk"
    assert (
        client_for(user_for_role("viewer"))
        .get(f"/api/v1/submissions/{submission.pk}/history")
        .status_code
        == 403
    )
