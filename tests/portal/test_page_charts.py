"""Each page's chart plots exactly the numbers of the page's table and twins; it is
named in the page language, states its message in a sentence, and works without
JavaScript (a server-rendered SVG with the same name)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from habitat_monitor.portal.charts.specs import plotted_rows


def _spec(html: str, chart_id: str) -> dict[str, Any]:
    found = re.search(
        rf'<script id="{chart_id}-spec" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, f"no spec for {chart_id}"
    return json.loads(found.group(1))


def test_indicator_chart_plots_the_twin_numbers(content: None, client: Client) -> None:
    html = client.get("/progress/indicators/1.1.1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    twin = client.get("/progress/indicators/1.1.1.json").json()
    spec = _spec(html, "indicator-trend")
    plotted = {(row["year"], row["kind"]): row["value"] for row in plotted_rows(spec)}
    expected = {
        (line["year"], kind): line[kind]
        for line in twin["series"]
        for kind in ("actual", "target", "baseline", "projection")
        if line[kind] is not None
    }
    assert plotted == expected
    assert spec["description"].startswith("1.1.1: baseline, yearly targets")
    assert "illustrative" in spec["description"]
    assert 'role="img"' in html and f'aria-label="{spec["description"][:40]}' in html


def test_dashboard_chart_counts_are_the_table_counts(content: None, client: Client) -> None:
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    twin = client.get("/index.json").json()
    spec = _spec(html, "domain-status")
    plotted: dict[str, dict[str, int]] = {}
    for row in plotted_rows(spec):
        plotted.setdefault(row["key"], {})[row["status"]] = row["count"]
    for domain in twin["domains"]:
        for status, count in plotted[domain["code"]].items():
            assert domain["counts"][status] == count


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_charts_are_named_in_the_page_language(
    content: None, client: Client, language: str
) -> None:
    html = client.get("/progress/indicators/G1/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    description = _spec(html, "indicator-trend")["description"]
    has_chinese = re.search("[\u4e00-\u9fff]", description) is not None
    assert has_chinese == (language == "zh-hans")


def test_breakdown_chart_plots_the_breakdown_table(content: None, client: Client) -> None:
    html = client.get("/progress/indicators/D4/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    twin = client.get("/progress/indicators/D4.json").json()
    assert twin["breakdowns"], "the demo has breakdowns for D4"
    spec = _spec(html, "indicator-breakdowns")
    plotted = {row["key"]: row["value"] for row in plotted_rows(spec)}
    expected = {row["key"]: row["value"] for row in twin["breakdowns"] if row["value"] is not None}
    assert plotted == expected
    assert 'id="breakdown-table"' in html and "Highest:" in html
