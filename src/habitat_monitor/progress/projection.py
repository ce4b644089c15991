"""Projections to a target year and SDG-style progress categories (pure).

Named, versioned strategies (``METHODS``, run by ``project``) return a ``Projection``:
method, version, inputs, projected value, category and the formula with the numbers
(English). ``x_b``: value in base year ``b``; ``x_t``: latest value, year ``t``;
``x*``: target; ``T``: target year. The rules, in words:

* The base is the first value in or after ``baseline_year`` (else the first value);
  every method needs 2 values from the base on, else *insufficient data*.
* A latest value already meeting the target (direction-aware; within the tolerance
  for *maintain*) is *target achieved* whatever the trend, and ``likely`` is True.
  Otherwise ``likely`` says whether the projected value meets the target (None
  without a target).
* A CAGR needs positive values (base, latest value, target); otherwise the method
  falls back to linear change per year and says so.
* ``linear``: the least-squares line through the values, read at ``T``.
* ``compound``: CAGR_a = (x_t / x_b)^(1/(t - b)) - 1; projected x_t * (1 + CAGR_a)^(T - t).
* ``unsd-2022-ratio``: CR = CAGR_a / CAGR_r, CAGR_r = (x* / x_b)^(1/(T - b)) - 1;
  >= 0.95 substantial progress / on track, >= 0.50 fair progress, >= -0.10 limited or
  no progress, below: deterioration. No target: CAGR_a (negated when lower is
  better) against 1 %, 0.5 %, -0.5 % (provisional).
* ``unsd-2023-projection``: P = (x_T - x_b) / (x* - x_b), x_T the compound projection;
  >= 0.95 on track, >= 0.10 progress (acceleration needed), below: stagnation or
  regression. A percentage within 1 point of a 0 % or 100 % target is met. No
  target: CAGR_a (negated when lower is better) against 2 % and 0.5 %.
* ``statcan`` (Open SDG >= 2.4): R = d * CAGR_a / |CAGR_r|, d = +1 increase, -1
  decrease (maintain: the sign of CAGR_r); >= 0.95 on track, >= 0.60 acceleration
  needed, >= 0 limited progress, below: deterioration. No target: d * CAGR_a
  against 1.5 % * C, 0.5 % * C and 0 (C = ``limit_factor`` in (0, 1], for values
  near a natural limit).
* A required growth of 0 (target = base value, not yet met): the lowest category.
  Ratios are rounded to 9 decimals before the cut-offs. Without a target, *maintain*
  and linear change *cannot be assessed*.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from habitat_monitor.progress.achievement import DIRECTIONS, MINUS, TIMES, meets_target
from habitat_monitor.progress.achievement import number_text as _n
from habitat_monitor.progress.achievement import percent_text as _percent

VERSION: Final = "1"
_NO_CAGR: Final = "a CAGR needs positive values (base, latest value, target)"


class Category(StrEnum):
    INSUFFICIENT_DATA = "insufficient data"
    TARGET_ACHIEVED = "target achieved"
    CANNOT_ASSESS = "cannot be assessed"
    NO_TARGET = "no target"
    LIKELY = "likely to meet the target"
    UNLIKELY = "unlikely to meet the target"
    SUBSTANTIAL = "substantial progress / on track"
    FAIR = "fair progress, acceleration needed"
    LIMITED_OR_NONE = "limited or no progress"
    ON_TRACK = "on track"
    ACCELERATE = "progress, acceleration needed"
    STAGNATION = "stagnation or regression"
    LIMITED = "limited progress"
    DETERIORATION = "deterioration"


# (lower bound, category), best first; the last bound is minus infinity.
Cuts = tuple[tuple[float, Category], ...]


def cuts(bounds: Sequence[float], categories: Sequence[Category]) -> Cuts:
    """Band cut-offs: ``bounds`` best first, one category more than bounds."""
    return tuple(zip((*bounds, -math.inf), categories, strict=True))


_C = Category
_UNSD_2022 = (_C.SUBSTANTIAL, _C.FAIR, _C.LIMITED_OR_NONE, _C.DETERIORATION)
_UNSD_2023 = (_C.ON_TRACK, _C.ACCELERATE, _C.STAGNATION)
_STATCAN = (_C.ON_TRACK, _C.ACCELERATE, _C.LIMITED, _C.DETERIORATION)
UNSD_2022_CUTS: Final = cuts((0.95, 0.50, -0.10), _UNSD_2022)
UNSD_2022_NO_TARGET_CUTS: Final = cuts((0.01, 0.005, -0.005), _UNSD_2022)
UNSD_2023_CUTS: Final = cuts((0.95, 0.10), _UNSD_2023)
UNSD_2023_NO_TARGET_CUTS: Final = cuts((0.02, 0.005), _UNSD_2023)
STATCAN_CUTS: Final = cuts((0.95, 0.60, 0.0), _STATCAN)


@dataclass(frozen=True, kw_only=True)
class Series:
    """Yearly values of one indicator, with its target (points are sorted on creation)."""

    points: tuple[tuple[int, float], ...]
    target_year: int
    target: float | None = None
    direction: str = "increase"
    baseline_year: int | None = None
    tolerance: float | None = None
    percent: bool = False
    limit_factor: float = 1.0

    def __post_init__(self) -> None:
        points = tuple(sorted((int(year), float(value)) for year, value in self.points))
        object.__setattr__(self, "points", points)
        if len({year for year, _value in points}) != len(points):
            raise ValueError("each year may have one value only")
        if not all(math.isfinite(v) for v in [v for _y, v in points] + [self.target or 0.0]):
            raise ValueError("values and target must be finite numbers")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {sorted(DIRECTIONS)}")
        if not 0 < self.limit_factor <= 1:
            raise ValueError("limit_factor must be in (0, 1]")
        if (used := self.used()) and self.target_year <= used[0][0]:
            raise ValueError("the target year must come after the base year")

    def used(self) -> tuple[tuple[int, float], ...]:
        """The points from the base year on."""
        start = self.baseline_year
        return tuple(p for p in self.points if start is None or p[0] >= start)


@dataclass(frozen=True)
class Projection:
    """What a method found: store it with the assessment, show ``formula`` on the page."""

    method: str
    version: str
    projected: float | None
    likely: bool | None
    category: str
    formula: str
    inputs: dict[str, float] = field(hash=False)


_Show = Callable[[float], str]
# What a method hands to ``_finish``: projected value, category, steps, inputs.
_Out = tuple[float, Category, Sequence[str], dict[str, float]]


def _pct(rate: float) -> str:
    return _percent(100 * rate)


def _plus(value: float, show: _Show = _n) -> str:
    """``+ 2`` or ``- 2``, so that a formula never reads ``+ -2``."""
    return f"+ {show(value)}" if value >= 0 else f"{MINUS} {show(-value)}"


def categorise(value: float, bands: Cuts, show: _Show = _n) -> tuple[Category, str]:
    """The category of ``value`` and the band it fell in, in words."""
    if math.isnan(value):  # e.g. infinite growth over infinite growth
        return Category.CANNOT_ASSESS, "not a number"
    value = round(value, 9)
    index = next(i for i, (bound, _category) in enumerate(bands) if value >= bound)
    bound, category = bands[index]
    upper = show(bands[index - 1][0]) if index else ""
    band = f"{show(bound)} to below {upper}" if index else f"at least {show(bound)}"
    if bound == -math.inf:
        band = f"below {upper}"
    return category, band


def _meets(series: Series, value: float) -> bool:
    assert series.target is not None
    return meets_target(
        value=value, target=series.target, direction=series.direction, tolerance=series.tolerance
    )


def _least_squares(points: Sequence[tuple[int, float]], year: int) -> tuple[float, str]:
    """The least-squares line through ``points`` read at ``year``, and how."""
    mean_x, mean_y = (math.fsum(column) / len(points) for column in zip(*points, strict=True))
    sxx = math.fsum((x - mean_x) ** 2 for x, _y in points)
    slope = math.fsum((x - mean_x) * (y - mean_y) for x, y in points) / sxx
    value = mean_y + slope * (year - mean_x)
    text = (
        f"least-squares line through {len(points)} values ({points[0][0]}-{points[-1][0]}): "
        f"slope {_n(slope)} a year; value in {year} = {_n(mean_y)} {_plus(slope)} {TIMES} "
        f"({year} {MINUS} {_n(mean_x)}) = {_n(value)}"
    )
    return value, text


@dataclass(frozen=True)
class _Growth:
    """Yearly growth, actual and required: compound (CAGR) or, as a fallback, linear."""

    compound: bool
    actual: float
    required: float | None
    steps: tuple[str, ...]
    inputs: dict[str, float]

    def rate_text(self, rate: float) -> str:
        return _pct(rate) if self.compound else f"{_n(rate)} a year"


def _rate(label: str, start: float, end: float, years: int, compound: bool) -> tuple[float, str]:
    """Yearly growth from ``start`` to ``end``: a CAGR, or a linear change per year."""
    if compound:
        rate = float((end / start) ** (1 / years) - 1)
        return rate, f"{label} = ({_n(end)} / {_n(start)})^(1/{years}) {MINUS} 1 = {_pct(rate)}"
    rate = (end - start) / years
    return rate, f"{label} = ({_n(end)} {MINUS} {_n(start)}) / {years} = {_n(rate)} a year"


def _growth(series: Series, *, required: bool) -> _Growth:
    """CAGR_a (and CAGR_r when ``required``), or linear change per year for both."""
    used = series.used()
    (b, x_b), (t, x_t) = used[0], used[-1]
    goal = series.target if required else None
    compound = x_b > 0 and x_t > 0 and (goal is None or goal > 0)
    prefix = "CAGR" if compound else "change"
    actual, text = _rate(f"{prefix}_a", x_b, x_t, t - b, compound)
    steps = [text] if compound else [f"{_NO_CAGR}, so linear change per year is used", text]
    inputs: dict[str, float] = {"b": b, "x_b": x_b, "t": t, "x_t": x_t, "T": series.target_year}
    inputs[f"{prefix}_a"] = actual
    required_rate = None
    if goal is not None:
        required_rate, text = _rate(f"{prefix}_r", x_b, goal, series.target_year - b, compound)
        steps.append(text)
        inputs |= {"x*": goal, f"{prefix}_r": required_rate}
    return _Growth(compound, actual, required_rate, tuple(steps), inputs)


def _projected(series: Series, growth: _Growth) -> tuple[float, str]:
    year, latest = series.used()[-1]
    years, rate = series.target_year - year, growth.actual
    try:
        value = float(latest * (1 + rate) ** years) if growth.compound else latest + rate * years
    except (OverflowError, ZeroDivisionError):  # runaway growth, or a rate of -100 %
        value = math.copysign(math.inf, latest)
    power = f"{TIMES} (1 {_plus(rate, _pct)})^{years}"
    how = power if growth.compound else f"{_plus(rate)} {TIMES} {years}"
    return value, f"projected value in {series.target_year} = {_n(latest)} {how} = {_n(value)}"


def _finish(series: Series, method: str, result: _Out, near_limit: bool = False) -> Projection:
    """The shared rules: target achieved whatever the trend, likely, the formula."""
    projected, category, steps, inputs = result[0], result[1], list(result[2]), dict(result[3])
    likely = None if series.target is None else _meets(series, projected)
    year, latest = series.used()[-1]
    if series.target is not None and (_meets(series, latest) or near_limit):
        category, likely = Category.TARGET_ACHIEVED, True
        how = "already meets" if _meets(series, latest) else "is within 1 point of"
        steps.insert(0, f"the latest value {_n(latest)} ({year}) {how} the target")
        steps[0] += f" {_n(series.target)}: target achieved whatever the trend"
    steps.append(category.value)
    inputs["projected"] = projected
    return Projection(method, VERSION, projected, likely, category, "; ".join(steps), inputs)


Method = Callable[[Series], Projection]
METHODS: Final[dict[str, Method]] = {}


def _method(name: str) -> Callable[[Method], Method]:
    """Register a method; with fewer than 2 values from the base on: insufficient data."""

    def register(body: Method) -> Method:
        @functools.wraps(body)
        def run(series: Series) -> Projection:
            if (count := len(series.used())) >= 2:
                return body(series)
            formula = f"needs 2 values from the base year on, has {count}: insufficient data"
            return Projection(name, VERSION, None, None, Category.INSUFFICIENT_DATA, formula, {})

        METHODS[name] = run
        return run

    return register


def _against_target(series: Series, projected: float) -> tuple[Category, str]:
    """Linear and compound: does the projected value meet the target?"""
    if series.target is None:
        return Category.NO_TARGET, "no target to compare with"
    met = _meets(series, projected)
    text = f"{_n(projected)} {'meets' if met else 'does not meet'} the target {_n(series.target)}"
    return (Category.LIKELY if met else Category.UNLIKELY), text


@_method("linear")
def linear(series: Series) -> Projection:
    """Least-squares line through the values, read at the target year."""
    used = series.used()
    projected, text = _least_squares(used, series.target_year)
    category, verdict = _against_target(series, projected)
    inputs = {"n": float(len(used)), "T": float(series.target_year)}
    return _finish(series, "linear", (projected, category, (text, verdict), inputs))


@_method("compound")
def compound(series: Series) -> Projection:
    """Compound annual growth from the base to the latest value, carried on to the target year."""
    growth = _growth(series, required=False)
    if growth.compound:
        projected, text = _projected(series, growth)
        steps = (*growth.steps, text)
    else:
        projected, text = _least_squares(series.used(), series.target_year)
        steps = (f"{_NO_CAGR}, so the linear method is used: {text}",)
    category, verdict = _against_target(series, projected)
    result = (projected, category, (*steps, verdict), growth.inputs)
    return _finish(series, "compound", result)


def _no_target(series: Series, method: str, bands: Cuts, note: str = "") -> Projection:
    """Without a target: the CAGR_a, sign flipped when lower is better, against cut-offs."""
    growth = _growth(series, required=False)
    projected, text = _projected(series, growth)
    steps = [*growth.steps, text]
    if series.direction == "maintain" or not growth.compound:
        why = "a maintained indicator" if growth.compound else "a linear change"
        steps.append(f"no target, and growth cut-offs do not apply to {why}")
        return _finish(series, method, (projected, Category.CANNOT_ASSESS, (*steps,), {}))
    signed = growth.actual if series.direction == "increase" else -growth.actual
    if series.direction == "decrease":
        steps.append(f"lower is better, so {MINUS}CAGR_a = {_pct(signed)} is compared")
    category, band = categorise(signed, bands, _pct)
    steps.append(f"no target{note}: {_pct(signed)} is in the band {band}")
    inputs = growth.inputs | {"signed_growth": signed}
    return _finish(series, method, (projected, category, tuple(steps), inputs))


def _ratio_method(series: Series, method: str, bands: Cuts, directed: bool) -> Projection:
    """UNSD 2022 (CR = CAGR_a / CAGR_r) and Statistics Canada (R = d * CAGR_a / |CAGR_r|)."""
    growth = _growth(series, required=True)
    a, r = growth.actual, growth.required
    assert r is not None
    projected, text = _projected(series, growth)
    steps, inputs = list(growth.steps), dict(growth.inputs)
    if r == 0:
        steps.append("the required growth is 0 (the target equals the base value), not yet met")
        category = bands[-1][1]
    else:
        rate_a, rate_r = growth.rate_text(a), growth.rate_text(r)
        if directed:
            d = {"increase": 1, "decrease": -1}.get(series.direction, 1 if r > 0 else -1)
            name, ratio, how = "R", d * a / abs(r), f"{_n(d)} {TIMES} {rate_a} / |{rate_r}|"
            inputs["d"] = float(d)
        else:
            name, ratio, how = "CR", a / r, f"{rate_a} / {rate_r}"
        category, band = categorise(ratio, bands)
        steps.append(f"{name} = {how} = {_n(ratio)}, in the band {band}")
        inputs[name] = ratio
    return _finish(series, method, (projected, category, (*steps, text), inputs))


@_method("unsd-2022-ratio")
def unsd_2022_ratio(series: Series) -> Projection:
    """UNSD Progress Chart 2017-2022: ratio of actual to required growth."""
    if series.target is None:
        return _no_target(series, "unsd-2022-ratio", UNSD_2022_NO_TARGET_CUTS)
    return _ratio_method(series, "unsd-2022-ratio", UNSD_2022_CUTS, directed=False)


@_method("statcan")
def statcan(series: Series) -> Projection:
    """Statistics Canada (Open SDG >= 2.4): directed ratio of actual to required growth."""
    if series.target is None:
        c = series.limit_factor
        note = f" (cut-offs 1.5 % {TIMES} C, 0.5 % {TIMES} C and 0, C = {_n(c)})"
        return _no_target(series, "statcan", cuts((0.015 * c, 0.005 * c, 0), _STATCAN), note)
    return _ratio_method(series, "statcan", STATCAN_CUTS, directed=True)


@_method("unsd-2023-projection")
def unsd_2023_projection(series: Series) -> Projection:
    """UNSD 2023+: the share of the required change that the projected value covers."""
    if series.target is None:
        return _no_target(series, "unsd-2023-projection", UNSD_2023_NO_TARGET_CUTS)
    goal, x_b, x_t = series.target, series.used()[0][1], series.used()[-1][1]
    growth = _growth(series, required=False)
    projected, text = _projected(series, growth)
    steps, inputs = [*growth.steps, text], growth.inputs | {"x*": goal}
    if goal == x_b:
        steps.append("P is undefined: the target equals the base value, and it is not yet met")
        category = Category.STAGNATION
    else:
        share = (projected - x_b) / (goal - x_b)
        category, band = categorise(share, UNSD_2023_CUTS)
        steps.append(
            f"P = ({_n(projected)} {MINUS} {_n(x_b)}) / ({_n(goal)} {MINUS} {_n(x_b)}) "
            f"= {_n(share)}, in the band {band}"
        )
        inputs["P"] = share
    near_limit = series.percent and goal in (0.0, 100.0) and abs(x_t - goal) <= 1
    result = (projected, category, tuple(steps), inputs)
    return _finish(series, "unsd-2023-projection", result, near_limit)


def project(series: Series, method: str) -> Projection:
    """Run the named method on ``series``."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, not {method!r}")
    return METHODS[method](series)
