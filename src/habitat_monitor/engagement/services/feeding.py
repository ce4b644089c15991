"""Feeding the results framework from the registers (annex 4 §16), never typed twice.

``compute_engagement_values`` computes the mapped indicators of a plan for a
reporting period (``data/indicator_map.yaml``, ``measures``) and writes them as the
values of the office's submission (headquarters by default) through the reporting
services, with the reason "computed from the engagement registers". From there
they follow the same workflow as any value: submitted, reviewed, approved. Running
it again changes only what the registers changed; once the submission is locked,
a run that would change nothing is accepted and one that would is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.engagement.errors import NothingToCompute
from habitat_monitor.engagement.measures import Computed, MeasureError, Period, compute
from habitat_monitor.engagement.queries import register_rows
from habitat_monitor.geo.models import Office
from habitat_monitor.plans.models import Plan
from habitat_monitor.reporting.models import Assignment, ReportingPeriod, Value
from habitat_monitor.reporting.services.values import SaveResult, open_submission, save_values

MAP_FILE = Path(__file__).resolve().parents[1] / "data" / "indicator_map.yaml"
REASON = "computed from the engagement registers"
Entry = dict[str, Any]


def read_mapping(path: Path = MAP_FILE) -> dict[str, list[Entry]]:
    """Plan code -> its mapping entries ({indicator, computation, params})."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {code: list(entries or []) for code, entries in (data.get("plans") or {}).items()}


def _computed(entries: list[Entry], period: ReportingPeriod) -> dict[str, Computed]:
    registers = register_rows()
    span = Period(period.start, period.end)
    computed = {}
    for entry in entries:
        try:
            computed[entry["indicator"]] = compute(
                entry["computation"], registers, span, entry.get("params")
            )
        except MeasureError as error:
            message = _("The indicator map cannot compute %(indicator)s: %(reason)s.")
            raise NothingToCompute(
                message % {"indicator": entry["indicator"], "reason": error}
            ) from error
    return computed


def _check_assigned(plan: Plan, office: Office, period: ReportingPeriod, codes: list[str]) -> None:
    known = set(plan.indicators.filter(code__in=codes).values_list("code", flat=True))
    if set(codes) - known:
        message = _("The plan %(plan)s has no indicator %(codes)s.")
        raise NothingToCompute(
            message % {"plan": plan.code, "codes": ", ".join(sorted(set(codes) - known))}
        )
    assigned = set(
        Assignment.objects.filter(
            office=office, period=period, indicator__code__in=codes
        ).values_list("indicator__code", flat=True)
    )
    if set(codes) - assigned:
        message = _(
            "These indicators are not assigned to %(office)s for %(period)s: %(codes)s. "
            "An M&E officer assigns them first."
        )
        codes_text = ", ".join(sorted(set(codes) - assigned))
        raise NothingToCompute(
            message % {"office": office.code, "period": period.code, "codes": codes_text}
        )


def _rows(computed: dict[str, Computed], plan: Plan) -> list[tuple[int, dict[str, str]]]:
    measures = dict(plan.indicators.values_list("code", "measure"))
    rows = []
    for number, (code, result) in enumerate(sorted(computed.items()), start=1):
        if result.value is None:
            continue  # missing is not zero: nothing is reported
        value = round(result.value) if measures.get(code) == "count" else result.value
        note = f"{REASON}: {result.note}"
        rows.append((number, {"indicator": code, "value": repr(float(value)), "note": note}))
    return rows


def _unchanged(submission: Any, rows: list[tuple[int, dict[str, str]]]) -> bool:
    held = {
        (code, value)
        for code, value in Value.objects.filter(
            submission=submission, disaggregation=""
        ).values_list("indicator__code", "value")
    }
    return all((cells["indicator"], float(cells["value"])) in held for _n, cells in rows)


@transaction.atomic
def compute_engagement_values(
    plan: Plan,
    period: ReportingPeriod,
    *,
    actor: Any,
    office: Office | None = None,
    mapping: list[Entry] | None = None,
) -> dict[str, Any]:
    """Compute the mapped indicators for ``period`` and save them in ``office``'s
    submission (headquarters by default). The actor must read the registers and
    report for the office. NothingToCompute when the plan maps no indicator, names an
    unknown one or one not assigned to the office for the period."""
    if not actor.has_perm("engagement.view_register"):
        raise NotAllowed(_("Only signed-in members read the partnership registers."))
    entries = read_mapping().get(plan.code, []) if mapping is None else mapping
    if not entries:
        message = _("No indicator of the plan %(plan)s is computed from the registers.")
        raise NothingToCompute(message % {"plan": plan.code})
    office = office or Office.objects.get(kind=Office.Kind.HQ)
    _check_assigned(plan, office, period, [entry["indicator"] for entry in entries])
    computed = _computed(entries, period)
    rows = _rows(computed, plan)
    submission = open_submission(office, period, actor=actor)
    if submission.locked and _unchanged(submission, rows):
        result = SaveResult(unchanged=len(rows))
    else:
        result = save_values(
            submission,
            rows,
            actor=actor,
            reason=REASON,
            source="engagement registers",
            illustrative=any(item.illustrative for item in computed.values()),
        )
    return {
        "submission": submission.pk,
        "office": office.code,
        "period": period.code,
        **result.as_dict(),
        "values": [
            {
                "indicator": code,
                "value": item.value,
                "note": item.note,
                "illustrative": item.illustrative,
            }
            for code, item in sorted(computed.items())
        ],
    }
