"""Audit helpers shared by services.

Audited models carry ``history = HistoricalRecords()`` (django-simple-history).
Services call :func:`stamp` before saving so the history row records who made
the change and why, whether it came from a page, the API or a command.
"""

from __future__ import annotations

from typing import Any

# django-simple-history keeps the reason in a 100-character column.
REASON_LENGTH = 100


def stamp(instance: Any, *, actor: Any, reason: str = "") -> None:
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    if len(reason) > REASON_LENGTH:
        reason = reason[: REASON_LENGTH - 1] + "…"
    instance._change_reason = reason or None
