"""Rollups: one indicator's values across places, and statuses up the framework (pure).

The rules, in words:

* **Aggregation.** The values of one indicator in several places (office → country →
  region → global) are combined by the indicator's ``aggregation``:

  - ``sum``: the values added up. Example: 3 + 4 + 5 = 12.
  - ``mean``: the arithmetic mean. Example: (2 + 4 + 9) / 3 = 5.
  - ``weighted_mean``: Σ(value * weight) / Σweight, each place weighted by its
    denominator (such as the population surveyed). Example: 40 % of 100 people and
    60 % of 300 give (40 * 100 + 60 * 300) / (100 + 300) = 55 %, not 50 %.
  - ``count_true``: how many places say yes (a value of 0.5 or more; yes/no values are
    stored as 1 and 0). Example: yes, no, yes → 2.
  - ``none``: values of different places are not combined. A single place is "combined"
    into itself; with two or more the result has no value and says why.
* **Percentages are never averaged blindly.** A weighted mean is ``weighted`` only when
  every place has a positive, finite weight. If any place lacks one (missing, zero,
  negative or not finite), all places count equally and the result says "unweighted
  mean: denominators missing for N of M places", which the page shows.
* **Missing is not zero.** A place whose value is missing or not finite is left out and
  counted in ``missing``; with no value at all the result has no value (``None``).
* **Combining results again.** Each result keeps its number of places and its total
  ``weight`` (Σweight for a weighted mean, else the number of places), so
  ``combine_combined`` can combine country results into a region. For ``sum``,
  ``count_true`` and ``weighted_mean`` (with weights) this gives the same value as
  combining every place directly. For ``mean``, a region's value is the mean over all
  its places, not a mean of the country means: each country mean counts as many times
  as the country has places. Example: countries with means 2 (3 places) and 5
  (1 place) give (2 * 3 + 5 * 1) / (3 + 1) = 2.75, not 3.5. A ``weighted_mean`` in
  which some group is unweighted is unweighted too: each group counts by its number of
  places, which matches combining directly when every group is unweighted.
  ``none`` stays a single place's value, or no value once two places are involved.
* **Statuses up the framework** (indicator → dimension → outcome → domain → plan): an
  indicator's status counts once in the plan and once in each of its domain, outcome
  and dimension. An indicator without a domain counts in the plan only. The share
  assessed is the on-track, at-risk and off-track indicators among those that are due
  (not *not yet due*); nothing due gives no share.
* **Breakdowns**: each category of a disaggregation is combined separately by the same
  rule.

``explain`` returns the formula with the numbers, in English, as the page shows it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from habitat_monitor.progress.achievement import TIMES, Status, number_text

RULES: Final = frozenset({"sum", "mean", "weighted_mean", "count_true", "none"})
YES: Final = 0.5
MAX_TERMS: Final = 6
NO_VALUES: Final = "no data: no place has a value"
NOT_AGGREGATED: Final = "not aggregated: values of different places are not combined"

Term = tuple[float, float | None]


@dataclass(frozen=True)
class Part:
    """One place's value and, for a weighted mean, its denominator."""

    value: float | None
    weight: float | None = None


@dataclass(frozen=True)
class Combined:
    """Values of several places combined by one rule: the value, what went in, and why.

    ``no_weight`` counts the places of a weighted mean without a usable denominator;
    ``terms`` are the (value, weight) pairs the formula shows (not compared).
    """

    value: float | None
    parts: int
    missing: int
    weighted: bool
    rule: str
    reason: str
    weight: float | None
    no_weight: int = 0
    terms: tuple[Term, ...] = field(default=(), compare=False, repr=False)


def _check_rule(rule: str) -> None:
    if rule not in RULES:
        raise ValueError(f"aggregation must be one of {sorted(RULES)}, not {rule!r}")


def _finite(number: float | None) -> bool:
    return number is not None and math.isfinite(number)


def _positive(number: float | None) -> bool:
    return number is not None and math.isfinite(number) and number > 0


def _empty(rule: str, missing: int, parts: int = 0) -> Combined:
    reason = NOT_AGGREGATED if parts > 1 else NO_VALUES
    return Combined(None, parts, missing, False, rule, reason, None)


def _mean(terms: Sequence[Term]) -> float:
    """The mean of the term values, weighted when the terms carry weights, kept in range."""
    values = [value for value, _weight in terms]
    if any(weight is None for _value, weight in terms):
        mean = math.fsum(values) / len(values)
    else:
        weights = [weight for _value, weight in terms if weight is not None]
        products = [value * weight for value, weight in zip(values, weights, strict=True)]
        mean = math.fsum(products) / math.fsum(weights)
    return min(max(mean, min(values)), max(values))


def _unweighted_reason(no_weight: int, parts: int) -> str:
    return f"unweighted mean: denominators missing for {no_weight} of {parts} places"


def combine(rule: str, parts: Sequence[Part]) -> Combined:
    """The values of ``parts`` (places) combined by ``rule`` (the indicator's aggregation)."""
    _check_rule(rule)
    usable = [part for part in parts if _finite(part.value)]
    values = [float(part.value) for part in usable if part.value is not None]
    count, missing = len(values), len(parts) - len(values)
    if count == 0 or (rule == "none" and count > 1):
        return _empty(rule, missing, count)
    if rule == "none":
        return Combined(values[0], 1, missing, False, rule, "", 1.0, terms=((values[0], None),))
    if rule in ("sum", "count_true"):
        if rule == "count_true":
            values = [1.0 if value >= YES else 0.0 for value in values]
        terms: tuple[Term, ...] = tuple((value, None) for value in values)
        return Combined(math.fsum(values), count, missing, False, rule, "", float(count), 0, terms)
    no_weight = sum(1 for part in usable if not _positive(part.weight))
    if rule == "weighted_mean" and no_weight == 0:
        terms = tuple((value, part.weight) for value, part in zip(values, usable, strict=True))
        total = math.fsum(weight for _value, weight in terms if weight is not None)
        return Combined(_mean(terms), count, missing, True, rule, "", total, 0, terms)
    terms = tuple((value, None) for value in values)
    if rule == "mean":
        return Combined(_mean(terms), count, missing, False, rule, "", float(count), 0, terms)
    reason = _unweighted_reason(no_weight, count)
    return Combined(
        _mean(terms), count, missing, False, rule, reason, float(count), no_weight, terms
    )


def combine_combined(rule: str, results: Sequence[Combined]) -> Combined:
    """Results combined again (countries into a region) by their stored counts and weights.

    Every result must have been combined by ``rule``.
    """
    _check_rule(rule)
    for result in results:
        if result.rule != rule:
            raise ValueError(f"a result combined by {result.rule!r} cannot be combined by {rule!r}")
    missing = sum(result.missing for result in results)
    if rule == "none":
        places = sum(result.parts for result in results)
        single = [float(r.value) for r in results if r.parts == 1 and r.value is not None]
        if places != 1 or not single or not math.isfinite(single[0]):
            return _empty(rule, missing, places)
        return Combined(single[0], 1, missing, False, rule, "", 1.0, terms=((single[0], None),))
    usable = [result for result in results if _finite(result.value) and result.parts > 0]
    if not usable:
        return _empty(rule, missing)
    values = [float(result.value) for result in usable if result.value is not None]
    count = sum(result.parts for result in usable)
    if rule in ("sum", "count_true"):
        terms: tuple[Term, ...] = tuple((value, None) for value in values)
        return Combined(math.fsum(values), count, missing, False, rule, "", float(count), 0, terms)
    weighted = rule == "weighted_mean" and all(
        result.weighted and _positive(result.weight) for result in usable
    )
    if weighted:
        terms = tuple((value, r.weight) for value, r in zip(values, usable, strict=True))
        total = math.fsum(weight for _value, weight in terms if weight is not None)
        return Combined(_mean(terms), count, missing, True, rule, "", total, 0, terms)
    terms = tuple((value, float(r.parts)) for value, r in zip(values, usable, strict=True))
    if rule == "mean":
        return Combined(_mean(terms), count, missing, False, rule, "", float(count), 0, terms)
    no_weight = sum(result.no_weight for result in usable if not result.weighted)
    reason = _unweighted_reason(no_weight, count)
    return Combined(
        _mean(terms), count, missing, False, rule, reason, float(count), no_weight, terms
    )


def breakdown(rule: str, parts_by_category: Mapping[str, Sequence[Part]]) -> dict[str, Combined]:
    """Each category of a disaggregation combined separately by ``rule``, in the given order."""
    _check_rule(rule)
    return {category: combine(rule, parts) for category, parts in parts_by_category.items()}


def _places(count: int) -> str:
    return f"{count} place" if count == 1 else f"{count} places"


def _joined(texts: Sequence[str], separator: str) -> str:
    """Terms joined by ``separator``; a long list shows its first terms and how many in all."""
    if len(texts) > MAX_TERMS:
        texts = [*texts[: MAX_TERMS - 1], f"… ({len(texts)} terms in all)"]
    return separator.join(texts)


def _formula(result: Combined, value: float) -> str:
    terms, total = result.terms, number_text(value)
    numbers = [number_text(term) for term, _weight in terms]
    if result.rule == "none":
        return f"not aggregated: the value of the only place, {total}"
    if result.rule in ("sum", "count_true"):
        label = "sum" if result.rule == "sum" else "count of yes (a value of 0.5 or more)"
        return f"{label}: {_joined(numbers, ' + ')} = {total}"
    label = "mean" if result.rule == "mean" else "weighted mean"
    if result.rule == "weighted_mean" and not result.weighted:
        label = "unweighted mean"
    if all(weight is None for _term, weight in terms):
        return f"{label}: ({_joined(numbers, ' + ')}) / {len(terms)} = {total}"
    weights = [number_text(weight or 0.0) for _term, weight in terms]
    products = [f"{n} {TIMES} {w}" for n, w in zip(numbers, weights, strict=True)]
    text = f"{label}: ({_joined(products, ' + ')}) / ({_joined(weights, ' + ')}) = {total}"
    if not result.weighted:
        text += "; each value counts as many times as it has places"
    return text


def explain(result: Combined) -> str:
    """The rule with the numbers, in English, as the page shows it.

    Example: ``weighted mean: (40 * 100 + 60 * 300) / (100 + 300) = 55`` (with the
    multiplication sign, ``TIMES``, for ``*``).
    """
    if result.value is None:
        text = result.reason or NO_VALUES
    elif not result.terms:
        text = f"{result.rule.replace('_', ' ')}: {number_text(result.value)}"
    else:
        text = _formula(result, result.value)
        if result.rule == "weighted_mean" and not result.weighted:
            no_weight = f"denominators missing for {result.no_weight} of {result.parts} places"
            text += f"; {no_weight}"
    if result.missing:
        verb = "was" if result.missing == 1 else "were"
        text += f"; {_places(result.missing)} without a value {verb} left out"
    return text


# Statuses up the framework -------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorStatus:
    """One indicator's status and where it sits in the framework."""

    code: str
    status: str
    domain: str | None = None
    outcome: str | None = None
    dimension: str | None = None


@dataclass(frozen=True)
class StatusCounts:
    """How many indicators have each status."""

    on_track: int = 0
    at_risk: int = 0
    off_track: int = 0
    no_data: int = 0
    not_yet_due: int = 0

    def __post_init__(self) -> None:
        if min(self.on_track, self.at_risk, self.off_track, self.no_data, self.not_yet_due) < 0:
            raise ValueError("status counts must not be negative")

    @property
    def total(self) -> int:
        return self.on_track + self.at_risk + self.off_track + self.no_data + self.not_yet_due

    @property
    def due(self) -> int:
        """Indicators that are due: every status but *not yet due*."""
        return self.total - self.not_yet_due

    @property
    def assessed(self) -> int:
        """Indicators with an assessment: on track, at risk or off track."""
        return self.on_track + self.at_risk + self.off_track

    @property
    def assessed_share(self) -> float | None:
        """The share (0-1) of the indicators due that are assessed; None when none is due."""
        return self.assessed / self.due if self.due else None


@dataclass(frozen=True)
class FrameworkRollup:
    """Status counts for the plan and for each domain, outcome and dimension (by code)."""

    plan: StatusCounts
    domains: dict[str, StatusCounts] = field(hash=False)
    outcomes: dict[str, StatusCounts] = field(hash=False)
    dimensions: dict[str, StatusCounts] = field(hash=False)


def _status(value: str) -> Status:
    try:
        return Status(value)
    except ValueError:
        names = sorted(member.value for member in Status)
        raise ValueError(f"status must be one of {names}, not {value!r}") from None


def status_counts(statuses: Iterable[str]) -> StatusCounts:
    """How many of ``statuses`` (values of ``achievement.Status``) there are of each."""
    counts = Counter(_status(value) for value in statuses)
    return StatusCounts(**{member.value: counts[member] for member in Status})


def framework_rollup(items: Sequence[IndicatorStatus]) -> FrameworkRollup:
    """Indicator statuses counted in the plan and in every domain, outcome and dimension.

    An indicator without a domain counts in the plan only. Each code may appear once.
    """
    seen: set[str] = set()
    for item in items:
        if item.code in seen:
            raise ValueError(f"indicator {item.code!r} is given twice")
        seen.add(item.code)
    plan = status_counts(item.status for item in items)
    groups: tuple[dict[str, list[str]], ...] = ({}, {}, {})
    for item in items:
        if item.domain is None:
            continue
        for group, key in zip(groups, (item.domain, item.outcome, item.dimension), strict=True):
            if key is not None:
                group.setdefault(key, []).append(item.status)
    domains, outcomes, dimensions = (
        {key: status_counts(statuses) for key, statuses in group.items()} for group in groups
    )
    return FrameworkRollup(plan, domains, outcomes, dimensions)
