"""A country's profile: its needs-typology category with the rule and round, the
offices covering it, its values over the years, and the world's and its region's
value beside its own; the JSON twin carries the same; drafts stay with staff."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from habitat_monitor.plans.queries import current_plan
from habitat_monitor.progress.views import data
from habitat_monitor.typology.models import Assessment
from tests.factories import user_for_role
from tests.portal.test_map import table_rows


def _get(client: Client, url: str, language: str = "en") -> Any:
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def test_profile_shows_category_rule_round_and_offices(content: None, client: Client) -> None:
    page = _get(client, "/progress/countries/KEN/")
    assert page.status_code == 200
    html = page.content.decode()
    found = _get(client, "/progress/countries/KEN.json").json()
    typology = found["typology"]
    assert typology["category"] == 2 and typology["rule"] == "capacity-weak"
    assert typology["rule_title"] and typology["round"]["code"] == "2019-ALL"
    assert [d["code"] for d in typology["domains"]] == ["1", "2"]
    assert typology["illustrative"] is True
    assessment = Assessment.objects.get(round__code="2019-ALL", country__alpha3="KEN", city=None)
    assert typology["url"] == f"/typology/assessments/{assessment.pk}/"
    assert typology["category_label"] in html and typology["rule_title"] in html
    assert "capacity-weak" in html and f'href="{typology["url"]}"' in html
    assert 'href="/typology/rounds/2019-ALL/"' in html
    offices = {office["code"] for office in found["offices"]}
    assert {"KEN", "ROAF"} <= offices
    assert all(f'href="{o["url"]}"' in html for o in found["offices"])
    assert found["place"]["region"]["name"] == "Africa"


def test_each_value_sits_beside_the_world_value_of_the_same_year(
    content: None, client: Client
) -> None:
    profile = _get(client, "/progress/countries/KEN.json").json()
    plan = _get(client, f"/progress.json?year={profile['year']}").json()
    world = {row["code"]: row["value"] for row in plan["indicators"]}
    rows = [row for row in profile["indicators"] if row["value"] is not None]
    assert rows
    for row in profile["indicators"]:
        assert row["world"] == world[row["code"]]
        assert "region_value" in row
    assert any(row["region_value"] is not None for row in rows)
    html = _get(client, "/progress/countries/KEN/").content.decode()
    cells, _links = table_rows(html, "place-table")
    g1 = next(row for row in profile["indicators"] if row["code"] == "G1")
    line = next(c for c in cells if c[0].startswith("G1 "))
    assert float(line[3]) == pytest.approx(round(g1["world"], 2))
    assert "World" in html and "Africa" in html


def test_series_over_the_years_match_the_map(content: None, client: Client) -> None:
    profile = _get(client, "/progress/countries/KEN.json").json()
    g1 = next(row for row in profile["indicators"] if row["code"] == "G1")
    assert [point["year"] for point in g1["series"]] == [
        y for y in profile["years_with_data"] if y <= profile["year"]
    ]
    for point in g1["series"]:
        shown = _get(client, f"/map.json?indicator=G1&year={point['year']}").json()
        kenya = next(row for row in shown["rows"] if row["alpha3"] == "KEN")
        assert kenya["value"] == point["value"]
    html = _get(client, "/progress/countries/KEN/").content.decode()
    assert 'class="sparkline" role="img" aria-label="Kenya, ' in html


def test_profile_in_chinese(content: None, client: Client) -> None:
    html = _get(client, "/progress/countries/KEN/", "zh-hans").content.decode()
    assert '<html lang="zh-hans"' in html and "肯尼亚" in html


def test_anonymous_visitors_do_not_see_draft_assessments(content: None, client: Client) -> None:
    """Philippines' only assessment is a draft: the public sees none; an M&E officer,
    who may assess it, sees the draft with its status."""
    draft = Assessment.objects.get(round__code="2019-ALL", country__alpha3="PHL", city=None)
    assert draft.status == Assessment.Status.DRAFT
    public = _get(client, "/progress/countries/PHL.json").json()
    assert public["typology"] is None
    html = _get(client, "/progress/countries/PHL/").content.decode()
    assert "No needs assessment of this country has been published." in html
    assert f"/typology/assessments/{draft.pk}/" not in html
    plan = current_plan()
    assert plan is not None
    with translation.override("en"):
        staff = data.place_data(
            plan, None, kind="country", code="PHL", user=user_for_role("officer")
        )
        public_again = data.place_data(plan, None, kind="country", code="PHL")
    assert staff["typology"]["status"] == "draft" and staff["typology"]["url"]
    assert public_again["typology"] is None


def test_office_pages_keep_their_shape(content: None, client: Client) -> None:
    found = _get(client, "/progress/offices/KEN.json").json()
    assert "typology" not in found and "world" not in found["indicators"][0]
    assert _get(client, "/progress/offices/KEN/").status_code == 200
    assert _get(client, "/progress/countries/XXX/").status_code == 404


def test_profile_lists_partners_and_flagship_activity(content: None, client: Client) -> None:
    """Kenya's profile names the partners based there and the flagship actions in it,
    both labelled illustrative (demo), with the same rows in its JSON twin."""
    twin = client.get("/progress/countries/KEN.json").json()
    assert [p["code"] for p in twin["partners"]] == ["demo-city-network"]
    assert len(twin["flagship_actions"]) == 2
    assert all(row["illustrative"] for row in twin["partners"] + twin["flagship_actions"])
    html = client.get("/progress/countries/KEN/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Partners and flagship programme activity" in html
    for row in twin["partners"] + twin["flagship_actions"]:
        assert row["url"] in html
    none = client.get("/progress/countries/FJI.json").json()
    assert none["flagship_actions"] == []
