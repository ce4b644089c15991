"""Writes to the engagement registers: one function per change, each checking the
permission, writing in a transaction and recording the audit entry (who, when,
why). Views, the API and the loaders all come through here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from habitat_monitor.core.errors import NotAllowed


def ensure_keeper(actor: Any) -> None:
    if not actor.has_perm("engagement.change_register"):
        raise NotAllowed(_("Only M&E officers keep the partnership and outreach registers."))


def bilingual(value: Mapping[str, str] | str) -> dict[str, str]:
    """Content text as {language: text}: plain text is taken as English."""
    if isinstance(value, str):
        return {"en": value}
    return {key: text for key, text in value.items() if text}


def user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
