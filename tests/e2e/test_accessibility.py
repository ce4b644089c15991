"""axe-core on every main public page, in English and Chinese, on a wide screen, on a
320 px phone and in the high-contrast theme: no serious or critical violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import accessibility_violations

PAGES = [
    "/",
    "/progress/",
    "/progress/domains/1/",
    "/progress/indicators/G1/",
    "/progress/countries/KEN/",
    "/progress/offices/KEN/",
    "/map/",
    "/map/?colour=category",
    "/publications/",
    "/typology/",
    "/framework/",
    "/partners/",
    "/partners/adb/",
    "/flagships/",
    "/flagships/sdg-cities/",
    "/platforms/",
    "/platforms/world-habitat-day/",
    "/data/",
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_public_pages_pass_axe(browser: Browser, site_url: str, language: str) -> None:
    found: dict[str, list[dict[str, object]]] = {}
    for width, contrast in ((1280, False), (320, False), (1280, True)):
        context = browser.new_context(
            base_url=site_url, viewport={"width": width, "height": 900}, locale="en-GB"
        )
        page = context.new_page()
        page.goto(f"/language/?language={language}&next=/")
        if contrast:
            page.goto("/contrast/?on=1&next=/")
            assert page.locator("html.high-contrast").count() == 1
        for path in PAGES:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            serious = [
                v for v in accessibility_violations(page) if v["impact"] in ("serious", "critical")
            ]
            if serious:
                found[f"{path} at {width}px{' high contrast' if contrast else ''}"] = serious
        context.close()
    assert found == {}
