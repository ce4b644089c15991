"""SMART rules (HM1xx): is each indicator specific, measurable and time-bound?

- HM101-HM104: an indicator needs a unit of measure, a data-collection method,
  a source and a frequency, or nobody can collect it the same way twice.
- HM105: a baseline, or progress cannot be measured against a starting point.
- HM106: a target for every plan year (targets are per year, not only at the end).
- HM107: targets move in the indicator's direction (up for "increase", down for
  "decrease"), year after year and from the baseline.
- HM108: percentages stay between 0 and 100.
- HM109: the statement names something measurable (a number, proportion,
  rate...), not only an aspiration such as "strengthen" or "improve".
- HM110: a target year outside the plan's years.
- HM111: "maintain" needs a tolerance; HM112: the baseline predates the plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from habitat_monitor.plans.framework import Direction, Measure
from habitat_monitor.plans.lint.base import Context, found, rule
from habitat_monitor.plans.planfile import Finding

MEASURABLE = re.compile(
    r"\b(number|numbers|proportion|percentage|percent|share|ratio|rate|average|mean|amount|"
    r"index|count|total|level|levels|volume|value|score|per|km|tonnes|usd)\b|%|\d"
    r"|数量|数目|比例|百分比|比率|平均|指数|总额|金额|总数|率|份额",
    re.IGNORECASE,
)


def _missing_field(ctx: Context, code: str, attribute: str, label: str) -> Iterator[Finding]:
    for path, indicator in ctx.indicators():
        if not any(getattr(indicator, attribute).values()):
            yield found(ctx, code, f"indicator {indicator.code} has no {label}", (*path, "code"))


@rule("HM101", "error", "Indicator without a unit of measure")
def no_unit(ctx: Context) -> Iterator[Finding]:
    yield from _missing_field(ctx, "HM101", "unit", "unit of measure (`unit:`)")


@rule("HM102", "error", "Indicator without a data-collection method")
def no_method(ctx: Context) -> Iterator[Finding]:
    yield from _missing_field(ctx, "HM102", "method", "data-collection method (`method:`)")


@rule("HM103", "error", "Indicator without a data source")
def no_source(ctx: Context) -> Iterator[Finding]:
    yield from _missing_field(ctx, "HM103", "source", "data source (`source:`)")


@rule("HM104", "error", "Indicator without a reporting frequency")
def no_frequency(ctx: Context) -> Iterator[Finding]:
    for path, indicator in ctx.indicators():
        if indicator.frequency is None:
            yield found(
                ctx,
                "HM104",
                f"indicator {indicator.code} has no `frequency:`",
                (*path, "code"),
                "One of annual, semi_annual, quarterly.",
            )


@rule("HM105", "error", "Indicator without a baseline")
def no_baseline(ctx: Context) -> Iterator[Finding]:
    for path, indicator in ctx.indicators():
        if indicator.baseline is None:
            yield found(
                ctx, "HM105", f"indicator {indicator.code} has no baseline", (*path, "code")
            )


@rule("HM106", "error", "Missing target for a plan year")
def missing_target(ctx: Context) -> Iterator[Finding]:
    for path, indicator in ctx.indicators():
        missing = [year for year in ctx.plan.plan.years if year not in indicator.targets.values]
        if missing:
            years = ", ".join(str(year) for year in missing)
            yield found(
                ctx,
                "HM106",
                f"indicator {indicator.code} has no target for {years}",
                (*path, "targets"),
            )


@rule("HM107", "error", "Targets move against the indicator's direction")
def against_direction(ctx: Context) -> Iterator[Finding]:
    for path, indicator in ctx.indicators():
        if indicator.direction == Direction.MAINTAIN:
            continue
        series = sorted(indicator.targets.values.items())
        if indicator.baseline is not None:
            series.insert(0, (indicator.baseline.year, indicator.baseline.value))
        for (year_a, a), (year_b, b) in pairwise(series):
            wrong = b < a if indicator.direction == Direction.INCREASE else b > a
            if wrong:
                yield found(
                    ctx,
                    "HM107",
                    f"indicator {indicator.code} should {indicator.direction} but its target "
                    f"goes from {a:g} ({year_a}) to {b:g} ({year_b})",
                    (*path, "targets", "values", year_b),
                )
                break


@rule("HM108", "error", "Percentage outside 0-100")
def percent_range(ctx: Context) -> Iterator[Finding]:
    for path, indicator in ctx.indicators():
        if indicator.measure != Measure.PERCENT:
            continue
        values: list[tuple[tuple[object, ...], float]] = [
            (("targets", "values", year), v) for year, v in indicator.targets.values.items()
        ]
        if indicator.baseline is not None:
            values.append((("baseline", "value"), indicator.baseline.value))
        for where, value in values:
            if not 0 <= value <= 100:
                yield found(
                    ctx,
                    "HM108",
                    f"indicator {indicator.code} is a percentage but has the value {value:g}",
                    (*path, *where),
                )


@rule("HM109", "error", "Vague statement with nothing measurable")
def vague_statement(ctx: Context) -> Iterator[Finding]:
    for path, indicator in ctx.indicators():
        text = " ".join(indicator.statement.values())
        if not MEASURABLE.search(text):
            yield found(
                ctx,
                "HM109",
                f"indicator {indicator.code} states an aim but nothing to count or measure",
                (*path, "statement"),
                'Say what is measured, e.g. "Number of cities that ..." or "Proportion of ...".',
            )


@rule("HM110", "error", "Target for a year outside the plan")
def target_outside_plan(ctx: Context) -> Iterator[Finding]:
    years = set(ctx.plan.plan.years)
    for path, indicator in ctx.indicators():
        for year in indicator.targets.values:
            if year not in years:
                yield found(
                    ctx,
                    "HM110",
                    f"indicator {indicator.code} has a target for {year}, which is not a plan year",
                    (*path, "targets", "values", year),
                )
        for index, office_target in enumerate(indicator.targets.by_office):
            if office_target.year not in years:
                yield found(
                    ctx,
                    "HM110",
                    f"indicator {indicator.code} has an office target for "
                    f"{office_target.year}, which is not a plan year",
                    (*path, "targets", "by_office", index),
                )


@rule("HM111", "warning", "'maintain' indicator without a tolerance")
def maintain_tolerance(ctx: Context) -> Iterator[Finding]:
    for path, indicator in ctx.indicators():
        if indicator.direction == Direction.MAINTAIN and indicator.tolerance is None:
            yield found(
                ctx,
                "HM111",
                f"indicator {indicator.code} is to be maintained but has no `tolerance:`",
                (*path, "direction"),
            )


@rule("HM112", "warning", "Baseline year after the plan starts")
def late_baseline(ctx: Context) -> Iterator[Finding]:
    first = ctx.plan.plan.years[0]
    for path, indicator in ctx.indicators():
        if indicator.baseline is not None and indicator.baseline.year > first:
            yield found(
                ctx,
                "HM112",
                f"indicator {indicator.code} has its baseline in "
                f"{indicator.baseline.year}, after the plan starts ({first})",
                (*path, "baseline", "year"),
            )
