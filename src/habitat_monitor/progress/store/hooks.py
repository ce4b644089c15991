"""What the review workflow calls: refresh a submission's rows after the commit.

Kept apart from ``refresh`` so that importing the workflow does not load DuckDB
and pyarrow; they are loaded when the first refresh runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deferred: ContextVar[set[int] | None] = ContextVar("hm_deferred_refreshes", default=None)


@contextmanager
def deferred_refreshes() -> Iterator[set[int]]:
    """Within the block, approvals and reopenings are collected, not refreshed.

    Yields the set of submission ids collected; the caller decides what to do (one
    ``build_store`` at the end, say). A nested block shares the outer set.
    """
    outer = _deferred.get()
    if outer is not None:
        yield outer
        return
    collected: set[int] = set()
    token = _deferred.set(collected)
    try:
        yield collected
    finally:
        _deferred.reset(token)


def refresh_on_commit(submission_id: int) -> None:
    """Refresh the submission's rows in the store once the current transaction commits
    (at once outside a transaction; in the worker with Celery); never when it rolls
    back."""
    collected = _deferred.get()
    if collected is not None:
        collected.add(submission_id)
        return
    from habitat_monitor.progress.background import after_commit
    from habitat_monitor.progress.tasks import refresh_analytics

    after_commit(refresh_analytics, submission_id)
