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
        # Programme size (indicators the office reports on); small below 10.
        (_p("KEN", 2, has_office=True, programme_size=10), "presence", uses.REASON_OFFICE_LARGE),
        (_p("KEN", 3, has_office=True, programme_size=9), "remote", uses.REASON_OFFICE_SMALL),
        (_p("KEN", 3, has_office=True, programme_size=0), "remote", uses.REASON_OFFICE_SMALL),
        (
            _p("SOM", 5, has_office=True, programme_size=2),
            "presence",
            uses.REASON_OFFICE_AND_CRISIS,
        ),
        (_p("SOM", 5, programme_size=0), "presence", uses.REASON_CRISIS),
        (_p("XYZ", 1, programme_size=0), "remote", uses.REASON_REMOTE),
        (_p("XYZ", 1, programme_size=12), "presence", uses.REASON_REMOTE_LARGE),
    ],
)
def test_service_mode(place: Place, mode: str, reason: str) -> None:
    row = uses.service_mode(place)
    assert (row["mode"], row["reason"], row["mode_label"]) == (mode, reason, uses.MODE_LABELS[mode])
    assert row["programme_size"] == place.programme_size
    if "%(" in reason:
        size = str(place.programme_size)
        assert row["params"] == {"size": size, "threshold": str(uses.SMALL_PROGRAMME_BELOW)}
        assert reason % row["params"]
    else:
        assert row["params"] == {}


def test_the_small_programme_threshold_is_a_parameter() -> None:
    place = _p("KEN", 3, has_office=True, programme_size=9)
    assert uses.service_mode(place, small_below=5)["mode"] == "presence"


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


@pytest.mark.django_db
def test_uses_page_shows_programme_size_hubs_and_changes(content: None) -> None:
    from habitat_monitor.typology.hubs import propose_hubs
    from habitat_monitor.typology.queries import plan_typology

    client = client_for(None)
    data = client.get("/typology/rounds/2019-ALL/uses.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assessment_round = AssessmentRound.objects.get(code="2019-ALL")
    found = plan_typology(assessment_round.plan)
    assert found is not None
    items = {item.code: str(item.group) for item in found[1].items}
    expected = propose_hubs(places(assessment_round, _anon()), items, max_size=data["hub_size"])
    assert [(h["anchor"], h["countries"]) for h in data["hubs"]] == [
        (h["anchor"], h["countries"]) for h in expected
    ]
    assert [[i["mean"] for i in h["items"]] for h in data["hubs"]] == [
        [i["mean"] for i in h["items"]] for h in expected
    ]
    # Every office of the demo is assigned 31 indicators in the latest period.
    kenya = next(row for row in data["service_modes"] if row["place"] == "KEN")
    assert (kenya["programme_size"], kenya["mode"]) == (31, "presence")
    assert kenya["reason"] == "a country office is there and the programme is not small " + (
        "(31 indicators, 10 or more)"
    )
    # The Arab States (5 countries) are split in two hubs of at most 4.
    arab = [h for h in data["hubs"] if h["region"] == "Arab States"]
    assert sorted(len(h["countries"]) for h in arab) == [2, 3]
    weak = next(i for i in data["hubs"][0]["items"] if i["needed"])
    assert weak["reason"].startswith("mean score ") and weak["title"]
    # The board summary: changes since the pilot.
    assert data["previous_round"] == "2019-PILOT"
    assert data["changes"]["changed"] == ["IND"]
    html = client.get("/typology/rounds/2019-ALL/uses/").content.decode()
    assert "Multi-country hubs" in html and "Changes since the last round" in html
    assert "Programme size (indicators)" in html and '<td class="number">31</td>' in html
    assert 'id="hub-H1"' in html
    assert 'href="/typology/rounds/2019-ALL/compare/?with=2019-PILOT"' in html
    pilot = client.get("/typology/rounds/2019-PILOT/uses.json").json()
    assert pilot["previous_round"] is None and pilot["changes"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(("asked", "size"), [("2", 2), ("50", 50), ("0", 4), ("x", 4), ("", 4)])
def test_hub_size_can_be_asked_for(content: None, asked: str, size: int) -> None:
    data = client_for(None).get(f"/typology/rounds/2019-ALL/uses.json?hub_size={asked}").json()
    assert data["hub_size"] == size
    assert all(hub["size"] <= size for hub in data["hubs"])


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/typology/rounds/NOPE/uses/", "/typology/rounds/NOPE/uses.json"])
def test_unknown_round_uses_answer_404(content: None, url: str) -> None:
    assert client_for(None).get(url).status_code == 404


@pytest.mark.django_db
def test_api_uses_and_hubs_give_the_twins_dict(content: None) -> None:
    client = client_for(None)
    twin = client.get("/typology/rounds/2019-ALL/uses.json?hub_size=3", HTTP_ACCEPT_LANGUAGE="en")
    api = client.get("/api/v1/typology/rounds/2019-ALL/uses?hub_size=3", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 200
    assert api.json() == twin.json()
    hubs = client.get("/api/v1/typology/rounds/2019-ALL/hubs?hub_size=3", HTTP_ACCEPT_LANGUAGE="en")
    assert hubs.json()["hubs"] == twin.json()["hubs"]
    assert client.get("/api/v1/typology/rounds/NOPE/uses").status_code == 404


@pytest.mark.django_db
def test_command_prints_service_modes_and_hubs(content: None) -> None:
    import json
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("typology", "uses", "2019-ALL", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    twin = client_for(None).get("/typology/rounds/2019-ALL/uses.json", HTTP_ACCEPT_LANGUAGE="en")
    assert data["hubs"] == twin.json()["hubs"]
    out = StringIO()
    call_command("typology", "uses", "2019-ALL", "--hub-size", "2", stdout=out)
    assert "H1" in out.getvalue() and "in-country presence" in out.getvalue()
    with pytest.raises(CommandError, match="--hub-size"):
        call_command("typology", "uses", "2019-ALL", "--hub-size", "0", stdout=StringIO())


@pytest.mark.django_db
def test_the_docs_hub_example_is_what_the_page_says(content: None) -> None:
    from tests.typology.helpers import ROOT

    docs = (ROOT / "docs" / "typology.md").read_text(encoding="utf-8")
    data = client_for(None).get("/typology/rounds/2019-ALL/uses.json", HTTP_ACCEPT_LANGUAGE="en")
    hubs = {hub["anchor"]: hub for hub in data.json()["hubs"]}
    egypt, iraq = hubs["EGY"], hubs["IRQ"]
    assert (egypt["countries"], iraq["countries"]) == (["EGY", "SOM"], ["IRQ", "JOR", "LBN"])
    innovation = next(item for item in egypt["items"] if item["item"] == "innovation")
    lines = [
        *egypt["reasons"],
        f"{innovation['title']}: {innovation['reason']} (expertise needed)",
        iraq["reasons"][-2],
        f"Domain 4: {iraq['domains'][0]['reason']}",
    ]
    for line in lines:
        assert f"  {line}\n" in docs, line
