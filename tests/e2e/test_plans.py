"""The results framework in a real browser: tree, indicator page, plan upload."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import accessibility_violations, save_screenshot

SMALL_PLAN = Path(__file__).resolve().parents[1] / "plans" / "data" / "small-plan.yaml"


def test_framework_to_indicator(page: Page) -> None:
    """From the framework tree a visitor opens an indicator and sees its targets,
    labelled illustrative, and its performance measurement plan."""
    page.goto("/framework/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results framework")
    assert accessibility_violations(page) == []
    page.locator("#outcome-1\\.2 .indicator-list a").first.click()
    expect(page.get_by_role("heading", name="Baseline and targets")).to_be_visible()
    expect(page.get_by_role("note").first).to_contain_text("illustrative")
    table = page.get_by_role("table", name="Baseline and yearly targets")
    expect(table.get_by_role("row")).to_have_count(6)  # header, baseline, 4 years
    expect(page.get_by_role("heading", name="Performance measurement plan")).to_be_visible()
    assert accessibility_violations(page) == []
    save_screenshot(page, "indicator-en")


def test_plan_author_uploads_a_plan(page: Page) -> None:
    """A plan author checks and loads a plan file from the page."""
    from habitat_monitor.core.services import create_demo_users

    create_demo_users()
    page.goto("/accounts/login/?next=/plans/upload/")
    page.get_by_label("Username").fill("author")
    page.get_by_label("Password").fill("habitat-author-demo")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Plan file (YAML)").set_input_files(str(SMALL_PLAN))
    page.get_by_role("button", name="Check and load").click()
    expect(page.get_by_role("status").last).to_contain_text("TEST-PLAN is now at version 1.")
    assert accessibility_violations(page) == []
