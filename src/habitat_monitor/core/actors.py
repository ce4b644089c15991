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
