"""Corrective actions as plain data, the attention list, and the adapter that turns
page or API input into calls of ``progress.actions`` (the audited services).

Who may do what is ``progress/rules.py``'s: signed-in roles see actions, M&E officers
(and administrators) record and change them. A refused write is refused before
anything is looked up or written (``NotAllowed``, HTTP 403).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.core.translated import pick
from habitat_monitor.geo.models import Office
from habitat_monitor.plans.models import Indicator, Plan
from habitat_monitor.progress import actions, services
from habitat_monitor.progress.models import CorrectiveAction
from habitat_monitor.progress.services import Scope
from habitat_monitor.progress.views import data, labels

OPEN = (CorrectiveAction.Status.PLANNED, CorrectiveAction.Status.IN_PROGRESS)


def can_view_actions(user: Any) -> bool:
    return bool(user is not None and user.has_perm("progress.view_correctiveaction"))


def can_change_actions(user: Any) -> bool:
    return bool(user is not None and user.has_perm("progress.change_correctiveaction"))


def ensure_can_change(user: Any) -> None:
    if not can_change_actions(user):
        raise NotAllowed(_("Only M&E officers record corrective actions."))


def action_row(item: CorrectiveAction) -> dict[str, Any]:
    """One action as the pages, twins and API give it."""
    office = item.office
    return {
        "id": item.pk,
        "indicator": item.indicator.code,
        "indicator_url": data.url("indicator", item.indicator.code, year=item.year),
        "office": office.code if office else None,
        "office_name": pick(office.name, get_language()) if office else "",
        "year": item.year,
        "cause": item.cause,
        "action": item.action,
        "owner": item.owner,
        "due_date": item.due_date.isoformat(),
        "status": item.status,
        "status_label": str(item.get_status_display()),
        "open": item.open,
        "follow_up": item.follow_up,
        "created_by": item.created_by.get_username() if item.created_by else None,
        "created_at": item.created_at.isoformat(),
        "updated_at": item.updated_at.isoformat(),
    }


def action_rows(
    *,
    indicator: Indicator | None = None,
    plan: Plan | None = None,
    only_open: bool = False,
    status: str | None = None,
) -> list[dict[str, Any]]:
    """Actions of one indicator or of a plan, soonest due first."""
    found = CorrectiveAction.objects.select_related("indicator", "office", "created_by")
    if indicator is not None:
        found = found.filter(indicator=indicator)
    if plan is not None:
        found = found.filter(indicator__plan=plan)
    if only_open:
        found = found.filter(status__in=OPEN)
    if status:
        found = found.filter(status=status)
    return [action_row(item) for item in found]


def _office(value: Office | str | None) -> Office | None:
    if value is None or isinstance(value, Office):
        return value
    if value == "":
        return None
    office = Office.objects.filter(code=value).first()
    if office is None:
        raise ValidationError({"office": [_("No office has this code.")]})
    return office


def record(plan: Plan, code: str, *, actor: Any, reason: str = "", **fields: Any) -> Any:
    """Record an action for the plan's indicator ``code`` (checked, audited)."""
    ensure_can_change(actor)
    indicator = Indicator.objects.filter(plan=plan, code=code).first()
    if indicator is None:
        raise ValidationError({"indicator": [_("No indicator has this code.")]})
    if "office" in fields:
        fields["office"] = _office(fields["office"])
    return actions.record_action(indicator, actor=actor, reason=reason, **fields)


def update(item: CorrectiveAction, *, actor: Any, reason: str = "", **changes: Any) -> Any:
    """Change an action's status, follow-up or other fields (checked, audited)."""
    ensure_can_change(actor)
    if "office" in changes:
        changes["office"] = _office(changes["office"])
    return actions.update_action(item, actor=actor, reason=reason, **changes)


def attention_data(plan: Plan, year: int | None) -> dict[str, Any]:
    """Indicators off track or unlikely to meet the end target, each with its open
    corrective actions (``services.needs_attention``)."""
    progress = data.run(plan, Scope(year=year))
    names, invented = data.indicator_names(plan), data.illustrative_codes(plan)
    open_actions: dict[str, list[dict[str, Any]]] = {}
    for row in action_rows(plan=plan, only_open=True):
        open_actions.setdefault(row["indicator"], []).append(row)
    rows = []
    for item in services.needs_attention(progress):
        row = data.indicator_row(item, names, invented)
        row["reasons"] = [{"code": r, "label": labels.reason(r)} for r in item.attention]
        row["actions"] = open_actions.get(item.code, [])
        row["record_url"] = f"{row['url']}#record-action"
        rows.append(row)
    return data.common(plan, progress) | {
        "indicators": rows,
        "illustrative": any(row["illustrative"] for row in rows),
        "links": data.links("attention", year=progress.year),
    }
