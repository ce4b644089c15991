"""Recording and updating corrective actions (one service per change, audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from habitat_monitor.core.audit import stamp
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.progress.models import CorrectiveAction

EDITABLE_FIELDS = ("cause", "action", "owner", "due_date", "status", "follow_up", "office", "year")


def _ensure_allowed(actor: Any) -> None:
    if not actor.has_perm("progress.change_correctiveaction"):
        raise NotAllowed(_("Only M&E officers record corrective actions."))


@transaction.atomic
def record_action(
    indicator: Any, *, actor: Any, reason: str = "", **fields: Any
) -> CorrectiveAction:
    """A new corrective action for the indicator; checked (``ValidationError`` names
    each bad field) and audited. Raises NotAllowed for anyone but an M&E officer."""
    _ensure_allowed(actor)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    item = CorrectiveAction(
        indicator=indicator,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    item.full_clean()
    stamp(item, actor=actor, reason=reason or "recorded")
    item.save()
    return item


@transaction.atomic
def update_action(
    item: CorrectiveAction, *, actor: Any, reason: str = "", **changes: Any
) -> CorrectiveAction:
    """Change an action (status, follow-up, owner...); audited with before and after."""
    _ensure_allowed(actor)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    current = CorrectiveAction.objects.select_for_update().get(pk=item.pk)
    for key, value in changes.items():
        setattr(current, key, value)
    current.full_clean()
    stamp(current, actor=actor, reason=reason)
    current.save()
    return current
