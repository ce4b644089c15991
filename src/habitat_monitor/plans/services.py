"""Writes to plans: loading a plan file (one transaction, a new version, a diff)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.geo.models import Office
from habitat_monitor.plans.diff import diff_plans
from habitat_monitor.plans.framework import PlanFile
from habitat_monitor.plans.lint import has_errors, lint
from habitat_monitor.plans.loading import write_plan
from habitat_monitor.plans.models import Plan, PlanVersion
from habitat_monitor.plans.planfile import Finding, PlanFileError, read

DEFAULT_PLAN_FILE = (
    Path(__file__).resolve().parents[1] / "content" / "un_habitat_2020_2023" / "plan.yaml"
)


class PlanLoadError(Exception):
    """The plan file has errors; nothing was written. ``findings`` lists them all."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("\n".join(finding.format() for finding in findings))
        self.findings = findings


@dataclass
class LoadResult:
    plan: Plan
    version: PlanVersion
    created: bool  # False: the file matched the current version, nothing changed
    changes: dict[str, Any] = field(default_factory=dict)
    warnings: list[Finding] = field(default_factory=list)


def canonical_document(plan_file: PlanFile) -> dict[str, Any]:
    """The plan as plain JSON data, every default filled in: what versions store.

    Office targets are sorted (office, year): their order in a file carries no
    meaning, so a file and its export compare equal. A plan without a typology has
    no ``typology`` key, so its content hash is what it was before typologies existed.
    """
    document = plan_file.model_dump(mode="json")
    if document.get("typology") is None:
        document.pop("typology", None)
    for indicator in document["indicators"]:
        indicator["targets"]["by_office"].sort(key=lambda t: (t["office"], t["year"]))
    return document


def content_hash(document: dict[str, Any]) -> str:
    text = json.dumps(document, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_plan(text: str, filename: str) -> tuple[PlanFile | None, list[Finding]]:
    """Read and lint a plan file against this install (its offices)."""
    offices = frozenset(Office.objects.values_list("code", flat=True))
    try:
        parsed, plan_file = read(text, filename)
    except PlanFileError as error:
        return None, error.findings
    return plan_file, lint(parsed, plan_file, offices)


@transaction.atomic
def load_plan(text: str, *, filename: str, actor: Any = None) -> LoadResult:
    """Load a plan file. Any error: PlanLoadError and nothing written.

    The same content as the current version changes nothing. Changed content
    updates the framework in place (audited) and records a new PlanVersion with
    what changed. ``actor`` None is the system (commands, default content).
    """
    if actor is not None and not actor.has_perm("plans.add_plan"):
        raise NotAllowed(_("Only plan authors may load a plan."))
    plan_file, findings = check_plan(text, filename)
    if plan_file is None or has_errors(findings):
        raise PlanLoadError([finding for finding in findings if finding.severity == "error"])
    document = canonical_document(plan_file)
    digest = content_hash(document)
    existing = Plan.objects.filter(code=plan_file.plan.code).first()
    previous = existing.versions.order_by("-number").first() if existing else None
    if existing is not None and previous is not None and previous.content_hash == digest:
        return LoadResult(existing, previous, created=False, warnings=findings)
    number = previous.number + 1 if previous else 1
    reason = f"plan file {filename} loaded as version {number}"
    plan = write_plan(plan_file, version=number, actor=actor, reason=reason)
    # The first version has nothing to compare with: its changes are empty.
    changes = diff_plans(previous.document, document) if previous else {}
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        document=document,
        content_hash=digest,
        changes=changes,
        source_name=Path(filename).name,
        loaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return LoadResult(plan, version, created=True, changes=changes, warnings=findings)


def load_default_plan() -> Plan:
    text = DEFAULT_PLAN_FILE.read_text(encoding="utf-8")
    return load_plan(text, filename=str(DEFAULT_PLAN_FILE.name)).plan
