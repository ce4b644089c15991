"""One indicator's progress page as a plain dict: the values per year against the
yearly targets, the assessment and projections with their formulas, the values by
place and by breakdown, and (for signed-in roles) the corrective actions."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from habitat_monitor.core.translated import pick
from habitat_monitor.geo.models import Country, M49Area, Office, OrgRegion
from habitat_monitor.plans.indicator_queries import indicator_detail
from habitat_monitor.plans.models import Indicator, Plan
from habitat_monitor.progress.services import (
    PLACE_LEVELS,
    IndicatorProgress,
    Scope,
    actual_for_year,
)
from habitat_monitor.progress.views import data, labels, published
from habitat_monitor.progress.views.action_data import action_rows, can_view_actions
from habitat_monitor.reporting.disaggregation import breakdown_label

SHOWN_LEVELS = ("org_region", "m49_region", "country", "office")
_NAMED: dict[str, tuple[Any, str]] = {
    "org_region": (OrgRegion, "code"),
    "m49_region": (M49Area, "code"),
    "country": (Country, "alpha3"),
    "office": (Office, "code"),
}


def _series(indicator: Indicator, item: IndicatorProgress, plan: Plan) -> list[dict[str, Any]]:
    """One row per year: baseline, yearly target, value, actual and projection."""
    baseline = getattr(indicator, "baseline", None)
    targets = {
        year: value
        for (code, year, office), value in published.visible_targets(plan).items()
        if code == indicator.code and office is None
    }
    values = dict(item.series)
    first = item.projections[0] if item.projections else None
    years = set(plan.years) | set(values) | set(targets)
    if baseline is not None:
        years.add(baseline.year)
    rows = []
    for year in sorted(years):
        if year == item.year:
            actual = item.actual
        else:
            actual = actual_for_year(values, item.cumulation, year) if year in values else None
        projected = first.projected if first and year == item.end_year else None
        rows.append(
            {
                "year": year,
                "baseline": baseline.value if baseline and baseline.year == year else None,
                "target": targets.get(year),
                "value": values.get(year),
                "actual": actual,
                "projection": projected,
                "selected": year == item.year,
            }
        )
    return rows


def _names(level: str, keys: list[str]) -> dict[str, str]:
    model, field = _NAMED[level]
    language = get_language()
    found = model._default_manager.filter(**{f"{field}__in": keys})
    return {getattr(row, field): pick(row.name, language) for row in found}


def _places(item: IndicatorProgress) -> list[dict[str, Any]]:
    """The year's value at each level (region, country, office) that has one, named."""
    shown = []
    for level in SHOWN_LEVELS:
        found = [p for p in item.places if p.level == level and p.key is not None]
        names = _names(level, [p.key for p in found if p.key])
        rows = [
            {
                "key": p.key,
                "name": names.get(p.key or "", p.key),
                "value": p.value,
                "parts": p.parts,
                "missing": p.missing,
                "formula": p.formula,
                "target": p.target,
                "achievement": p.assessment.achievement if p.assessment else None,
                **labels.status(p.assessment.status.value if p.assessment else None),
            }
            for p in found
        ]
        rows.sort(key=lambda row: str(row["name"]))
        if rows:
            shown.append({"level": level, "level_label": labels.level(level), "rows": rows})
    return shown


def _framework_link(kind: str, node: Any, year: int | None) -> dict[str, Any] | None:
    if node is None:
        return None
    title = pick(node.title, get_language())
    return {"code": node.code, "title": title, "url": data.url(kind, node.code, year=year)}


def _about_indicator(indicator: Indicator, year: int | None) -> dict[str, Any]:
    language = get_language()
    outcome = indicator.outcome
    domain = indicator.domain or (outcome.domain if outcome else None)
    return {
        "code": indicator.code,
        "statement": pick(indicator.statement, language),
        "definition": pick(indicator.definition, language),
        "unit": pick(indicator.unit, language),
        "level": indicator.level,
        "level_label": indicator.get_level_display(),
        "measure": indicator.measure,
        "measure_label": indicator.get_measure_display(),
        "direction": indicator.direction,
        "direction_label": indicator.get_direction_display(),
        "tolerance": indicator.tolerance,
        "aggregation": indicator.aggregation,
        "aggregation_label": indicator.get_aggregation_display(),
        "cumulation": indicator.cumulation,
        "cumulation_label": indicator.get_cumulation_display(),
        "domain": _framework_link("domain", domain, year),
        "outcome": _framework_link("outcome", outcome, year),
        "framework_url": reverse("plans:indicator_detail", args=[indicator.code]),
    }


def indicator_data(plan: Plan, code: str, year: int | None, *, user: Any) -> dict[str, Any]:
    """The indicator page's dict; 404 for a code the plan has no active indicator for."""
    indicator = (
        Indicator.objects.filter(plan=plan, code=code, active=True)
        .select_related("domain", "outcome__domain", "baseline")
        .prefetch_related("targets")
        .first()
    )
    if indicator is None:
        raise Http404(_("No indicator has this code."))
    scope = Scope(year=year, levels=PLACE_LEVELS, breakdowns=True, indicators=(code,))
    progress = data.run(plan, scope)
    if not progress.indicators:
        raise Http404(_("No indicator has this code."))
    item = progress.indicators[0]
    as_dict = item.as_dict()
    invented = data.illustrative_codes(plan)
    row = data.indicator_row(item, data.indicator_names(plan), invented)
    language = get_language()
    result = data.common(plan, progress) | {
        "indicator": _about_indicator(indicator, item.year),
        "summary": row,
        "series": _series(indicator, item, plan),
        "assessment": as_dict["assessment"] | labels.status(as_dict["status"]),
        "projections": [
            p
            | {
                "method_label": labels.method(p["method"]),
                "category_label": labels.category(str(p["category"])),
                "likely_label": labels.likely(p["likely"]),
            }
            for p in as_dict["projections"]
        ],
        "places": _places(item),
        "breakdown_year": max((y for y in progress.years if y <= item.year), default=None),
        "breakdowns": [
            {
                "key": b.disaggregation,
                "label": breakdown_label(b.disaggregation, language),
                "value": b.value.value,
                "parts": b.value.parts,
                "missing": b.value.missing,
                "formula": b.value.formula,
            }
            for b in item.breakdowns
        ],
        "illustrative": code in invented,
        "metadata": indicator_detail(plan, code),
        "links": data.links("indicator", code, year=item.year),
    }
    if can_view_actions(user):
        result["actions"] = action_rows(indicator=indicator)
    return result
