"""Token authentication for writes: a token acts with its owner's permissions (a
focal point writes its own office's data, not another's), needs no CSRF token, and
stops working when revoked or expired; creating and revoking are audited."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from habitat_monitor.api.models import ApiToken
from habitat_monitor.api.services import create_token, digest_of, revoke_token
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.reporting.models import Submission, Value
from tests.api.helpers import API, bearer, is_problem, secret_for, send
from tests.factories import client_for, user_for_role

pytestmark = pytest.mark.django_db


def _kenya_returned() -> tuple[Submission, Value]:
    submission = Submission.objects.filter(office__code="KEN", status="returned").first()
    assert submission is not None
    value = submission.values.select_related("indicator").filter(disaggregation="").first()
    return submission, value


def _write(client: Client, **headers: Any) -> tuple[Any, Value, float]:
    """Add one to a value of Kenya's returned report; the response, value and old value."""
    submission, value = _kenya_returned()
    before = value.value
    body = {"values": [{"indicator": value.indicator.code, "value": str(before + 1)}]}
    url = f"{API}/submissions/{submission.pk}/values"
    response = send(client, "post", url, body, **headers)
    value.refresh_from_db()
    return response, value, before


def test_a_focal_points_token_writes_its_own_office(content: None) -> None:
    focal = user_for_role("focal_own")
    response, value, before = _write(Client(enforce_csrf_checks=True), **bearer(secret_for(focal)))
    assert response.status_code == 200, response.content
    assert value.value == before + 1
    assert value.history.latest().history_user == focal


def test_a_token_cannot_write_another_office(content: None) -> None:
    response, value, before = _write(Client(), **bearer(secret_for(user_for_role("focal_other"))))
    assert is_problem(response, 403) and value.value == before


@pytest.mark.parametrize("header", [None, "Bearer hm_nope", "Bearer ", "Basic Zm9vOmJhcg=="])
def test_no_valid_token_is_401(content: None, header: str | None) -> None:
    headers = {} if header is None else {"HTTP_AUTHORIZATION": header}
    response, value, before = _write(Client(), **headers)
    assert is_problem(response, 401) and value.value == before
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_expired_and_disabled_tokens_are_refused(content: None) -> None:
    focal = user_for_role("focal_own")
    revoked = create_token(focal, actor=focal, name="old")
    revoke_token(revoked.token, actor=focal)
    expired = create_token(focal, actor=focal, days=1)
    ApiToken.objects.filter(pk=expired.token.pk).update(expires_at=timezone.now())
    for secret in (revoked.secret, expired.secret):
        response, value, before = _write(Client(), **bearer(secret))
        assert is_problem(response, 401) and value.value == before
        assert is_problem(Client().get(f"{API}/plans", **bearer(secret)), 401)
    working = secret_for(focal)
    focal.is_active = False
    focal.save()
    assert is_problem(_write(Client(), **bearer(working))[0], 401)


def test_session_writes_keep_the_csrf_check(content: None) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_for_role("focal_own"))
    response, value, before = _write(client)
    assert is_problem(response, 403) and "CSRF" in response.json()["detail"]
    assert value.value == before


def test_a_token_records_its_last_use_and_stores_no_secret(content: None) -> None:
    issued = create_token(user_for_role("viewer"), actor=user_for_role("admin"), name="ci")
    token = ApiToken.objects.get(pk=issued.token.pk)
    assert token.digest == digest_of(issued.secret) and issued.secret.startswith(token.prefix)
    assert issued.secret not in {token.digest, token.name, token.prefix}
    assert token.last_used_at is None
    assert Client().get(f"{API}/submissions", **bearer(issued.secret)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_creating_and_revoking_are_audited_and_scoped(content: None) -> None:
    viewer, other, admin = (user_for_role(role) for role in ("viewer", "viewer", "admin"))
    issued = create_token(viewer, actor=viewer, name="mine", reason="for my script")
    created = issued.token.history.latest()
    assert created.history_type == "+" and created.history_user == viewer
    assert created.history_change_reason == "for my script"
    with pytest.raises(NotAllowed):
        create_token(viewer, actor=other)
    with pytest.raises(NotAllowed):
        revoke_token(issued.token, actor=other)
    revoke_token(issued.token, actor=admin, reason="left the team")
    revoked = ApiToken.objects.get(pk=issued.token.pk).history.latest()
    assert revoked.revoked_at is not None and revoked.history_user == admin
    assert revoked.history_change_reason == "left the team"
    assert create_token(other, actor=admin).token.user == other


def test_the_command_creates_lists_and_revokes(content: None) -> None:
    focal = user_for_role("focal_own")
    out = io.StringIO()
    call_command("token", "create", "--user", focal.username, "--name", "sync", "--days", "30",
                 stdout=out)  # fmt: skip
    secret = next(line for line in out.getvalue().splitlines() if line.startswith("hm_"))
    assert _write(Client(), **bearer(secret))[0].status_code == 200
    token = ApiToken.objects.get(digest=digest_of(secret))
    assert token.name == "sync" and token.history.latest().history_user is None
    listed = io.StringIO()
    call_command("token", "list", "--user", focal.username, stdout=listed)
    assert token.prefix in listed.getvalue() and secret not in listed.getvalue()
    call_command("token", "revoke", str(token.pk), stdout=io.StringIO())
    assert is_problem(_write(Client(), **bearer(secret))[0], 401)


def test_officer_writes_with_a_token(content: None) -> None:
    """Any write operation takes the token: an officer records a corrective action."""
    body = {"indicator": "D2", "cause": "c", "action": "a", "owner": "o", "due_date": "2023-03-31"}
    secret = secret_for(user_for_role("officer"))
    created = send(Client(), "post", f"{API}/progress/actions", body, **bearer(secret))
    assert created.status_code == 201
    viewer = secret_for(user_for_role("viewer"))
    refused = send(Client(), "post", f"{API}/progress/actions", body, **bearer(viewer))
    assert is_problem(refused, 403)


def test_the_spec_names_both_ways_to_sign_in(content: None, client: Client) -> None:
    spec = client.get(f"{API}/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert {"TokenAuth", "SessionAuth"} <= set(schemes)
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    security = spec["paths"][f"{API}/submissions/{{pk}}/values"]["post"]["security"]
    assert {"TokenAuth": []} in security and {"SessionAuth": []} in security


def test_client_for_session_still_works(content: None) -> None:
    """The pages' session keeps working for the API (the test client skips CSRF)."""
    assert _write(client_for(user_for_role("focal_own")))[0].status_code == 200
