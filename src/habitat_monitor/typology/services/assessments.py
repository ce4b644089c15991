"""Assessments: create, update a draft, finalise, override the category.

Each service checks the actor's permission first, then works in one transaction:
it checks the assessment against the plan's typology (``inputs.validate``: every
problem at once, nothing written), classifies it with the plan's rules
(``rules.classify``), stores the category, the rule that fired, the secondary
needs, the explanation and the plan version whose rules were used, and stamps the
audit entry. A final assessment is not changed any more, but its category may be
overridden, with a reason, by an M&E officer, a plan author or an administrator.
Nobody finalises an assessment they assessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from habitat_monitor.core.audit import stamp
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.core.translated import gettext_noop
from habitat_monitor.geo.models import City, Country
from habitat_monitor.plans.framework import Typology
from habitat_monitor.plans.models import PlanVersion
from habitat_monitor.typology.errors import NoTypology, StepRefused
from habitat_monitor.typology.inputs import AssessmentInvalid, Problem, validate
from habitat_monitor.typology.models import Assessment, AssessmentRound
from habitat_monitor.typology.queries import plan_typology, priority_codes, version_typology
from habitat_monitor.typology.rules import classify


def _typology(assessment_round: AssessmentRound) -> tuple[PlanVersion, Typology]:
    found = plan_typology(assessment_round.plan)
    if found is None:
        raise NoTypology(
            _("The plan %(plan)s has no typology: add a typology section to its plan file.")
            % {"plan": assessment_round.plan.code}
        )
    return found


def _classify(assessment: Assessment, data: Mapping[str, Any]) -> None:
    """Check ``data`` and store it with its classification on ``assessment`` (unsaved)."""
    version, typology = _typology(assessment.round)
    checked = validate(data, typology, priority_codes(assessment.round.plan))
    result = classify(checked, typology)
    for name, value in checked.as_dict().items():
        setattr(assessment, name, value)
    assessment.plan_version = version
    assessment.category = result.category
    assessment.rule = result.rule or ""
    assessment.secondary = [{"category": n.category, "rule": n.rule} for n in result.secondary]
    assessment.explanation = result.as_dict()


def _lock(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("round__plan", "country", "plan_version")
        .get(pk=assessment.pk)
    )


def _save(assessment: Assessment, actor: Any, reason: str) -> Assessment:
    stamp(assessment, actor=actor, reason=reason)
    assessment.save()
    return assessment


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def create_assessment(
    assessment_round: AssessmentRound,
    *,
    actor: Any,
    country: Country,
    data: Mapping[str, Any],
    city: City | None = None,
    reason: str = "assessed",
    illustrative: bool = False,
) -> Assessment:
    """A new draft assessment of ``country`` (or one of its cities) in the round."""
    if not actor.has_perm("typology.add_assessment", country):
        raise NotAllowed(_("You may not assess this country."))
    if city is not None and city.country_id != country.pk:
        template = gettext_noop("city: %(city)s is not a city of %(country)s.")
        params = {"city": city.label, "country": country.alpha3}
        raise AssessmentInvalid([Problem("city", template, params)])
    place = Assessment.objects.filter(round=assessment_round, country=country, city=city)
    if place.exists():
        raise StepRefused(
            _("%(place)s is already assessed in round %(round)s: change that assessment.")
            % {"place": city.label if city else country.alpha3, "round": assessment_round.code}
        )
    assessment = Assessment(
        round=assessment_round,
        country=country,
        city=city,
        assessor=_user(actor),
        illustrative=illustrative,
    )
    _classify(assessment, data)
    return _save(assessment, actor, reason)


@transaction.atomic
def update_assessment(
    assessment: Assessment, *, actor: Any, data: Mapping[str, Any], reason: str = "updated"
) -> Assessment:
    """New inputs for a draft assessment, classified again with the plan's current rules."""
    current = _lock(assessment)
    if not actor.has_perm("typology.change_assessment", current):
        raise NotAllowed(_("You may not change this assessment."))
    if current.locked:
        raise StepRefused(
            _("The assessment is final: it cannot be changed, but its category can be overridden.")
        )
    _classify(current, data)
    return _save(current, actor, reason)


@transaction.atomic
def finalise_assessment(assessment: Assessment, *, actor: Any) -> Assessment:
    """Draft → final, with ``actor`` as the reviewer (never the assessor)."""
    current = _lock(assessment)
    if not actor.has_perm("typology.finalise_assessment", current):
        raise NotAllowed(_("Only M&E officers and plan authors may finalise an assessment."))
    if current.assessor_id is not None and current.assessor_id == actor.pk:
        raise NotAllowed(_("Nobody may finalise an assessment they assessed."))
    if current.locked:
        raise StepRefused(
            _("The assessment is already final (reviewed by %(who)s).")
            % {"who": current.reviewer or "—"}
        )
    current.status = Assessment.Status.FINAL
    current.reviewer = _user(actor)
    current.finalised_at = timezone.now()
    return _save(current, actor, "finalised")


@transaction.atomic
def override_category(
    assessment: Assessment, *, actor: Any, category: int | None, reason: str
) -> Assessment:
    """Set (or, with ``category`` None, remove) the category that overrides the rules'."""
    current = _lock(assessment)
    if not actor.has_perm("typology.override_assessment", current):
        raise NotAllowed(_("Only M&E officers and plan authors may override a category."))
    problems = []
    if not reason.strip():
        template = gettext_noop("reason: say why the category is overridden.")
        problems.append(Problem("reason", template, {}))
    typology = version_typology(current.plan_version)
    numbers = {c.number for c in typology.categories} if typology else set()
    if category is not None and category not in numbers:
        template = gettext_noop("category: %(category)s is not a category of the typology.")
        problems.append(Problem("category", template, {"category": str(category)}))
    if problems:
        raise AssessmentInvalid(problems)
    current.override_category = category
    current.override_reason = reason.strip()
    return _save(current, actor, f"override: {reason.strip()}")
