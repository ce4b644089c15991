"""Pagination on every list, and conditional GET (ETag, 304, Cache-Control)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from habitat_monitor.api.pagination import MAX_LIMIT
from tests.api.helpers import API, bearer, secret_for, send
from tests.factories import client_for, user_for_role

pytestmark = pytest.mark.django_db


def _list_paths(client: Client) -> list[str]:
    """Every GET of the spec whose answer is a page (items and count), without
    path parameters."""
    spec = client.get(f"{API}/openapi.json").json()
    found = []
    for path, item in spec["paths"].items():
        operation = item.get("get")
        if operation is None or "{" in path:
            continue
        content = operation["responses"]["200"].get("content", {})
        schema = content.get("application/json", {}).get("schema", {})
        ref = schema.get("$ref", "").rsplit("/", 1)[-1]
        properties = spec["components"]["schemas"].get(ref, {}).get("properties", {})
        if {"items", "count", "limit", "offset"} <= set(properties):
            found.append(path)
    return found


def test_every_list_is_paged_the_same_way(content: None) -> None:
    client = client_for(user_for_role("officer"))
    paths = _list_paths(client)
    assert len(paths) >= 15, paths
    for path in paths:
        full = client.get(f"{path}?limit={MAX_LIMIT}").json()
        page = client.get(f"{path}?limit=2&offset=1").json()
        assert (page["limit"], page["offset"], page["count"]) == (2, 1, full["count"]), path
        assert page["items"] == full["items"][1:3], path
        beyond = client.get(f"{path}?offset={full['count']}").json()
        assert beyond["items"] == [] and beyond["count"] == full["count"], path


@pytest.mark.parametrize("query", ["limit=0", f"limit={MAX_LIMIT + 1}", "offset=-1", "limit=x"])
def test_bad_paging_is_422(content: None, client: Client, query: str) -> None:
    response = client.get(f"{API}/indicators?{query}")
    assert response.status_code == 422 and response.json()["title"] == "Invalid input"


def test_default_page(content: None, client: Client) -> None:
    page = client.get(f"{API}/values").json()
    assert (page["limit"], page["offset"], len(page["items"])) == (100, 0, 100)
    assert page["count"] > 100


def test_etag_and_304(content: None, client: Client) -> None:
    first = client.get(f"{API}/indicators?level=goal")
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"') and len(etag) == 34
    assert first["Cache-Control"] == "public, max-age=60"
    assert "Authorization" in first["Vary"] and "Accept-Language" in first["Vary"]
    again = client.get(f"{API}/indicators?level=goal", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    other = client.get(f"{API}/indicators?level=goal", HTTP_IF_NONE_MATCH='"stale"')
    assert other.status_code == 200 and other.content == first.content
    chinese = client.get(f"{API}/indicators?level=goal", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese["ETag"] != etag


def test_the_etag_changes_with_the_data(content: None) -> None:
    officer = client_for(user_for_role("officer"))
    before = Client().get(f"{API}/offices/KEN")["ETag"]
    changed = send(officer, "patch", f"{API}/offices/KEN", {"contact_email": "new@example.org"})
    assert changed.status_code == 200 and changed.has_header("ETag") is False
    after = Client().get(f"{API}/offices/KEN", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before


def _cache_control(client: Client, **headers: Any) -> str:
    return str(client.get(f"{API}/values?limit=1", **headers)["Cache-Control"])


def test_member_reads_are_private(content: None) -> None:
    viewer = user_for_role("viewer")
    assert _cache_control(client_for(viewer)) == "private, no-cache"
    assert _cache_control(Client(), **bearer(secret_for(viewer))) == "private, no-cache"
    assert _cache_control(Client()) == "public, max-age=60"
    errors = Client().get(f"{API}/indicators/NOPE")
    assert errors["Cache-Control"] == "no-store" and not errors.has_header("ETag")
