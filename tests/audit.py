"""Test helper: assert that a write was audited (who, what changed, before/after)."""

from __future__ import annotations

from typing import Any


def assert_audited(
    instance: Any, *, by: Any, changed: dict[str, tuple[Any, Any]], reason: str | None = None
) -> None:
    """The latest history row of ``instance`` was made by ``by`` and records each
    field's change from before to after."""
    latest = instance.history.order_by("-history_id").first()
    assert latest is not None, f"{instance!r} has no history"
    assert latest.history_user_id == getattr(by, "pk", None), (
        f"last change by {latest.history_user!r}, expected {by!r}"
    )
    if reason is not None:
        assert latest.history_change_reason == reason
    previous = latest.prev_record
    assert previous is not None, "the change has no earlier record to compare with"
    delta = latest.diff_against(previous)
    recorded = {change.field: (change.old, change.new) for change in delta.changes}
    for field, before_after in changed.items():
        assert recorded.get(field) == before_after, (
            f"{field}: audit recorded {recorded.get(field)!r}, expected {before_after!r}"
        )


def history_count(instance: Any) -> int:
    return int(instance.history.count())
