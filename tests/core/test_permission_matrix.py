"""Every role against every write we have: pages, API and permission checks.

A forbidden write answers 403 (or sends an anonymous visitor to sign in) and
changes nothing, not even the audit trail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from habitat_monitor.core.roles import Role
from habitat_monitor.geo.models import Office
from tests.audit import assert_audited, history_count
from tests.factories import MATRIX_ROLES, client_for, user_for_role

ROLES = MATRIX_ROLES

# role -> may change the Kenya office
MAY_CHANGE_KENYA = {
    "anonymous": False,
    "viewer": False,
    "focal_own": True,
    "focal_other": False,
    "officer": True,
    "author": False,
    "admin": True,
}
MAY_CHANGE_PLAN = {role: role in ("author", "admin") for role in ROLES}
# The Django admin bypasses the services, so only administrators may open it.
MAY_OPEN_ADMIN = {role: role == "admin" for role in ROLES}
SMALL_PLAN = Path(__file__).resolve().parents[1] / "plans" / "data" / "small-plan.yaml"


def test_matrix_covers_every_role() -> None:
    """The matrix names each role of the platform, plus the anonymous public."""
    covered = {
        "viewer": Role.VIEWER,
        "focal_own": Role.FOCAL_POINT,
        "officer": Role.ME_OFFICER,
        "author": Role.PLAN_AUTHOR,
    }
    assert set(covered.values()) == set(Role)
    assert set(MAY_CHANGE_KENYA) == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_office_edit_page(content: None, role: str) -> None:
    """The edit form saves for allowed roles and is refused, changing nothing, for others."""
    user = user_for_role(role)
    client = client_for(user)
    office = Office.objects.get(code="KEN")
    before = history_count(office)
    response = client.post(
        "/offices/KEN/edit/", {"contact_email": "kenya@example.org", "reason": "new inbox"}
    )
    office.refresh_from_db()
    if MAY_CHANGE_KENYA[role]:
        assert response.status_code == 302
        assert office.contact_email == "kenya@example.org"
        assert_audited(
            office,
            by=user,
            changed={"contact_email": ("", "kenya@example.org")},
            reason="new inbox",
        )
    else:
        expected = 302 if user is None else 403
        assert response.status_code == expected
        if user is None:
            assert response["Location"].startswith("/accounts/login/")
        assert office.contact_email == ""
        assert history_count(office) == before


@pytest.mark.parametrize("role", ROLES)
def test_office_api_patch(content: None, role: str) -> None:
    """PATCH /api/v1/offices/KEN follows the same rule as the page."""
    user = user_for_role(role)
    client = client_for(user)
    office = Office.objects.get(code="KEN")
    before = history_count(office)
    response = client.patch(
        "/api/v1/offices/KEN",
        data=json.dumps({"contact_email": "api@example.org"}),
        content_type="application/json",
    )
    office.refresh_from_db()
    if MAY_CHANGE_KENYA[role]:
        assert response.status_code == 200, response.content
        assert response.json()["contact_email"] == "api@example.org"
        assert_audited(office, by=user, changed={"contact_email": ("", "api@example.org")})
    else:
        assert response.status_code == (401 if user is None else 403)
        assert office.contact_email == ""
        assert history_count(office) == before


@pytest.mark.parametrize("role", ROLES)
def test_plan_and_admin_rights(content: None, role: str) -> None:
    """Only plan authors (and administrators) may change a plan; only administrators
    open the admin."""
    from habitat_monitor.plans.models import Plan

    user = user_for_role(role)
    plan = Plan.objects.get(code="UNH-SP-2020-2023")
    if user is not None:
        assert user.has_perm("plans.change_plan", plan) is MAY_CHANGE_PLAN[role]
    response = client_for(user).get("/admin/")
    assert (response.status_code == 200) is MAY_OPEN_ADMIN[role]


def test_invalid_api_value_is_rejected(content: None) -> None:
    """A malformed e-mail answers 422 with the reason and writes nothing."""
    user = user_for_role("officer")
    office = Office.objects.get(code="KEN")
    before = history_count(office)
    response = client_for(user).patch(
        "/api/v1/offices/KEN",
        data=json.dumps({"contact_email": "not an address"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "contact_email" in response.json()["detail"]
    office.refresh_from_db()
    assert office.contact_email == "" and history_count(office) == before


@pytest.mark.parametrize("role", ROLES)
def test_plan_upload(content: None, role: str) -> None:
    """Loading a plan file from the page: plan authors only; others change nothing."""
    from habitat_monitor.plans.models import Plan

    user = user_for_role(role)
    upload = SimpleUploadedFile("small-plan.yaml", SMALL_PLAN.read_bytes())
    response = client_for(user).post("/plans/upload/", {"file": upload, "load": "1"})
    loaded = Plan.objects.filter(code="TEST-PLAN").exists()
    if MAY_CHANGE_PLAN[role]:
        assert response.status_code == 200
        assert loaded
    else:
        assert response.status_code == (302 if user is None else 403)
        assert not loaded


def test_admin_has_every_model(content: None) -> None:
    """Every model of our apps is in the admin, and its list page opens."""
    from django.apps import apps
    from django.contrib import admin

    client = client_for(user_for_role("admin"))
    for app in ("geo", "plans", "reporting"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            assert admin.site.is_registered(model), model
            meta = model._meta
            response = client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
            assert response.status_code == 200, model
