"""A plan's progress straight from the relational database, without the analytics store.

``progress_from_orm`` answers what ``services.progress_from`` answers from a store
connection, but reads the approved values with the Django ORM and combines them
with the pure rules of ``progress/rollup.py``. It is the baseline the web benchmark
(``benchmarks/web_bench.py``) compares the store with, chosen by the setting
``ANALYTICS_BACKEND = "orm"`` (``HM_ANALYTICS_BACKEND``); a test checks that both
paths give the same numbers. It is slow by design on millions of values: every
request reads and groups the value rows again, which is what the store saves.

The steps follow ``store/queries.py`` so that the results compare equal:

1. each place's value for a year (one office and place): the sum of its periods
   for a ``cumulative_sum`` indicator, the latest period's value otherwise;
2. the places combined at each level by ``rollup.combine``, in (office, place)
   order so that the formulas list the same terms; places without a country count
   in their office and globally only;
3. breakdowns on their own, global level, for the last year assessed.

``submission_statuses`` (default: approved only) lets the board report count the values still
awaiting approval as well, by the same rules, when its author asks for them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.timezone import localdate

from habitat_monitor.progress import rollup
from habitat_monitor.progress.achievement import Bands
from habitat_monitor.progress.services import (
    PlanProgress,
    Scope,
    UnknownPlan,
    _Context,
    _indicator,
)
from habitat_monitor.progress.store import source
from habitat_monitor.progress.store.queries import LEVELS, Rollup
from habitat_monitor.reporting.models import Submission, Value

# One value row, as read: where it belongs, its rules, its period end and the value.
_FIELDS = (
    "indicator__code",
    "submission__period__year",
    "disaggregation",
    "submission__office__code",
    "place",
    "indicator__aggregation",
    "indicator__cumulation",
    "country__alpha3",
    "country__org_region__code",
    "country__m49_region__code",
    "submission__period__end",
    "value",
)
# Positions in a place row: the keys each level groups by (global has none).
_LEVEL_COLUMN = {"office": 3, "country": 6, "org_region": 7, "m49_region": 8}

PlaceRow = tuple[str, int, str, str, str, str, str | None, str | None, str | None, float]
APPROVED_ONLY: tuple[str, ...] = (Submission.Status.APPROVED,)


def _small_rows(table: Any, plan: str) -> list[dict[str, Any]]:
    return [row for row in table.to_pylist() if row["plan" if "plan" in row else "code"] == plan]


def _years_with_data(plan: str, statuses: Sequence[str] = APPROVED_ONLY) -> list[int]:
    """The years of the approved submissions of ``plan`` that hold a value."""
    approved = Submission.objects.filter(status__in=list(statuses), period__plan__code=plan).filter(
        Exists(Value.objects.filter(submission=OuterRef("pk")))
    )
    return sorted({int(year) for year in approved.values_list("period__year", flat=True)})


def _place_rows(
    plan: str,
    codes: Sequence[str],
    years: Sequence[int],
    breakdowns: bool,
    statuses: Sequence[str] = APPROVED_ONLY,
) -> list[PlaceRow]:
    """Each place's value per indicator, year and breakdown key (totals only, or the
    breakdowns only), its periods combined by the indicator's cumulation."""
    values = Value.objects.filter(
        submission__status__in=list(statuses),
        indicator__plan__code=plan,
        indicator__code__in=list(codes),
        submission__period__year__in=list(years),
    )
    values = values.exclude(disaggregation="") if breakdowns else values.filter(disaggregation="")
    # Grouped in Python on purpose: this is the baseline without an analytics engine.
    places: dict[tuple[Any, ...], list[Any]] = {}
    for row in values.order_by().values_list(*_FIELDS).iterator(chunk_size=20_000):
        key = row[:5]
        found = places.get(key)
        if found is None:
            places[key] = [row, [(row[10], row[11])]]
        else:
            found[1].append((row[10], row[11]))
    rows: list[PlaceRow] = []
    for (code, year, key, office, place), (first, periods) in places.items():
        if first[6] == "cumulative_sum":
            value = math.fsum(value for _end, value in periods)
        else:
            value = max(periods, key=lambda period: period[0])[1]
        rows.append((code, int(year), key, office, place, first[5], *first[7:10], value))
    return rows


def _rollups(rows: Iterable[PlaceRow], levels: Sequence[str], *, terms: bool) -> list[Rollup]:
    """The places combined at each of ``levels`` by their indicator's aggregation."""
    groups: dict[tuple[Any, ...], list[PlaceRow]] = {}
    for row in rows:
        for level in levels:
            key = None if level == "global" else row[_LEVEL_COLUMN[level]]
            if key is None and level != "global":
                continue  # a place without a country has no country or region
            groups.setdefault((row[0], row[1], row[2], level, key), []).append(row)
    found = []
    for (code, year, key_text, level, key), members in groups.items():
        members.sort(key=lambda row: (row[3], row[4]))
        parts = [rollup.Part(row[9]) for row in members]
        combined = rollup.combine(members[0][5], parts)
        found.append(Rollup(code, year, key_text, level, key, combined))
    if not terms:
        # The store reads breakdowns without their terms: the same formula text.
        found = [replace(item, combined=replace(item.combined, terms=())) for item in found]
    return found


def rollups_by_indicator(
    plan: str,
    indicators: Sequence[str],
    years: Sequence[int],
    levels: Sequence[str],
    breakdowns: bool,
    statuses: Sequence[str] = APPROVED_ONLY,
) -> dict[str, dict[str, list[Rollup]]]:
    """As ``store.queries.rollups_by_indicator``, from the relational database."""
    found: dict[str, dict[str, list[Rollup]]] = {
        code: {"global": [], "places": [], "breakdowns": []} for code in indicators
    }
    if not (years and indicators):
        return found
    ranks = {level: rank for rank, level in enumerate(LEVELS)}
    totals = _rollups(_place_rows(plan, indicators, years, False, statuses), levels, terms=True)
    for item in sorted(totals, key=lambda item: (ranks[item.level], item.key or "", item.year)):
        found[item.indicator]["global" if item.level == "global" else "places"].append(item)
    if breakdowns:
        rows = _place_rows(plan, indicators, [max(years)], True, statuses)
        parts = _rollups(rows, ("global",), terms=False)
        for item in sorted(parts, key=lambda item: item.disaggregation):
            found[item.indicator]["breakdowns"].append(item)
    return found


def progress_from_orm(
    plan: str,
    scope: Scope | None = None,
    *,
    submission_statuses: Sequence[str] = APPROVED_ONLY,
) -> PlanProgress:
    """``services.progress_from`` computed from the relational database (no store);
    ``submission_statuses``: whose values count (default: approved submissions only)."""
    scope = scope or Scope()
    row = next(iter(_small_rows(source.plan_table(), plan)), None)
    if row is None:
        raise UnknownPlan(plan)
    bands = Bands(on_track=row["on_track"], at_risk=row["at_risk"])
    years = _years_with_data(plan, submission_statuses)
    fallback = min(row["years"] or [localdate().year])
    year = scope.year or (years[-1] if years else fallback)
    targets = {
        (t["indicator"], t["year"], t["office"]): t["value"]
        for t in _small_rows(source.target_table(), plan)
    }
    today: date = scope.today or localdate()
    context = _Context(year, row["end_year"], bands, scope.methods, today, targets)
    chosen = [
        item
        for item in _small_rows(source.indicator_table(), plan)
        if item["active"] and (scope.indicators is None or item["code"] in scope.indicators)
    ]
    chosen.sort(key=lambda item: (item["position"], item["code"]))
    so_far = [y for y in years if y <= year]
    levels = ("global", *scope.levels)
    found = rollups_by_indicator(
        plan, [i["code"] for i in chosen], so_far, levels, scope.breakdowns, submission_statuses
    )
    assessed = tuple(_indicator(i, context, found[i["code"]]) for i in chosen)
    statuses = [
        rollup.IndicatorStatus(i.code, i.status.value, i.domain, i.outcome, i.dimension)
        for i in assessed
    ]
    framework = rollup.framework_rollup(statuses)
    ends = row["end_year"]
    return PlanProgress(plan, year, tuple(years), ends, bands, scope.methods, assessed, framework)
