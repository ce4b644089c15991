"""Assessment rounds: create one; compare the categories of two.

A comparison pairs the final assessments of two rounds by place (country, or
city) and says, for each place, its category in each round and whether it
changed; places assessed in only one round are listed as new or no longer
assessed. Categories are the final ones (an override counts).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from habitat_monitor.core.audit import stamp
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.plans.models import Plan
from habitat_monitor.typology.compare import compare_places
from habitat_monitor.typology.errors import StepRefused
from habitat_monitor.typology.models import AssessmentRound
from habitat_monitor.typology.uses_queries import round_places


@transaction.atomic
def create_round(
    plan: Plan,
    *,
    actor: Any,
    code: str,
    title: dict[str, str],
    starts: date | None = None,
    ends: date | None = None,
    illustrative: bool = False,
) -> AssessmentRound:
    if not actor.has_perm("typology.add_round"):
        raise NotAllowed(_("Only M&E officers and plan authors may open an assessment round."))
    if AssessmentRound.objects.filter(code=code).exists():
        raise StepRefused(_("A round with the code %(code)s exists already.") % {"code": code})
    if starts and ends and ends < starts:
        raise StepRefused(_("A round cannot end before it starts."))
    assessment_round = AssessmentRound(
        plan=plan, code=code, title=title, starts=starts, ends=ends, illustrative=illustrative
    )
    stamp(assessment_round, actor=actor, reason="round opened")
    assessment_round.save()
    return assessment_round


def compare_rounds(earlier: AssessmentRound, later: AssessmentRound) -> list[dict[str, Any]]:
    """Each place of either round: its category before and after, and what changed
    (``same``, ``changed``, ``new`` or ``gone``), ordered by place; with its priority
    domains before and after (``typology.compare``)."""
    rows: list[dict[str, Any]] = compare_places(
        round_places(earlier), round_places(later), categories=()
    )["rows"]
    return rows
