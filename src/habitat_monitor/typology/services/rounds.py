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
from habitat_monitor.typology.errors import StepRefused
from habitat_monitor.typology.models import Assessment, AssessmentRound


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


def _final_categories(assessment_round: AssessmentRound) -> dict[str, tuple[int | None, str]]:
    rows = assessment_round.assessments.filter(status=Assessment.Status.FINAL).select_related(
        "country", "city"
    )
    return {row.place: (row.final_category, row.country.label) for row in rows}


def compare_rounds(earlier: AssessmentRound, later: AssessmentRound) -> list[dict[str, Any]]:
    """Each place of either round: its category before and after, and what changed
    (``same``, ``changed``, ``new`` or ``gone``), ordered by place."""
    before, after = _final_categories(earlier), _final_categories(later)
    rows = []
    for place in sorted(set(before) | set(after)):
        old, new = before.get(place), after.get(place)
        if old is None:
            change = "new"
        elif new is None:
            change = "gone"
        else:
            change = "same" if old[0] == new[0] else "changed"
        rows.append(
            {
                "place": place,
                "name": (new or old or (None, ""))[1],
                "before": old[0] if old else None,
                "after": new[0] if new else None,
                "change": change,
            }
        )
    return rows
