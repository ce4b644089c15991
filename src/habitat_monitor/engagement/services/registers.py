"""Flagship actions, outreach events and outreach results."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from habitat_monitor.core.audit import stamp
from habitat_monitor.engagement.models import (
    Flagship,
    FlagshipAction,
    OutreachEvent,
    OutreachResult,
    Platform,
)
from habitat_monitor.engagement.services import ensure_keeper

ACTION_LINKS = ("outcomes", "indicators", "partners", "countries", "cities")


@transaction.atomic
def record_flagship_action(
    flagship: Flagship,
    *,
    actor: Any,
    links: Mapping[str, Iterable[Any]] | None = None,
    reason: str = "",
    **fields: Any,
) -> FlagshipAction:
    """An action of the flagship's plan (role, title, owner, dates, status), linked to
    ``links``: outcomes, indicators, partners, countries and cities."""
    ensure_keeper(actor)
    unknown = set(links or {}) - set(ACTION_LINKS)
    if unknown:
        raise ValueError(f"Unknown links: {', '.join(sorted(unknown))}")
    action = FlagshipAction(flagship=flagship, **fields)
    action.full_clean()
    stamp(action, actor=actor, reason=reason or "action recorded")
    action.save()
    for name, objects in (links or {}).items():
        getattr(action, name).set(list(objects))
    return action


@transaction.atomic
def update_flagship_action(
    action: FlagshipAction, *, actor: Any, reason: str = "", **changes: Any
) -> FlagshipAction:
    """Change an action's status, dates, owner or title; audited."""
    ensure_keeper(actor)
    current = FlagshipAction.objects.select_for_update().get(pk=action.pk)
    for key, value in changes.items():
        if key not in ("title", "owner", "start", "end", "status", "role"):
            raise ValueError(f"Not editable: {key}")
        setattr(current, key, value)
    current.full_clean()
    stamp(current, actor=actor, reason=reason or "action changed")
    current.save()
    return current


@transaction.atomic
def record_event(
    platform: Platform, *, actor: Any, reason: str = "", **fields: Any
) -> OutreachEvent:
    """An event held on a platform, with the reach it achieved (None: not known)."""
    ensure_keeper(actor)
    event = OutreachEvent(platform=platform, **fields)
    event.full_clean()
    stamp(event, actor=actor, reason=reason or "event recorded")
    event.save()
    return event


@transaction.atomic
def record_result(*, actor: Any, reason: str = "", **fields: Any) -> OutreachResult:
    """An outreach result (policy change, co-investment, attitude change, awareness)."""
    ensure_keeper(actor)
    result = OutreachResult(**fields)
    result.full_clean()
    stamp(result, actor=actor, reason=reason or "result recorded")
    result.save()
    return result
