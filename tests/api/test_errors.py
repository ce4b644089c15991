"""Every error is a JSON problem (status, title, detail), never an HTML page."""

from __future__ import annotations

import pytest
from django.test import Client

from habitat_monitor.reporting.models import Submission
from tests.api.helpers import API, bearer, is_problem, secret_for, send
from tests.factories import client_for, user_for_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/nothing/here", 404),
        ("/indicators/NOPE", 404),
        ("/submissions/1", 401),
        ("/indicators?limit=nope", 422),
        ("/values/0", 422),
        ("/values?year=99999", 422),
        ("/offices/K%00EN", 400),
        ("/indicators?q=%00", 400),
    ],
)
def test_reads(content: None, client: Client, url: str, status: int) -> None:
    assert is_problem(client.get(f"{API}{url}"), status)


def test_writes(content: None) -> None:
    focal = client_for(user_for_role("focal_own"))
    submission = Submission.objects.filter(office__code="KEN", status="approved").first()
    url = f"{API}/submissions/{submission.pk}/values"
    locked = send(focal, "post", url, {"values": [{"indicator": "G1", "value": 1}]})
    assert is_problem(locked, 409), locked.content
    broken = focal.post(url, data="{not json", content_type="application/json")
    assert is_problem(broken, 400)
    nul = send(focal, "post", url, {"values": [{"indicator": "G1\u0000", "value": 1}]})
    assert is_problem(nul, 400)
    missing = send(focal, "post", url, {"nothing": []})
    assert is_problem(missing, 422) and missing.json()["detail"][0]["loc"]
    officer = client_for(user_for_role("officer"))
    approved = send(officer, "post", f"{API}/submissions/{submission.pk}/approve", {})
    assert is_problem(approved, 409)
    other = send(Client(), "post", f"{API}/typology/classify", {"scores": "x"})
    assert is_problem(other, 422)


def test_a_body_over_the_limit_is_413(content: None, settings: object) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100  # type: ignore[attr-defined]
    focal = client_for(user_for_role("focal_own"))
    body = {"values": [{"indicator": "G1", "value": 1, "note": "x" * 200}]}
    assert is_problem(send(focal, "post", f"{API}/submissions/1/values", body), 413)


def test_a_method_the_address_does_not_take_is_405(content: None, client: Client) -> None:
    response = client.delete(f"{API}/plans")
    assert is_problem(response, 405) and response["Allow"] == "GET"


def test_a_bad_token_on_a_public_read_is_401_not_anonymous(content: None) -> None:
    assert is_problem(Client().get(f"{API}/plans", **bearer("hm_wrong")), 401)
    good = secret_for(user_for_role("viewer"))
    assert Client().get(f"{API}/plans", **bearer(good)).status_code == 200
