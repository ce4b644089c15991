"""The world map in a real browser: every country drawn, Kenya's shape named and
linked to its profile, the filters swapping the results in place, axe clean."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import accessibility_violations, save_screenshot

SHAPES = "figure#world-map .mark-shape path"  # Vega draws geoshapes as shape marks


def _serious(page: Page) -> list[dict[str, object]]:
    return [v for v in accessibility_violations(page) if v["impact"] in ("serious", "critical")]


def _interactive(page: Page) -> None:
    expect(page.locator('figure#world-map[data-chart-state="interactive"]')).to_have_count(1)
    expect(page.locator(f"{SHAPES}[aria-label^='Kenya']")).to_have_count(1)


def test_map_filters_and_links_each_country_to_its_profile(page: Page) -> None:
    """One test, one live server: every country drawn, the filters swap the results
    in place and say so, and Kenya's shape opens Kenya's profile."""
    page.goto("/map/")
    expect(page.get_by_role("heading", level=1)).to_have_text("World map")
    _interactive(page)
    assert page.locator(SHAPES).count() >= 150
    expect(page.get_by_role("table", name=re.compile("Countries on the map"))).to_be_visible()
    assert _serious(page) == []
    save_screenshot(page, "map", full_page=False)

    page.get_by_label("Colour by").select_option("category")
    expect(page).to_have_url(re.compile(r"/map/\?colour=category&indicator=[^&]+&year=\d{4}$"))
    expect(page.locator("#announce")).to_contain_text("needs-typology category")
    _interactive(page)
    expect(page.locator(f"{SHAPES}[aria-label^='Kenya']")).to_have_attribute(
        "aria-label", re.compile("^Kenya: category 2")
    )
    assert _serious(page) == []

    page.locator(f"{SHAPES}[aria-label^='Kenya']").click()
    expect(page).to_have_url(re.compile(r"/progress/countries/KEN/\?year=\d{4}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kenya")
    expect(page.locator("#typology-rule")).to_contain_text("capacity-weak")
    assert _serious(page) == []
