"""Reads over plans, returning plain data for pages, the API and reports."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from habitat_monitor.core.translated import pick
from habitat_monitor.plans.models import Plan


def current_plan() -> Plan | None:
    """The current version of the most recently loaded plan."""
    return Plan.objects.filter(is_current=True).order_by("-loaded_at").first()


def framework_summary(plan: Plan) -> dict[str, Any]:
    """Goal, domains and outcomes in the active language, as plain data."""
    language = get_language()
    domains = plan.domains.prefetch_related("outcomes__dimensions")
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
