"""Progress of a plan, read from the analytics store, as plain data.

Pages, the API, CSV exports and reports share these results; each has ``as_dict()``
(JSON-ready: numbers that are not finite become None). The rules are the pure
modules' (``achievement``, ``projection``, ``rollup``); this module only gathers
their inputs from the store:

* **The year**: by default the latest with approved values. **An indicator's value**
  for a year is its global rollup (``store.queries``).
* **The actual** compared with the year's target follows the cumulation
  (``achievement.cumulative_actual`` over the yearly values up to the year): for a
  *non-cumulative* indicator only that year's value counts (an older value does not
  stand for a later year), for *cumulative-latest* the latest so far, for
  *cumulative-sum* the sum so far.
* **The target** is the plan-wide target of the year, the baseline the indicator's.
  Status bands are the plan's. An office with its own target is assessed against it.
* **Due**: the year's target is due once the report for the last period of the year
  (by the indicator's frequency) is due, 45 days after the period ends; before that
  the status is *not yet due*, whatever the values.
* **Projections** run the named methods (``projection.METHODS``; default compound,
  then linear) on the baseline and the yearly actuals up to the year, towards the
  plan-wide target of the plan's end year. The first method gives ``likely``.
* **Needs attention**: status *off track*, or the first method finds the end target
  unlikely (``needs_attention``); corrective actions start from this list.

API: ``plan_progress(plan, Scope(...))``, ``indicator_progress(code)`` (both make the
store fresh first), ``progress_from(con, plan, scope)``, ``needs_attention(progress)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import duckdb
from django.utils.timezone import localdate

from habitat_monitor.plans.queries import current_plan
from habitat_monitor.progress import achievement, projection, rollup
from habitat_monitor.progress.achievement import Assessment, Bands, Status
from habitat_monitor.progress.store import queries
from habitat_monitor.progress.store.freshness import reader
from habitat_monitor.reporting.disaggregation import parts_of
from habitat_monitor.reporting.periods import periods_for
from habitat_monitor.reporting.services.assignments import DUE_AFTER_DAYS

DEFAULT_METHODS = ("compound", "linear")
PLACE_LEVELS = ("office", "country", "org_region", "m49_region")
ATTENTION_STATUSES = (Status.OFF_TRACK,)


class UnknownPlan(LookupError):
    """No such plan (or indicator) in the store."""


def _plain(value: Any) -> Any:
    """JSON-ready: non-finite numbers become None, tuples lists, keys text."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


@dataclass(frozen=True)
class PlaceValue:
    """An indicator's value at one level (``key``: office, country or region code;
    None for global), combined by its aggregation, with the formula in words.
    ``target`` and ``assessment`` only where the place has a target of its own."""

    level: str
    key: str | None
    value: float | None
    parts: int
    missing: int
    weighted: bool
    reason: str
    formula: str
    target: float | None = None
    assessment: Assessment | None = None

    @classmethod
    def of(
        cls, item: queries.Rollup, target: float | None = None, assessed: Assessment | None = None
    ) -> PlaceValue:
        c = item.combined
        numbers = (c.value, c.parts, c.missing, c.weighted, c.reason, rollup.explain(c))
        return cls(item.level, item.key, *numbers, target, assessed)


@dataclass(frozen=True)
class BreakdownValue:
    """The global value of one breakdown (``age=15-24;sex=female``) for the year."""

    disaggregation: str
    categories: dict[str, str]
    value: PlaceValue


@dataclass(frozen=True)
class IndicatorProgress:
    """One indicator assessed for one year. ``series``: (year, global value) pairs."""

    code: str
    level: str
    domain: str | None
    outcome: str | None
    dimension: str | None
    measure: str
    aggregation: str
    direction: str
    cumulation: str
    tolerance: float | None
    year: int
    due: bool
    value: PlaceValue | None
    series: tuple[tuple[int, float], ...]
    actual: float | None
    baseline: float | None
    baseline_year: int | None
    target: float | None
    end_year: int | None
    end_target: float | None
    assessment: Assessment
    projections: tuple[projection.Projection, ...]
    places: tuple[PlaceValue, ...] = ()
    breakdowns: tuple[BreakdownValue, ...] = ()

    @property
    def status(self) -> Status:
        return self.assessment.status

    @property
    def likely(self) -> bool | None:
        """Whether the first projection method finds the end target likely to be met."""
        return self.projections[0].likely if self.projections else None

    @property
    def attention(self) -> tuple[str, ...]:
        """Why it needs attention: ``off_track`` and/or ``unlikely`` (empty if neither)."""
        reasons = [self.status.value] if self.status in ATTENTION_STATUSES else []
        return (*reasons, "unlikely") if self.likely is False else tuple(reasons)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self) | {"status": self.status.value, "likely": self.likely}
        return dict(_plain(data | {"attention": list(self.attention)}))


def _counts(counts: rollup.StatusCounts) -> dict[str, Any]:
    totals = ("total", "due", "assessed", "assessed_share")
    return asdict(counts) | {name: getattr(counts, name) for name in totals}


@dataclass(frozen=True)
class PlanProgress:
    """A plan's indicators assessed for one year, with status counts up the framework."""

    plan: str
    year: int | None
    years: tuple[int, ...]
    end_year: int | None
    bands: Bands
    methods: tuple[str, ...]
    indicators: tuple[IndicatorProgress, ...]
    rollup: rollup.FrameworkRollup = field(repr=False)

    def indicator(self, code: str) -> IndicatorProgress:
        for item in self.indicators:
            if item.code == code:
                return item
        raise KeyError(code)

    def as_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in ("plan", "year", "years", "end_year")}
        data |= {"bands": asdict(self.bands), "methods": self.methods}
        data["indicators"] = [item.as_dict() for item in self.indicators]
        levels = {"domains": self.rollup.domains, "outcomes": self.rollup.outcomes}
        levels["dimensions"] = self.rollup.dimensions
        data["rollup"] = {"plan": _counts(self.rollup.plan)} | {
            level: {code: _counts(counts) for code, counts in found.items()}
            for level, found in levels.items()
        }
        return dict(_plain(data))


def needs_attention(
    progress: PlanProgress, *, statuses: Sequence[Status] = ATTENTION_STATUSES
) -> list[IndicatorProgress]:
    """The indicators off track (or another of ``statuses``) or unlikely to meet the
    end target by the first projection method, in plan order."""
    return [item for item in progress.indicators if item.status in statuses or item.likely is False]


def is_due(year: int, frequency: str, today: date) -> bool:
    """Whether the year's target is due: the report of its last period is due."""
    last = periods_for([year], frequency or "annual")[-1]
    return today >= last.due(DUE_AFTER_DAYS)


def actual_for_year(values: dict[int, float], cumulation: str, year: int) -> float | None:
    """The value compared with the year's target, from the yearly values, by cumulation."""
    if cumulation == "non_cumulative":
        points = [(year, values[year])] if year in values else []
    else:
        points = [(y, v) for y, v in values.items() if y <= year]
    return achievement.cumulative_actual(points, cumulation, up_to=year)


@dataclass(frozen=True)
class _Context:
    """What every indicator of one assessment shares."""

    year: int
    end_year: int | None
    bands: Bands
    methods: tuple[str, ...]
    today: date
    targets: dict[tuple[str, int, str | None], float]

    def target(self, code: str, year: int | None, office: str | None = None) -> float | None:
        return self.targets.get((code, year, office)) if year else None

    def assess(self, indicator: dict[str, Any], **inputs: Any) -> Assessment:
        inputs |= {"direction": indicator["direction"], "tolerance": indicator["tolerance"]}
        return achievement.assess_against_target(bands=self.bands, target_year=self.year, **inputs)


def _projections(
    indicator: dict[str, Any], actuals: dict[int, float], context: _Context
) -> tuple[projection.Projection, ...]:
    """The methods run on the baseline and the yearly actuals, towards the end target."""
    points = dict(actuals)
    base_year = indicator["baseline_year"]
    if base_year is not None and base_year not in points:
        points[int(base_year)] = float(indicator["baseline_value"])
    if context.end_year is None:
        return ()
    try:
        series = projection.Series(
            points=tuple(points.items()),
            target_year=context.end_year,
            target=context.target(indicator["code"], context.end_year),
            direction=indicator["direction"],
            baseline_year=base_year,
            tolerance=indicator["tolerance"],
            percent=indicator["measure"] == "percent",
        )
    except ValueError:  # values past the end year: nothing left to project
        return ()
    return tuple(projection.project(series, method) for method in context.methods)


def _values(items: Sequence[queries.Rollup]) -> dict[int, float]:
    return {item.year: item.combined.value for item in items if item.combined.value is not None}


def _places(
    indicator: dict[str, Any], items: Sequence[queries.Rollup], context: _Context, due: bool
) -> tuple[PlaceValue, ...]:
    """The year's value at each place; offices with a target of their own are assessed."""
    by_place: dict[tuple[str, str | None], list[queries.Rollup]] = {}
    for item in items:
        by_place.setdefault((item.level, item.key), []).append(item)
    places = []
    for (level, key), found in by_place.items():
        now = [item for item in found if item.year == context.year]
        target = context.target(indicator["code"], context.year, key)
        if now and (level != "office" or target is None):
            places.append(PlaceValue.of(now[0]))
        elif now:
            actual = actual_for_year(_values(found), indicator["cumulation"], context.year)
            assessed = context.assess(
                indicator, baseline=None, target=target, actual=actual, due=due
            )
            places.append(PlaceValue.of(now[0], target, assessed))
    return tuple(places)


def _indicator(
    indicator: dict[str, Any], context: _Context, found: dict[str, list[queries.Rollup]]
) -> IndicatorProgress:
    """One indicator from its rollups (``found``: global, places, breakdowns)."""
    code, year, end_year = indicator["code"], context.year, context.end_year
    cumulation = indicator["cumulation"]
    values = _values(found["global"])
    actuals = {y: a for y in values if (a := actual_for_year(values, cumulation, y)) is not None}
    due = is_due(year, indicator["frequency"], context.today)
    target = context.target(code, year)
    actual = actual_for_year(values, cumulation, year)
    baseline = indicator["baseline_value"]
    now = [item for item in found["global"] if item.year == year]
    return IndicatorProgress(
        **{name: indicator[name] for name in _COPIED},
        code=code,
        year=year,
        due=due,
        value=PlaceValue.of(now[0]) if now else None,
        series=tuple(sorted(values.items())),
        actual=actual,
        baseline=baseline,
        baseline_year=indicator["baseline_year"],
        target=target,
        end_year=end_year,
        end_target=context.target(code, end_year),
        assessment=context.assess(
            indicator, baseline=baseline, target=target, actual=actual, due=due
        ),
        projections=_projections(indicator, actuals, context),
        places=_places(indicator, found["places"], context, due),
        breakdowns=tuple(
            BreakdownValue(item.disaggregation, parts_of(item.disaggregation), PlaceValue.of(item))
            for item in found["breakdowns"]
        ),
    )


_COPIED: tuple[str, ...] = ("level", "domain", "outcome", "dimension", "measure", "aggregation")
_COPIED += ("direction",)
_COPIED += ("cumulation", "tolerance")


@dataclass(frozen=True, kw_only=True)
class Scope:
    """What to assess. ``year``: default the latest with approved values. ``levels``:
    also the values at these of ``PLACE_LEVELS`` (offices with a target of their own
    are assessed). ``breakdowns``: also each breakdown's global value. ``indicators``:
    only these codes. ``methods``: projection methods, the first deciding ``likely``.
    ``today``: the date deciding what is due (default: today)."""

    year: int | None = None
    levels: tuple[str, ...] = ()
    breakdowns: bool = False
    indicators: tuple[str, ...] | None = None
    methods: tuple[str, ...] = DEFAULT_METHODS
    today: date | None = None


def progress_from(
    con: duckdb.DuckDBPyConnection, plan: str, scope: Scope = Scope()
) -> PlanProgress:
    """``plan_progress`` on an open store connection (no freshness check)."""
    row = queries.plan_row(con, plan)
    if row is None:
        raise UnknownPlan(plan)
    bands = Bands(on_track=row["on_track"], at_risk=row["at_risk"])
    years = queries.years_with_data(con, plan)
    fallback = min(row["years"] or [localdate().year])
    year = scope.year or (years[-1] if years else fallback)
    targets = {
        (t["indicator"], t["year"], t["office"]): t["value"] for t in queries.target_rows(con, plan)
    }
    today = scope.today or localdate()
    context = _Context(year, row["end_year"], bands, scope.methods, today, targets)
    chosen = queries.indicator_rows(con, plan, scope.indicators)
    so_far = [y for y in years if y <= year]
    levels = ("global", *scope.levels)
    found = queries.rollups_by_indicator(
        con, plan, [i["code"] for i in chosen], so_far, levels, scope.breakdowns
    )
    assessed = tuple(_indicator(i, context, found[i["code"]]) for i in chosen)
    statuses = [
        rollup.IndicatorStatus(i.code, i.status.value, i.domain, i.outcome, i.dimension)
        for i in assessed
    ]
    framework = rollup.framework_rollup(statuses)
    ends = row["end_year"]
    return PlanProgress(plan, year, tuple(years), ends, bands, scope.methods, assessed, framework)


def plan_progress(plan: str | None = None, scope: Scope = Scope()) -> PlanProgress:
    """Every active indicator of ``plan`` (default: the current plan), as ``scope`` says.

    The store is made fresh first (``store.reader``). Raises ``UnknownPlan``.
    Example: ``plan_progress(scope=Scope(year=2021, levels=("org_region",)))``.
    """
    if not plan:
        current = current_plan()
        if current is None:
            raise UnknownPlan("no plan is loaded")
        plan = current.code
    with reader() as con:
        return progress_from(con, plan, scope)


def indicator_progress(
    indicator: str, plan: str | None = None, *, year: int | None = None, today: date | None = None
) -> IndicatorProgress:
    """One indicator for ``year``, with its values at every level and its breakdowns."""
    scope = Scope(
        year=year, levels=PLACE_LEVELS, breakdowns=True, indicators=(indicator,), today=today
    )
    progress = plan_progress(plan, scope)
    if not progress.indicators:
        raise UnknownPlan(indicator)
    return progress.indicators[0]
