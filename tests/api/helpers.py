"""API test helpers: tokens made through the service, clients that send them."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from habitat_monitor.api.services import create_token
from habitat_monitor.core.actors import SYSTEM

API = "/api/v1"


def secret_for(user: Any, **options: Any) -> str:
    """A new token's secret for ``user`` (made as the system, like the command)."""
    return create_token(user, actor=SYSTEM, **options).secret


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def send(client: Client, method: str, url: str, body: Any = None, **headers: Any) -> Any:
    """A JSON request (``body`` encoded as JSON when given)."""
    call = getattr(client, method.lower())
    if body is None:
        return call(url, **headers)
    return call(url, data=json.dumps(body), content_type="application/json", **headers)


def is_problem(response: Any, status: int) -> bool:
    """The response is a JSON problem with this status."""
    body = response.json()
    return (
        response.status_code == status
        and response["Content-Type"].startswith("application/json")
        and body["status"] == status
        and bool(body["title"])
        and "detail" in body
    )
