"""Uses of a round (annex 3 §10): country groups, service mode, summary; the page and twin."""

from __future__ import annotations

from typing import Any

import pytest

from habitat_monitor.typology import uses
from habitat_monitor.typology.models import Assessment, AssessmentRound
from habitat_monitor.typology.uses import Place
from habitat_monitor.typology.uses_queries import round_places as places
from tests.factories import client_for, user_for_role

CATEGORIES = [1, 2, 3, 4, 5]


def _p(country: str, category: int | None, priorities: tuple[str, ...] = (), **kw: Any) -> Place:
    return Place(
        country=country,
        region=kw.pop("region", "Africa"),
        category=category,
        priorities=priorities,
        **kw,
    )


@pytest.mark.parametrize(
    ("place", "mode", "reason"),
    [
        (_p("KEN", 2, has_office=True), "presence", uses.REASON_OFFICE),
        (_p("SOM", 5, has_office=True), "presence", uses.REASON_OFFICE_AND_CRISIS),
        (_p("SOM", 5), "presence", uses.REASON_CRISIS),
        (_p("XYZ", 1), "remote", uses.REASON_REMOTE),
        (_p("XYZ", 4), "remote", uses.REASON_REMOTE),
        (_p("XYZ", None), "remote", uses.REASON_REMOTE),
    ],
)
def test_service_mode(place: Place, mode: str, reason: str) -> None:
    row = uses.service_mode(place)
    assert (row["mode"], row["reason"], row["mode_label"]) == (mode, reason, uses.MODE_LABELS[mode])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], []),
        # Outcomes count as their domain: 1.2 and 1 are the same domain set {1}.
        ([_p("A", 1, ("1.2",)), _p("B", 1, ("1",))], [(1, ["1"], ["A", "B"])]),
        # Same category, different domains: two groups, larger first.
        (
            [_p("A", 2, ("1",)), _p("B", 2, ("2",)), _p("C", 2, ("2.1", "2"))],
            [(2, ["2"], ["B", "C"]), (2, ["1"], ["A"])],
        ),
        # Same domains, different categories: two groups, by category.
        ([_p("B", 5, ("4",)), _p("A", 3, ("4",))], [(3, ["4"], ["A"]), (5, ["4"], ["B"])]),
        # No priorities named: still a group.
        ([_p("A", 4)], [(4, [], ["A"])]),
    ],
)
def test_country_groups(rows: list[Place], expected: list[tuple[Any, ...]]) -> None:
    groups = uses.country_groups(rows)
    assert [(g["category"], g["domains"], g["places"]) for g in groups] == expected
    for g in groups:
        assert g["focus"] == uses.FOCUS[g["category"]]
        assert g["channels"] == list(uses.CHANNELS)
        assert g["size"] == len(g["places"])


def test_groups_collect_secondary_needs_and_cities() -> None:
    rows = [_p("JOR", 5, ("4",), secondary=(5, 2)), _p("KEN", 5, ("4",), city="Nairobi")]
    (group,) = uses.country_groups(rows)
    assert group["secondary"] == [2]
    assert group["places"] == ["JOR", "KEN/Nairobi"]


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_has_a_focus(category: int) -> None:
    assert uses.FOCUS[category]


def test_round_summary_counts_by_category_and_region() -> None:
    rows = [_p("A", 1), _p("B", 5), _p("C", 5, region="Asia"), _p("D", None, region="")]
    summary = uses.round_summary(rows, CATEGORIES)
    assert summary["total"] == 4
    assert [c["count"] for c in summary["by_category"]] == [1, 0, 0, 0, 2]
    by_region = {r["region"]: [c["count"] for c in r["by_category"]] for r in summary["by_region"]}
    assert by_region == {"Africa": [1, 0, 0, 0, 1], "Asia": [0, 0, 0, 0, 1], "—": [0] * 5}


@pytest.mark.django_db
def test_page_and_twin_match_the_pure_function(content: None) -> None:
    client = client_for(None)
    page = client.get("/typology/rounds/2019-ALL/uses/")
    assert page.status_code == 200
    data = client.get("/typology/rounds/2019-ALL/uses.json").json()
    expected = uses.uses(
        places(AssessmentRound.objects.get(code="2019-ALL"), _anon()),
        CATEGORIES,
    )
    assert data["summary"] == expected["summary"]
    assert [c["count"] for c in data["summary"]["by_category"]] == [1, 1, 3, 2, 8]
    assert [(g["category"], g["places"]) for g in data["groups"]] == [
        (g["category"], g["places"]) for g in expected["groups"]
    ]
    assert data["modes"] == expected["modes"]
    html = page.content.decode()
    assert "national urban forums" in html and "<caption>" in html
    assert (
        'href="/typology/rounds/2019-ALL/uses/"'
        in client.get("/typology/rounds/2019-ALL/").content.decode()
    )


def _anon() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.mark.django_db
def test_anonymous_sees_no_drafts(content: None) -> None:
    assert Assessment.objects.filter(round__code="2019-ALL", country__alpha3="PHL").exists()
    data = client_for(None).get("/typology/rounds/2019-ALL/uses.json").json()
    assert "PHL" not in {row["place"] for row in data["service_modes"]}
    assert not any("PHL" in g["places"] for g in data["groups"])
    officer = client_for(user_for_role("officer"))
    assert officer.get("/typology/rounds/2019-ALL/uses/").status_code == 200


@pytest.mark.django_db
def test_page_in_chinese(content: None) -> None:
    client = client_for(None)
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/typology/rounds/2019-ALL/uses/")
    assert "国家城市论坛" in page.content.decode()
