"""Reporting in a real browser: a focal point corrects a returned report; an officer reviews."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import accessibility_violations, save_screenshot


def _sign_in(page: Page, username: str, password: str, next_url: str) -> None:
    from habitat_monitor.core.services import create_demo_users

    create_demo_users()
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_focal_point_corrects_a_returned_report(page: Page, tmp_path: Path) -> None:
    """Kenya's focal point sees the returned 2022 report, gets an inline error for an
    impossible percentage, and a list of problems for a bad spreadsheet."""
    _sign_in(page, "focal.kenya", "habitat-kenya-demo", "/reporting/")
    expect(page.get_by_role("heading", name="My reporting")).to_be_visible()
    assert accessibility_violations(page) == []
    save_screenshot(page, "reporting-start")

    page.get_by_role("link", name="Open KEN 2022", exact=True).click()
    expect(page.get_by_role("note").first).to_contain_text("Please attach the evidence")
    save_screenshot(page, "submission-returned")

    page.get_by_role("link", name="Enter values").click()
    first_value = page.locator("input[name^='value|']").first
    first_value.fill("150")
    page.get_by_role("button", name="Save values").click()
    expect(page.get_by_role("alert")).to_contain_text("needs correcting")
    expect(page.locator("[aria-invalid='true']")).to_have_count(1)
    assert accessibility_violations(page) == []
    save_screenshot(page, "entry-form-errors", full_page=False)

    bad = tmp_path / "kenya.csv"
    bad.write_text(
        'indicator,country,value\n1.1.1,KEN,"12,5"\n1.1.1,IND,3\nNOPE,KEN,1\n', encoding="utf-8"
    )
    page.goto(page.url.replace("/edit/", "/import/"))
    page.get_by_label("Spreadsheet (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("nothing was imported")
    save_screenshot(page, "import-problems")


def test_officer_reviews(page: Page) -> None:
    """The officer's queue lists submitted reports; the audit trail tells the story."""
    _sign_in(page, "officer", "habitat-officer-demo", "/reporting/review/")
    expect(page.get_by_role("heading", name="Review submissions")).to_be_visible()
    assert accessibility_violations(page) == []
    save_screenshot(page, "review-queue")
    page.get_by_role("link", name="Review EGY 2022", exact=True).click()
    expect(page.get_by_role("button", name="Approve")).to_be_visible()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("Approved.")
    page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("table")).to_contain_text("approved")
    assert accessibility_violations(page) == []
    save_screenshot(page, "audit-trail")


def test_background_import_page_updates_itself(page: Page, tmp_path: Path) -> None:
    """A background import's page polls with htmx (allowed by our CSP) and shows the
    outcome once a real worker has run the job, without a reload."""
    import os
    import subprocess
    import sys

    from tests.conftest import database_url

    _sign_in(page, "focal.kenya", "habitat-kenya-demo", "/reporting/")
    page.get_by_role("link", name="Open KEN 2022", exact=True).click()
    page.get_by_role("link", name="Import a spreadsheet").click()
    bad = tmp_path / "kenya.csv"
    bad.write_text("indicator,country,value\nNOPE,KEN,1\n", encoding="utf-8")
    page.get_by_label("Spreadsheet (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_label("Run in the background").check()
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("queued")).to_be_visible()
    worker = subprocess.run(
        [
            str(Path(sys.executable).with_name("habitat-monitor")),
            "db_worker",
            "--batch",
            "--no-startup-delay",
        ],
        env={**os.environ, "HM_DATABASE_URL": database_url()},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert worker.returncode == 0, worker.stderr
    expect(page.get_by_role("alert")).to_contain_text("nothing was imported", timeout=10_000)
    expect(page.get_by_role("table")).to_contain_text("NOPE")
    save_screenshot(page, "import-background")
