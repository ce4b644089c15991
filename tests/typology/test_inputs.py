"""Checking an assessment against the plan's typology: bad input is refused, clearly.

Pure: no Django, no database.
"""

from __future__ import annotations

from typing import Any

import pytest

from habitat_monitor.typology.inputs import AssessmentInvalid, parse_score, validate
from tests.typology.helpers import ITEMS, default_typology, raw, score_map

PRIORITIES = {"1", "1.1", "1.2", "4", "4.2"}


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(AssessmentInvalid) as caught:
        validate(data, default_typology(), PRIORITIES)
    return [problem.message for problem in caught.value.problems]


def test_a_complete_assessment_is_accepted() -> None:
    checked = validate(raw(), default_typology(), PRIORITIES)
    assert dict(checked.scores) == score_map()
    assert checked.priorities == ("1", "1.2")
    assert checked.evidence == {"governance": "Urban policy adopted in 2018."}


@pytest.mark.parametrize(
    ("value", "shown"),
    [(5, "5"), (-1, "-1"), (2.5, "2.5"), ("high", "'high'"), (True, "True"), ("2.5", "'2.5'")],
)
def test_a_score_outside_0_to_4_names_the_item(value: object, shown: str) -> None:
    scores = {**score_map(), "governance": value}
    assert _problems(raw(scores=scores)) == [
        f"governance: the score must be a whole number from 0 to 4, not {shown}."
    ]


@pytest.mark.parametrize("value", [None, ""])
def test_a_missing_score_is_refused(value: object) -> None:
    scores = {**score_map(), "financing": value}
    assert _problems(raw(scores=scores)) == ["financing: a score from 0 to 4 is required."]


def test_an_absent_item_is_refused() -> None:
    scores = score_map()
    del scores["capacity_local"]
    assert _problems(raw(scores=scores)) == ["capacity_local: a score from 0 to 4 is required."]


def test_an_unknown_item_is_refused() -> None:
    scores = {**score_map(), "finance": 2}
    assert _problems(raw(scores=scores)) == ["finance: this item is not in the plan's typology."]


@pytest.mark.parametrize(("value", "expected"), [("3", 3), (" 0 ", 0), (4.0, 4), (2, 2)])
def test_scores_typed_in_a_spreadsheet_are_read(value: object, expected: int) -> None:
    assert parse_score(value) == expected


@pytest.mark.parametrize("notes", [None, "", "   "])
def test_social_inclusion_notes_are_required(notes: str | None) -> None:
    """Annex 3 §9: social inclusion is attended to in every category."""
    problems = _problems(raw(social_inclusion=notes))
    assert len(problems) == 1
    assert problems[0].startswith("social_inclusion: notes on social inclusion are required")


def test_a_plan_may_make_social_inclusion_notes_optional() -> None:
    typology = default_typology().model_copy(update={"social_inclusion_required": False})
    assert validate(raw(social_inclusion=""), typology).social_inclusion == ""


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (
            "shocks",
            [{"kind": "flood", "severity": 3}],
            "shocks.0.kind: the kind must be natural or man_made, not 'flood'.",
        ),
        (
            "shocks",
            [{"kind": "natural", "severity": 7}],
            "shocks.0.severity: the severity must be a whole number from 0 to 4, not 7.",
        ),
        (
            "shocks",
            [{"kind": "natural", "severity": 2, "ongoing": "yes"}],
            "shocks.0.ongoing: say true or false, not 'yes'.",
        ),
        ("shocks", {"kind": "natural"}, "shocks: give a list of entries."),
        (
            "sector_challenges",
            [{"sector": " ", "severity": 2}],
            "sector_challenges.0.sector: name the sector.",
        ),
        (
            "sector_challenges",
            [{"sector": "homelessness"}],
            "sector_challenges.0.severity: the severity must be a whole number from 0 to 4, "
            "not None.",
        ),
        (
            "priorities",
            ["9.9"],
            "priorities: 9.9 is not a domain of change or outcome of the plan.",
        ),
        ("priorities", "1", "priorities: give a list of codes."),
        ("evidence", {"law": "text"}, "law: this item is not in the plan's typology."),
        ("scores", [3, 3], "scores: give a score for each item."),
        ("colour", "blue", "colour: unknown field (check the spelling)."),
    ],
)
def test_bad_fields_are_refused_with_their_name(field: str, value: object, expected: str) -> None:
    assert expected in _problems(raw(**{field: value}))


def test_every_problem_is_reported_at_once() -> None:
    scores = {**score_map(), "governance": 9, "financing": None}
    problems = _problems(raw(scores=scores, social_inclusion="", shocks=[{"kind": "x"}]))
    assert len(problems) == 5


def test_man_made_may_be_written_with_a_hyphen() -> None:
    shocks = [{"kind": "man-made", "severity": "3", "ongoing": True}]
    checked = validate(raw(shocks=shocks), default_typology())
    assert checked.shocks[0].kind == "man_made"
    assert checked.shocks[0].severity == 3


def test_as_dict_holds_what_the_database_stores() -> None:
    data = raw(sector_challenges=[{"sector": "water", "severity": 2}])
    stored = validate(data, default_typology()).as_dict()
    assert stored["sector_challenges"] == [{"sector": "water", "severity": 2, "note": ""}]
    assert set(stored["scores"]) == set(ITEMS)
