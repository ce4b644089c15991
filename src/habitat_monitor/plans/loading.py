"""Write a validated plan file into the framework tables, changing only what differs.

Called by ``services.load_plan`` inside its transaction. Rows are matched by code;
rows the file no longer has are marked inactive (never deleted), so values
reported against an indicator stay attached to it across versions. Targets
and milestones the file drops are deleted, with the deletion audited.
"""

from __future__ import annotations

from typing import Any

from habitat_monitor.core.audit import stamp
from habitat_monitor.core.sync import sync_row
from habitat_monitor.geo.models import Office
from habitat_monitor.plans import framework as f
from habitat_monitor.plans.models import (
    Baseline,
    Dimension,
    Domain,
    FrameworkTerm,
    Indicator,
    Milestone,
    Outcome,
    PerformancePlan,
    Plan,
    Target,
)

TERM_KINDS = {
    "cross_cutting_themes": FrameworkTerm.Kind.THEME,
    "drivers_of_change": FrameworkTerm.Kind.DRIVER,
    "performance_enablers": FrameworkTerm.Kind.ENABLER,
}


class Writer:
    def __init__(self, *, actor: Any, reason: str) -> None:
        self.actor = actor
        self.reason = reason

    def sync(self, model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
        return sync_row(model, lookup, values, actor=self.actor, reason=self.reason)[0]

    def retire(self, queryset: Any, keep: set[int]) -> None:
        for row in queryset.exclude(pk__in=keep).filter(active=True):
            row.active = False
            stamp(row, actor=self.actor, reason=self.reason)
            row.save()

    def delete(self, queryset: Any, keep: set[int]) -> None:
        for row in queryset.exclude(pk__in=keep):
            stamp(row, actor=self.actor, reason=self.reason)
            row.delete()

    def plan(self, header: f.PlanHeader, version: int) -> Plan:
        return self.sync(
            Plan,
            {"code": header.code},
            {
                "title": header.title,
                "organisation": header.organisation,
                "vision": header.vision,
                "mission": header.mission,
                "goal": header.goal,
                "languages": header.languages,
                "years": header.years,
                "status_bands": header.status_bands.model_dump(),
                "version": version,
            },
        )

    def framework(self, plan: Plan, document: f.PlanFile) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {"domain": {}, "outcome": {}, "dimension": {}}
        for d_order, domain_file in enumerate(document.domains):
            domain = self.sync(
                Domain,
                {"plan": plan, "code": domain_file.code},
                {"title": domain_file.title, "order": d_order, "active": True},
            )
            found["domain"][domain.code] = domain
            for o_order, outcome_file in enumerate(domain_file.outcomes):
                outcome = self.sync(
                    Outcome,
                    {"domain__plan": plan, "code": outcome_file.code},
                    {
                        "domain": domain,
                        "title": outcome_file.title,
                        "order": o_order,
                        "active": True,
                    },
                )
                found["outcome"][outcome.code] = outcome
                for m_order, dimension_file in enumerate(outcome_file.dimensions):
                    dimension = self.sync(
                        Dimension,
                        {"outcome__domain__plan": plan, "code": dimension_file.code},
                        {
                            "outcome": outcome,
                            "title": dimension_file.title,
                            "order": m_order,
                            "active": True,
                        },
                    )
                    found["dimension"][dimension.code] = dimension
        self.retire(Domain.objects.filter(plan=plan), _ids(found["domain"]))
        self.retire(Outcome.objects.filter(domain__plan=plan), _ids(found["outcome"]))
        self.retire(Dimension.objects.filter(outcome__domain__plan=plan), _ids(found["dimension"]))
        return found

    def terms(self, plan: Plan, document: f.PlanFile) -> dict[str, FrameworkTerm]:
        themes: dict[str, FrameworkTerm] = {}
        kept: set[int] = set()
        for key, kind in TERM_KINDS.items():
            for order, term_file in enumerate(getattr(document, key)):
                term = self.sync(
                    FrameworkTerm,
                    {"plan": plan, "kind": kind, "code": term_file.code},
                    {"title": term_file.title, "order": order, "active": True},
                )
                kept.add(term.pk)
                if kind == FrameworkTerm.Kind.THEME:
                    themes[term.code] = term
        self.retire(FrameworkTerm.objects.filter(plan=plan), kept)
        return themes

    def indicators(
        self,
        plan: Plan,
        document: f.PlanFile,
        nodes: dict[str, dict[str, Any]],
        themes: dict[str, FrameworkTerm],
    ) -> None:
        offices = {office.code: office for office in Office.objects.all()}
        kept: set[int] = set()
        for order, item in enumerate(document.indicators):
            indicator = self.sync(
                Indicator,
                {"plan": plan, "code": item.code},
                {
                    "level": item.level,
                    "domain": nodes["domain"].get(item.domain or ""),
                    "outcome": nodes["outcome"].get(item.outcome or ""),
                    "dimension": nodes["dimension"].get(item.dimension or ""),
                    "theme": themes.get(item.theme or ""),
                    "statement": item.statement,
                    "definition": item.definition,
                    "unit": item.unit,
                    "measure": item.measure,
                    "direction": item.direction,
                    "tolerance": item.tolerance,
                    "aggregation": item.aggregation,
                    "cumulation": item.cumulation,
                    "disaggregations": item.disaggregations,
                    "method": item.method,
                    "source": item.source,
                    "frequency": item.frequency or "",
                    "responsible_unit": item.responsible_unit,
                    "sdg": item.sdg,
                    "order": order,
                    "active": True,
                },
            )
            kept.add(indicator.pk)
            self.baseline(indicator, item.baseline)
            self.targets(indicator, item.targets, offices)
            self.pmp(indicator, item.pmp)
        self.retire(Indicator.objects.filter(plan=plan), kept)

    def baseline(self, indicator: Indicator, baseline: f.Baseline | None) -> None:
        if baseline is None:
            self.delete(Baseline.objects.filter(indicator=indicator), set())
            return
        self.sync(Baseline, {"indicator": indicator}, baseline.model_dump())

    def targets(self, indicator: Indicator, targets: f.Targets, offices: dict[str, Office]) -> None:
        cells = [(year, None, value) for year, value in targets.values.items()]
        cells += [(t.year, offices[t.office], t.value) for t in targets.by_office]
        kept = {
            self.sync(
                Target,
                {"indicator": indicator, "year": year, "office": office},
                {"value": value, "illustrative": targets.illustrative},
            ).pk
            for year, office, value in cells
        }
        self.delete(Target.objects.filter(indicator=indicator), kept)

    def pmp(self, indicator: Indicator, pmp: f.PerformancePlan) -> None:
        data = pmp.model_dump(mode="json")
        milestones = data.pop("milestones")
        entry = self.sync(PerformancePlan, {"indicator": indicator}, data)
        kept = {
            self.sync(
                Milestone,
                {"pmp": entry, "order": order},
                {
                    "date": milestone.date,
                    "description": milestone.description,
                    "status": milestone.status,
                },
            ).pk
            for order, milestone in enumerate(pmp.milestones)
        }
        self.delete(Milestone.objects.filter(pmp=entry), kept)
        del milestones


def _ids(rows: dict[str, Any]) -> set[int]:
    return {row.pk for row in rows.values()}


def write_plan(document: f.PlanFile, *, version: int, actor: Any, reason: str) -> Plan:
    writer = Writer(actor=actor, reason=reason)
    plan = writer.plan(document.plan, version)
    nodes = writer.framework(plan, document)
    themes = writer.terms(plan, document)
    writer.indicators(plan, document, nodes, themes)
    return plan
