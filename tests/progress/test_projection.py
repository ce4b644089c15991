"""Projection methods: tables for every rule and band boundary, properties for invariants.

Pure functions: no database, no Django.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from habitat_monitor.progress.achievement import MINUS
from habitat_monitor.progress.projection import (
    METHODS,
    STATCAN_CUTS,
    UNSD_2022_CUTS,
    UNSD_2022_NO_TARGET_CUTS,
    UNSD_2023_CUTS,
    UNSD_2023_NO_TARGET_CUTS,
    Category,
    Cuts,
    Series,
    categorise,
    cuts,
    project,
)

C = Category
ALL = sorted(METHODS)
RATIO_METHODS = ["unsd-2022-ratio", "unsd-2023-projection", "statcan"]
GROWTH_METHODS = ["compound", *RATIO_METHODS]


def series(*points: tuple[int, float], **kwargs: object) -> Series:
    kwargs.setdefault("target_year", 2025)
    return Series(points=points, **kwargs)


def test_the_five_methods_are_registered() -> None:
    assert ALL == ["compound", "linear", "statcan", "unsd-2022-ratio", "unsd-2023-projection"]


@pytest.mark.parametrize("method", ALL)
def test_method_and_version_are_recorded(method: str) -> None:
    result = project(series((2020, 10.0), (2022, 12.0), target=20.0), method)
    assert (result.method, result.version) == (method, "1")
    assert result.inputs["projected"] == result.projected


def test_unknown_method_is_rejected() -> None:
    with pytest.raises(ValueError, match="method must be one of"):
        project(series((2020, 1.0), (2021, 2.0)), "crystal-ball")


# The shared rules ---------------------------------------------------------------------


@pytest.mark.parametrize("method", ALL)
@pytest.mark.parametrize(
    "data",
    [
        series(),
        series((2020, 10.0)),
        series((2015, 5.0), (2020, 10.0), baseline_year=2018),  # 2015 is before the base
    ],
    ids=["no values", "one value", "one value from the base year on"],
)
def test_fewer_than_two_values_is_insufficient_data(method: str, data: Series) -> None:
    result = project(data, method)
    assert result.category == C.INSUFFICIENT_DATA
    assert (result.projected, result.likely, result.inputs) == (None, None, {})
    assert "insufficient data" in result.formula


def test_values_before_the_baseline_year_are_left_out() -> None:
    data = series((2015, 1.0), (2019, 48.0), (2022, 51.0), baseline_year=2018, target=60.0)
    result = project(data, "compound")
    assert result.inputs["b"] == 2019
    assert result.inputs["x_b"] == 48


def test_the_base_is_the_first_value_after_a_missing_baseline_year() -> None:
    data = series((2019, 48.0), (2022, 51.0), baseline_year=2018, target=60.0)
    assert project(data, "unsd-2022-ratio").inputs["b"] == 2019


@pytest.mark.parametrize("method", ALL)
@pytest.mark.parametrize(
    "data",
    [
        # latest meets the target although the trend falls: achieved whatever the trend
        series((2019, 60.0), (2022, 55.0), target=50.0),
        series((2019, 10.0), (2022, 12.0), target=12.0, direction="decrease"),
        series((2019, 30.0), (2022, 50.5), target=50.0, direction="maintain", tolerance=1.0),
        series((2019, 0.0), (2022, 5.0), target=4.0),  # zero base: linear fallback
    ],
    ids=["increase, falling", "decrease, rising", "maintain, within tolerance", "zero base"],
)
def test_latest_value_meeting_the_target_is_target_achieved(method: str, data: Series) -> None:
    result = project(data, method)
    assert result.category == C.TARGET_ACHIEVED
    assert result.likely is True
    assert "target achieved whatever the trend" in result.formula
    assert result.formula.endswith("; target achieved")


@pytest.mark.parametrize("method", GROWTH_METHODS)
@pytest.mark.parametrize(
    "points",
    [((2019, 0.0), (2022, 4.0)), ((2019, -2.0), (2022, 4.0)), ((2019, 2.0), (2022, 0.0))],
    ids=["zero base", "negative base", "zero latest"],
)
def test_undefined_cagr_falls_back_to_linear_and_says_so(
    method: str, points: tuple[tuple[int, float], ...]
) -> None:
    result = project(series(*points, target=10.0), method)
    assert "a CAGR needs positive values" in result.formula
    assert "CAGR_a" not in result.inputs
    assert result.projected is not None
    assert math.isfinite(result.projected)


def test_compound_falls_back_to_the_linear_method() -> None:
    data = series((2019, 0.0), (2020, 1.0), (2021, 2.0), (2022, 3.0), target=10.0)
    result = project(data, "compound")
    assert result.projected == pytest.approx(project(data, "linear").projected)
    assert result.projected == pytest.approx(6.0)


def test_ratio_methods_fall_back_to_linear_change_per_year() -> None:
    # change_a = (4 - 0) / 3, change_r = (10 - 0) / 6: CR = R = P = 0.8
    data = series((2019, 0.0), (2022, 4.0), target=10.0)
    assert project(data, "unsd-2022-ratio").inputs["CR"] == pytest.approx(0.8)
    assert project(data, "statcan").inputs["R"] == pytest.approx(0.8)
    assert project(data, "unsd-2023-projection").inputs["P"] == pytest.approx(0.8)
    assert project(data, "unsd-2023-projection").projected == pytest.approx(8.0)


def test_a_zero_target_makes_the_required_cagr_undefined() -> None:
    result = project(
        series((2019, 30.0), (2022, 20.0), target=0.0, direction="decrease"), "statcan"
    )
    assert "change_r" in result.inputs
    assert "a CAGR needs positive values" in result.formula


# linear and compound ------------------------------------------------------------------


def rising(**kwargs: object) -> Series:
    return series((2020, 10.0), (2021, 12.0), (2022, 14.0), **kwargs)


def falling(**kwargs: object) -> Series:
    return series((2020, 30.0), (2022, 26.0), direction="decrease", **kwargs)


def ten_percent(latest: float, **kwargs: object) -> Series:
    """From 100 in 2021 to ``latest`` in 2022, projected to 2024."""
    return series((2021, 100.0), (2022, latest), target_year=2024, **kwargs)


@pytest.mark.parametrize(
    ("method", "data", "projected", "category", "likely"),
    [
        ("linear", rising(target=20.0), 20.0, C.LIKELY, True),
        ("linear", rising(target=21.0), 20.0, C.UNLIKELY, False),
        ("linear", rising(), 20.0, C.NO_TARGET, None),
        ("linear", falling(target=20.0), 20.0, C.LIKELY, True),
        ("linear", falling(target=19.0), 20.0, C.UNLIKELY, False),
        ("compound", ten_percent(110.0, target=133.0), 133.1, C.LIKELY, True),
        ("compound", ten_percent(110.0, target=134.0), 133.1, C.UNLIKELY, False),
        ("compound", ten_percent(110.0), 133.1, C.NO_TARGET, None),
        ("compound", ten_percent(90.0, target=73.0, direction="decrease"), 72.9, C.LIKELY, True),
        ("compound", ten_percent(90.0, target=72.0, direction="decrease"), 72.9, C.UNLIKELY, False),
    ],
)
def test_linear_and_compound(
    method: str, data: Series, projected: float, category: Category, likely: bool | None
) -> None:
    result = project(data, method)
    assert result.projected == pytest.approx(projected)
    assert (result.category, result.likely) == (category, likely)


def test_formula_shows_the_numbers() -> None:
    data = series((2019, 48.0), (2022, 51.0), target=55.0, target_year=2023)
    formula = project(data, "unsd-2022-ratio").formula
    assert f"CAGR_a = (51 / 48)^(1/3) {MINUS} 1 = 2.04 %" in formula
    assert f"CAGR_r = (55 / 48)^(1/4) {MINUS} 1 = 3.46 %" in formula
    assert "CR = 2.04 % / 3.46 % = 0.5897, in the band 0.5 to below 0.95" in formula
    assert formula.endswith("; fair progress, acceleration needed")
    linear = project(data, "linear").formula
    assert "least-squares line through 2 values (2019-2022)" in linear


# Band boundaries ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bands", "value", "expected"),
    [
        (UNSD_2022_CUTS, 0.95, C.SUBSTANTIAL),
        (UNSD_2022_CUTS, 0.95 - 1e-12, C.SUBSTANTIAL),  # float noise is rounded away
        (UNSD_2022_CUTS, 0.9499, C.FAIR),
        (UNSD_2022_CUTS, 0.50, C.FAIR),
        (UNSD_2022_CUTS, 0.4999, C.LIMITED_OR_NONE),
        (UNSD_2022_CUTS, -0.10, C.LIMITED_OR_NONE),
        (UNSD_2022_CUTS, -0.1001, C.DETERIORATION),
        (UNSD_2022_CUTS, -1e9, C.DETERIORATION),
        (UNSD_2022_NO_TARGET_CUTS, 0.01, C.SUBSTANTIAL),
        (UNSD_2022_NO_TARGET_CUTS, 0.005, C.FAIR),
        (UNSD_2022_NO_TARGET_CUTS, -0.005, C.LIMITED_OR_NONE),
        (UNSD_2022_NO_TARGET_CUTS, -0.0051, C.DETERIORATION),
        (UNSD_2023_CUTS, 0.95, C.ON_TRACK),
        (UNSD_2023_CUTS, 0.9499, C.ACCELERATE),
        (UNSD_2023_CUTS, 0.10, C.ACCELERATE),
        (UNSD_2023_CUTS, 0.0999, C.STAGNATION),
        (UNSD_2023_NO_TARGET_CUTS, 0.02, C.ON_TRACK),
        (UNSD_2023_NO_TARGET_CUTS, 0.0199, C.ACCELERATE),
        (UNSD_2023_NO_TARGET_CUTS, 0.005, C.ACCELERATE),
        (UNSD_2023_NO_TARGET_CUTS, 0.0049, C.STAGNATION),
        (STATCAN_CUTS, 0.95, C.ON_TRACK),
        (STATCAN_CUTS, 0.60, C.ACCELERATE),
        (STATCAN_CUTS, 0.5999, C.LIMITED),
        (STATCAN_CUTS, 0.0, C.LIMITED),
        (STATCAN_CUTS, -0.0001, C.DETERIORATION),
    ],
)
def test_band_boundaries(bands: Cuts, value: float, expected: Category) -> None:
    assert categorise(value, bands)[0] == expected


@pytest.mark.parametrize(
    ("value", "band"),
    [(0.95, "at least 0.95"), (0.7, "0.5 to below 0.95"), (-0.5, f"below {MINUS}0.1")],
)
def test_band_in_words(value: float, band: str) -> None:
    assert categorise(value, UNSD_2022_CUTS)[1] == band


def test_cuts_need_one_category_more_than_bounds() -> None:
    with pytest.raises(ValueError):
        cuts((0.5, 0.1), (C.ON_TRACK, C.STAGNATION))


# Base 100 in 2021; latest in 2022; target year 2022, so x_T = x_t and the rates are simple:
# CAGR_a = x_t / 100 - 1 and CAGR_r = x* / 100 - 1.
def boundary(latest: float, target: float, direction: str = "increase") -> Series:
    return Series(
        points=((2021, 100.0), (2022, latest)),
        target=target,
        target_year=2022,
        direction=direction,
    )


@pytest.mark.parametrize(
    ("method", "data", "ratio", "expected"),
    [
        ("unsd-2022-ratio", boundary(109.5, 110.0), 0.95, C.SUBSTANTIAL),
        ("unsd-2022-ratio", boundary(109.4, 110.0), 0.94, C.FAIR),
        ("unsd-2022-ratio", boundary(105.0, 110.0), 0.50, C.FAIR),
        ("unsd-2022-ratio", boundary(104.9, 110.0), 0.49, C.LIMITED_OR_NONE),
        ("unsd-2022-ratio", boundary(99.0, 110.0), -0.10, C.LIMITED_OR_NONE),
        ("unsd-2022-ratio", boundary(98.9, 110.0), -0.11, C.DETERIORATION),
        ("unsd-2022-ratio", boundary(95.0, 90.0, "decrease"), 0.50, C.FAIR),
        ("unsd-2022-ratio", boundary(101.0, 90.0, "decrease"), -0.10, C.LIMITED_OR_NONE),
        ("statcan", boundary(109.5, 110.0), 0.95, C.ON_TRACK),
        ("statcan", boundary(106.0, 110.0), 0.60, C.ACCELERATE),
        ("statcan", boundary(105.9, 110.0), 0.59, C.LIMITED),
        ("statcan", boundary(100.0, 110.0), 0.0, C.LIMITED),
        ("statcan", boundary(99.9, 110.0), -0.01, C.DETERIORATION),
        ("statcan", boundary(94.0, 90.0, "decrease"), 0.60, C.ACCELERATE),
        ("statcan", boundary(100.1, 90.0, "decrease"), -0.01, C.DETERIORATION),
        ("unsd-2023-projection", boundary(195.0, 200.0), 0.95, C.ON_TRACK),
        ("unsd-2023-projection", boundary(194.9, 200.0), 0.949, C.ACCELERATE),
        ("unsd-2023-projection", boundary(110.0, 200.0), 0.10, C.ACCELERATE),
        ("unsd-2023-projection", boundary(109.9, 200.0), 0.099, C.STAGNATION),
        ("unsd-2023-projection", boundary(95.0, 200.0), -0.05, C.STAGNATION),
        ("unsd-2023-projection", boundary(55.0, 50.0, "decrease"), 0.90, C.ACCELERATE),
        ("unsd-2023-projection", boundary(52.5, 50.0, "decrease"), 0.95, C.ON_TRACK),
    ],
)
def test_ratio_boundaries_end_to_end(
    method: str, data: Series, ratio: float, expected: Category
) -> None:
    result = project(data, method)
    name = {"unsd-2022-ratio": "CR", "statcan": "R", "unsd-2023-projection": "P"}[method]
    assert result.inputs[name] == pytest.approx(ratio)
    assert result.category == expected


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("unsd-2022-ratio", C.DETERIORATION),
        ("statcan", C.DETERIORATION),
        ("unsd-2023-projection", C.STAGNATION),
    ],
)
def test_target_equal_to_base_not_met_is_the_lowest_category(
    method: str, expected: Category
) -> None:
    result = project(series((2019, 50.0), (2022, 45.0), target=50.0), method)
    assert result.category == expected
    assert result.likely is False


def test_statcan_directs_a_target_behind_the_base() -> None:
    # increase indicator, target below the base (already met at the base), value fell
    # below the target: R = d * CAGR_a / |CAGR_r| is negative, deterioration.
    result = project(series((2019, 50.0), (2022, 40.0), target=45.0), "statcan")
    assert result.inputs["R"] < 0
    assert result.category == C.DETERIORATION


def test_statcan_maintain_takes_the_sign_of_the_required_growth() -> None:
    data = series((2019, 50.0), (2022, 47.0), target=40.0, direction="maintain", tolerance=1.0)
    result = project(data, "statcan")
    assert result.inputs["d"] == -1
    assert result.inputs["R"] > 0


# Without a target ---------------------------------------------------------------------


def yearly(latest: float, direction: str = "increase", **kwargs: object) -> Series:
    return series((2021, 100.0), (2022, latest), direction=direction, **kwargs)


@pytest.mark.parametrize(
    ("method", "data", "expected"),
    [
        ("unsd-2023-projection", yearly(102.0), C.ON_TRACK),
        ("unsd-2023-projection", yearly(101.99), C.ACCELERATE),
        ("unsd-2023-projection", yearly(100.5), C.ACCELERATE),
        ("unsd-2023-projection", yearly(100.49), C.STAGNATION),
        ("unsd-2023-projection", yearly(98.0, "decrease"), C.ON_TRACK),
        ("unsd-2023-projection", yearly(102.0, "decrease"), C.STAGNATION),
        ("unsd-2022-ratio", yearly(101.0), C.SUBSTANTIAL),
        ("unsd-2022-ratio", yearly(100.5), C.FAIR),
        ("unsd-2022-ratio", yearly(99.5), C.LIMITED_OR_NONE),
        ("unsd-2022-ratio", yearly(99.4), C.DETERIORATION),
        ("unsd-2022-ratio", yearly(100.6, "decrease"), C.DETERIORATION),
        ("statcan", yearly(101.5), C.ON_TRACK),
        ("statcan", yearly(101.0), C.ACCELERATE),
        ("statcan", yearly(100.0), C.LIMITED),
        ("statcan", yearly(99.9), C.DETERIORATION),
        ("statcan", yearly(98.5, "decrease"), C.ON_TRACK),
        ("statcan", yearly(100.75, limit_factor=0.5), C.ON_TRACK),  # 1.5 % x 0.5
        ("statcan", yearly(100.74, limit_factor=0.5), C.ACCELERATE),
    ],
)
def test_no_target_growth_cut_offs(method: str, data: Series, expected: Category) -> None:
    result = project(data, method)
    assert result.category == expected
    assert result.likely is None


@pytest.mark.parametrize("method", RATIO_METHODS)
@pytest.mark.parametrize(
    "data",
    [yearly(105.0, "maintain"), series((2021, 0.0), (2022, 5.0))],
    ids=["maintain", "zero base"],
)
def test_no_target_without_a_sign_or_a_cagr_cannot_be_assessed(method: str, data: Series) -> None:
    result = project(data, method)
    assert result.category == C.CANNOT_ASSESS
    assert result.projected is not None


# UNSD 2023: percentages near 0 % or 100 % ---------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (series((2019, 90.0), (2022, 99.2), target=100.0, percent=True), C.TARGET_ACHIEVED),
        (series((2019, 90.0), (2022, 99.0), target=100.0, percent=True), C.TARGET_ACHIEVED),
        (series((2019, 90.0), (2022, 98.9), target=100.0, percent=True), C.ON_TRACK),
        (series((2019, 90.0), (2022, 99.2), target=100.0), C.ON_TRACK),  # not a percentage
        (
            series((2019, 5.0), (2022, 0.9), target=0.0, direction="decrease", percent=True),
            C.TARGET_ACHIEVED,
        ),
        (series((2019, 90.0), (2022, 94.5), target=95.0, percent=True), C.ON_TRACK),
    ],
)
def test_unsd_2023_near_the_natural_limit(data: Series, expected: Category) -> None:
    result = project(data, "unsd-2023-projection")
    assert result.category == expected
    if expected == C.TARGET_ACHIEVED:
        assert "within 1 point of the target" in result.formula


# Series -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"points": ((2020, 1.0), (2020, 2.0))}, "one value"),
        ({"points": ((2020, float("nan")),)}, "finite"),
        ({"points": ((2020, 1.0),), "target": float("inf")}, "finite"),
        ({"points": ((2020, 1.0),), "direction": "up"}, "direction"),
        ({"points": ((2020, 1.0),), "limit_factor": 0.0}, "limit_factor"),
        ({"points": ((2020, 1.0),), "limit_factor": 1.5}, "limit_factor"),
        ({"points": ((2025, 1.0),)}, "after the base year"),
    ],
)
def test_series_rejects(kwargs: dict[str, object], message: str) -> None:
    kwargs.setdefault("target_year", 2025)
    with pytest.raises(ValueError, match=message):
        Series(**kwargs)


def test_series_sorts_its_points() -> None:
    data = series((2022, 3.0), (2020, 1.0), (2021, 2))
    assert data.points == ((2020, 1.0), (2021, 2.0), (2022, 3.0))


def test_runaway_growth_does_not_crash() -> None:
    data = series((2020, 1.0), (2021, 1e10), target=5.0, target_year=2100)
    result = project(data, "compound")
    assert result.projected == math.inf
    assert result.category == C.TARGET_ACHIEVED


# Properties ---------------------------------------------------------------------------

slopes = st.floats(min_value=-1e3, max_value=1e3)
values = st.floats(min_value=0.1, max_value=1e4)
ratios = st.floats(min_value=0.5, max_value=2.0)


@given(
    slope=slopes,
    intercept=st.floats(min_value=-1e4, max_value=1e4),
    start=st.integers(min_value=1990, max_value=2020),
    count=st.integers(min_value=2, max_value=10),
    ahead=st.integers(min_value=1, max_value=20),
)
def test_linear_of_a_straight_line_hits_the_line(
    slope: float, intercept: float, start: int, count: int, ahead: int
) -> None:
    years = range(start, start + count)
    data = Series(
        points=tuple((year, intercept + slope * (year - start)) for year in years),
        target_year=start + count - 1 + ahead,
    )
    expected = intercept + slope * (data.target_year - start)
    result = project(data, "linear")
    assert result.projected == pytest.approx(expected, rel=1e-9, abs=1e-6)


@given(
    first=values,
    ratio=ratios,
    start=st.integers(min_value=1990, max_value=2020),
    count=st.integers(min_value=2, max_value=8),
    ahead=st.integers(min_value=1, max_value=10),
)
def test_compound_of_a_geometric_series_reproduces_it(
    first: float, ratio: float, start: int, count: int, ahead: int
) -> None:
    data = Series(
        points=tuple((start + k, first * ratio**k) for k in range(count)),
        target_year=start + count - 1 + ahead,
    )
    result = project(data, "compound")
    assert result.inputs["CAGR_a"] == pytest.approx(ratio - 1, rel=1e-9, abs=1e-12)
    expected = first * ratio ** (data.target_year - start)
    assert result.projected == pytest.approx(expected, rel=1e-9)


@given(
    base=values,
    latest=values,
    target=values,
    scale=st.floats(min_value=1e-3, max_value=1e3),
    span=st.integers(min_value=1, max_value=10),
    ahead=st.integers(min_value=1, max_value=15),
    direction=st.sampled_from(["increase", "decrease"]),
)
def test_unsd_ratio_does_not_change_when_values_are_scaled(
    base: float,
    latest: float,
    target: float,
    scale: float,
    span: int,
    ahead: int,
    direction: str,
) -> None:
    assume(abs(target - base) > 1e-3 * base)  # a required growth clearly away from 0

    def ratio(k: float) -> tuple[float, str]:
        data = Series(
            points=((2015, base * k), (2015 + span, latest * k)),
            target=target * k,
            target_year=2015 + span + ahead,
            direction=direction,
        )
        result = project(data, "unsd-2022-ratio")
        return result.inputs["CR"], result.category

    (plain, plain_category), (scaled, scaled_category) = ratio(1.0), ratio(scale)
    assert scaled == pytest.approx(plain, rel=1e-6, abs=1e-9)
    if all(abs(plain - bound) > 1e-6 for bound, _category in UNSD_2022_CUTS):
        assert scaled_category == plain_category


@given(
    points=st.lists(
        st.tuples(st.integers(min_value=2000, max_value=2024), st.floats(-1e6, 1e6)),
        max_size=6,
        unique_by=lambda point: point[0],
    ),
    target=st.none() | st.floats(-1e6, 1e6),
    direction=st.sampled_from(["increase", "decrease", "maintain"]),
    method=st.sampled_from(ALL),
)
def test_every_method_answers_without_error(
    points: list[tuple[int, float]], target: float | None, direction: str, method: str
) -> None:
    data = Series(points=tuple(points), target=target, target_year=2030, direction=direction)
    result = project(data, method)
    assert result.category in set(Category)
    assert result.formula.endswith(result.category)
    if target is None:
        assert result.likely is None
