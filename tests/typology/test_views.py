"""Typology pages and their JSON twins; who may see drafts, override and finalise.

A refused write answers 403 (an anonymous visitor is sent to sign in) and changes
nothing, not even the audit trail.
"""

from __future__ import annotations

from typing import Any

import pytest

from habitat_monitor.typology.models import Assessment, AssessmentRound
from tests.audit import history_count
from tests.factories import MATRIX_ROLES, client_for, user_for_role

pytestmark = pytest.mark.django_db

MAY_OVERRIDE = {role: role in ("officer", "author", "admin") for role in MATRIX_ROLES}
MAY_SEE_DRAFT = {role: role in ("officer", "author", "admin") for role in MATRIX_ROLES}


def _demo(country: str, round_code: str = "2019-ALL") -> Assessment:
    return Assessment.objects.get(round__code=round_code, country__alpha3=country, city=None)


def test_index_page_and_twin_show_the_same_counts(content: None) -> None:
    client = client_for(None)
    page = client.get("/typology/")
    data = client.get("/typology.json").json()
    assert page.status_code == 200
    html = page.content.decode()
    assert '<link rel="alternate" type="application/json" href="/typology.json">' in html
    rounds = {row["code"]: row for row in data["rounds"]}
    # PHL is a draft: the public counts only final assessments.
    assert (rounds["2019-ALL"]["final"], rounds["2019-ALL"]["drafts"]) == (15, 0)
    counts = [cell["count"] for cell in rounds["2019-ALL"]["by_category"]]
    assert counts == [1, 1, 3, 2, 8]
    row = "".join(f'<td class="number">{n}</td>' for n in counts)
    assert row in html
    africa = next(r for r in rounds["2019-ALL"]["by_region"] if r["region"] == "Africa")
    # Ethiopia 1, Kenya 2, Nairobi 4, Mozambique 5 (Somalia is in the Arab States grouping).
    assert [cell["count"] for cell in africa["by_category"]] == [1, 1, 0, 1, 1]
    assert "illustrative" in html


def test_round_page_lists_assessments_and_changes(content: None) -> None:
    client = client_for(None)
    page = client.get("/typology/rounds/2019-ALL/").content.decode()
    data = client.get("/typology/rounds/2019-ALL.json").json()
    jordan = next(row for row in data["assessments"] if row["country"] == "JOR")
    assert (jordan["category"], jordan["computed_category"], jordan["rule"]) == (
        5,
        2,
        "frameworks-partial",
    )
    assert jordan["override_reason"].startswith("Illustrative:")
    assert "frameworks-partial" in page
    assert "overrides 2: Illustrative" in page
    assert "PHL" not in {row["country"] for row in data["assessments"]}
    assert data["previous_round"] == "2019-PILOT"
    india = next(row for row in data["changes"] if row["place"] == "IND")
    assert (india["before"], india["after"], india["change_label"]) == (2, 3, "category changed")
    assert client.get("/typology/rounds/NOPE/").status_code == 404


def test_assessment_page_shows_scores_explanation_and_override_history(content: None) -> None:
    jordan = _demo("JOR")
    client = client_for(None)
    page = client.get(f"/typology/assessments/{jordan.pk}/").content.decode()
    data = client.get(f"/typology/assessments/{jordan.pk}.json").json()
    assert data["category"] == 5
    assert data["explanation"][0]["text"].startswith("Category 2, by rule frameworks-partial")
    details = [d for step in data["explanation"] for d in step["details"]]
    assert "drivers of change: mean of 3, 3, 3, 2 = 2.75, which is ≥ 2 and &lt; 3" not in details
    assert "drivers of change: mean of 3, 3, 3, 2 = 2.75, which is ≥ 2 and < 3" in details
    assert "which is ≥ 2 and &lt; 3" in page
    assert [entry["category"] for entry in data["override_history"]] == [5]
    financing = next(item for item in data["items"] if item["code"] == "financing")
    assert (financing["score"], financing["score_label"]) == (2, "partly in place")
    assert "Override history" in page
    assert "Override the category" not in page  # the public may not override


def test_assessment_page_in_chinese(content: None) -> None:
    client = client_for(None)
    client.cookies["django_language"] = "zh-hans"
    data = client.get(f"/typology/assessments/{_demo('SOM').pk}.json").json()
    assert data["category_title"] == "要求获得支持以应对城市和人类住区冲击带来的风险和影响"
    assert "冲击或危机的严重程度为 3 或以上" in data["explanation"][0]["text"]


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_drafts_are_seen_only_by_those_who_may_assess_them(content: None, role: str) -> None:
    draft = _demo("PHL")
    client = client_for(user_for_role(role))
    response = client.get(f"/typology/assessments/{draft.pk}.json")
    if MAY_SEE_DRAFT[role]:
        assert response.status_code == 200
    else:
        assert response.status_code == (404 if role == "anonymous" else 403)
    listed = {
        row["country"] for row in client.get("/typology/rounds/2019-ALL.json").json()["assessments"]
    }
    assert ("PHL" in listed) == MAY_SEE_DRAFT[role]


def test_a_focal_point_sees_the_drafts_of_the_countries_of_their_office(
    test_round: AssessmentRound, officer: Any
) -> None:
    from tests.typology.conftest import make_assessment

    kenya = make_assessment(test_round, actor=officer)
    assert (
        client_for(user_for_role("focal_own")).get(f"/typology/assessments/{kenya.pk}/").status_code
        == 200
    )
    assert (
        client_for(user_for_role("focal_other"))
        .get(f"/typology/assessments/{kenya.pk}/")
        .status_code
        == 403
    )


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_override_form(content: None, role: str) -> None:
    """Allowed roles override with a reason (audited); others get 403, nothing changed."""
    egypt = _demo("EGY")
    user = user_for_role(role)
    before = history_count(egypt)
    response = client_for(user).post(
        f"/typology/assessments/{egypt.pk}/override/",
        {"category": "4", "reason": "tourism sector needs expertise"},
    )
    egypt.refresh_from_db()
    if MAY_OVERRIDE[role]:
        assert response.status_code == 302
        assert (egypt.override_category, egypt.override_reason) == (
            4,
            "tourism sector needs expertise",
        )
        latest = egypt.history.order_by("-history_id").first()
        assert latest.history_user_id == user.pk
        assert latest.history_change_reason == "override: tourism sector needs expertise"
    else:
        assert response.status_code == (302 if user is None else 403)
        if user is None:
            assert response["Location"].startswith("/accounts/login/")
        assert egypt.override_category is None
        assert history_count(egypt) == before


def test_override_without_a_reason_is_refused(content: None) -> None:
    egypt = _demo("EGY")
    before = history_count(egypt)
    client = client_for(user_for_role("officer"))
    response = client.post(
        f"/typology/assessments/{egypt.pk}/override/", {"category": "4", "reason": ""}, follow=True
    )
    assert "This field is required." in response.content.decode()
    assert history_count(egypt) == before


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_finalise_button(content: None, role: str) -> None:
    draft = _demo("PHL")
    user = user_for_role(role)
    before = history_count(draft)
    response = client_for(user).post(f"/typology/assessments/{draft.pk}/finalise/")
    draft.refresh_from_db()
    if MAY_OVERRIDE[role]:
        assert response.status_code == 302
        assert (draft.status, draft.reviewer_id) == ("final", user.pk)
    else:
        assert response.status_code in ((302, 404) if user is None else (403,))
        assert draft.status == "draft"
        assert history_count(draft) == before


def test_admin_has_every_typology_model(content: None) -> None:
    """Every model of the typology app is in the admin, and its list page opens."""
    from django.apps import apps
    from django.contrib import admin

    client = client_for(user_for_role("admin"))
    models = [
        m
        for m in apps.get_app_config("typology").get_models()
        if not m.__name__.startswith("Historical")
    ]
    assert len(models) == 2
    for model in models:
        assert admin.site.is_registered(model), model
        meta = model._meta
        assert client.get(f"/admin/{meta.app_label}/{meta.model_name}/").status_code == 200
