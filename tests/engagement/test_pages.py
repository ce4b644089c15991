"""Partner directory, flagship and platform pages in English and Chinese, their twins,
and what the public may not see."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from habitat_monitor.engagement.models import Flagship, Partner, PartnerContact, Platform
from tests.factories import MATRIX_ROLES, client_for, user_for_role

pytestmark = pytest.mark.django_db
PAGES = ["/partners/", "/flagships/", "/flagships/sdg-cities/", "/platforms/", "/platforms/wuf/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(("language", "word"), [("en", "Habitat Monitor"), ("zh-hans", 'lang="zh')])
def test_pages_show_in_both_languages(content: None, path: str, language: str, word: str) -> None:
    """Each page answers 200 in English and Chinese, its content in that language."""
    response = client_for(None).get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert word in response.content.decode()


def test_flagship_page_shows_chinese_content(content: None) -> None:
    """In Chinese, the flagship's title and action points are the plan's own text."""
    flagship = Flagship.objects.get(code="sdg-cities")
    page = client_for(None).get("/flagships/sdg-cities/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert flagship.title["zh"] in text
    assert flagship.action_points["think"]["zh"] in text
    assert (
        client_for(None)
        .get("/platforms/", HTTP_ACCEPT_LANGUAGE="zh-hans")
        .content.decode()
        .count("世界城市论坛")
    )


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_contacts_and_log_are_for_members_only(content: None, role: str) -> None:
    """The public never sees contacts, the engagement log or agreements; members do."""
    contact = PartnerContact.objects.get(partner__code="demo-city-network")
    response = client_for(user_for_role(role)).get("/partners/demo-city-network/")
    text = response.content.decode()
    data = client_for(user_for_role(role)).get("/partners/demo-city-network.json").json()
    if role == "anonymous":
        assert contact.email not in text and contact.name not in text
        assert "contacts" not in data and "engagements" not in data and "agreements" not in data
    else:
        assert contact.email in text
        assert data["contacts"][0]["email"] == contact.email


def test_directory_exports_never_hold_contacts(content: None) -> None:
    """Neither the JSON, the CSV nor the XLSX of the directory carries a contact."""
    client = client_for(user_for_role("admin"))
    emails = set(PartnerContact.objects.values_list("email", flat=True))
    for fmt in ("json", "csv"):
        body = client.get(f"/partners.{fmt}").content.decode("utf-8-sig")
        assert not any(email in body for email in emails)


def test_directory_filters_and_twins_agree(content: None) -> None:
    """Filters by type and country; the page, JSON, CSV and XLSX list the same partners."""
    client = client_for(None)
    data = client.get("/partners.json?type=development-banks").json()
    assert data["count"] == 10
    assert {row["type"] for row in data["partners"]} == {"development-banks"}
    usa = client.get("/partners.json?country=usa").json()
    assert {row["code"] for row in usa["partners"]} == {"world-bank", "ifc", "imf", "idb"}
    rows = list(
        csv.DictReader(io.StringIO(client.get("/partners.csv").content.decode("utf-8-sig")))
    )
    everything = client.get("/partners.json").json()
    assert [row["code"] for row in rows] == [row["code"] for row in everything["partners"]]
    assert everything["count"] == Partner.objects.count()
    book = load_workbook(io.BytesIO(client.get("/partners.xlsx").content))
    sheet = book["partners"]
    assert sheet.max_row - 1 == everything["count"]
    page = client.get("/partners/?type=development-banks").content.decode()
    assert "10 partners" in page


def test_platform_reach_twins_hold_the_page_numbers(content: None) -> None:
    """The reach table's numbers are the same on the page, in JSON and in CSV."""
    client = client_for(None)
    data = client.get("/platforms/world-habitat-day.json").json()
    assert [row["year"] for row in data["reach_by_year"]] == [2020, 2021, 2022]
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/platforms/world-habitat-day.csv").content.decode("utf-8-sig"))
        )
    )
    page = client.get("/platforms/world-habitat-day/").content.decode()
    for row, twin in zip(data["reach_by_year"], rows, strict=True):
        assert str(row["reach_direct"]) == twin["reach_direct"]
        assert f'<td class="number">{row["reach_direct"]}</td>' in page
    # 2022 has no known indirect reach: empty, not 0.
    assert data["reach_by_year"][-1]["reach_indirect"] is None
    assert rows[-1]["reach_indirect"] == ""


def test_platform_list_has_the_twelve(content: None) -> None:
    data = client_for(None).get("/platforms.json").json()
    assert [row["number"] for row in data["platforms"]] == list(range(1, 13))
    assert data["platforms"][0]["reach_direct"] == Platform.objects.get(number=1).reach_direct


def test_illustrative_content_is_labelled(content: None) -> None:
    """Illustrative partners, actions and events carry the label where shown."""
    client = client_for(None)
    for path in ("/partners/", "/flagships/sdg-cities/", "/platforms/world-habitat-day/"):
        assert "badge-illustrative" in client.get(path).content.decode()


def test_hostile_text_is_escaped_and_neutralised(content: None) -> None:
    """A description with markup is escaped; a formula is neutralised in the CSV."""
    partner = Partner.objects.get(code="demo-foundation")
    partner.description = "<script>alert(1)</script>"
    partner.name = {"en": '=HYPERLINK("http://x")'}
    partner.save()
    client = client_for(None)
    assert "<script>alert(1)" not in client.get("/partners/demo-foundation/").content.decode()
    body = client.get("/partners.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_unknown_codes_and_formats_are_not_found(content: None) -> None:
    client = client_for(None)
    assert client.get("/flagships/nope/").status_code == 404
    assert client.get("/partners.pdf").status_code == 404
    assert client.get("/flagships.csv").status_code == 404
    assert json.loads(client.get("/flagships.json").content)["flagships"]


def test_platform_reach_chart_plots_the_tables_numbers(content: None) -> None:
    """Reach over time as a chart: server SVG, and a spec plotting the table's rows."""
    import json
    import re

    client = client_for(None)
    data = client.get("/platforms/world-habitat-day.json").json()
    page = client.get("/platforms/world-habitat-day/").content.decode()
    assert 'id="platform-reach"' in page and "<svg" in page
    found = re.search(
        r'<script id="platform-reach-spec" type="application/json">(.*?)</script>', page
    )
    assert found is not None
    plotted = json.loads(found.group(1))["datasets"]["table"]
    assert [(row["label"], row["value"]) for row in plotted] == [
        (str(row["year"]), row["reach_direct"])
        for row in data["reach_by_year"]
        if row["reach_direct"] is not None
    ]
    assert "illustrative" in page
