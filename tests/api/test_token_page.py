"""The API tokens page: a signed-in user creates, sees (never again the secret) and
revokes their own tokens, and no one else's."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from habitat_monitor.api.models import ApiToken
from habitat_monitor.api.services import create_token, digest_of
from tests.api.helpers import API, bearer
from tests.factories import client_for, user_for_role

pytestmark = [pytest.mark.django_db]
PAGE = "/account/tokens/"
SECRET = re.compile(r'<code id="new-token">(hm_[A-Za-z0-9_-]+)</code>')


def test_the_page_needs_an_account(content: None) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_create_see_once_and_revoke(content: None) -> None:
    viewer = user_for_role("viewer")
    client = client_for(viewer)
    created = client.post(PAGE, {"name": "my script", "days": "30"}, HTTP_ACCEPT_LANGUAGE="en")
    assert created.status_code == 200 and "no-store" in created["Cache-Control"]
    secret = SECRET.search(created.content.decode()).group(1)
    token = ApiToken.objects.get(digest=digest_of(secret))
    assert token.user == viewer and token.name == "my script" and token.expires_at
    assert Client().get(f"{API}/submissions", **bearer(secret)).status_code == 200
    listed = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert secret not in listed and token.prefix in listed and "my script" in listed
    revoked = client.post(f"{PAGE}{token.pk}/revoke/")
    assert revoked.status_code == 302
    assert Client().get(f"{API}/submissions", **bearer(secret)).status_code == 401
    assert token.history.latest().history_user == viewer


def test_others_tokens_are_out_of_reach(content: None) -> None:
    owner, other = user_for_role("viewer"), user_for_role("viewer")
    token = create_token(owner, actor=owner).token
    page = client_for(other).get(PAGE).content.decode()
    assert token.prefix not in page
    assert client_for(other).post(f"{PAGE}{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_bad_input_is_shown_on_the_form(content: None) -> None:
    client = client_for(user_for_role("viewer"))
    response = client.post(PAGE, {"name": "x", "days": "0"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert "greater than or equal to 1" in response.content.decode()
