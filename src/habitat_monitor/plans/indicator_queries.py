"""The indicator page's data: definition, baseline, targets and PMP, as plain data."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from habitat_monitor.core.translated import pick
from habitat_monitor.plans.models import Indicator, Plan


def indicator_detail(plan: Plan, code: str) -> dict[str, Any] | None:
    indicator = (
        plan.indicators.filter(code=code)
        .select_related("domain", "outcome__domain", "dimension", "theme", "baseline", "pmp")
        .prefetch_related("targets__office", "pmp__milestones")
        .first()
    )
    if indicator is None:
        return None
    language = get_language()
    baseline = getattr(indicator, "baseline", None)
    pmp = getattr(indicator, "pmp", None)
    targets = list(indicator.targets.all())
    text = lambda value: pick(value, language)  # noqa: E731
    return {
        "plan": {"code": plan.code, "title": text(plan.title), "years": list(plan.years)},
        "code": indicator.code,
        "active": indicator.active,
        "statement": text(indicator.statement),
        "definition": text(indicator.definition),
        "level": indicator.level,
        "level_label": indicator.get_level_display(),
        "attached_to": _attachment(indicator, language),
        "unit": text(indicator.unit),
        "measure": indicator.get_measure_display(),
        "direction": indicator.get_direction_display(),
        "tolerance": indicator.tolerance,
        "aggregation": indicator.get_aggregation_display(),
        "cumulation": indicator.get_cumulation_display(),
        "disaggregations": list(indicator.disaggregations),
        "method": text(indicator.method),
        "source": text(indicator.source),
        "frequency": indicator.get_frequency_display(),
        "responsible_unit": indicator.responsible_unit,
        "sdg": list(indicator.sdg),
        "baseline": None
        if baseline is None
        else {
            "year": baseline.year,
            "value": baseline.value,
            "source": text(baseline.source),
            "note": text(baseline.note),
            "illustrative": baseline.illustrative,
        },
        "targets": [
            {"year": t.year, "value": t.value, "illustrative": t.illustrative}
            for t in targets
            if t.office is None
        ],
        "office_targets": [
            {
                "office": t.office.code,
                "year": t.year,
                "value": t.value,
                "illustrative": t.illustrative,
            }
            for t in targets
            if t.office is not None
        ],
        "pmp": _pmp(pmp, language),
    }


def _attachment(indicator: Indicator, language: str | None) -> list[dict[str, str]]:
    parts = []
    outcome = indicator.outcome
    domain = indicator.domain or (outcome.domain if outcome else None)
    if domain:
        parts.append({"kind": "domain", "code": domain.code, "title": pick(domain.title, language)})
    if outcome:
        parts.append(
            {"kind": "outcome", "code": outcome.code, "title": pick(outcome.title, language)}
        )
    if indicator.dimension:
        parts.append(
            {
                "kind": "dimension",
                "code": indicator.dimension.code,
                "title": pick(indicator.dimension.title, language),
            }
        )
    if indicator.theme:
        parts.append(
            {
                "kind": "theme",
                "code": indicator.theme.code,
                "title": pick(indicator.theme.title, language),
            }
        )
    return parts


def _pmp(pmp: Any, language: str | None) -> dict[str, Any] | None:
    if pmp is None:
        return None
    return {
        "components": [pick(c, language) for c in pmp.components],
        "office_roles": [
            {"office": role["office"], "role": pick(role["role"], language)}
            for role in pmp.office_roles
        ],
        "partners": list(pmp.partners),
        "tools": [pick(t, language) for t in pmp.tools],
        "coordination": pick(pmp.coordination, language),
        "milestones": [
            {
                "date": m.date.isoformat(),
                "description": pick(m.description, language),
                "status": m.status,
                "status_label": m.get_status_display(),
            }
            for m in pmp.milestones.all()
        ],
    }
