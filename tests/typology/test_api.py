"""The typology API: the pages' reads (drafts hidden from the public), writes through
the services for every role (allowed: 2xx and audited; refused: 401/403 and nothing
changed), 422 with every problem, and classifying without saving."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from habitat_monitor.typology.models import Assessment, AssessmentRound
from tests.audit import history_count
from tests.factories import MATRIX_ROLES, client_for, user_for_role
from tests.typology.conftest import make_assessment
from tests.typology.helpers import raw, score_map

pytestmark = pytest.mark.django_db

STAFF = ("officer", "author", "admin")
MAY_ASSESS_KENYA = {role: role in ("focal_own", *STAFF) for role in MATRIX_ROLES}
MAY_REVIEW = {role: role in STAFF for role in MATRIX_ROLES}


def _demo(country: str, round_code: str = "2019-ALL") -> Assessment:
    return Assessment.objects.get(round__code=round_code, country__alpha3=country, city=None)


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json")


def _refused(response: Any, role: str) -> None:
    assert response.status_code == (401 if role == "anonymous" else 403), response.content


def test_rounds_give_the_counts_of_the_page(content: None) -> None:
    client = client_for(None)
    api = client.get("/api/v1/typology/rounds", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 200
    page = client.get("/typology.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert api.json()["items"] == page["rounds"]
    categories = client.get("/api/v1/typology/categories", HTTP_ACCEPT_LANGUAGE="en").json()
    assert categories["items"] == page["categories"]
    rounds = {row["code"]: row for row in api.json()["items"]}
    assert (rounds["2019-ALL"]["final"], rounds["2019-ALL"]["drafts"]) == (15, 0)
    assert [c["count"] for c in rounds["2019-ALL"]["by_category"]] == [1, 1, 3, 2, 8]


@pytest.mark.parametrize("role", ["anonymous", "viewer", "officer"])
def test_a_round_lists_drafts_only_for_staff(content: None, role: str) -> None:
    client = client_for(user_for_role(role))
    data = client.get("/api/v1/typology/rounds/2019-ALL").json()
    rows = {row["country"]: row for row in data["assessments"] if row["city"] is None}
    assert ("PHL" in rows) == (role == "officer")
    assert data["drafts"] == (1 if role == "officer" else 0)
    jordan = rows["JOR"]
    assert (jordan["category"], jordan["computed_category"], jordan["rule"]) == (
        5,
        2,
        "frameworks-partial",
    )
    assert jordan["override_category"] == 5 and jordan["override_reason"]
    assert jordan["illustrative"] is True and isinstance(jordan["secondary"], list)
    nairobi = next(row for row in data["assessments"] if row["city"] == "Nairobi")
    assert nairobi["country"] == "KEN"
    assert client.get("/api/v1/typology/rounds/NOPE").status_code == 404


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_an_assessment_and_drafts(content: None, role: str) -> None:
    client = client_for(user_for_role(role))
    jordan = client.get(f"/api/v1/typology/assessments/{_demo('JOR').pk}")
    assert jordan.status_code == 200
    data = jordan.json()
    assert data["scores"]["financing"] == 2 and "scores" in data["classification"]
    assert data["classification"]["rule"] == "frameworks-partial"
    assert data["explanation"][0]["text"].startswith("Category 2, by rule frameworks-partial")
    assert isinstance(data["evidence"], dict)
    draft = client.get(f"/api/v1/typology/assessments/{_demo('PHL').pk}")
    if MAY_REVIEW[role]:
        assert draft.status_code == 200
    else:
        assert draft.status_code == (404 if role == "anonymous" else 403)
    assert client.get("/api/v1/typology/assessments/999999").status_code == 404


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_create(test_round: AssessmentRound, role: str) -> None:
    user = user_for_role(role)
    body = {**raw(scores=score_map(capacity=(3, 1))), "country": "KEN", "reason": "mission"}
    response = _post(
        client_for(user), f"/api/v1/typology/rounds/{test_round.code}/assessments", body
    )
    created = Assessment.objects.filter(round=test_round)
    if MAY_ASSESS_KENYA[role]:
        assert response.status_code == 201, response.content
        data = response.json()
        assert (data["status"], data["category"], data["rule"]) == ("draft", 2, "capacity-weak")
        assessment = created.get()
        latest = assessment.history.latest()
        assert latest.history_user_id == user.pk and latest.history_change_reason == "mission"
        assert assessment.assessor_id == user.pk
    else:
        _refused(response, role)
        assert not created.exists()


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_update_a_draft(test_round: AssessmentRound, officer: Any, role: str) -> None:
    kenya = make_assessment(test_round, actor=officer)
    before = history_count(kenya)
    user = user_for_role(role)
    shocks = [{"kind": "natural", "severity": 4, "ongoing": True}]
    response = client_for(user).patch(
        f"/api/v1/typology/assessments/{kenya.pk}",
        {"shocks": shocks, "reason": "cyclone"},
        content_type="application/json",
    )
    kenya.refresh_from_db()
    if MAY_ASSESS_KENYA[role]:
        assert response.status_code == 200, response.content
        assert (kenya.category, kenya.rule) == (5, "shock-or-crisis")
        assert kenya.social_inclusion and kenya.scores == score_map()  # the rest stays
        latest = kenya.history.latest()
        assert latest.history_user_id == user.pk and latest.history_change_reason == "cyclone"
    else:
        assert response.status_code in ((401, 403) if role != "anonymous" else (401,))
        assert kenya.category == 3 and history_count(kenya) == before


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_finalise(content: None, role: str) -> None:
    draft = _demo("PHL")
    before = history_count(draft)
    user = user_for_role(role)
    response = _post(client_for(user), f"/api/v1/typology/assessments/{draft.pk}/finalise")
    draft.refresh_from_db()
    if MAY_REVIEW[role]:
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "final"
        assert (draft.status, draft.reviewer_id) == ("final", user.pk)
        assert draft.history.latest().history_user_id == user.pk
    else:
        _refused(response, role)
        assert draft.status == "draft" and history_count(draft) == before


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_override(content: None, role: str) -> None:
    egypt = _demo("EGY")
    before = history_count(egypt)
    user = user_for_role(role)
    body = {"category": 4, "reason": "tourism sector needs expertise"}
    response = _post(client_for(user), f"/api/v1/typology/assessments/{egypt.pk}/override", body)
    egypt.refresh_from_db()
    if MAY_REVIEW[role]:
        assert response.status_code == 200, response.content
        assert response.json()["category"] == 4
        assert (egypt.override_category, egypt.override_reason) == (4, body["reason"])
        latest = egypt.history.latest()
        assert latest.history_user_id == user.pk
        assert latest.history_change_reason == "override: tourism sector needs expertise"
    else:
        _refused(response, role)
        assert egypt.override_category is None and history_count(egypt) == before


def test_override_needs_a_reason(content: None) -> None:
    egypt = _demo("EGY")
    before = history_count(egypt)
    client = client_for(user_for_role("officer"))
    url = f"/api/v1/typology/assessments/{egypt.pk}/override"
    empty = _post(client, url, {"category": 4, "reason": "  "})
    assert empty.status_code == 422
    assert [p["field"] for p in empty.json()["detail"]] == ["reason"]
    assert _post(client, url, {"category": 4}).status_code == 422
    unknown = _post(client, url, {"category": 9, "reason": "why not"})
    assert [p["field"] for p in unknown.json()["detail"]] == ["category"]
    assert history_count(egypt) == before


def test_bad_scores_are_422_with_every_problem(test_round: AssessmentRound) -> None:
    client = client_for(user_for_role("officer"))
    scores = {**score_map(), "governance": 5, "financing": "high", "innovaton": 2}
    del scores["capacity_local"]
    body = {**raw(scores=scores, social_inclusion=""), "country": "KEN", "colour": "red"}
    response = _post(client, f"/api/v1/typology/rounds/{test_round.code}/assessments", body)
    assert response.status_code == 422
    problems = {p["field"]: p["message"] for p in response.json()["detail"]}
    assert set(problems) == {
        "scores.governance",
        "scores.financing",
        "scores.innovaton",
        "scores.capacity_local",
        "social_inclusion",
        "colour",
    }
    assert problems["scores.governance"] == (
        "governance: the score must be a whole number from 0 to 4, not 5."
    )
    assert not Assessment.objects.filter(round=test_round).exists()


def test_bad_place_and_conflicts(test_round: AssessmentRound, officer: Any) -> None:
    client = client_for(user_for_role("officer"))
    url = f"/api/v1/typology/rounds/{test_round.code}/assessments"
    nowhere = _post(client, url, {**raw(), "country": "XXX"})
    assert nowhere.status_code == 422 and nowhere.json()["detail"][0]["field"] == "country"
    mumbai = _post(client, url, {**raw(), "country": "KEN", "city": "Mumbai"})
    assert mumbai.status_code == 422 and mumbai.json()["detail"][0]["field"] == "city"
    nairobi = _post(client, url, {**raw(), "country": "KEN", "city": "Nairobi"})
    assert nairobi.status_code == 201 and nairobi.json()["city"] == "Nairobi"
    make_assessment(test_round, actor=officer)
    assert _post(client, url, {**raw(), "country": "KEN"}).status_code == 409
    final = _demo("EGY")
    patched = client.patch(
        f"/api/v1/typology/assessments/{final.pk}", {"priorities": []}, "application/json"
    )
    assert patched.status_code == 409
    assert _post(client, f"/api/v1/typology/assessments/{final.pk}/finalise").status_code == 409
    assert (
        _post(
            client, "/api/v1/typology/rounds/NOPE/assessments", {**raw(), "country": "KEN"}
        ).status_code
        == 404
    )


def _scores_used(explanation: list[dict[str, Any]]) -> set[str]:
    text = explanation[-1]["text"]
    assert text.startswith("Scores used: ")
    return set(text.removeprefix("Scores used: ").rstrip(".").split(", "))


@pytest.mark.parametrize("country", ["JOR", "SOM", "IND", "EGY"])
def test_classify_gives_the_category_of_the_page(content: None, country: str) -> None:
    assessment = _demo(country)
    body = {
        name: getattr(assessment, name)
        for name in ("scores", "evidence", "sector_challenges", "shocks", "priorities")
    }
    body["social_inclusion"] = assessment.social_inclusion
    before = Assessment.objects.count()
    response = _post(client_for(None), "/api/v1/typology/classify", body)
    assert response.status_code == 200, response.content
    page = client_for(None).get(f"/typology/assessments/{assessment.pk}.json").json()
    data = response.json()
    assert data["category"] == page["computed_category"] == assessment.category
    assert data["rule"] == page["rule"]
    assert data["classification"] == assessment.explanation
    # PostgreSQL's jsonb keeps the stored scores in its own key order, so the last
    # line ("Scores used: ...") may list them in another order on the page.
    assert data["explanation"][:-1] == page["explanation"][:-1]
    assert _scores_used(data["explanation"]) == _scores_used(page["explanation"])
    assert Assessment.objects.count() == before


def test_classify_rejects_bad_scores(content: None) -> None:
    response = _post(
        client_for(None), "/api/v1/typology/classify", raw(scores={**score_map(), "governance": -1})
    )
    assert response.status_code == 422
    assert [p["field"] for p in response.json()["detail"]] == ["scores.governance"]


def test_the_api_is_documented(content: None) -> None:
    paths = client_for(None).get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/typology/rounds", "/api/v1/typology/classify"} <= set(paths)
    assert {"get", "patch"} <= set(paths["/api/v1/typology/assessments/{pk}"])
