"""The actor of changes made by the system itself (commands run by an operator)."""

from __future__ import annotations

from typing import Any


class SystemActor:
    """Allowed everything; recorded in the audit trail as no user, with a reason."""

    is_authenticated = False
    is_active = True
    pk = None
    id = None

    def has_perm(self, permission: str, obj: Any = None) -> bool:
        return True

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def actor_named(username: str | None) -> Any:
    """The user a command acts as (``--user NAME``), or the system when none is named;
    ``LookupError`` naming the user when there is no such account."""
    if not username:
        return SYSTEM
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username=username).first()
    if found is None:
        raise LookupError(f"No user {username!r}.")
    return found
