"""Gathering an export's plain records (``records.Dataset``) from published figures.

What is exported:

* By default the **latest publication** (its frozen analytics store), exactly what
  the public sees; ``publication=N`` picks an older one; ``draft=True`` reads the
  live store instead (members with a role only: the callers check).
* Approved values of the plan's current indicators, optionally one indicator and/or
  one country; every value keeps its ``illustrative`` flag.
* The indicators with their statements and units in English and Chinese, baselines
  and plan-wide yearly targets (targets as published with the figures; their
  ``illustrative`` flag from the plan).
* The plan-wide result of each indicator for each year with data, assessed as of
  the publication date (the status the pages showed then).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import duckdb
from django.utils import timezone
from django.utils.translation import gettext as _

from habitat_monitor.core.translated import pick
from habitat_monitor.interop.records import (
    Dataset,
    IndicatorInfo,
    Observation,
    TargetInfo,
    YearlyResult,
)
from habitat_monitor.plans.models import Baseline, Indicator, Plan, Target
from habitat_monitor.progress import publishing
from habitat_monitor.progress.models import Publication
from habitat_monitor.progress.services import UnknownPlan
from habitat_monitor.progress.store import queries as store_queries
from habitat_monitor.progress.store.freshness import reader
from habitat_monitor.progress.yearly import each_year
from habitat_monitor.reporting.disaggregation import parts_of


class NothingToExport(Exception):
    """No publication yet, an unknown publication, indicator or country."""


def chosen_publication(plan: Plan, number: int | None = None) -> Publication:
    """Publication ``number`` of ``plan`` or, without one, the latest."""
    if number is not None:
        found = Publication.objects.filter(plan=plan, number=number).first()
        if found is None:
            raise NothingToExport(_("There is no publication %(number)s.") % {"number": number})
        return found
    latest = publishing.latest(plan)
    if latest is None:
        raise NothingToExport(
            _("Nothing has been published yet: publish first, or export the draft.")
        )
    return latest


@contextmanager
def _store(publication: Publication | None) -> Iterator[duckdb.DuckDBPyConnection]:
    if publication is None:
        with reader() as con:
            yield con
    else:
        with publishing.reading(publication) as con:
            yield con


def dataset(
    plan: Plan,
    publication: Publication | None,
    *,
    indicator: str | None = None,
    country: str | None = None,
    url: str = "",
) -> Dataset:
    """The plan's figures from ``publication`` (None: the live draft), optionally only
    ``indicator`` and/or ``country`` (ISO alpha-3)."""
    indicators = _indicators(plan, indicator)
    codes = [item.code for item in indicators]
    country = country.upper() if country else None
    published_at = publication.published_at if publication else None
    today = timezone.localdate(published_at) if published_at else timezone.localdate()
    with _store(publication) as con:
        observations = _observations(con, plan.code, codes, country)
        targets = _targets(con, plan, codes)
        results = _results(con, plan.code, codes, today)
    baselines = {b.indicator_id: b for b in Baseline.objects.filter(indicator__in=indicators)}
    infos = tuple(
        _info(item, baselines.get(item.pk), targets.get(item.code, ())) for item in indicators
    )
    invented = {o.indicator for o in observations if o.illustrative}
    invented |= {info.code for info in infos if info.illustrative}
    results = tuple(
        YearlyResult(**{**r.__dict__, "illustrative": r.indicator in invented}) for r in results
    )
    years = sorted(int(year) for year in plan.years)
    return Dataset(
        plan_code=plan.code,
        plan_title_en=pick(plan.title, "en"),
        plan_title_zh=pick(plan.title, "zh-hans"),
        start_year=years[0] if years else today.year,
        end_year=years[-1] if years else today.year,
        publication=publication.number if publication else None,
        published_at=published_at,
        indicators=infos,
        observations=observations,
        results=results,
        organisation_en=pick(plan.organisation, "en") or "UN-Habitat",
        organisation_zh=pick(plan.organisation, "zh-hans") or "人居署",
        url=url,
    )


def _indicators(plan: Plan, code: str | None) -> list[Indicator]:
    found = (
        Indicator.objects.filter(plan=plan, active=True)
        .select_related("domain", "outcome__domain", "dimension__outcome__domain")
        .order_by("order", "code")
    )
    if code:
        found = found.filter(code=code)
        if not found.exists():
            raise NothingToExport(_("There is no indicator %(code)s.") % {"code": code})
    return list(found)


def _observations(
    con: duckdb.DuckDBPyConnection, plan: str, codes: list[str], country: str | None
) -> tuple[Observation, ...]:
    sql = (
        "SELECT indicator, period, year, office, country, city, disaggregation, value, "
        "illustrative FROM approved_value "
        "WHERE plan = ? AND list_contains(?::VARCHAR[], indicator) AND isfinite(value)"
    )
    params: list[Any] = [plan, codes]
    if country:
        sql += " AND country = ?"
        params.append(country)
    sql += " ORDER BY indicator, year, period, office, country, city, disaggregation"
    return tuple(
        Observation(
            indicator=row[0],
            period=row[1],
            year=int(row[2]),
            office=row[3] or "",
            country=row[4] or "",
            city=row[5] or "",
            breakdown=parts_of(row[6] or ""),
            value=float(row[7]),
            illustrative=bool(row[8]),
        )
        for row in con.execute(sql, params).fetchall()
    )


def _targets(
    con: duckdb.DuckDBPyConnection, plan: Plan, codes: list[str]
) -> dict[str, tuple[TargetInfo, ...]]:
    """Plan-wide yearly targets as published, flagged as the plan flags them."""
    invented = set(
        Target.objects.filter(indicator__plan=plan, office=None, illustrative=True).values_list(
            "indicator__code", "year"
        )
    )
    found: dict[str, list[TargetInfo]] = {}
    for row in store_queries.target_rows(con, plan.code):
        if row["office"] is None and row["indicator"] in codes:
            key = (row["indicator"], int(row["year"]))
            found.setdefault(row["indicator"], []).append(
                TargetInfo(key[1], float(row["value"]), key in invented)
            )
    return {code: tuple(sorted(items, key=lambda t: t.year)) for code, items in found.items()}


def _results(
    con: duckdb.DuckDBPyConnection, plan: str, codes: list[str], today: date
) -> list[YearlyResult]:
    wanted, results = set(codes), []
    try:
        for progress in each_year(con, plan, today):
            for item in progress.indicators:
                if item.code in wanted and progress.year is not None:
                    results.append(
                        YearlyResult(
                            indicator=item.code,
                            year=progress.year,
                            actual=item.actual,
                            target=item.target,
                            achievement=item.assessment.achievement,
                            status=item.status.value,
                        )
                    )
    except UnknownPlan:  # a store without the plan's figures: nothing assessed
        return []
    return results


def _info(
    item: Indicator, baseline: Baseline | None, targets: tuple[TargetInfo, ...]
) -> IndicatorInfo:
    outcome = item.outcome or (item.dimension.outcome if item.dimension else None)
    domain = item.domain or (outcome.domain if outcome else None)
    return IndicatorInfo(
        code=item.code,
        level=item.level,
        domain=domain.code if domain else "",
        outcome=outcome.code if outcome else "",
        statement_en=pick(item.statement, "en"),
        statement_zh=pick(item.statement, "zh-hans"),
        unit_en=pick(item.unit, "en"),
        unit_zh=pick(item.unit, "zh-hans"),
        measure=item.measure,
        direction=item.direction,
        aggregation=item.aggregation,
        frequency=item.frequency or "annual",
        disaggregations=tuple(item.disaggregations or ()),
        baseline_year=baseline.year if baseline else None,
        baseline_value=baseline.value if baseline else None,
        baseline_illustrative=bool(baseline and baseline.illustrative),
        targets=targets,
    )
