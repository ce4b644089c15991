"""The home page in a real browser: both languages, keyboard, accessibility."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import accessibility_violations, save_screenshot


def test_home_shows_the_four_domains_in_english_and_chinese(page: Page) -> None:
    """A visitor sees the goal and four domains, switches to 中文 and reads them in Chinese."""
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("UN-Habitat Strategic Plan 2020-2023")
    domains = page.locator("#domain-table tbody th")
    expect(domains).to_have_count(4)
    expect(domains.first).to_contain_text("Reduced spatial inequality and poverty")
    save_screenshot(page, "home-en")

    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name="目标")).to_be_visible()
    expect(domains.nth(1)).to_contain_text("加强城市和区域的共同繁荣")
    save_screenshot(page, "home-zh")


def test_home_has_no_accessibility_violations(page: Page) -> None:
    """axe-core finds nothing wrong on the home and offices pages."""
    for path in ("/", "/offices/"):
        page.goto(path)
        assert accessibility_violations(page) == [], path


def test_skip_link_reaches_the_main_content(page: Page) -> None:
    """The first Tab shows the skip link; following it moves focus to the content."""
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_focal_point_signs_in_and_edits_own_office(page: Page) -> None:
    """A Kenya focal point signs in, sees an edit link only for Kenya, and saves it."""
    from habitat_monitor.core.services import create_demo_users

    create_demo_users()
    page.goto("/accounts/login/?next=/offices/")
    page.get_by_label("Username").fill("focal.kenya")
    page.get_by_label("Password").fill("habitat-kenya-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Edit KEN")).to_be_visible()
    expect(page.get_by_role("link", name="Edit IND")).to_have_count(0)
    page.get_by_role("link", name="Edit KEN").click()
    page.get_by_label("Contact e-mail").fill("nairobi@example.org")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The office was saved.")
    expect(page.get_by_role("row", name="KEN")).to_contain_text("nairobi@example.org")


def test_stylesheet_and_scripts_are_served_locally(page: Page) -> None:
    """The page's stylesheet and scripts load from this site (hashed, compressed names)."""
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    responses: list[tuple[str, int]] = []
    page.on("response", lambda response: responses.append((response.url, response.status)))
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert not failed
    static = [(url, status) for url, status in responses if "/static/" in url]
    assert any(url.endswith(".css") for url, _ in static)
    assert any("htmx" in url for url, _ in static)
    assert all(status == 200 for _, status in static), static
    background = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert background == "rgb(0, 80, 122)"
