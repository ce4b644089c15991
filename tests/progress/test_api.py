"""The progress API: the same numbers as the pages' twins, and corrective actions that
only M&E officers write (403 and nothing changed for the others, 422 per field)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from habitat_monitor.progress.models import CorrectiveAction
from tests.factories import MATRIX_ROLES, client_for, user_for_role

ALLOWED = {"officer", "admin"}
PAIRS = [
    ("/api/v1/progress", "/progress.json"),
    ("/api/v1/progress?year=2020", "/progress.json?year=2020"),
    ("/api/v1/progress/domains/2", "/progress/domains/2.json"),
    ("/api/v1/progress/outcomes/3.1?year=2021", "/progress/outcomes/3.1.json?year=2021"),
    ("/api/v1/progress/indicators/X1", "/progress/indicators/X1.json"),
    ("/api/v1/progress/offices/PAC?year=2020", "/progress/offices/PAC.json?year=2020"),
    ("/api/v1/progress/countries/FJI", "/progress/countries/FJI.json"),
]
ACTION = {
    "indicator": "D2",
    "cause": "Survey delayed",
    "action": "Run it in the dry season",
    "owner": "Kenya country office",
    "due_date": "2023-03-31",
}


def _post(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/progress/actions", body, content_type="application/json")


def _patch(client: Client, pk: int, body: dict[str, Any]) -> Any:
    return client.patch(f"/api/v1/progress/actions/{pk}", body, content_type="application/json")


@pytest.mark.parametrize(("api", "page"), PAIRS)
def test_api_gives_the_numbers_of_the_page(
    content: None, client: Client, api: str, page: str
) -> None:
    response = client.get(api, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.json() == client.get(page, HTTP_ACCEPT_LANGUAGE="en").json()


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/progress/indicators/NOPE", 404),
        ("/api/v1/progress/domains/9", 404),
        ("/api/v1/progress/outcomes/9.9", 404),
        ("/api/v1/progress/offices/NOPE", 404),
        ("/api/v1/progress/countries/XXX", 404),
        ("/api/v1/progress?year=1999", 404),
        ("/api/v1/progress?year=soon", 422),
    ],
)
def test_unknown_codes_and_years(content: None, client: Client, url: str, status: int) -> None:
    assert client.get(url).status_code == status


def test_the_api_is_documented(content: None, client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/progress", "/api/v1/progress/indicators/{code}"} <= set(paths)
    assert {"get", "post"} <= set(paths["/api/v1/progress/actions"])
    assert "patch" in paths["/api/v1/progress/actions/{pk}"]


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_only_officers_write_actions(content: None, role: str) -> None:
    """Record and change: officers and administrators; anyone else 403 (anonymous 401),
    nothing written."""
    item = _post(client_for(user_for_role("officer")), ACTION).json()
    client = client_for(user_for_role(role))
    recorded = _post(client, ACTION)
    changed = _patch(client, item["id"], {"status": "done", "reason": "finished"})
    stored = CorrectiveAction.objects.get(pk=item["id"])
    if role in ALLOWED:
        assert recorded.status_code == 201 and changed.status_code == 200
        assert CorrectiveAction.objects.count() == 2 and stored.status == "done"
        assert changed.json()["status"] == "done"
        return
    expected = 401 if role == "anonymous" else 403
    assert recorded.status_code == expected and changed.status_code == expected
    assert CorrectiveAction.objects.count() == 1 and stored.status == "planned"
    if role != "anonymous":
        assert recorded.json()["status"] == 403


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_signed_in_roles_read_actions(content: None, role: str) -> None:
    _post(client_for(user_for_role("officer")), ACTION)
    response = client_for(user_for_role(role)).get("/api/v1/progress/actions")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert [row["indicator"] for row in response.json()["items"]] == ["D2"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cause": ""}, "cause"),
        ({"status": "finished"}, "status"),
        ({"office": "NOPE"}, "office"),
        ({"indicator": "NOPE"}, "indicator"),
        ({"due_date": "31/03/2023"}, "due_date"),
    ],
)
def test_bad_fields_are_422_and_nothing_is_written(
    content: None, change: dict[str, str], field: str
) -> None:
    response = _post(client_for(user_for_role("officer")), {**ACTION, **change})
    assert response.status_code == 422
    assert field in str(response.json()["detail"])
    assert not CorrectiveAction.objects.exists()


def test_patch_changes_only_what_is_sent_and_is_audited(content: None) -> None:
    officer = user_for_role("officer")
    client = client_for(officer)
    item = _post(client, {**ACTION, "office": "KEN", "year": 2021}).json()
    assert item["office"] == "KEN" and item["year"] == 2021
    response = _patch(client, item["id"], {"follow_up": "Started", "reason": "monthly check"})
    assert response.status_code == 200
    stored = CorrectiveAction.objects.get(pk=item["id"])
    assert (stored.follow_up, stored.owner, stored.status) == (
        "Started",
        ACTION["owner"],
        "planned",
    )
    latest = stored.history.latest()
    assert latest.history_user == officer and latest.history_change_reason == "monthly check"
    bad = _patch(client, item["id"], {"status": "finished"})
    assert bad.status_code == 422 and "status" in bad.json()["detail"]
    assert _patch(client, 999999, {"status": "done"}).status_code == 404


def test_an_action_from_the_api_shows_on_the_indicator_page(content: None) -> None:
    item = _post(client_for(user_for_role("officer")), ACTION).json()
    viewer = client_for(user_for_role("viewer"))
    html = viewer.get("/progress/indicators/D2/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ACTION["action"] in html and f'id="action-{item["id"]}-title"' in html
    filtered = viewer.get("/api/v1/progress/actions?open=true&indicator=G1").json()
    assert filtered["items"] == [] and filtered["count"] == 0
    one = viewer.get(f"/api/v1/progress/actions/{item['id']}").json()
    assert one["id"] == item["id"] and one["action"] == ACTION["action"]
    assert client_for(None).get(f"/api/v1/progress/actions/{item['id']}").status_code == 401
