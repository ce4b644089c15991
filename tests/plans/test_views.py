"""Framework tree, indicator page and plan upload, in both languages."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from habitat_monitor.core.roles import Role
from habitat_monitor.plans.models import Indicator, Plan
from tests.factories import make_user

SMALL_PLAN = (Path(__file__).parent / "data" / "small-plan.yaml").read_bytes()


def test_framework_tree_lists_every_indicator(content: None, client: Client) -> None:
    """Every active indicator of the plan appears on the framework page, linked."""
    page = client.get("/framework/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    plan = Plan.objects.get(code="UNH-SP-2020-2023")
    for code in plan.indicators.filter(active=True).values_list("code", flat=True):
        assert f'href="/indicators/{code}/"' in page
    data = client.get("/framework.json").json()
    assert data["indicator_count"] == plan.indicators.filter(active=True).count()


def test_indicator_page_shows_definition_targets_and_pmp(content: None, client: Client) -> None:
    """The indicator page has the statement, each yearly target, the PMP and the
    illustrative label, and its JSON twin has the same numbers."""
    indicators = Indicator.objects.filter(plan__code="UNH-SP-2020-2023", level="outcome")
    indicator = next(i for i in indicators if "11.1.1" in i.sdg)
    response = client.get(f"/indicators/{indicator.code}/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    data = client.get(f"/indicators/{indicator.code}.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["statement"] in page
    assert len(data["targets"]) == 4
    for target in data["targets"]:
        assert f'<th scope="row">{target["year"]}</th>' in page
    assert "illustrative" in page
    assert "Performance measurement plan" in page
    for milestone in data["pmp"]["milestones"]:
        assert milestone["description"] in page


def test_indicator_page_in_chinese(content: None, client: Client) -> None:
    """In Chinese the statement and the labels are Chinese."""
    indicator = Indicator.objects.filter(plan__code="UNH-SP-2020-2023").first()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    page = client.get(f"/indicators/{indicator.code}/").content.decode()
    assert indicator.statement["zh"] in page
    assert "绩效衡量计划" in page


def test_unknown_indicator_is_404(content: None, client: Client) -> None:
    """A code that no indicator has is a clear 404."""
    assert client.get("/indicators/NOPE/").status_code == 404


def test_upload_check_shows_findings_with_lines(content: None, client: Client) -> None:
    """Checking a faulty file lists each finding with its line and loads nothing."""
    client.force_login(make_user(role=Role.PLAN_AUTHOR))
    faulty = SMALL_PLAN.replace(b"values: {2022: 13, 2023: 14, 2024: 15}", b"values: {2022: 13}")
    upload = SimpleUploadedFile("faulty.yaml", faulty)
    page = client.post("/plans/upload/", {"file": upload, "load": "1"}).content.decode()
    assert "HM106" in page
    assert "Nothing was loaded" in page
    assert not Plan.objects.filter(code="TEST-PLAN").exists()


def test_upload_load_reports_the_version(content: None, client: Client) -> None:
    """A good file loads and the page says which version it became."""
    client.force_login(make_user(role=Role.PLAN_AUTHOR))
    upload = SimpleUploadedFile("small-plan.yaml", SMALL_PLAN)
    page = client.post("/plans/upload/", {"file": upload, "load": "1"}).content.decode()
    assert "TEST-PLAN is now at version 1." in page
