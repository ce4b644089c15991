"""Achievement, status and cumulation rules: tables for every rule, properties for invariants.

Pure functions: no database, no Django.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habitat_monitor.progress.achievement import (
    MINUS,
    Bands,
    Status,
    achievement,
    assess_against_target,
    capped,
    cumulative_actual,
    explain,
    meets_target,
    number_text,
    status,
)

NAN = float("nan")
INF = float("inf")


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "direction", "tolerance", "expected"),
    [
        # increase: the share of the way from the baseline to the target
        (48.0, 50.0, 48.5, "increase", None, 25.0),
        (48.0, 50.0, 50.0, "increase", None, 100.0),
        (48.0, 50.0, 52.0, "increase", None, 200.0),  # not clamped
        (48.0, 50.0, 47.0, "increase", None, -50.0),  # wrong way: negative
        (48.0, 50.0, 48.0, "increase", None, 0.0),
        # decrease: the same formula, both differences negative
        (30.0, 10.0, 20.0, "decrease", None, 50.0),
        (30.0, 10.0, 10.0, "decrease", None, 100.0),
        (30.0, 10.0, 5.0, "decrease", None, 125.0),
        (30.0, 10.0, 35.0, "decrease", None, -25.0),
        # target == baseline: nothing to gain, met 100 else 0
        (50.0, 50.0, 50.0, "increase", None, 100.0),
        (50.0, 50.0, 51.0, "increase", None, 100.0),
        (50.0, 50.0, 49.0, "increase", None, 0.0),
        (50.0, 50.0, 49.0, "decrease", None, 100.0),
        (50.0, 50.0, 51.0, "decrease", None, 0.0),
        # target behind the baseline in the direction: also nothing to gain
        (50.0, 40.0, 45.0, "increase", None, 100.0),
        (50.0, 40.0, 39.0, "increase", None, 0.0),
        (10.0, 20.0, 15.0, "decrease", None, 100.0),
        (10.0, 20.0, 21.0, "decrease", None, 0.0),
        # no baseline: a plain ratio
        (None, 50.0, 45.0, "increase", None, 90.0),
        (None, 50.0, 60.0, "increase", None, 120.0),
        (None, 50.0, -5.0, "increase", None, -10.0),
        (None, 40.0, 50.0, "decrease", None, 80.0),
        (None, 40.0, 20.0, "decrease", None, 200.0),
        # no baseline, ratio undefined: met 100 else 0 (never a division by zero)
        (None, 0.0, 0.0, "increase", None, 100.0),
        (None, 0.0, -1.0, "increase", None, 0.0),
        (None, -5.0, -4.0, "increase", None, 100.0),
        (None, -5.0, -6.0, "increase", None, 0.0),
        (None, 40.0, 0.0, "decrease", None, 100.0),
        (None, 40.0, -3.0, "decrease", None, 100.0),
        (None, 0.0, 5.0, "decrease", None, 0.0),
        (None, 0.0, 0.0, "decrease", None, 100.0),
        (None, -5.0, -6.0, "decrease", None, 100.0),
        (None, -5.0, -4.0, "decrease", None, 0.0),
        # maintain: within tolerance 100, then one point per percent beyond it
        (None, 50.0, 51.0, "maintain", 2.0, 100.0),
        (None, 50.0, 52.0, "maintain", 2.0, 100.0),  # exactly at the tolerance
        (None, 50.0, 48.0, "maintain", 2.0, 100.0),
        (None, 50.0, 55.0, "maintain", 2.0, 94.0),
        (None, 50.0, 45.0, "maintain", 2.0, 94.0),
        (None, 50.0, 150.0, "maintain", 2.0, 0.0),  # never below 0
        (None, 50.0, 50.0, "maintain", None, 100.0),  # no tolerance means 0
        (None, 50.0, 50.5, "maintain", None, 99.0),
        (40.0, 50.0, 50.0, "maintain", None, 100.0),  # the baseline plays no part
        (None, 0.0, 0.5, "maintain", 1.0, 100.0),
        (None, 0.0, 2.0, "maintain", 1.0, 0.0),  # beyond the tolerance of a zero target
        (None, -50.0, -55.0, "maintain", 2.0, 94.0),
        # missing is not zero: no achievement
        (48.0, 50.0, None, "increase", None, None),
        (48.0, None, 49.0, "increase", None, None),
        (None, None, None, "maintain", None, None),
        (48.0, 50.0, NAN, "increase", None, None),
        (48.0, INF, 49.0, "increase", None, None),
        (NAN, 50.0, 49.0, "decrease", None, None),
        # floating-point noise is rounded away: 0.18 / 0.2 reads 90, not 89.999...
        (0.1, 0.3, 0.28, "increase", None, 90.0),
    ],
)
def test_achievement(
    baseline: float | None,
    target: float | None,
    actual: float | None,
    direction: str,
    tolerance: float | None,
    expected: float | None,
) -> None:
    result = achievement(
        baseline=baseline, target=target, actual=actual, direction=direction, tolerance=tolerance
    )
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected, abs=1e-9)


def test_rounding_keeps_a_boundary_value_on_track() -> None:
    value = achievement(baseline=0.1, target=0.3, actual=0.28, direction="increase")
    assert value == 90.0
    assert status(achievement=value) is Status.ON_TRACK


@pytest.mark.parametrize(
    ("direction", "tolerance", "message"),
    [("up", None, "direction"), ("increase", -1.0, "tolerance"), ("maintain", -0.5, "tolerance")],
)
def test_bad_arguments_are_rejected(direction: str, tolerance: float | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        achievement(baseline=1, target=2, actual=1.5, direction=direction, tolerance=tolerance)


@pytest.mark.parametrize(
    ("value", "target", "direction", "tolerance", "expected"),
    [
        (50.0, 50.0, "increase", None, True),
        (49.9, 50.0, "increase", None, False),
        (50.0, 50.0, "decrease", None, True),
        (50.1, 50.0, "decrease", None, False),
        (52.0, 50.0, "maintain", 2.0, True),
        (52.1, 50.0, "maintain", 2.0, False),
        (50.0, 50.0, "maintain", None, True),
        (50.1, 50.0, "maintain", None, False),
    ],
)
def test_meets_target(
    value: float, target: float, direction: str, tolerance: float | None, expected: bool
) -> None:
    assert (
        meets_target(value=value, target=target, direction=direction, tolerance=tolerance)
        is expected
    )


@pytest.mark.parametrize(
    ("value", "expected"), [(-5.0, 0.0), (0.0, 0.0), (42.5, 42.5), (100.0, 100.0), (130.0, 100.0)]
)
def test_capped(value: float, expected: float) -> None:
    assert capped(value) == expected


@pytest.mark.parametrize(
    ("value", "bands", "due", "expected"),
    [
        (None, Bands(), True, Status.NO_DATA),
        (NAN, Bands(), True, Status.NO_DATA),
        (90.0, Bands(), True, Status.ON_TRACK),  # boundaries belong to the better band
        (89.999, Bands(), True, Status.AT_RISK),
        (60.0, Bands(), True, Status.AT_RISK),
        (59.999, Bands(), True, Status.OFF_TRACK),
        (250.0, Bands(), True, Status.ON_TRACK),
        (-20.0, Bands(), True, Status.OFF_TRACK),
        (INF, Bands(), True, Status.ON_TRACK),
        (-INF, Bands(), True, Status.OFF_TRACK),
        (95.0, Bands(), False, Status.NOT_YET_DUE),
        (None, Bands(), False, Status.NOT_YET_DUE),
        (80.0, Bands(on_track=80, at_risk=50), True, Status.ON_TRACK),
        (79.9, Bands(on_track=80, at_risk=50), True, Status.AT_RISK),
        (50.0, Bands(on_track=80, at_risk=50), True, Status.AT_RISK),
        (49.9, Bands(on_track=80, at_risk=50), True, Status.OFF_TRACK),
        (74.9, Bands(on_track=75, at_risk=75), True, Status.OFF_TRACK),  # no at-risk band
        (75.0, Bands(on_track=75, at_risk=75), True, Status.ON_TRACK),
    ],
)
def test_status(value: float | None, bands: Bands, due: bool, expected: Status) -> None:
    assert status(achievement=value, bands=bands, due=due) is expected


@pytest.mark.parametrize(("on_track", "at_risk"), [(60.0, 90.0), (NAN, 60.0), (90.0, INF)])
def test_bands_must_be_ordered_and_finite(on_track: float, at_risk: float) -> None:
    with pytest.raises(ValueError):
        Bands(on_track=on_track, at_risk=at_risk)


def test_assessment_holds_inputs_method_and_formula() -> None:
    result = assess_against_target(
        baseline=48.0, target=50.0, actual=48.5, direction="increase", target_year=2022
    )
    assert result.method == "yearly-target"
    assert result.version == "1"
    assert result.achievement == 25.0
    assert result.status is Status.OFF_TRACK
    assert result.inputs == {
        "baseline": 48.0,
        "target": 50.0,
        "actual": 48.5,
        "direction": "increase",
        "tolerance": None,
        "on_track": 90.0,
        "at_risk": 60.0,
    }
    assert result.formula == (
        f"(48.5 {MINUS} 48) / (50 {MINUS} 48) = 25 % of the way from the baseline "
        "to the 2022 target: off track (below 60 %)"
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"baseline": 10.0, "target": 5.0, "actual": 5.5, "direction": "decrease"},
            f"(5.5 {MINUS} 10) / (5 {MINUS} 10) = 90 % of the way from the baseline to the "
            "target: on track (90 % or more)",
        ),
        (
            {"baseline": None, "target": 40.0, "actual": 50.0, "direction": "decrease"},
            "40 / 50 = 80 % of the target (no baseline; lower is better): "
            "at risk (60 % to below 90 %)",
        ),
        (
            {"baseline": None, "target": 50.0, "actual": 45.0, "direction": "increase"},
            "45 / 50 = 90 % of the target (no baseline): on track (90 % or more)",
        ),
        (
            {"baseline": 50.0, "target": 50.0, "actual": 49.0, "direction": "increase"},
            "the target (50) is not beyond the baseline (50) for an increase, so there is "
            "nothing to gain; the actual (49) does not meet it: 0 %: off track (below 60 %)",
        ),
        (
            {"baseline": None, "target": 0.0, "actual": -1.0, "direction": "increase"},
            "no baseline, and a ratio to the target (0) needs a positive target; the actual "
            f"({MINUS}1) does not meet it: 0 %: off track (below 60 %)",
        ),
        (
            {
                "baseline": None,
                "target": 50.0,
                "actual": 55.0,
                "direction": "maintain",
                "tolerance": 2.0,
            },
            f"|55 {MINUS} 50| = 5, 3 beyond the tolerance of 2 around the target; "
            f"100 {MINUS} 100 \u00d7 3 / 50 = 94 % (never below 0 %): on track (90 % or more)",
        ),
        (
            {"baseline": None, "target": 50.0, "actual": 51.0, "direction": "maintain"},
            f"|51 {MINUS} 50| = 1, 1 beyond the tolerance of 0 around the target; "
            f"100 {MINUS} 100 \u00d7 1 / 50 = 98 % (never below 0 %): on track (90 % or more)",
        ),
        (
            {"baseline": 48.0, "target": 50.0, "actual": None, "direction": "increase"},
            "no actual value: no data",
        ),
        (
            {"baseline": 48.0, "target": None, "actual": 49.0, "direction": "increase"},
            "no value for the target: no data",
        ),
        (
            {
                "baseline": 48.0,
                "target": 50.0,
                "actual": 48.5,
                "direction": "increase",
                "due": False,
            },
            f"(48.5 {MINUS} 48) / (50 {MINUS} 48) = 25 % of the way from the baseline to the "
            "target: not yet due",
        ),
        (
            {
                "baseline": 48.0,
                "target": 50.0,
                "actual": 49.7,
                "direction": "increase",
                "bands": Bands(on_track=80, at_risk=50),
            },
            f"(49.7 {MINUS} 48) / (50 {MINUS} 48) = 85 % of the way from the baseline to the "
            "target: on track (80 % or more)",
        ),
    ],
)
def test_explain(kwargs: dict[str, object], expected: str) -> None:
    assert explain(**kwargs) == expected


def test_explain_is_the_assessment_formula() -> None:
    kwargs = {"baseline": 2.0, "target": 4.0, "actual": 3.0, "direction": "increase"}
    assert explain(**kwargs) == assess_against_target(**kwargs).formula


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (48.0, "48"),
        (2.5, "2.5"),
        (-3.0, f"{MINUS}3"),
        (1 / 3, "0.3333"),
        (-0.00001, "0"),
        (1234567.0, "1234567"),
    ],
)
def test_number_text(value: float, expected: str) -> None:
    assert number_text(value) == expected


VALUES = [(2022, 3.0), (2020, 5.0), (2021, 7.0)]  # given out of order on purpose


@pytest.mark.parametrize(
    ("values", "cumulation", "up_to", "expected"),
    [
        (VALUES, "non_cumulative", None, 3.0),
        (VALUES, "cumulative_sum", None, 15.0),
        (VALUES, "cumulative_latest", None, 3.0),
        (VALUES, "non_cumulative", 2021, 7.0),
        (VALUES, "cumulative_sum", 2021, 12.0),
        (VALUES, "cumulative_latest", 2021, 7.0),
        (VALUES, "cumulative_sum", 2019, None),
        ([], "cumulative_sum", None, None),  # missing is not zero
        ([(2020, 0.0)], "cumulative_sum", None, 0.0),
        ([(2020, 0.1), (2021, 0.2)], "cumulative_sum", None, 0.30000000000000004),
    ],
)
def test_cumulative_actual(
    values: list[tuple[int, float]], cumulation: str, up_to: int | None, expected: float | None
) -> None:
    result = cumulative_actual(values, cumulation, up_to=up_to)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


@pytest.mark.parametrize(
    ("values", "cumulation"),
    [([(2020, 1.0), (2020, 2.0)], "cumulative_sum"), ([(2020, 1.0)], "running")],
)
def test_cumulative_actual_rejects(values: list[tuple[int, float]], cumulation: str) -> None:
    with pytest.raises(ValueError):
        cumulative_actual(values, cumulation)


# Properties ---------------------------------------------------------------------------

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=1e-3, max_value=1e6)
ORDER = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2}


@given(baseline=finite, target=finite, first=finite, second=finite)
def test_more_progress_never_lowers_achievement_increase(
    baseline: float, target: float, first: float, second: float
) -> None:
    low, high = sorted((first, second))
    kwargs = {"baseline": baseline, "target": target, "direction": "increase"}
    low_value = achievement(actual=low, **kwargs)
    high_value = achievement(actual=high, **kwargs)
    assert low_value is not None and high_value is not None
    assert low_value <= high_value


@given(baseline=finite, target=finite, first=finite, second=finite)
def test_more_progress_never_lowers_achievement_decrease(
    baseline: float, target: float, first: float, second: float
) -> None:
    low, high = sorted((first, second))
    kwargs = {"baseline": baseline, "target": target, "direction": "decrease"}
    low_value = achievement(actual=low, **kwargs)
    high_value = achievement(actual=high, **kwargs)
    assert low_value is not None and high_value is not None
    assert low_value >= high_value  # lower is better


@given(
    target=finite,
    first=finite,
    second=finite,
    direction=st.sampled_from(["increase", "decrease"]),
)
def test_without_baseline_more_progress_never_lowers_capped_achievement(
    target: float, first: float, second: float, direction: str
) -> None:
    worse, better = sorted((first, second), reverse=direction == "decrease")
    worse_value = achievement(baseline=None, target=target, actual=worse, direction=direction)
    better_value = achievement(baseline=None, target=target, actual=better, direction=direction)
    assert worse_value is not None and better_value is not None
    assert capped(worse_value) <= capped(better_value)


@given(
    target=finite,
    first=finite,
    second=finite,
    tolerance=st.none() | st.floats(min_value=0, max_value=1e3),
)
def test_maintain_closer_to_the_target_never_lowers_achievement(
    target: float, first: float, second: float, tolerance: float | None
) -> None:
    closer, farther = sorted((first, second), key=lambda value: abs(value - target))
    kwargs = {"baseline": None, "target": target, "direction": "maintain", "tolerance": tolerance}
    closer_value = achievement(actual=closer, **kwargs)
    farther_value = achievement(actual=farther, **kwargs)
    assert closer_value is not None and farther_value is not None
    assert closer_value >= farther_value
    assert 0 <= farther_value <= 100


@given(baseline=finite, gap=positive, direction=st.sampled_from(["increase", "decrease"]))
def test_baseline_is_0_and_target_is_100(baseline: float, gap: float, direction: str) -> None:
    target = baseline + gap if direction == "increase" else baseline - gap
    assert achievement(baseline=baseline, target=target, actual=target, direction=direction) == 100
    assert achievement(baseline=baseline, target=target, actual=baseline, direction=direction) == 0


@given(
    first=st.floats(allow_nan=False),
    second=st.floats(allow_nan=False),
    on_track=st.floats(min_value=0, max_value=1000),
    at_risk=st.floats(min_value=0, max_value=1000),
)
def test_status_is_monotone_in_achievement(
    first: float, second: float, on_track: float, at_risk: float
) -> None:
    bands = Bands(on_track=max(on_track, at_risk), at_risk=min(on_track, at_risk))
    low, high = sorted((first, second))
    assert (
        ORDER[status(achievement=low, bands=bands)] <= ORDER[status(achievement=high, bands=bands)]
    )


@given(value=st.floats(allow_nan=False))
def test_capped_is_between_0_and_100(value: float) -> None:
    assert 0 <= capped(value) <= 100
