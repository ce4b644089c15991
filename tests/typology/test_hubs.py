"""Multi-country hubs (annex 3 §10 (c)): the proposed grouping and the capacity each hub
needs; pure, table-driven."""

from __future__ import annotations

from typing import Any

import pytest

from habitat_monitor.typology import hubs
from habitat_monitor.typology.uses import FOCUS, Place

ITEMS = {"governance": "driver", "innovation": "enabler", "partnerships": "enabler"}


def _p(country: str, category: int | None, domains: str = "", **kw: Any) -> Place:
    """A place of ``region`` (Africa by default) with priorities ``domains`` ("1 2.1")."""
    scores = kw.pop("scores", {})
    return Place.scored(
        scores,
        country=country,
        region=kw.pop("region", "Africa"),
        category=category,
        priorities=tuple(domains.split()),
        name=kw.pop("name", country),
        **kw,
    )


def _grouping(result: list[dict[str, Any]]) -> list[tuple[str, str, list[str]]]:
    return [(h["region"], h["anchor"], h["countries"]) for h in result]


@pytest.mark.parametrize(
    ("places", "max_size", "expected"),
    [
        ([], 4, []),
        # A region that fits is one hub, anchored in the office with the largest programme.
        (
            [
                _p("KEN", 2, has_office=True, programme_size=5),
                _p("ETH", 1, has_office=True, programme_size=9),
                _p("UGA", 2),
            ],
            4,
            [("Africa", "ETH", ["ETH", "KEN", "UGA"])],
        ),
        # A hub never crosses a region; regions in alphabetical order.
        (
            [_p("IND", 3, region="Asia"), _p("KEN", 2)],
            4,
            [("Africa", "KEN", ["KEN"]), ("Asia", "IND", ["IND"])],
        ),
        # An office anchors even when another country has a larger (unknown) programme.
        (
            [_p("AAA", 1), _p("ZZZ", 1, has_office=True)],
            4,
            [("Africa", "ZZZ", ["AAA", "ZZZ"])],
        ),
        # Split: the second anchor is the office least like the first; the others join
        # the anchor they share category and domains with.
        (
            [
                _p("A1", 5, "4", has_office=True, programme_size=20),
                _p("A2", 5, "4.2"),
                _p("B1", 1, "1", has_office=True),
                _p("B2", 1, "1.1"),
                _p("A3", 5, "4", has_office=True),
            ],
            3,
            [("Africa", "A1", ["A1", "A2", "A3"]), ("Africa", "B1", ["B1", "B2"])],
        ),
        # Balanced sizes: 5 countries, at most 4 per hub -> 3 and 2, not 4 and 1; equally
        # alike countries go to the smaller hub in turn.
        (
            [_p(c, 5, "4", has_office=c in ("A", "E")) for c in "ABCDE"],
            4,
            [("Africa", "A", ["A", "B", "D"]), ("Africa", "E", ["C", "E"])],
        ),
        # Without enough offices, an assessed country anchors the second hub.
        (
            [_p("A", 5, "4", has_office=True), _p("B", 1, "1"), _p("C", 5, "4")],
            2,
            [("Africa", "A", ["A", "C"]), ("Africa", "B", ["B"])],
        ),
    ],
)
def test_grouping(places: list[Place], max_size: int, expected: list[Any]) -> None:
    result = hubs.propose_hubs(places, ITEMS, max_size=max_size)
    assert _grouping(result) == expected
    assert [h["code"] for h in result] == [f"H{n}" for n in range(1, len(result) + 1)]
    assert all(h["size"] <= max_size for h in result)


def test_cities_go_with_their_country() -> None:
    places = [
        _p("KEN", 2, "1", has_office=True, name="Kenya"),
        _p("KEN", 4, "3", city="Nairobi", name="Kenya · Nairobi"),
        _p("TZA", 1, "1"),
    ]
    (hub,) = hubs.propose_hubs(places, ITEMS, max_size=1 + 1)
    assert hub["countries"] == ["KEN", "TZA"]
    assert hub["places"] == ["KEN", "KEN/Nairobi", "TZA"]
    assert hub["size"] == 2
    assert [(m["category"], m["count"]) for m in hub["category_mix"]] == [(1, 1), (2, 1), (4, 1)]


def test_reasons_name_the_region_split_anchor_and_matches() -> None:
    places = [
        _p("A", 5, "4", has_office=True, name="Alpha"),
        _p("B", 1, "1", has_office=True, name="Beta"),
        _p("C", 5, "4.1", name="Gamma"),
        _p("D", 3, "2", name="Delta"),
    ]
    first, second = hubs.propose_hubs(places, ITEMS, max_size=2)
    assert first["reasons"] == [
        {"template": hubs.REASON_REGION, "params": {"region": "Africa"}},
        {
            "template": hubs.REASON_SPLIT,
            "params": {"region": "Africa", "count": "4", "size": "2", "hubs": "2"},
        },
        {"template": hubs.REASON_ANCHOR_OFFICE, "params": {"country": "Alpha"}},
        {
            "template": hubs.REASON_MEMBER_ALIKE,
            "params": {"country": "Gamma", "anchor": "Alpha", "categories": "5", "domains": "4"},
        },
    ]
    assert second["reasons"][-1] == {
        "template": hubs.REASON_MEMBER_ROOM,
        "params": {"country": "Delta"},
    }


def test_a_member_placed_where_there_was_room_says_which_hub_it_was_like() -> None:
    places = [
        _p("A", 5, "4", has_office=True),
        _p("B", 1, "1", has_office=True),
        _p("C", 5, "4"),
        _p("D", 5, "4"),
    ]
    _first, second = hubs.propose_hubs(places, ITEMS, max_size=2)
    assert second["countries"] == ["B", "D"]
    assert second["reasons"][-1] == {
        "template": hubs.REASON_MEMBER_FULL,
        "params": {"country": "D", "better": "A"},
    }


def test_a_hub_without_an_office_says_so() -> None:
    (hub,) = hubs.propose_hubs([_p("A", 3), _p("B", 3)], ITEMS)
    assert hub["anchor_has_office"] is False
    assert hub["reasons"][-1]["template"] == hubs.REASON_ANCHOR_NO_OFFICE


@pytest.mark.parametrize(
    ("scores", "needed", "template", "params"),
    [
        # Mean below 3: expertise needed; the weakest places named, lowest first.
        (
            [2, 1, 4],
            True,
            hubs.REASON_ITEM_WEAK,
            {"mean": "2.33", "count": "3", "threshold": "3", "places": "B 1, A 2"},
        ),
        # Exactly 3 is functioning: not needed, though one place is below.
        (
            [2, 3, 4],
            False,
            hubs.REASON_ITEM_STRONG_BUT,
            {"mean": "3", "count": "3", "threshold": "3", "places": "A 2"},
        ),
        (
            [3, 3, 4],
            False,
            hubs.REASON_ITEM_STRONG,
            {"mean": "3.33", "count": "3", "threshold": "3"},
        ),
        ([None, None, None], False, hubs.REASON_ITEM_UNSCORED, {}),
        # Only scored places count.
        (
            [None, 0, 4],
            True,
            hubs.REASON_ITEM_WEAK,
            {"mean": "2", "count": "2", "threshold": "3", "places": "B 0"},
        ),
    ],
)
def test_expertise_by_item_from_the_scores(
    scores: list[int | None], needed: bool, template: str, params: dict[str, str]
) -> None:
    places = [
        _p(code, 3, scores={} if score is None else {"innovation": score})
        for code, score in zip("ABC", scores, strict=True)
    ]
    (hub,) = hubs.propose_hubs(places, {"innovation": "enabler"})
    (item,) = hub["items"]
    assert (item["needed"], item["reason"]) == (needed, {"template": template, "params": params})


def test_items_list_enablers_first_then_drivers_and_capacity() -> None:
    items = {"capacity_local": "capacity", "governance": "driver", "innovation": "enabler"}
    (hub,) = hubs.propose_hubs([_p("A", 3)], items)
    assert [i["group"] for i in hub["items"]] == ["enabler", "driver", "capacity"]


def test_expertise_by_domain_and_category_focus() -> None:
    places = [_p("A", 1, "1 1.2"), _p("B", 1, "1 2"), _p("C", 5, "4.1")]
    (hub,) = hubs.propose_hubs(places, {})
    assert [(d["domain"], d["count"], d["places"]) for d in hub["domains"]] == [
        ("1", 2, ["A", "B"]),
        ("2", 1, ["B"]),
        ("4", 1, ["C"]),
    ]
    assert hub["domains"][0]["reason"] == {
        "template": hubs.REASON_DOMAIN,
        "params": {"count": "2", "total": "3", "places": "A, B"},
    }
    assert hub["category_mix"] == [
        {"category": 1, "count": 2, "focus": FOCUS[1]},
        {"category": 5, "count": 1, "focus": FOCUS[5]},
    ]


def test_a_hub_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="max_size"):
        hubs.propose_hubs([_p("A", 1)], ITEMS, max_size=0)


def test_every_country_is_in_exactly_one_hub() -> None:
    """Whatever the size, each country is in one hub and no hub is over the size."""
    places = [
        _p(f"C{n:02}", n % 5 + 1, str(n % 4 + 1), region=f"R{n % 3}", has_office=n % 2 == 0)
        for n in range(23)
    ]
    for size in range(1, 9):
        result = hubs.propose_hubs(places, ITEMS, max_size=size)
        countries = [c for h in result for c in h["countries"]]
        assert sorted(countries) == sorted(p.country for p in places)
        assert all(1 <= h["size"] <= size for h in result)
