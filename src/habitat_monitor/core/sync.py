"""Create-or-update that writes only what differs, with the audit stamp.

Loading default content or a plan file twice must change nothing and add no
empty audit rows; loading a changed file must record exactly what changed.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from habitat_monitor.core.audit import stamp

ModelT = TypeVar("ModelT", bound=models.Model)


def sync_row(
    model: type[ModelT],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    actor: Any = None,
    reason: str = "",
) -> tuple[ModelT, bool]:
    """The row matching ``lookup``, created or updated to ``values``; and whether it changed.

    ``lookup`` may use query lookups (``name__en``); only plain fields of it are
    set on a new row.
    """
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        plain = {key: value for key, value in lookup.items() if "__" not in key}
        instance = model(**plain, **values)
        stamp(instance, actor=actor, reason=reason)
        instance.save()
        return instance, True
    changed = {key: value for key, value in values.items() if getattr(instance, key) != value}
    if not changed:
        return instance, False
    for key, value in changed.items():
        setattr(instance, key, value)
    stamp(instance, actor=actor, reason=reason)
    instance.save()
    return instance, True
