"""The plan in the database, written back as a plan file (``plan export``).

Built from the current rows (so targets edited in the app are included), then
validated by the same models as an uploaded file: export -> load gives the
same content hash, i.e. no new version.
"""

from __future__ import annotations

from typing import Any

import yaml

from habitat_monitor.plans.framework import PlanFile
from habitat_monitor.plans.models import FrameworkTerm, Indicator, Plan

TERM_KEYS = {
    FrameworkTerm.Kind.THEME: "cross_cutting_themes",
    FrameworkTerm.Kind.DRIVER: "drivers_of_change",
    FrameworkTerm.Kind.ENABLER: "performance_enablers",
}


def _indicator(indicator: Indicator) -> dict[str, Any]:
    baseline = getattr(indicator, "baseline", None)
    pmp = getattr(indicator, "pmp", None)
    targets = list(indicator.targets.all())
    return {
        "code": indicator.code,
        "level": indicator.level,
        "domain": indicator.domain.code if indicator.domain else None,
        "outcome": indicator.outcome.code if indicator.outcome else None,
        "dimension": indicator.dimension.code if indicator.dimension else None,
        "theme": indicator.theme.code if indicator.theme else None,
        "statement": indicator.statement,
        "definition": indicator.definition,
        "unit": indicator.unit,
        "measure": indicator.measure,
        "direction": indicator.direction,
        "tolerance": indicator.tolerance,
        "aggregation": indicator.aggregation,
        "cumulation": indicator.cumulation,
        "disaggregations": indicator.disaggregations,
        "method": indicator.method,
        "source": indicator.source,
        "frequency": indicator.frequency or None,
        "responsible_unit": indicator.responsible_unit,
        "sdg": indicator.sdg,
        "baseline": None
        if baseline is None
        else {
            "year": baseline.year,
            "value": baseline.value,
            "source": baseline.source,
            "note": baseline.note,
            "illustrative": baseline.illustrative,
        },
        "targets": {
            "values": {t.year: t.value for t in targets if t.office is None},
            "by_office": [
                {"office": t.office.code, "year": t.year, "value": t.value}
                for t in targets
                if t.office is not None
            ],
            "illustrative": any(t.illustrative for t in targets),
        },
        "pmp": {}
        if pmp is None
        else {
            "components": pmp.components,
            "office_roles": pmp.office_roles,
            "partners": pmp.partners,
            "tools": pmp.tools,
            "coordination": pmp.coordination,
            "milestones": [
                {"date": m.date, "description": m.description, "status": m.status}
                for m in pmp.milestones.all()
            ],
        },
    }


def plan_file_from_database(plan: Plan) -> PlanFile:
    domains = plan.domains.filter(active=True).prefetch_related("outcomes__dimensions")
    document: dict[str, Any] = {
        "plan": {
            "code": plan.code,
            "title": plan.title,
            "organisation": plan.organisation,
            "languages": plan.languages,
            "years": plan.years,
            "vision": plan.vision,
            "mission": plan.mission,
            "goal": plan.goal,
            "status_bands": plan.status_bands,
        },
        "domains": [
            {
                "code": domain.code,
                "title": domain.title,
                "outcomes": [
                    {
                        "code": outcome.code,
                        "title": outcome.title,
                        "dimensions": [
                            {"code": dimension.code, "title": dimension.title}
                            for dimension in outcome.dimensions.all()
                            if dimension.active
                        ],
                    }
                    for outcome in domain.outcomes.all()
                    if outcome.active
                ],
            }
            for domain in domains
        ],
    }
    for kind, key in TERM_KEYS.items():
        document[key] = [
            {"code": term.code, "title": term.title}
            for term in plan.terms.filter(kind=kind, active=True)
        ]
    indicators = (
        plan.indicators.filter(active=True)
        .select_related("domain", "outcome", "dimension", "theme", "baseline", "pmp")
        .prefetch_related("targets__office", "pmp__milestones")
    )
    document["indicators"] = [_indicator(indicator) for indicator in indicators]
    # The typology lives only in the loaded versions' content (no table of its own).
    latest = plan.versions.order_by("-number").first()
    if latest is not None and latest.document.get("typology"):
        document["typology"] = latest.document["typology"]
    return PlanFile.model_validate(document)


def plan_yaml(plan_file: PlanFile) -> str:
    """The plan as a readable YAML file: defaults left out, keys in the file's order."""
    data = plan_file.model_dump(mode="python", exclude_defaults=True)
    header = "# Exported by habitat-monitor plan export. Values marked illustrative are invented.\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
