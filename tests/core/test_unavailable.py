"""A database that cannot be reached (the stack benchmark restarts PostgreSQL under
load) is answered 503 with Retry-After and "nothing was saved", on pages and in the
API, in the visitor's language; other errors stay 500."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client


@pytest.fixture
def database_down(content: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every new cursor fails as it does while PostgreSQL restarts."""

    def refuse(self: BaseDatabaseWrapper, *args: Any, **kwargs: Any) -> Any:
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patched:
        patched.setattr(BaseDatabaseWrapper, "cursor", refuse)
        yield


def test_a_page_says_try_again(database_down: None) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/offices/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == "5" and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Service unavailable" in page and "Nothing was saved" in page
    chinese = client.get("/offices/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Nothing was saved" not in chinese and "<h1>" in chinese


def test_the_api_answers_a_problem(database_down: None) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/plans")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    problem = response.json()
    assert problem["status"] == 503 and "Nothing was saved" in problem["detail"]


def test_other_errors_stay_500(content: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: BaseDatabaseWrapper, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug, not an outage")

    client = Client(raise_request_exception=False)
    with monkeypatch.context() as patched:
        patched.setattr(BaseDatabaseWrapper, "cursor", broken)
        response = client.get("/offices/")
    assert response.status_code == 500


def test_a_token_request_inside_the_api_answers_a_problem(database_down: None) -> None:
    """The failure comes inside the API (looking up the token), not in a middleware."""
    from habitat_monitor.api.services import SCHEME

    client = Client(raise_request_exception=False)
    token = f"Bearer {SCHEME}{'a' * 40}"
    response = client.post("/api/v1/submissions/1/submit", HTTP_AUTHORIZATION=token)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "Nothing was saved" in response.json()["detail"]
