"""Reads for the needs typology: the plan's typology, rounds, assessments, as plain data.

Counts by category use each assessment's final category (the override when there
is one) and only final assessments: drafts are work in progress. Pages, their JSON
twins and the ``typology rounds`` command all read these functions.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from habitat_monitor.core.translated import content_language, pick
from habitat_monitor.plans.framework import Typology
from habitat_monitor.plans.models import Plan, PlanVersion
from habitat_monitor.reporting.messages import translate
from habitat_monitor.typology.models import Assessment, AssessmentRound
from habitat_monitor.typology.rules import Classification


def plan_typology(plan: Plan) -> tuple[PlanVersion, Typology] | None:
    """The plan's current version and its typology (None when it has none)."""
    version = plan.versions.order_by("-number").first()
    if version is None or not version.document.get("typology"):
        return None
    return version, Typology.model_validate(version.document["typology"])


def version_typology(version: PlanVersion | None) -> Typology | None:
    if version is None or not version.document.get("typology"):
        return None
    return Typology.model_validate(version.document["typology"])


def priority_codes(plan: Plan) -> set[str]:
    """The codes an assessment may name as priorities: domains and outcomes."""
    domains = plan.domains.filter(active=True).values_list("code", flat=True)
    outcomes = plan.domains.filter(active=True).values_list("outcomes__code", flat=True)
    return {code for code in [*domains, *outcomes] if code}


def category_titles(typology: Typology | None) -> dict[int, str]:
    language = get_language()
    if typology is None:
        return {}
    return {c.number: pick(c.title, language) for c in typology.categories}


def visible_assessments(user: Any, queryset: QuerySet[Assessment]) -> list[Assessment]:
    """The assessments of ``queryset`` that ``user`` may see."""
    rows = queryset.select_related("country__org_region", "city", "round")
    return [row for row in rows if user.has_perm("typology.view_assessment", row)]


def _by_category(counts: Counter[int | None], numbers: list[int]) -> list[dict[str, int]]:
    return [{"category": n, "count": counts.get(n, 0)} for n in numbers]


def _counts(assessments: list[Assessment], numbers: list[int]) -> dict[str, Any]:
    """Final assessments counted by category, overall and by region; drafts counted."""
    finals = [a for a in assessments if a.status == Assessment.Status.FINAL]
    regions: dict[str, Counter[int | None]] = {}
    for a in finals:
        region = a.country.org_region.label if a.country.org_region else "—"
        regions.setdefault(region, Counter())[a.final_category] += 1
    return {
        "final": len(finals),
        "drafts": len(assessments) - len(finals),
        "by_category": _by_category(Counter(a.final_category for a in finals), numbers),
        "by_region": [
            {"region": region, "by_category": _by_category(counts, numbers)}
            for region, counts in sorted(regions.items())
        ],
    }


def round_rows(user: Any) -> dict[str, Any]:
    """Every round with its counts by category and by region (final assessments)."""
    rounds = []
    categories: dict[int, str] = {}
    for row in AssessmentRound.objects.select_related("plan").order_by("starts", "code"):
        found = plan_typology(row.plan)
        titles = category_titles(found[1] if found else None)
        categories.update(titles)
        assessments = visible_assessments(user, row.assessments.all())
        rounds.append(
            {
                "code": row.code,
                "title": row.label,
                "plan": row.plan.code,
                "starts": row.starts.isoformat() if row.starts else None,
                "ends": row.ends.isoformat() if row.ends else None,
                "illustrative": row.illustrative,
                **_counts(assessments, sorted(titles)),
            }
        )
    return {
        "categories": [{"number": n, "title": t} for n, t in sorted(categories.items())],
        "rounds": rounds,
    }


def assessment_row(assessment: Assessment, titles: dict[int, str]) -> dict[str, Any]:
    final = assessment.final_category
    return {
        "id": assessment.pk,
        "country": assessment.country.alpha3,
        "country_name": assessment.country.label,
        "city": assessment.city.label if assessment.city else None,
        "region": assessment.country.org_region.label if assessment.country.org_region else "",
        "status": assessment.status,
        "status_label": assessment.get_status_display(),
        "category": final,
        "category_title": titles.get(final, "") if final else "",
        "computed_category": assessment.category,
        "rule": assessment.rule,
        "override_category": assessment.override_category,
        "override_reason": assessment.override_reason,
        "secondary": [n["category"] for n in assessment.secondary if n["category"] != final],
        "priorities": list(assessment.priorities),
        "illustrative": assessment.illustrative,
    }


def round_detail(assessment_round: AssessmentRound, user: Any) -> dict[str, Any]:
    found = plan_typology(assessment_round.plan)
    titles = category_titles(found[1] if found else None)
    assessments = visible_assessments(user, assessment_round.assessments.all())
    return {
        "code": assessment_round.code,
        "title": assessment_round.label,
        "plan": assessment_round.plan.code,
        "starts": assessment_round.starts.isoformat() if assessment_round.starts else None,
        "ends": assessment_round.ends.isoformat() if assessment_round.ends else None,
        "illustrative": assessment_round.illustrative,
        "categories": [{"number": n, "title": t} for n, t in sorted(titles.items())],
        "assessments": [assessment_row(a, titles) for a in assessments],
        **_counts(assessments, sorted(titles)),
    }


GROUP_LABELS = {
    "driver": _("Drivers of change"),
    "enabler": _("Performance enablers"),
    "capacity": _("Institutional capacity to implement"),
}
SHOCK_LABELS = {"natural": _("natural"), "man_made": _("man-made")}


def explanation_lines(explanation: dict[str, Any]) -> list[dict[str, Any]]:
    """A stored classification explained again, in the active language: each step's
    text, with the conditions it checked as its ``details``."""
    if not explanation:
        return []
    classification = Classification.from_dict(explanation)
    steps: list[dict[str, Any]] = []
    for depth, template, params in classification.lines(content_language(get_language()), gettext):
        text = translate(template, params)
        if depth and steps:
            steps[-1]["details"].append(text)
        else:
            steps.append({"text": text, "details": []})
    return steps


def override_history(assessment: Assessment) -> list[dict[str, Any]]:
    """Each change of the override (category, reason): when, by whom."""
    entries: list[dict[str, Any]] = []
    before: tuple[int | None, str] = (None, "")
    for record in assessment.history.order_by("history_date", "history_id"):
        now = (record.override_category, record.override_reason)
        if now != before:
            entries.append(
                {
                    "when": record.history_date.isoformat(timespec="seconds"),
                    "by": str(record.history_user or ""),
                    "category": record.override_category,
                    "reason": record.override_reason,
                }
            )
        before = now
    return entries


def _items(assessment: Assessment, typology: Typology | None) -> list[dict[str, Any]]:
    language = get_language()
    if typology is None:
        return []
    scale = {score: pick(text, language) for score, text in typology.scale.items()}
    return [
        {
            "code": item.code,
            "group": item.group,
            "group_label": str(GROUP_LABELS.get(str(item.group), item.group)),
            "title": pick(item.title, language),
            "score": assessment.scores.get(item.code),
            "score_label": scale.get(assessment.scores.get(item.code, -1), ""),
            "evidence": assessment.evidence.get(item.code, ""),
        }
        for item in typology.items
    ]


def assessment_detail(assessment: Assessment, user: Any) -> dict[str, Any]:
    typology = version_typology(assessment.plan_version)
    titles = category_titles(typology)
    data = assessment_row(assessment, titles)
    data.update(
        {
            "round": assessment.round.code,
            "round_title": assessment.round.label,
            "plan_version": assessment.plan_version.number if assessment.plan_version else None,
            "assessor": str(assessment.assessor or ""),
            "reviewer": str(assessment.reviewer or ""),
            "computed_category_title": titles.get(assessment.category or 0, ""),
            "categories": [{"number": n, "title": t} for n, t in sorted(titles.items())],
            "items": _items(assessment, typology),
            "sector_challenges": list(assessment.sector_challenges),
            "shocks": [
                {**shock, "kind_label": str(SHOCK_LABELS.get(shock["kind"], shock["kind"]))}
                for shock in assessment.shocks
            ],
            "social_inclusion": assessment.social_inclusion,
            "explanation": explanation_lines(assessment.explanation),
            "override_history": override_history(assessment),
            "can_change": user.has_perm("typology.change_assessment", assessment)
            and not assessment.locked,
            "can_finalise": user.has_perm("typology.finalise_assessment", assessment)
            and not assessment.locked
            and assessment.assessor_id != user.pk,
            "can_override": user.has_perm("typology.override_assessment", assessment),
        }
    )
    return data
