"""The interactive API documentation works offline, under our Content-Security-Policy."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_swagger_ui_renders_from_local_files(page: Page) -> None:
    """/api/v1/docs draws the operations from the OpenAPI document, with no outside request."""
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if "127.0.0.1" not in r.url else None)
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.goto("/api/v1/docs")
    expect(page.get_by_text("/api/v1/offices/{code}").first).to_be_visible()
    assert outside == []
    assert not [e for e in console_errors if "Content Security Policy" in e]
