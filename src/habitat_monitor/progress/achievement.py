"""Achievement of a value against a target, and its status (pure).

The rules, in words:

* **Achievement** is how far, in percent, the actual value has come from the
  baseline towards the target, in the indicator's direction:
  ``100 * (actual - baseline) / (target - baseline)``. The same formula serves an
  *increase* and a *decrease* (for a decrease both differences are negative).
  Example: baseline 48, target 50, actual 48.5 → (48.5 - 48) / (50 - 48) = 25 %.
  The value is not clamped: 120 % means the target was passed, -10 % that the value
  moved the wrong way. ``capped`` clamps to 0-100 for display (bars, gauges) only.
* **Nothing to gain**: when the target is not beyond the baseline in the indicator's
  direction (equal to it, or behind it, which plan lint rule HM107 rejects),
  achievement is 100 % if the actual meets the target and 0 % if not.
* **No baseline**: achievement is a plain ratio, 100 * actual / target for an
  increase (needs a positive target) and 100 * target / actual for a decrease (needs
  a positive target and actual). Where the ratio is not defined: met 100 %, else 0 %.
* **Maintain**: 100 % while |actual - target| is within the tolerance (none means 0).
  Beyond it, each percent of the target by which the value is off beyond the
  tolerance costs one point: 100 - 100 * (|actual - target| - tolerance) / |target|,
  never below 0 (and 0 % for a zero target). The baseline plays no part.
* **Meeting the target**: increase → actual ≥ target; decrease → actual ≤ target;
  maintain → |actual - target| ≤ tolerance.
* **Missing is not zero**: without an actual or a target (or with a number that is
  not finite) there is no achievement (``None``). Achievement is rounded to 9
  decimals, so floating-point noise cannot move a value across a band.
* **Status**: *not yet due* when the period is not due yet (whatever the value);
  *no data* without an achievement; *on track* at or above ``bands.on_track``
  (default 90 %); *at risk* at or above ``bands.at_risk`` (default 60 %); *off track*
  below it. The bands come from the plan (``status_bands``), never from settings.
* **Cumulation** picks the actual to compare with a target: *non-cumulative* and
  *cumulative-latest* take the latest period's value (each period stands alone, or
  the latest value is already the running total); *cumulative-sum* adds up every
  period so far.

``assess_against_target`` returns all of it at once (inputs, method, version,
achievement, status and the formula with the numbers, in English) for storing with
the assessment and showing on the page; ``explain`` returns the formula alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

METHOD: Final = "yearly-target"
VERSION: Final = "1"
MINUS: Final = "\u2212"
TIMES: Final = "\u00d7"
DIRECTIONS: Final = frozenset({"increase", "decrease", "maintain"})
CUMULATIONS: Final = frozenset({"non_cumulative", "cumulative_sum", "cumulative_latest"})


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    NOT_YET_DUE = "not_yet_due"


@dataclass(frozen=True)
class Bands:
    """Achievement thresholds in percent (the plan's ``status_bands``)."""

    on_track: float = 90.0
    at_risk: float = 60.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.on_track) and math.isfinite(self.at_risk)):
            raise ValueError("status bands must be finite numbers")
        if self.at_risk > self.on_track:
            raise ValueError("at_risk must not be above on_track")


DEFAULT_BANDS: Final = Bands()

Inputs = dict[str, float | str | None]
_Calc = tuple[float | None, str]


@dataclass(frozen=True)
class Assessment:
    """One value assessed against one target: what went in, what came out, and why."""

    method: str
    version: str
    inputs: Inputs = field(hash=False)
    achievement: float | None
    status: Status
    formula: str


def number_text(value: float, decimals: int = 4) -> str:
    """A number as the formulas show it: at most ``decimals`` decimals, no trailing zeros."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace("-", MINUS)


def percent_text(value: float) -> str:
    """A percentage (already multiplied by 100) with at most 2 decimals: ``87.5 %``."""
    return f"{number_text(value, 2)} %"


def _check(direction: str, tolerance: float | None) -> float:
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {sorted(DIRECTIONS)}, not {direction!r}")
    if tolerance is not None and tolerance < 0:
        raise ValueError("tolerance must not be negative")
    return tolerance or 0.0


def meets_target(
    *, value: float, target: float, direction: str, tolerance: float | None = None
) -> bool:
    """Whether ``value`` meets ``target`` in the direction (maintain: within tolerance)."""
    tol = _check(direction, tolerance)
    if direction == "increase":
        return value >= target
    if direction == "decrease":
        return value <= target
    return abs(value - target) <= tol


def _all_or_nothing(met: bool) -> float:
    return 100.0 if met else 0.0


def _met_text(actual: float, met: bool) -> str:
    verb = "meets" if met else "does not meet"
    return f"the actual ({number_text(actual)}) {verb} it: {percent_text(_all_or_nothing(met))}"


def _toward(baseline: float, target: float, actual: float, direction: str, name: str) -> _Calc:
    """Increase or decrease with a baseline: the share of the way travelled."""
    gap = target - baseline
    if (direction == "increase" and gap <= 0) or (direction == "decrease" and gap >= 0):
        met = meets_target(value=actual, target=target, direction=direction)
        text = (
            f"{name} ({number_text(target)}) is not beyond the baseline "
            f"({number_text(baseline)}) for an {direction}, so there is nothing to gain; "
            + _met_text(actual, met)
        )
        return _all_or_nothing(met), text
    value = 100 * (actual - baseline) / gap
    a, b, t = number_text(actual), number_text(baseline), number_text(target)
    text = (
        f"({a} {MINUS} {b}) / ({t} {MINUS} {b}) = {percent_text(value)} "
        f"of the way from the baseline to {name}"
    )
    return value, text


def _ratio(target: float, actual: float, direction: str, name: str) -> _Calc:
    """Increase or decrease without a baseline: a plain ratio to the target."""
    a, t = number_text(actual), number_text(target)
    if direction == "increase" and target > 0:
        value = 100 * actual / target
        return value, f"{a} / {t} = {percent_text(value)} of {name} (no baseline)"
    if direction == "decrease" and target > 0 and actual > 0:
        value = 100 * target / actual
        return value, (
            f"{t} / {a} = {percent_text(value)} of {name} (no baseline; lower is better)"
        )
    met = meets_target(value=actual, target=target, direction=direction)
    needs = "a positive target" if direction == "increase" else "a positive target and actual"
    text = f"no baseline, and a ratio to {name} ({t}) needs {needs}; " + _met_text(actual, met)
    return _all_or_nothing(met), text


def _maintain(target: float, actual: float, tolerance: float, name: str) -> _Calc:
    """Maintain: full marks within the tolerance, one point lost per percent beyond it."""
    deviation = abs(actual - target)
    a, t, tol = number_text(actual), number_text(target), number_text(tolerance)
    head = f"|{a} {MINUS} {t}| = {number_text(deviation)}"
    if deviation <= tolerance:
        return 100.0, f"{head} is within the tolerance of {tol} around {name}: 100 %"
    excess = deviation - tolerance
    if target == 0:
        return 0.0, f"{head} is beyond the tolerance of {tol} around {name} (zero): 0 %"
    value = max(0.0, 100 - 100 * excess / abs(target))
    text = (
        f"{head}, {number_text(excess)} beyond the tolerance of {tol} around {name}; "
        f"100 {MINUS} 100 {TIMES} {number_text(excess)} / {number_text(abs(target))} "
        f"= {percent_text(value)} (never below 0 %)"
    )
    return value, text


def _calculate(
    baseline: float | None,
    target: float | None,
    actual: float | None,
    direction: str,
    tolerance: float | None,
    name: str,
) -> _Calc:
    tol = _check(direction, tolerance)
    if actual is None:
        return None, "no actual value"
    if target is None:
        return None, f"no value for {name}"
    numbers = [n for n in (baseline, target, actual) if n is not None]
    if not all(math.isfinite(n) for n in numbers):
        return None, "a value that is not a finite number"
    if direction == "maintain":
        value, text = _maintain(target, actual, tol, name)
    elif baseline is None:
        value, text = _ratio(target, actual, direction, name)
    else:
        value, text = _toward(baseline, target, actual, direction, name)
    return (None if value is None else round(value, 9)), text


def achievement(
    *,
    baseline: float | None,
    target: float | None,
    actual: float | None,
    direction: str,
    tolerance: float | None = None,
) -> float | None:
    """Direction-aware achievement in percent (not clamped), or None if it cannot be had."""
    return _calculate(baseline, target, actual, direction, tolerance, "the target")[0]


def capped(value: float) -> float:
    """``value`` clamped to 0-100, for display only (a bar cannot be 130 % full)."""
    return min(100.0, max(0.0, value))


def status(*, achievement: float | None, bands: Bands = DEFAULT_BANDS, due: bool = True) -> Status:
    """The status band of an achievement (percent)."""
    if not due:
        return Status.NOT_YET_DUE
    if achievement is None or math.isnan(achievement):
        return Status.NO_DATA
    if achievement >= bands.on_track:
        return Status.ON_TRACK
    if achievement >= bands.at_risk:
        return Status.AT_RISK
    return Status.OFF_TRACK


def status_text(value: Status, bands: Bands = DEFAULT_BANDS) -> str:
    """The status in words with its band: ``at risk (60 % to below 90 %)``."""
    on, risk = percent_text(bands.on_track), percent_text(bands.at_risk)
    return {
        Status.ON_TRACK: f"on track ({on} or more)",
        Status.AT_RISK: f"at risk ({risk} to below {on})",
        Status.OFF_TRACK: f"off track (below {risk})",
        Status.NO_DATA: "no data",
        Status.NOT_YET_DUE: "not yet due",
    }[value]


def assess_against_target(
    *,
    baseline: float | None,
    target: float | None,
    actual: float | None,
    direction: str,
    tolerance: float | None = None,
    bands: Bands = DEFAULT_BANDS,
    due: bool = True,
    target_year: int | None = None,
) -> Assessment:
    """Achievement and status of ``actual`` against ``target``, with the formula in words.

    ``target_year`` only names the target in the formula ("the 2022 target").
    """
    name = f"the {target_year} target" if target_year is not None else "the target"
    value, text = _calculate(baseline, target, actual, direction, tolerance, name)
    result = status(achievement=value, bands=bands, due=due)
    inputs: Inputs = {
        "baseline": baseline,
        "target": target,
        "actual": actual,
        "direction": direction,
        "tolerance": tolerance,
        "on_track": bands.on_track,
        "at_risk": bands.at_risk,
    }
    formula = f"{text}: {status_text(result, bands)}"
    return Assessment(METHOD, VERSION, inputs, value, result, formula)


def explain(
    *,
    baseline: float | None,
    target: float | None,
    actual: float | None,
    direction: str,
    tolerance: float | None = None,
    bands: Bands = DEFAULT_BANDS,
    due: bool = True,
    target_year: int | None = None,
) -> str:
    """The rule with the numbers, in English, as the page shows it."""
    return assess_against_target(
        baseline=baseline,
        target=target,
        actual=actual,
        direction=direction,
        tolerance=tolerance,
        bands=bands,
        due=due,
        target_year=target_year,
    ).formula


def cumulative_actual(
    values_by_period: Sequence[tuple[int, float]], cumulation: str, *, up_to: int | None = None
) -> float | None:
    """The actual to compare with a target, from (period, value) pairs, by cumulation.

    Periods after ``up_to`` (when given) are left out; no periods give None (missing
    is not zero). A period given twice is an error.
    """
    if cumulation not in CUMULATIONS:
        raise ValueError(f"cumulation must be one of {sorted(CUMULATIONS)}, not {cumulation!r}")
    periods = [period for period, _value in values_by_period]
    if len(set(periods)) != len(periods):
        raise ValueError("each period may have one value only")
    kept = sorted(
        (period, value) for period, value in values_by_period if up_to is None or period <= up_to
    )
    if not kept:
        return None
    if cumulation == "cumulative_sum":
        return math.fsum(value for _period, value in kept)
    return kept[-1][1]
