"""Audit helpers shared by services.

Audited models carry ``history = HistoricalRecords()`` (django-simple-history).
Services call :func:`stamp` before saving so the history row records who made
the change and why, whether it came from a page, the API or a command.
"""

from __future__ import annotations

from typing import Any


def stamp(instance: Any, *, actor: Any, reason: str = "") -> None:
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    instance._change_reason = reason or None
