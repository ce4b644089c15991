"""Comparing two rounds: the pure function (table-driven), the page and its JSON twin,
the API and the command line, which all give the same numbers."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from habitat_monitor.typology.compare import compare_places
from habitat_monitor.typology.models import AssessmentRound
from habitat_monitor.typology.uses import Place
from habitat_monitor.typology.uses_queries import round_places
from tests.factories import MATRIX_ROLES, client_for, user_for_role

CATEGORIES = [1, 2, 3, 4, 5]


def _p(place: str, category: int | None, domains: str = "") -> Place:
    country, _, city = place.partition("/")
    return Place(
        country=country,
        region="Africa",
        category=category,
        priorities=tuple(domains.split()),
        city=city,
    )


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ([], [], []),
        ([_p("KEN", 2, "1")], [_p("KEN", 2, "1.2")], [("KEN", 2, 2, "same", False)]),
        ([_p("KEN", 2)], [_p("KEN", 3)], [("KEN", 2, 3, "changed", False)]),
        ([], [_p("KEN", 3)], [("KEN", None, 3, "new", False)]),
        ([_p("KEN", 3)], [], [("KEN", 3, None, "gone", False)]),
        # Same category, other priority domains: reported apart from the category.
        ([_p("KEN", 2, "1")], [_p("KEN", 2, "1 4.2")], [("KEN", 2, 2, "same", True)]),
        # A city is its own place, paired with the same city only.
        (
            [_p("KEN", 2)],
            [_p("KEN", 2), _p("KEN/Nairobi", 4)],
            [("KEN", 2, 2, "same", False), ("KEN/Nairobi", None, 4, "new", False)],
        ),
        # An uncategorised place (no category) that gets one has changed.
        ([_p("SOM", None)], [_p("SOM", 5)], [("SOM", None, 5, "changed", False)]),
    ],
)
def test_compare_places(before: list[Place], after: list[Place], expected: list[Any]) -> None:
    data = compare_places(before, after, CATEGORIES)
    rows = [
        (r["place"], r["before"], r["after"], r["change"], r["domains_changed"])
        for r in data["rows"]
    ]
    assert rows == expected
    assert data["listed"] == [
        r for r in data["rows"] if r["change"] != "same" or r["domains_changed"]
    ]


def test_counts_by_category_before_and_after() -> None:
    before = [_p("A", 1), _p("B", 2), _p("C", 2)]
    after = [_p("A", 2), _p("B", 2), _p("D", 5, "4")]
    data = compare_places(before, after, CATEGORIES)
    assert [
        (c["category"], c["before"], c["after"], c["difference"]) for c in data["by_category"]
    ] == [
        (1, 1, 0, -1),
        (2, 2, 2, 0),
        (3, 0, 0, 0),
        (4, 0, 0, 0),
        (5, 0, 1, 1),
    ]
    assert (data["changed"], data["new"], data["gone"]) == (["A"], ["D"], ["C"])
    assert data["counts"] == {"changed": 1, "new": 1, "gone": 1, "same": 1, "domains_changed": 0}
    assert (data["total_before"], data["total_after"]) == (3, 3)


def test_domains_added_and_removed() -> None:
    (row,) = compare_places([_p("A", 1, "1 2.1")], [_p("A", 1, "1.3 4")], CATEGORIES)["rows"]
    assert (row["domains_added"], row["domains_removed"]) == (["4"], ["2"])


URL = "/typology/rounds/2019-ALL/compare/?with=2019-PILOT"
JSON_URL = "/typology/rounds/2019-ALL/compare.json?with=2019-PILOT"


@pytest.mark.django_db
def test_page_and_twin_give_the_pure_functions_numbers(content: None) -> None:
    client = client_for(None)
    page = client.get(URL)
    assert page.status_code == 200
    data = client.get(JSON_URL).json()
    expected = compare_places(
        round_places(AssessmentRound.objects.get(code="2019-PILOT")),
        round_places(AssessmentRound.objects.get(code="2019-ALL")),
        CATEGORIES,
    )
    assert data["by_category"] == expected["by_category"]
    assert [(c["before"], c["after"]) for c in data["by_category"]] == [
        (0, 1),
        (2, 1),
        (1, 3),
        (0, 2),
        (1, 8),
    ]
    assert data["changed"] == ["IND"] and "BRA" in data["new"] and data["gone"] == []
    assert "PHL" not in {row["place"] for row in data["rows"]}  # a draft is not compared
    html = page.content.decode()
    assert "<caption>" in html and 'scope="col" class="number"' in html
    assert '<td class="number">+7</td>' in html
    assert "category changed" in html
    assert f'href="{JSON_URL}"' in html


@pytest.mark.django_db
def test_the_default_is_the_previous_round(content: None) -> None:
    client = client_for(None)
    assert client.get("/typology/rounds/2019-ALL/compare.json").json()["with"] == "2019-PILOT"
    # The pilot has no earlier round to compare with.
    assert client.get("/typology/rounds/2019-PILOT/compare/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/typology/rounds/NOPE/compare/",
        "/typology/rounds/NOPE/compare.json?with=2019-PILOT",
        "/typology/rounds/2019-ALL/compare/?with=NOPE",
        "/typology/rounds/2019-ALL/compare.json?with=NOPE",
    ],
)
def test_unknown_rounds_answer_404(content: None, url: str) -> None:
    assert client_for(None).get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_every_role_sees_the_same_final_assessments(content: None, role: str) -> None:
    """Like the uses page: public, and drafts never compared, whoever asks."""
    data = client_for(user_for_role(role)).get(JSON_URL).json()
    assert data["total_after"] == 15
    assert "PHL" not in data["new"]


@pytest.mark.django_db
def test_page_in_chinese(content: None) -> None:
    client = client_for(None)
    client.cookies["django_language"] = "zh-hans"
    assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_api_gives_the_twins_dict(content: None) -> None:
    client = client_for(None)
    api = client.get(
        "/api/v1/typology/rounds/2019-ALL/compare?with=2019-PILOT", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert api.status_code == 200
    assert api.json() == client.get(JSON_URL, HTTP_ACCEPT_LANGUAGE="en").json()
    assert client.get("/api/v1/typology/rounds/2019-ALL/compare").json()["with"] == "2019-PILOT"
    assert client.get("/api/v1/typology/rounds/2019-PILOT/compare").status_code == 404
    assert client.get("/api/v1/typology/rounds/2019-ALL/compare?with=NOPE").status_code == 404


def _run(*args: str) -> str:
    out = StringIO()
    call_command("typology", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_command_prints_the_changes(content: None) -> None:
    data = json.loads(_run("compare", "2019-PILOT", "2019-ALL", "--format", "json"))
    twin = client_for(None).get(JSON_URL, HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["by_category"] == twin["by_category"]
    assert data["changed"] == ["IND"]
    text = _run("compare", "2019-PILOT", "2019-ALL")
    assert "Round 2019-ALL compared with 2019-PILOT: 4 final assessments before, 15 after" in text
    assert "category changed" in text and "+7" in text
    assert "类别已变" in _run("compare", "2019-PILOT", "2019-ALL", "--language", "zh")
    with pytest.raises(CommandError, match="There is no assessment round NOPE"):
        _run("compare", "NOPE", "2019-ALL")
