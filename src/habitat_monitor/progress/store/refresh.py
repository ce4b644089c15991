"""Incremental refreshes: one submission's rows brought in line after a decision.

``approve_submission`` and ``reopen_submission`` call ``refresh_on_commit``: once
their transaction has committed (never before, so a rolled-back approval never
reaches the store), the submission's rows are deleted from the store and, if it
is approved, its values inserted again, in one DuckDB transaction. A refresh that
fails is logged and marks the store stale, so the next reader rebuilds it: the
store may be late, never wrong while looking fresh. (Even a refresh that never ran
is noticed: the freshness check compares the approved submissions on both sides.)

The hooks the workflow calls, and ``deferred_refreshes``, are in ``hooks``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Collection
from pathlib import Path

import duckdb
import pyarrow as pa

from habitat_monitor.progress.store import source
from habitat_monitor.progress.store.loading import (
    delete_submissions,
    insert_values,
    offices_years,
    read_meta,
    stored_submissions,
    write_meta,
    write_place_totals,
)
from habitat_monitor.progress.store.location import store_path, writing
from habitat_monitor.progress.store.schema import SCHEMA_VERSION

logger = logging.getLogger(__name__)
# Beyond this many changed submissions, a full rebuild is cheaper than catching up.
CATCH_UP_LIMIT = 200


def refresh_quietly(submission_id: int) -> None:
    """``refresh_submission`` for an on-commit hook: a failure is logged, never raised
    (the decision is committed already), and leaves the store marked stale."""
    try:
        refresh_submission(submission_id)
    except Exception:
        logger.exception("analytics store: refreshing submission %s failed", submission_id)
        mark_stale(f"refreshing submission {submission_id} failed")


def refresh_submission(submission_id: int, *, path: Path | None = None) -> int | None:
    """Bring one submission's rows in the store in line with the relational database.

    Returns how many value rows the store now holds for it (0 once reopened), or
    None when there is no usable store (the next reader builds one).
    """
    path = path or store_path()
    if not path.exists():
        return None
    with writing(path) as con:
        if read_meta(con).get("schema_version") != SCHEMA_VERSION:
            return None
        return sync(con, [submission_id])


def sync(con: duckdb.DuckDBPyConnection, ids: Collection[int]) -> int:
    """Replace the rows of submissions ``ids`` with what the database holds now."""
    snapshot = source.approved_submissions(ids)
    con.execute("BEGIN TRANSACTION")
    try:
        before = offices_years(con, ids)
        delete_submissions(con, ids)
        written = 0
        if snapshot.num_rows:
            written = insert_values(con, snapshot, only_these=True)
        after = snapshot.select(["plan", "office", "year"]).cast(before.schema)
        write_place_totals(con, pa.concat_tables([before, after]))
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # keep the first error, not this one
            con.execute("ROLLBACK")
        raise
    return written


def catch_up(con: duckdb.DuckDBPyConnection) -> int | None:
    """Refresh every submission whose approval changed since the store saw it.

    Returns how many submissions were refreshed, or None when so many changed
    that a full rebuild is the better way.
    """
    approved = {
        int(pk): source.timestamp(updated)
        for pk, updated in source.Submission.objects.filter(status=source.APPROVED).values_list(
            "id", "updated_at"
        )
    }
    held = stored_submissions(con)
    changed = {pk for pk in approved.keys() | held.keys() if approved.get(pk) != held.get(pk)}
    if len(changed) > CATCH_UP_LIMIT:
        return None
    if changed:
        sync(con, sorted(changed))
    return len(changed)


def mark_stale(reason: str, *, path: Path | None = None) -> bool:
    """Mark the store stale (the next reader rebuilds it); False if even that failed."""
    path = path or store_path()
    if not path.exists():
        return True
    try:
        with writing(path) as con:
            write_meta(con, stale=reason)
    except Exception:
        logger.exception("analytics store: could not mark %s stale", path)
        return False
    return True
