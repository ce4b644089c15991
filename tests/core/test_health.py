"""``/healthz``: ok when everything answers, degraded or down (503) when not."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from habitat_monitor.progress.store import ensure_fresh
from habitat_monitor.progress.store.refresh import mark_stale


def _health(client: Client) -> tuple[int, dict[str, Any], Any]:
    response = client.get("/healthz")
    return response.status_code, response.json(), response


def test_healthy_install_answers_ok(content: None, client: Client) -> None:
    """With the database, cache and a fresh store, every check is ok: 200, never cached."""
    ensure_fresh()
    status, body, response = _health(client)
    assert status == 200
    assert body["status"] == "ok", body
    assert set(body["checks"]) == {"database", "cache", "analytics_store", "tasks"}
    assert body["checks"]["analytics_store"]["fresh"] is True
    assert body["checks"]["analytics_store"]["age_seconds"] >= 0
    assert response["Cache-Control"] == "no-store"


def test_stale_store_is_degraded_not_down(content: None, client: Client) -> None:
    """A store marked stale still serves (it is repaired on the next read): degraded, 200."""
    ensure_fresh()
    assert mark_stale("testing the health check")
    status, body, _response = _health(client)
    assert status == 200
    assert body["status"] == "degraded"
    assert "testing the health check" in body["checks"]["analytics_store"]["reason"]
    ensure_fresh()


def test_database_down_is_503(
    content: None, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the database cannot be reached the server is down: 503, with the error."""

    def refuse(self: BaseDatabaseWrapper, *args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(BaseDatabaseWrapper, "cursor", refuse)
        status, body, _response = _health(client)
    assert status == 503
    assert body["status"] == "down"
    assert body["checks"]["database"]["status"] == "down"
    assert "connection refused" in body["checks"]["database"]["error"]
    assert body["checks"]["tasks"]["status"] == "unknown"
