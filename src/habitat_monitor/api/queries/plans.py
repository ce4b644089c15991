"""Plans, their versions, indicators and targets, as the API lists them.

Everything is the plan as loaded (the relational database): the framework, the
indicators, baselines and targets are plan data, public, the same for every
reader. ``illustrative`` marks baselines and targets invented for the demo.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from habitat_monitor.core.translated import pick
from habitat_monitor.plans.diff import summary_lines
from habitat_monitor.plans.indicator_queries import indicator_detail
from habitat_monitor.plans.models import Baseline, Indicator, Plan, Target
from habitat_monitor.plans.queries import current_plan


def plan_or_404(code: str | None = None) -> Plan:
    """The plan ``code``, or the current plan (the one the portal shows)."""
    plan = Plan.objects.filter(code=code).first() if code else current_plan()
    if plan is None:
        raise Http404(_("There is no such plan.") if code else _("No plan is loaded yet."))
    return plan


def _url(name: str, *args: str) -> str:
    return reverse(f"api:{name}", args=args)


def plan_row(plan: Plan, current: Plan | None) -> dict[str, Any]:
    language = get_language()
    return {
        "code": plan.code,
        "title": pick(plan.title, language),
        "organisation": pick(plan.organisation, language),
        "status": plan.status,
        "version": plan.version,
        "years": list(plan.years),
        "languages": list(plan.languages),
        "current": current is not None and current.pk == plan.pk,
        "updated_at": plan.updated_at,
        "url": _url("get_plan", plan.code),
    }


def plan_rows() -> list[dict[str, Any]]:
    current = current_plan()
    return [plan_row(plan, current) for plan in Plan.objects.order_by("code")]


def plan_detail(plan: Plan) -> dict[str, Any]:
    language = get_language()
    versions = [
        {
            "number": version.number,
            "loaded_at": version.loaded_at,
            "source_name": version.source_name,
            "content_hash": version.content_hash,
            "changes": summary_lines(version.changes),
        }
        for version in plan.versions.order_by("number")
    ]
    return plan_row(plan, current_plan()) | {
        "goal": pick(plan.goal, language),
        "vision": pick(plan.vision, language),
        "mission": pick(plan.mission, language),
        "status_bands": dict(plan.status_bands),
        "versions": versions,
        "domains": plan.domains.filter(active=True).count(),
        "indicators": plan.indicators.filter(active=True).count(),
        "framework_url": _url("get_framework") + f"?plan={plan.code}",
    }


def _invented(plan: Plan) -> set[str]:
    """Indicators whose baseline or a target was invented for the demo."""
    baselines = Baseline.objects.filter(indicator__plan=plan, illustrative=True)
    targets = Target.objects.filter(indicator__plan=plan, illustrative=True)
    return set(baselines.values_list("indicator__code", flat=True)) | set(
        targets.values_list("indicator__code", flat=True)
    )


def _matches(indicator: Indicator, words: str) -> bool:
    """``words`` (lower case) in the code or the statement in any language."""
    texts = [indicator.code, *(indicator.statement or {}).values(), *(indicator.sdg or [])]
    return all(any(word in str(text).lower() for text in texts) for word in words.split())


def indicator_rows(
    plan: Plan,
    *,
    level: str | None = None,
    domain: str | None = None,
    outcome: str | None = None,
    q: str | None = None,
    active: bool = True,
) -> list[dict[str, Any]]:
    """The plan's indicators in the plan's order, filtered. ``domain``: the indicators
    of the domain and of its outcomes; ``q``: words found in the code, the statement
    (any language) or the SDG indicators."""
    found: QuerySet[Indicator] = plan.indicators.select_related(
        "domain", "outcome__domain", "dimension", "baseline"
    ).order_by("order", "code")
    if active:
        found = found.filter(active=True)
    if level:
        found = found.filter(level=level)
    if domain:
        found = found.filter(Q(domain__code=domain) | Q(outcome__domain__code=domain))
    if outcome:
        found = found.filter(outcome__code=outcome)
    words = (q or "").strip().lower()
    invented = _invented(plan)
    language = get_language()
    return [
        _indicator_row(indicator, language, indicator.code in invented)
        for indicator in found
        if not words or _matches(indicator, words)
    ]


def _indicator_row(indicator: Indicator, language: str | None, invented: bool) -> dict[str, Any]:
    domain = indicator.domain or (indicator.outcome.domain if indicator.outcome else None)
    baseline = getattr(indicator, "baseline", None)
    return {
        "code": indicator.code,
        "statement": pick(indicator.statement, language),
        "level": indicator.level,
        "level_label": str(indicator.get_level_display()),
        "domain": domain.code if domain else None,
        "outcome": indicator.outcome.code if indicator.outcome else None,
        "dimension": indicator.dimension.code if indicator.dimension else None,
        "unit": pick(indicator.unit, language),
        "measure": indicator.measure,
        "direction": indicator.direction,
        "aggregation": indicator.aggregation,
        "cumulation": indicator.cumulation,
        "frequency": indicator.frequency,
        "sdg": list(indicator.sdg),
        "baseline": None if baseline is None else {"year": baseline.year, "value": baseline.value},
        "active": indicator.active,
        "illustrative": invented,
        "url": _url("get_indicator", indicator.code),
    }


def indicator_or_404(plan: Plan, code: str) -> dict[str, Any]:
    """One indicator as its page shows it (definition, PMP, baseline, targets)."""
    data = indicator_detail(plan, code)
    if data is None:
        raise Http404(_("No indicator has this code."))
    baseline = data["baseline"] or {}
    targets = data["targets"] + data["office_targets"]
    data["illustrative"] = bool(baseline.get("illustrative")) or any(
        target["illustrative"] for target in targets
    )
    return data


def targets(
    plan: Plan,
    *,
    indicator: str | None = None,
    office: str | None = None,
    year: int | None = None,
    plan_wide: bool | None = None,
) -> QuerySet[Target]:
    """The plan's yearly targets, plan-wide (``office`` None) and per office."""
    found = Target.objects.filter(indicator__plan=plan).select_related("indicator", "office")
    if indicator:
        found = found.filter(indicator__code=indicator)
    if office:
        found = found.filter(office__code=office)
    if year is not None:
        found = found.filter(year=year)
    if plan_wide is not None:
        found = found.filter(office__isnull=plan_wide)
    office_first = F("office__code").asc(nulls_first=True)
    return found.order_by("indicator__order", "indicator__code", office_first, "year", "pk")


def target_row(target: Target) -> dict[str, Any]:
    return {
        "id": target.pk,
        "indicator": target.indicator.code,
        "year": target.year,
        "office": target.office.code if target.office else None,
        "value": target.value,
        "illustrative": target.illustrative,
    }
