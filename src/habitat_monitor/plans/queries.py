"""Reads over plans, returning plain data for pages, the API and reports."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Prefetch
from django.utils.translation import get_language

from habitat_monitor.core.translated import pick
from habitat_monitor.plans.models import Dimension, Indicator, Outcome, Plan


def current_plan() -> Plan | None:
    """The plan loaded most recently (the one the portal shows)."""
    return (
        Plan.objects.annotate(last_loaded=Max("versions__loaded_at"))
        .order_by("-last_loaded", "code")
        .first()
    )


def framework_summary(plan: Plan) -> dict[str, Any]:
    """Goal, domains and outcomes in the active language, as plain data."""
    language = get_language()
    domains = plan.domains.filter(active=True).prefetch_related(
        Prefetch("outcomes", queryset=Outcome.objects.filter(active=True)),
        Prefetch("outcomes__dimensions", queryset=Dimension.objects.filter(active=True)),
    )
    return {
        "code": plan.code,
        "version": plan.version,
        "title": pick(plan.title, language),
        "goal": pick(plan.goal, language),
        "vision": pick(plan.vision, language),
        "years": list(plan.years),
        "domains": [
            {
                "code": domain.code,
                "title": pick(domain.title, language),
                "outcomes": [
                    {
                        "code": outcome.code,
                        "title": pick(outcome.title, language),
                        "dimensions": [
                            {"code": dim.code, "title": pick(dim.title, language)}
                            for dim in outcome.dimensions.all()
                        ],
                    }
                    for outcome in domain.outcomes.all()
                ],
            }
            for domain in domains
        ],
    }


def _indicator_row(indicator: Indicator, language: str | None) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "statement": pick(indicator.statement, language),
        "level": indicator.level,
        "level_label": indicator.get_level_display(),
        "unit": pick(indicator.unit, language),
        "sdg": list(indicator.sdg),
    }


def framework_tree(plan: Plan) -> dict[str, Any]:
    """Domain -> outcome -> dimension -> indicator, plus plan-wide indicator groups."""
    language = get_language()
    indicators = list(
        plan.indicators.filter(active=True).select_related("domain", "outcome", "dimension")
    )
    by_outcome: dict[int, list[Indicator]] = {}
    by_domain: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.outcome_id:
            by_outcome.setdefault(indicator.outcome_id, []).append(indicator)
        elif indicator.domain_id:
            by_domain.setdefault(indicator.domain_id, []).append(indicator)
    summary = framework_summary(plan)
    domains = plan.domains.filter(active=True).prefetch_related(
        Prefetch("outcomes", queryset=Outcome.objects.filter(active=True)),
        Prefetch("outcomes__dimensions", queryset=Dimension.objects.filter(active=True)),
    )
    summary["domains"] = [
        {
            "code": domain.code,
            "title": pick(domain.title, language),
            "indicators": [_indicator_row(i, language) for i in by_domain.get(domain.pk, [])],
            "outcomes": [
                {
                    "code": outcome.code,
                    "title": pick(outcome.title, language),
                    "indicators": [
                        _indicator_row(i, language)
                        for i in by_outcome.get(outcome.pk, [])
                        if i.dimension_id is None
                    ],
                    "dimensions": [
                        {
                            "code": dimension.code,
                            "title": pick(dimension.title, language),
                            "indicators": [
                                _indicator_row(i, language)
                                for i in by_outcome.get(outcome.pk, [])
                                if i.dimension_id == dimension.pk
                            ],
                        }
                        for dimension in outcome.dimensions.all()
                    ],
                }
                for outcome in domain.outcomes.all()
            ],
        }
        for domain in domains
    ]
    for level in ("goal", "catalytic", "cross_cutting"):
        summary[f"{level}_indicators"] = [
            _indicator_row(i, language) for i in indicators if i.level == level
        ]
    summary["indicator_count"] = len(indicators)
    return summary
