"""Progress in a real browser: the plan's progress, then one indicator, by keyboard."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import accessibility_violations, save_screenshot


def _serious(page: Page) -> list[dict[str, object]]:
    return [v for v in accessibility_violations(page) if v["impact"] in ("serious", "critical")]


def _tab_to(page: Page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_progress_to_an_indicator_by_keyboard(page: Page) -> None:
    """A visitor opens the plan's progress, picks another year and follows an indicator,
    with the keyboard only; the status counts and the assessment read as text."""
    page.goto("/progress/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Progress in \d{4}"))
    expect(page.get_by_role("table", name=re.compile("by status and domain"))).to_be_visible()
    expect(page.locator(".progress-status").first).to_contain_text("On track")
    assert _serious(page) == []
    save_screenshot(page, "progress", full_page=False)

    _tab_to(page, "#year-select")
    page.keyboard.press("Home")  # the first year
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/progress/\?year=2020$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress in 2020")

    _tab_to(page, "a[href='/progress/indicators/G1/?year=2020']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/progress/indicators/G1/\?year=2020$"))
    expect(page.get_by_role("heading", name="Assessment for 2020")).to_be_visible()
    table = page.get_by_role("table", name=re.compile("baseline, yearly targets"))
    expect(table.get_by_role("row", name=re.compile(r"^2020"))).to_contain_text("38")
    expect(page.locator("code.formula").first).to_contain_text("of the way from the baseline")
    expect(page.get_by_text("illustrative").first).to_be_visible()
    assert _serious(page) == []
    save_screenshot(page, "progress-indicator", full_page=False)
