"""The public platform in a real browser: the dashboard with its filters (htmx, the
URL keeps the state, changes announced), the indicator chart (interactive, and as
SVG without JavaScript), Chinese, the CSV download, a phone-sized screen, axe-core."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.request

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import accessibility_violations, save_screenshot


def _serious(page: Page) -> list[dict[str, object]]:
    return [v for v in accessibility_violations(page) if v["impact"] in ("serious", "critical")]


def _cells(page: Page, selector: str) -> list[list[str]]:
    return page.eval_on_selector_all(
        f"{selector} tbody tr",
        "rows => rows.map(r => [...r.querySelectorAll('th, td')].map(c => c.innerText.trim()))",
    )


def test_dashboard_filters_keep_the_url_and_announce(page: Page, browser: Browser) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("UN-Habitat Strategic Plan 2020-2023")
    expect(page.locator("#domain-status .vega-embed svg")).to_be_visible()
    expect(page.get_by_text("Published figures: publication 1")).to_be_visible()
    assert _serious(page) == []
    save_screenshot(page, "dashboard")

    page.select_option("#filter-level", "all")
    expect(page).to_have_url(re.compile(r"level=all"))
    page.select_option("#filter-status", "off_track")
    expect(page).to_have_url(re.compile(r"status=off_track"))
    expect(page.locator("#announce")).to_have_text(re.compile(r"Showing \d+ indicators? for 2021"))
    rows = _cells(page, ".dashboard-indicators")
    assert rows and all("Off track" in row[-1] for row in rows)
    data = json.loads(urllib.request.urlopen(page.url.replace("/?", "/index.json?")).read())
    assert [row[0].split(" ")[0] for row in rows] == [r["code"] for r in data["indicators"]]

    # The address alone gives the same view in a fresh browser.
    fresh = browser.new_context(base_url=page.url.split("/?")[0], locale="en-GB")
    other = fresh.new_page()
    other.goto(page.url)
    assert _cells(other, ".dashboard-indicators") == rows
    expect(other.locator("#filter-status")).to_have_value("off_track")
    fresh.close()

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").first.click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text)))
    assert [line["indicator"] for line in lines] == [r["code"] for r in data["indicators"]]


def test_dashboard_in_chinese_and_on_a_phone(page: Page) -> None:
    page.goto("/")
    page.select_option("#language-select", "zh-hans")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert _serious(page) == []
    save_screenshot(page, "dashboard-zh")
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways on a phone ({width} px)"
    expect(page.get_by_role("link", name="CSV").first).to_be_visible()
    save_screenshot(page, "dashboard-phone")


def test_indicator_chart_interactive_and_without_javascript(page: Page, browser: Browser) -> None:
    page.goto("/progress/indicators/1.1.1/")
    chart = page.locator("#indicator-trend")
    expect(chart.locator(".vega-embed svg")).to_be_visible()
    label = chart.locator("[role='graphics-document']").first.get_attribute("aria-label") or ""
    assert "baseline, yearly targets" in label
    expect(chart.get_by_text("Save as SVG")).to_be_visible()
    expect(chart.locator(".chart-summary")).to_contain_text("In 2021 the value was")
    assert _serious(page) == []
    save_screenshot(page, "indicator")

    # The table under the chart holds the JSON twin's numbers.
    data = json.loads(urllib.request.urlopen(page.url.rstrip("/") + ".json").read())
    rows = _cells(page, "#series-table")
    assert [int(row[0][:4]) for row in rows] == [line["year"] for line in data["series"]]

    quiet = browser.new_context(
        base_url=page.url.split("/progress")[0], java_script_enabled=False, locale="en-GB"
    )
    still = quiet.new_page()
    still.goto("/progress/indicators/1.1.1/")
    svg = still.locator("#indicator-trend .chart-view svg")
    expect(svg).to_have_attribute("role", "img")
    assert "baseline, yearly targets" in (svg.get_attribute("aria-label") or "")
    expect(still.locator("#series-table")).to_be_visible()
    quiet.close()


def test_tables_sort_by_keyboard_and_keep_the_order_in_the_address(page: Page) -> None:
    page.goto("/?level=all")
    header = page.locator("#indicator-table thead th").nth(2)  # Actual
    button = header.get_by_role("button")
    button.focus()
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(page.locator("#announce")).to_have_text(re.compile(r"Sorted by Actual, ascending"))
    values = [row[2] for row in _cells(page, "#indicator-table")]
    numbers = [float(v.split(" ")[0].replace(",", "")) for v in values if v[:1].isdigit()]
    assert numbers == sorted(numbers) and len(numbers) > 10
    missing = [v for v in values if not v[:1].isdigit()]
    assert values[-len(missing) :] == missing if missing else True  # missing values last
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(page).to_have_url(re.compile(r"sort=indicator-table-2-desc"))
    page.reload()
    expect(page.locator("#indicator-table thead th").nth(2)).to_have_attribute(
        "aria-sort", "descending"
    )


def test_right_to_left_layout_and_print(page: Page) -> None:
    """Right to left, the layout mirrors (logical CSS properties) but the chart's axes
    do not; printed, the page keeps the chart, table and address and drops controls."""
    page.goto("/progress/indicators/1.1.1/")
    expect(page.locator("#indicator-trend .vega-embed svg")).to_be_visible()
    page.evaluate("document.documentElement.dir = 'rtl'")
    brand = page.locator(".brand").bounding_box()
    nav = page.locator(".site-header nav").bounding_box()
    assert brand and nav and brand["x"] > nav["x"], "the header does not mirror"
    chart = page.locator("#indicator-trend .vega-embed svg").first
    assert chart.evaluate("e => getComputedStyle(e).direction") == "ltr"
    page.evaluate("document.documentElement.dir = 'ltr'")
    page.emulate_media(media="print")
    expect(page.locator(".print-only")).to_be_visible()
    expect(page.locator(".print-only")).to_contain_text("/progress/indicators/1.1.1/")
    expect(page.locator(".progress-tools form")).to_be_hidden()
    expect(page.locator("#series-table")).to_be_visible()
    expect(page.locator("#indicator-trend svg").first).to_be_visible()
