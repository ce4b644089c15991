"""The read endpoints: plans, framework, indicators (filters), one indicator with its
PMP, baseline and targets, targets, values; ``illustrative`` wherever the demo
invented a figure."""

from __future__ import annotations

import pytest
from django.test import Client

from habitat_monitor.plans.models import Indicator, Target
from tests.api.helpers import API
from tests.factories import client_for, user_for_role

pytestmark = pytest.mark.django_db
PLAN = "UNH-SP-2020-2023"


def _get(client: Client, url: str) -> dict:
    response = client.get(f"{API}{url}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    return response.json()


def test_plans_and_one_plan_with_its_versions(content: None, client: Client) -> None:
    plans = _get(client, "/plans")
    assert plans["count"] == 1 and plans["items"][0]["code"] == PLAN
    assert plans["items"][0]["current"] is True
    plan = _get(client, f"/plans/{PLAN}")
    assert plan["version"] == 1 and [v["number"] for v in plan["versions"]] == [1]
    assert plan["years"] == [2020, 2021, 2022, 2023] and plan["status_bands"]["on_track"] == 90
    assert client.get(f"{API}/plans/NOPE").status_code == 404


def test_framework_is_the_pages_twin(content: None, client: Client) -> None:
    tree = _get(client, "/framework")
    assert tree == client.get("/framework.json", HTTP_ACCEPT_LANGUAGE="en").json()
    outcome = tree["domains"][0]["outcomes"][0]
    assert {"code", "title", "indicators", "dimensions"} <= set(outcome)
    assert client.get(f"{API}/framework?plan=NOPE").status_code == 404


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("level=goal", lambda row: row["level"] == "goal"),
        ("domain=1", lambda row: row["domain"] == "1"),
        ("outcome=1.2", lambda row: row["outcome"] == "1.2"),
        ("q=slums", lambda row: "slum" in row["statement"].lower()),
        ("q=11.1.1", lambda row: "11.1.1" in row["sdg"]),
    ],
)
def test_indicator_filters(content: None, client: Client, query: str, check: object) -> None:
    rows = _get(client, f"/indicators?{query}")["items"]
    assert rows and all(check(row) for row in rows)  # type: ignore[operator]


def test_indicator_list_counts_every_active_indicator(content: None, client: Client) -> None:
    page = _get(client, "/indicators?limit=5")
    assert page["count"] == Indicator.objects.filter(plan__code=PLAN, active=True).count()
    assert len(page["items"]) == 5 and page["items"][0]["url"].startswith(f"{API}/indicators/")
    assert client.get(f"{API}/indicators?level=nope").status_code == 422


def test_one_indicator_has_pmp_baseline_and_targets(content: None, client: Client) -> None:
    data = _get(client, "/indicators/D4")
    assert data == {**client.get("/indicators/D4.json", HTTP_ACCEPT_LANGUAGE="en").json(),
                    "illustrative": data["illustrative"]}  # fmt: skip
    assert data["pmp"] is not None and "milestones" in data["pmp"]
    assert data["baseline"]["year"] and data["targets"]
    invented = data["baseline"]["illustrative"] or any(t["illustrative"] for t in data["targets"])
    assert data["illustrative"] is invented
    assert client.get(f"{API}/indicators/NOPE").status_code == 404


def test_targets_by_indicator_office_and_year(content: None, client: Client) -> None:
    plan_wide = _get(client, "/targets?indicator=G1&plan_wide=true")["items"]
    stored = Target.objects.filter(indicator__code="G1", office=None)
    assert [row["year"] for row in plan_wide] == sorted(stored.values_list("year", flat=True))
    assert all(row["office"] is None and "illustrative" in row for row in plan_wide)
    office = Target.objects.exclude(office=None).select_related("office", "indicator").first()
    rows = _get(client, f"/targets?office={office.office.code}&year={office.year}")["items"]
    assert rows and {row["office"] for row in rows} == {office.office.code}
    one = _get(client, f"/targets/{office.pk}")
    assert one["indicator"] == office.indicator.code and one["illustrative"] is office.illustrative


def test_values_filters_and_flags(content: None, client: Client) -> None:
    page = _get(client, "/values?indicator=D4&country=KEN&year=2021&limit=1000")
    rows = page["items"]
    assert rows and page["count"] == len(rows) and page["draft"] is False
    assert page["publication"]["number"] == 1
    assert {(r["indicator"], r["country"], r["year"]) for r in rows} == {("D4", "KEN", 2021)}
    assert all(r["illustrative"] is True for r in rows)
    assert any(r["breakdown"] for r in rows) and any(not r["breakdown"] for r in rows)
    totals = _get(client, "/values?indicator=D4&country=KEN&year=2021&totals=true")["items"]
    assert totals and all(r["disaggregation"] == "" for r in totals)
    period = rows[0]["period"]
    assert {r["period"] for r in _get(client, f"/values?period={period}&limit=50")["items"]} == {
        period
    }
    office = _get(client, f"/values?office={rows[0]['office']}&limit=50")["items"]
    assert {r["office"] for r in office} == {rows[0]["office"]}
    assert _get(client, rows[0]["url"].removeprefix(API)) == rows[0]
    assert client.get(f"{API}/values/999999999").status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/submissions", "/partners", "/outreach-results", "/typology/rounds",
     "/typology/assessments", "/values", "/targets"],
)  # fmt: skip
def test_invented_items_say_so(content: None, url: str) -> None:
    """Lists of demo items say of each one whether it was invented."""
    items = client_for(user_for_role("officer")).get(f"{API}{url}").json()["items"]
    assert items and all(isinstance(item["illustrative"], bool) for item in items)
    assert any(item["illustrative"] for item in items)


def test_other_lists_and_details(content: None, client: Client) -> None:
    """Every register has a list and a detail."""
    office = _get(client, "/offices?kind=country&country=KEN")["items"]
    assert [row["code"] for row in office] == ["KEN"]
    assert _get(client, "/offices/KEN")["code"] == "KEN"
    assessments = _get(client, "/typology/assessments?round=2019-ALL&country=JOR")["items"]
    assert [row["country"] for row in assessments] == ["JOR"]
    assert _get(client, f"/typology/assessments/{assessments[0]['id']}")["country"] == "JOR"
    drafts = _get(client, "/typology/assessments?status=draft")
    assert drafts["count"] == 0, "the public sees final assessments only"
    category = _get(client, "/typology/assessments?category=5&round=2019-ALL")["items"]
    assert category and {row["category"] for row in category} == {5}
