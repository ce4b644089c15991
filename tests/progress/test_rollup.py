"""Rollup rules: tables for every aggregation and edge case, properties for invariants.

Pure functions: no database, no Django.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habitat_monitor.progress.achievement import MINUS, TIMES, Status
from habitat_monitor.progress.rollup import (
    NO_VALUES,
    NOT_AGGREGATED,
    RULES,
    Combined,
    IndicatorStatus,
    Part,
    StatusCounts,
    breakdown,
    combine,
    combine_combined,
    explain,
    framework_rollup,
    status_counts,
)

NAN = float("nan")
INF = float("inf")
P = Part


def _parts(*values: float | None) -> list[Part]:
    return [Part(value) for value in values]


@pytest.mark.parametrize(
    ("rule", "parts", "value", "count", "missing", "weighted", "reason"),
    [
        # sum
        ("sum", _parts(3, 4, 5), 12.0, 3, 0, False, ""),
        ("sum", _parts(-3, 1), -2.0, 2, 0, False, ""),
        ("sum", _parts(7), 7.0, 1, 0, False, ""),
        ("sum", _parts(0, 0), 0.0, 2, 0, False, ""),
        ("sum", _parts(1, None, NAN, INF), 1.0, 1, 3, False, ""),  # missing is not zero
        ("sum", [], None, 0, 0, False, NO_VALUES),
        ("sum", _parts(None, None), None, 0, 2, False, NO_VALUES),
        # mean
        ("mean", _parts(2, 4, 9), 5.0, 3, 0, False, ""),
        ("mean", _parts(2, None, 4), 3.0, 2, 1, False, ""),  # not (2 + 0 + 4) / 3
        ("mean", [P(2, 100), P(4, 1)], 3.0, 2, 0, False, ""),  # weights play no part
        ("mean", _parts(5), 5.0, 1, 0, False, ""),
        ("mean", [], None, 0, 0, False, NO_VALUES),
        ("mean", _parts(NAN), None, 0, 1, False, NO_VALUES),
        # weighted mean: every place has a denominator
        ("weighted_mean", [P(40, 100), P(60, 300)], 55.0, 2, 0, True, ""),
        ("weighted_mean", [P(40, 100)], 40.0, 1, 0, True, ""),
        ("weighted_mean", [P(40, 100), P(None, 300), P(60, 100)], 50.0, 2, 1, True, ""),
        ("weighted_mean", [P(None, 100)], None, 0, 1, False, NO_VALUES),
        ("weighted_mean", [], None, 0, 0, False, NO_VALUES),
        # weighted mean: a denominator missing, zero, negative or not finite → unweighted
        (
            "weighted_mean",
            [P(40, 100), P(60)],
            50.0,
            2,
            0,
            False,
            "unweighted mean: denominators missing for 1 of 2 places",
        ),
        (
            "weighted_mean",
            [P(40, 0), P(60, 300), P(80, -5)],
            60.0,
            3,
            0,
            False,
            "unweighted mean: denominators missing for 2 of 3 places",
        ),
        (
            "weighted_mean",
            [P(40, INF), P(60, NAN)],
            50.0,
            2,
            0,
            False,
            "unweighted mean: denominators missing for 2 of 2 places",
        ),
        (
            "weighted_mean",
            _parts(10, 20, 60),
            30.0,
            3,
            0,
            False,
            "unweighted mean: denominators missing for 3 of 3 places",
        ),
        # count_true: 0.5 or more is yes
        ("count_true", _parts(1, 0, 1), 2.0, 3, 0, False, ""),
        ("count_true", [P(True), P(False), P(True)], 2.0, 3, 0, False, ""),
        ("count_true", _parts(0.5, 0.49), 1.0, 2, 0, False, ""),
        ("count_true", _parts(0, 0), 0.0, 2, 0, False, ""),  # no yes is 0, not missing
        ("count_true", _parts(1, None), 1.0, 1, 1, False, ""),
        ("count_true", [], None, 0, 0, False, NO_VALUES),
        # none: one place only
        ("none", _parts(5), 5.0, 1, 0, False, ""),
        ("none", _parts(5, None), 5.0, 1, 1, False, ""),
        ("none", _parts(5, 6), None, 2, 0, False, NOT_AGGREGATED),
        ("none", _parts(5, 6, None), None, 2, 1, False, NOT_AGGREGATED),
        ("none", [], None, 0, 0, False, NO_VALUES),
    ],
)
def test_combine(
    rule: str,
    parts: list[Part],
    value: float | None,
    count: int,
    missing: int,
    weighted: bool,
    reason: str,
) -> None:
    result = combine(rule, parts)
    assert result.value == value
    assert (result.parts, result.missing, result.weighted) == (count, missing, weighted)
    assert (result.rule, result.reason) == (rule, reason)


@pytest.mark.parametrize(
    ("rule", "parts", "weight"),
    [
        ("weighted_mean", [P(40, 100), P(60, 300)], 400.0),  # Σ weights
        ("weighted_mean", [P(40, 100), P(60)], 2.0),  # unweighted: the number of places
        ("mean", _parts(1, 2, None), 2.0),
        ("sum", _parts(1, 2, 3), 3.0),
        ("count_true", _parts(1, 0), 2.0),
        ("none", _parts(9), 1.0),
        ("none", _parts(9, 8), None),
        ("sum", [], None),
    ],
)
def test_combined_weight(rule: str, parts: list[Part], weight: float | None) -> None:
    assert combine(rule, parts).weight == weight


def test_unknown_rule_is_rejected() -> None:
    with pytest.raises(ValueError, match="aggregation must be one of"):
        combine("median", _parts(1))
    with pytest.raises(ValueError, match="aggregation must be one of"):
        combine_combined("median", [])
    with pytest.raises(ValueError, match="aggregation must be one of"):
        breakdown("median", {})


def test_results_of_another_rule_are_not_combined() -> None:
    with pytest.raises(ValueError, match="cannot be combined by 'mean'"):
        combine_combined("mean", [combine("sum", _parts(1, 2))])


@pytest.mark.parametrize(
    ("rule", "groups", "value", "count", "missing", "weighted", "reason"),
    [
        # mean over all places, not a mean of means (that would be 3.5)
        ("mean", [_parts(1, 2, 3), _parts(5)], 2.75, 4, 0, False, ""),
        ("sum", [_parts(1, 2), _parts(None), []], 3.0, 2, 1, False, ""),
        ("count_true", [_parts(1, 0), _parts(1, 1)], 3.0, 4, 0, False, ""),
        ("weighted_mean", [[P(40, 100)], [P(60, 300)]], 55.0, 2, 0, True, ""),
        (
            "weighted_mean",
            [[P(10), P(20)], [P(60)]],
            30.0,
            3,
            0,
            False,
            "unweighted mean: denominators missing for 3 of 3 places",
        ),
        (  # a weighted group with an unweighted one: each group counts by its places
            "weighted_mean",
            [[P(40, 100), P(60, 300)], [P(10), P(20, 5)]],
            35.0,
            4,
            0,
            False,
            "unweighted mean: denominators missing for 1 of 4 places",
        ),
        ("sum", [[], _parts(None)], None, 0, 1, False, NO_VALUES),
        ("sum", [], None, 0, 0, False, NO_VALUES),
        ("none", [_parts(5), _parts(None)], 5.0, 1, 1, False, ""),
        ("none", [_parts(5), _parts(6)], None, 2, 0, False, NOT_AGGREGATED),
        ("none", [_parts(5, 6), _parts(None)], None, 2, 1, False, NOT_AGGREGATED),
        ("none", [_parts(5, 6), _parts(7)], None, 3, 0, False, NOT_AGGREGATED),
    ],
)
def test_combine_combined(
    rule: str,
    groups: list[list[Part]],
    value: float | None,
    count: int,
    missing: int,
    weighted: bool,
    reason: str,
) -> None:
    result = combine_combined(rule, [combine(rule, group) for group in groups])
    assert result.value == value
    assert (result.parts, result.missing, result.weighted) == (count, missing, weighted)
    assert result.reason == reason


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (
            combine("weighted_mean", [P(40, 100), P(60, 300)]),
            f"weighted mean: (40 {TIMES} 100 + 60 {TIMES} 300) / (100 + 300) = 55",
        ),
        (
            combine("weighted_mean", [P(40, 100), P(60)]),
            "unweighted mean: (40 + 60) / 2 = 50; denominators missing for 1 of 2 places",
        ),
        (
            combine("mean", _parts(1, None, 2, NAN)),
            "mean: (1 + 2) / 2 = 1.5; 2 places without a value were left out",
        ),
        (combine("sum", _parts(-3, 1)), f"sum: {MINUS}3 + 1 = {MINUS}2"),
        (
            combine("sum", _parts(*range(10))),
            "sum: 0 + 1 + 2 + 3 + 4 + … (10 terms in all) = 45",
        ),
        (
            combine("count_true", _parts(1, 0, 1, None)),
            "count of yes (a value of 0.5 or more): 1 + 0 + 1 = 2; "
            "1 place without a value was left out",
        ),
        (combine("none", _parts(5)), "not aggregated: the value of the only place, 5"),
        (combine("none", _parts(5, 6)), NOT_AGGREGATED),
        (combine("sum", _parts(None)), f"{NO_VALUES}; 1 place without a value was left out"),
        (
            combine_combined(
                "mean", [combine("mean", _parts(1, 2, 3)), combine("mean", _parts(5))]
            ),
            f"mean: (2 {TIMES} 3 + 5 {TIMES} 1) / (3 + 1) = 2.75; "
            "each value counts as many times as it has places",
        ),
        (
            combine_combined(
                "weighted_mean",
                [
                    combine("weighted_mean", [P(40, 100), P(60, 300)]),
                    combine("weighted_mean", [P(30, 200)]),
                ],
            ),
            f"weighted mean: (55 {TIMES} 400 + 30 {TIMES} 200) / (400 + 200) = 46.6667",
        ),
        (Combined(3.0, 1, 0, False, "sum", "", 1.0), "sum: 3"),  # built without terms
    ],
)
def test_explain(result: Combined, expected: str) -> None:
    assert explain(result) == expected


def test_breakdown_combines_each_category_in_order() -> None:
    result = breakdown(
        "weighted_mean",
        {"female": [P(40, 100), P(60, 300)], "male": [P(50, 200), P(None, 10)], "other": []},
    )
    assert list(result) == ["female", "male", "other"]
    assert [combined.value for combined in result.values()] == [55.0, 50.0, None]
    assert result["male"].missing == 1
    assert breakdown("sum", {}) == {}


# Statuses up the framework ---------------------------------------------------------------

ON, RISK, OFF, NO_DATA, LATER = (
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.NO_DATA,
    Status.NOT_YET_DUE,
)


@pytest.mark.parametrize(
    ("statuses", "counts", "share"),
    [
        ([ON, ON, RISK, OFF, NO_DATA], StatusCounts(2, 1, 1, 1, 0), 0.8),
        ([ON, LATER, LATER], StatusCounts(1, 0, 0, 0, 2), 1.0),  # not yet due: not counted
        ([LATER], StatusCounts(0, 0, 0, 0, 1), None),  # nothing due: no share
        ([], StatusCounts(), None),
        ([NO_DATA, NO_DATA], StatusCounts(0, 0, 0, 2, 0), 0.0),
        (["on_track", "no_data"], StatusCounts(1, 0, 0, 1, 0), 0.5),  # plain strings
    ],
)
def test_status_counts(statuses: list[str], counts: StatusCounts, share: float | None) -> None:
    result = status_counts(statuses)
    assert result == counts
    assert result.total == len(statuses)
    assert result.assessed_share == share


def test_unknown_status_is_rejected() -> None:
    with pytest.raises(ValueError, match="status must be one of"):
        status_counts(["on track"])


def test_counts_are_never_negative() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        StatusCounts(on_track=-1)


def test_framework_rollup() -> None:
    items = [
        IndicatorStatus("1.1.a", ON, "D1", "O1.1", "X1"),
        IndicatorStatus("1.1.b", OFF, "D1", "O1.1", "X2"),
        IndicatorStatus("1.2.a", NO_DATA, "D1", "O1.2", None),
        IndicatorStatus("2.1.a", RISK, "D2", "O2.1", "X1"),
        IndicatorStatus("CC.1", LATER, None, "O1.1", "X1"),  # no domain: the plan only
    ]
    rollup = framework_rollup(items)
    assert rollup.plan == StatusCounts(1, 1, 1, 1, 1)
    assert rollup.domains == {"D1": StatusCounts(1, 0, 1, 1, 0), "D2": StatusCounts(0, 1, 0, 0, 0)}
    assert rollup.outcomes == {
        "O1.1": StatusCounts(1, 0, 1, 0, 0),
        "O1.2": StatusCounts(0, 0, 0, 1, 0),
        "O2.1": StatusCounts(0, 1, 0, 0, 0),
    }
    assert rollup.dimensions == {
        "X1": StatusCounts(1, 1, 0, 0, 0),
        "X2": StatusCounts(0, 0, 1, 0, 0),
    }


def test_framework_rollup_rejects_an_indicator_given_twice() -> None:
    with pytest.raises(ValueError, match="given twice"):
        framework_rollup([IndicatorStatus("A", ON, "D"), IndicatorStatus("A", OFF, "D")])


# Properties ---------------------------------------------------------------------------------

value_st = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
weight_st = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)
maybe_value = st.one_of(st.none(), st.just(NAN), value_st)
weighted_part = st.builds(Part, maybe_value, weight_st)
any_part = st.builds(
    Part, maybe_value, st.one_of(st.none(), st.just(0.0), st.just(-1.0), weight_st)
)
groups_st = st.lists(st.lists(weighted_part, max_size=6), min_size=1, max_size=5)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def _same(direct: Combined, grouped: Combined) -> None:
    assert _close(direct.value, grouped.value), (direct, grouped)
    assert _close(direct.weight, grouped.weight)
    assert (direct.parts, direct.missing, direct.weighted, direct.no_weight) == (
        grouped.parts,
        grouped.missing,
        grouped.weighted,
        grouped.no_weight,
    )
    assert direct.reason == grouped.reason


def _flat(groups: Sequence[Sequence[Part]]) -> list[Part]:
    return [part for group in groups for part in group]


@given(rule=st.sampled_from(["sum", "mean", "weighted_mean", "count_true"]), groups=groups_st)
def test_combining_groups_equals_combining_everything(rule: str, groups: list[list[Part]]) -> None:
    """Countries combined into a region give the same answer as every office directly."""
    grouped = combine_combined(rule, [combine(rule, group) for group in groups])
    _same(combine(rule, _flat(groups)), grouped)


@given(groups=groups_st, depth=st.integers(min_value=1, max_value=3))
def test_unweighted_groups_combine_like_everything(groups: list[list[Part]], depth: int) -> None:
    """Without any denominator, groups (and groups of groups) equal the mean of all places."""
    groups = [[Part(part.value) for part in group] for group in groups]
    results = [combine("weighted_mean", group) for group in groups]
    for _level in range(depth):
        results = [combine_combined("weighted_mean", results)]
    _same(combine("weighted_mean", _flat(groups)), results[0])


@given(groups=groups_st)
def test_none_is_one_place_or_nothing(groups: list[list[Part]]) -> None:
    grouped = combine_combined("none", [combine("none", group) for group in groups])
    direct = combine("none", _flat(groups))
    assert (direct.value, direct.parts, direct.missing) == (
        grouped.value,
        grouped.parts,
        grouped.missing,
    )


@given(rule=st.sampled_from(["mean", "weighted_mean"]), parts=st.lists(any_part, max_size=12))
def test_means_lie_between_the_smallest_and_largest_value(rule: str, parts: list[Part]) -> None:
    result = combine(rule, parts)
    values = [part.value for part in parts if part.value is not None and math.isfinite(part.value)]
    if not values:
        assert result.value is None
    else:
        assert result.value is not None
        assert min(values) <= result.value <= max(values)


@given(rule=st.sampled_from(sorted(RULES)), data=st.data())
def test_order_of_parts_does_not_matter(rule: str, data: st.DataObject) -> None:
    parts = data.draw(st.lists(any_part, max_size=10))
    shuffled = data.draw(st.permutations(parts))
    assert combine(rule, parts) == combine(rule, shuffled)


@given(parts=st.lists(any_part, max_size=12))
def test_missing_and_used_places_add_up(parts: list[Part]) -> None:
    for rule in sorted(RULES - {"none"}):
        result = combine(rule, parts)
        assert result.parts + result.missing == len(parts)


codes = st.sampled_from([None, "A", "B", "C"])
indicator_st = st.tuples(st.sampled_from(list(Status)), codes, codes, codes)


@given(st.lists(indicator_st, max_size=30))
def test_framework_counts(rows: list[tuple[Status, str | None, str | None, str | None]]) -> None:
    items = [IndicatorStatus(f"I{n}", *row) for n, row in enumerate(rows)]
    rollup = framework_rollup(items)
    assert rollup.plan.total == len(items)
    assert sum(counts.total for counts in rollup.domains.values()) <= rollup.plan.total
    assert sum(counts.total for counts in rollup.domains.values()) == sum(
        1 for item in items if item.domain is not None
    )
    levels = [rollup.plan, *rollup.domains.values(), *rollup.outcomes.values()]
    for counts in [*levels, *rollup.dimensions.values()]:
        assert min(counts.on_track, counts.at_risk, counts.off_track) >= 0
        assert min(counts.no_data, counts.not_yet_due, counts.total) >= 0
        share = counts.assessed_share
        assert share is None or 0.0 <= share <= 1.0
