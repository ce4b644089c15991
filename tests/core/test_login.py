"""Signing in: real password check, lock-out after repeated failures."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD, make_user


def test_sign_in_with_the_right_password(db: None, client: Client) -> None:
    """The right password signs the user in and returns them to the home page."""
    user = make_user()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_repeated_failures_lock_the_account(db: None, client: Client) -> None:
    """After the allowed number of failures even the right password is refused."""
    user = make_user()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_explained(db: None, client: Client) -> None:
    """A wrong password shows a clear message on the form."""
    user = make_user()
    response = client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "didn't match" in response.content.decode()
