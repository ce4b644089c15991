"""Writes to plans: loading a plan file.

The full plan-file loader (schema, lint, versions, diff) grows here; for now a
file loads into one Plan with its domains, outcomes and dimensions, and loading
the same content again changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from habitat_monitor.core.audit import stamp
from habitat_monitor.plans.models import Dimension, Domain, Outcome, Plan

DEFAULT_PLAN_FILE = (
    Path(__file__).resolve().parents[1] / "content" / "un_habitat_2020_2023" / "plan.yaml"
)


def _content_hash(document: dict[str, Any]) -> str:
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def load_plan_document(document: dict[str, Any], *, actor: Any = None) -> Plan:
    """Load a parsed plan file. Same content as the current version: no change."""
    header = document["plan"]
    digest = _content_hash(document)
    current = Plan.objects.filter(code=header["code"], is_current=True).first()
    if current is not None and current.content_hash == digest:
        return current
    version = 1
    if current is not None:
        version = current.version + 1
        current.is_current = False
        stamp(current, actor=actor, reason=f"superseded by version {version}")
        current.save()
    plan = Plan(
        code=header["code"],
        version=version,
        title=header["title"],
        organisation=header.get("organisation", {}),
        vision=header.get("vision", {}),
        mission=header.get("mission", {}),
        goal=header.get("goal", {}),
        languages=header.get("languages", ["en"]),
        years=header.get("years", []),
        content_hash=digest,
    )
    stamp(plan, actor=actor, reason="plan file loaded")
    plan.save()
    for d_order, domain_doc in enumerate(document.get("domains", [])):
        domain = Domain.objects.create(
            plan=plan, code=domain_doc["code"], title=domain_doc["title"], order=d_order
        )
        for o_order, outcome_doc in enumerate(domain_doc.get("outcomes", [])):
            outcome = Outcome.objects.create(
                domain=domain, code=outcome_doc["code"], title=outcome_doc["title"], order=o_order
            )
            for m_order, dimension_doc in enumerate(outcome_doc.get("dimensions", [])):
                Dimension.objects.create(
                    outcome=outcome,
                    code=dimension_doc["code"],
                    title=dimension_doc["title"],
                    order=m_order,
                )
    return plan


def load_default_plan() -> Plan:
    with DEFAULT_PLAN_FILE.open(encoding="utf-8") as handle:
        return load_plan_document(yaml.safe_load(handle))
