"""Classification by the built-in plan's typology rules: every category, ties, edges.

Pure: no Django, no database. The thresholds come from the plan file, so a changed
plan file changes the results without code.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habitat_monitor.typology.inputs import AssessmentInput, Shock
from habitat_monitor.typology.rules import Classification, classify, statistic
from tests.typology.helpers import (
    DEFAULT_PLAN,
    ITEMS,
    checked,
    default_typology,
    typology_from,
)

S3 = (3, 3, 3, 3)
E3 = (3, 3, 3, 3, 3, 3)

# id: (drivers, enablers, capacity, shocks, sectors) -> (category, rule, secondary)
CASES = {
    "5 crisis, ongoing": (
        (S3, E3, (3, 3), (("natural", 3, True),), ()),
        (5, "shock-or-crisis", ()),
    ),
    "5 crisis, past shock counts too": (
        (S3, E3, (3, 3), (("man_made", 3, False),), ()),
        (5, "shock-or-crisis", ()),
    ),
    "5 over everything, 1 underneath": (
        ((1, 1, 1, 0), (1,) * 6, (1, 1), (("man_made", 4, True),), ()),
        (5, "shock-or-crisis", (1,)),
    ),
    "5 highest of two shocks": (
        (S3, E3, (3, 3), (("natural", 1, True), ("man_made", 4, False)), ()),
        (5, "shock-or-crisis", ()),
    ),
    "5 with a sector challenge underneath": (
        (S3, E3, (3, 3), (("natural", 3, True),), (("homelessness", 3),)),
        (5, "shock-or-crisis", (4,)),
    ),
    "shock 2 ongoing: secondary 5 only": (
        (S3, E3, (3, 3), (("natural", 2, True),), ()),
        (3, "all-functioning", (5,)),
    ),
    "shock 2 past: nothing": (
        (S3, E3, (3, 3), (("natural", 2, False),), ()),
        (3, "all-functioning", ()),
    ),
    "1 drivers absent": (((1, 1, 1, 1), E3, (3, 3), (), ()), (1, "drivers-lacking", ())),
    "1 all zero": (((0, 0, 0, 0), (0,) * 6, (0, 0), (), ()), (1, "drivers-lacking", ())),
    "1 mean 1.75 just below 2": (((2, 2, 2, 1), E3, (3, 3), (), ()), (1, "drivers-lacking", ())),
    "tie: mean exactly 2 is not 1": (
        ((2, 2, 2, 2), E3, (3, 3), (), ()),
        (2, "frameworks-partial", ()),
    ),
    "1 one driver at 0, others strong": (
        ((0, 4, 4, 4), (4,) * 6, (4, 4), (), ()),
        (1, "driver-absent", ()),
    ),
    "1 one driver at 0, capacity weak too": (
        ((0, 4, 4, 4), (4,) * 6, (1, 4), (), ()),
        (1, "driver-absent", (2,)),
    ),
    "2 capacity weak (local 2)": ((S3, E3, (3, 2), (), ()), (2, "capacity-weak", ())),
    "2 capacity weak at the edge: mean 2, capacity 2": (
        ((2, 2, 2, 2), E3, (2, 2), (), ()),
        (2, "capacity-weak", ()),
    ),
    "2 frameworks partial (2.75), capacity fine": (
        ((3, 3, 3, 2), E3, (3, 3), (), ()),
        (2, "frameworks-partial", ()),
    ),
    "3 enablers weak": ((S3, (2,) * 6, (3, 3), (), ()), (3, "enablers-weak", ())),
    "3 enablers mean 2.8333 is below 3": (
        (S3, (3, 3, 3, 3, 3, 2), (3, 3), (), ()),
        (3, "enablers-weak", ()),
    ),
    "tie: enablers mean exactly 3 is not weak": (
        (S3, E3, (3, 3), (), ()),
        (3, "all-functioning", ()),
    ),
    "3 enablers weak, sector challenge secondary": (
        (S3, (2,) * 6, (3, 3), (), (("homelessness", 4),)),
        (3, "enablers-weak", (4,)),
    ),
    "4 sector challenge 3": (
        (S3, E3, (3, 3), (), (("homelessness", 3),)),
        (4, "sector-challenge", ()),
    ),
    "4 highest of two sectors": (
        ((4, 4, 4, 4), (4,) * 6, (4, 4), (), (("water", 1), ("homelessness", 4))),
        (4, "sector-challenge", ()),
    ),
    "sector 2 is not 4": ((S3, E3, (3, 3), (), (("homelessness", 2),)), (3, "all-functioning", ())),
    "3 all strong, nothing to fix": (
        ((4, 4, 4, 4), (4,) * 6, (4, 4), (), ()),
        (3, "all-functioning", ()),
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_category_rule_and_secondary_needs(case: str) -> None:
    """Each assessment gets the category, rule and secondary needs its table row says."""
    (drivers, enablers, capacity, shocks, sectors), expected = CASES[case]
    result = classify(checked(drivers, enablers, capacity, shocks, sectors), default_typology())
    assert (result.category, result.rule, tuple(n.category for n in result.secondary)) == expected


def test_every_category_is_reached() -> None:
    """The table covers the five categories of the plan."""
    assert {expected[0] for _inputs, expected in CASES.values()} == {1, 2, 3, 4, 5}


def test_result_lists_the_scores_and_the_rules_tried_in_order() -> None:
    result = classify(checked(drivers=(3, 3, 3, 2), capacity=(3, 3)), default_typology())
    assert result.scores == dict(zip(ITEMS, (3, 3, 3, 2, 3, 3, 3, 3, 3, 3, 3, 3), strict=True))
    assert [rule.code for rule in result.tried] == [
        "shock-or-crisis",
        "drivers-lacking",
        "driver-absent",
        "capacity-weak",
        "frameworks-partial",
    ]
    assert [rule.holds for rule in result.tried] == [False, False, False, False, True]


def test_explain_gives_the_numbers() -> None:
    """The explanation names the category, the rule and the statistic with its numbers."""
    text = classify(checked(drivers=(2, 2, 3, 2), capacity=(3, 1)), default_typology()).explain()
    assert "Category 2, by rule capacity-weak" in text
    assert "drivers of change: mean of 2, 2, 3, 2 = 2.25, which is ≥ 2" in text
    assert "institutional capacity: lowest of 3, 1 = 1, which is < 3" in text
    assert "shocks: nothing recorded, so not ≥ 3" in text
    assert "Scores used: policy_legislation 2, planning_design 2, governance 3" in text


def test_explain_shows_secondary_needs_with_their_numbers() -> None:
    result = classify(
        checked(drivers=(1, 1, 1, 0), capacity=(1, 1), shocks=(("man_made", 4, True),)),
        default_typology(),
    )
    text = result.explain()
    assert "Secondary need: category 1 (rule drivers-lacking):" in text
    assert "drivers of change: mean of 1, 1, 1, 0 = 0.75, which is < 2" in text


def test_explain_in_chinese_uses_the_plans_chinese_rule_title() -> None:
    result = classify(checked(drivers=(1, 1, 1, 1)), default_typology())
    assert "变革促成因素基本缺失" in result.explain("zh")


def test_stored_classification_explains_the_same() -> None:
    """as_dict -> from_dict keeps everything the explanation needs."""
    result = classify(
        checked(drivers=(3, 3, 3, 2), shocks=(("natural", 2, True),), sectors=(("water", 3),)),
        default_typology(),
    )
    again = Classification.from_dict(result.as_dict())
    assert again == result
    assert again.explain() == result.explain()


def test_changed_thresholds_in_the_plan_file_change_the_result() -> None:
    """A plan author raising the 'drivers lacking' threshold to 2.5 moves a country with
    drivers averaging 2.25 from category 2 to 1: a file change, no code."""
    assessment = checked(drivers=(2, 2, 3, 2), capacity=(3, 1))
    text = DEFAULT_PLAN.read_text(encoding="utf-8")
    old = "        - {of: driver, stat: mean, below: 2}\n"
    assert text.count(old) == 1
    changed = typology_from(text.replace(old, "        - {of: driver, stat: mean, below: 2.5}\n"))
    assert classify(assessment, default_typology()).category == 2
    result = classify(assessment, changed)
    assert (result.category, result.rule) == (1, "drivers-lacking")


def test_reordered_rules_change_which_fires() -> None:
    """Rule order is data too: put the capacity rule before the driver rules."""
    typology = default_typology()
    rules = list(typology.rules)
    rules.insert(1, rules.pop(3))  # capacity-weak right after the crisis rule
    reordered = typology.model_copy(update={"rules": rules})
    assessment = checked(drivers=(0, 4, 4, 4), capacity=(1, 4))
    assert classify(assessment, typology).rule == "driver-absent"
    assert classify(assessment, reordered).rule == "capacity-weak"


def test_no_rule_holds_without_a_catch_all() -> None:
    typology = default_typology()
    strict = typology.model_copy(update={"rules": typology.rules[:-1]})
    result = classify(checked(), strict)
    assert (result.category, result.rule) == (None, None)
    assert "No rule holds" in result.explain()


@pytest.mark.parametrize(
    ("values", "stat", "expected"),
    [
        ([], "mean", None),
        ([1, 2], "mean", 1.5),
        ([1, 1, 2], "mean", 1.3333),
        ([0.1, 0.2], "mean", 0.15),
        ([3, 1, 2], "min", 1.0),
        ([3, 1, 2], "max", 3.0),
    ],
)
def test_statistic(values: list[float], stat: str, expected: float | None) -> None:
    assert statistic(values, stat) == expected


score = st.integers(min_value=0, max_value=4)
scores = st.tuples(*[score] * len(ITEMS))
shock_lists = st.lists(
    st.tuples(st.sampled_from(["natural", "man_made"]), score, st.booleans()), max_size=3
)


def _assessment(values: tuple[int, ...], shocks: list[tuple[str, int, bool]]) -> AssessmentInput:
    return AssessmentInput(
        scores=dict(zip(ITEMS, values, strict=True)),
        shocks=tuple(Shock(kind, severity, ongoing) for kind, severity, ongoing in shocks),
        social_inclusion="notes",
    )


@given(values=scores, shocks=shock_lists, item=st.sampled_from(ITEMS))
def test_raising_a_score_never_moves_towards_category_1(
    values: tuple[int, ...], shocks: list[tuple[str, int, bool]], item: str
) -> None:
    """Raising one score (a driver, enabler or capacity) never moves an assessment from
    3 or 4 to 1 or 2, nor from 2 to 1, nor out of 5 (the shocks are unchanged)."""
    before = classify(_assessment(values, shocks), default_typology()).category
    index = ITEMS.index(item)
    raised = (*values[:index], min(values[index] + 1, 4), *values[index + 1 :])
    after = classify(_assessment(raised, shocks), default_typology()).category
    if before in (3, 4):
        assert after in (3, 4)
    if before == 2:
        assert after != 1
    if before == 5:
        assert after == 5


@given(values=scores, shocks=shock_lists)
def test_every_assessment_gets_one_explained_category(
    values: tuple[int, ...], shocks: list[tuple[str, int, bool]]
) -> None:
    """With the built-in rules every assessment gets a category 1-5 from a named rule;
    any shock of severity 3 or more gives 5; secondary needs never repeat the category."""
    result = classify(_assessment(values, shocks), default_typology())
    assert result.category in {1, 2, 3, 4, 5}
    assert result.rule in {rule.code for rule in default_typology().rules}
    if any(severity >= 3 for _kind, severity, _ongoing in shocks):
        assert result.category == 5
    needs = [need.category for need in result.secondary]
    assert result.category not in needs
    assert len(needs) == len(set(needs))
    assert f"Category {result.category}, by rule {result.rule}" in result.explain()
    assert Classification.from_dict(result.as_dict()) == result


def test_a_stored_result_keeps_the_plans_item_order() -> None:
    """A database may store the scores' keys in another order (PostgreSQL's jsonb
    sorts them); the explanation still lists them in the plan's order."""
    result = classify(checked(drivers=(2, 2, 3, 2), capacity=(3, 1)), default_typology())
    stored = result.as_dict()
    stored["scores"] = dict(sorted(stored["scores"].items(), key=lambda item: item[0][::-1]))
    again = Classification.from_dict(stored)
    assert list(again.scores) == list(result.scores)
    assert again.explain() == result.explain()
