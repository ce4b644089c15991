"""Frozen copies of the analytics store, for publications.

A copy is taken under the store's shared lock (writers wait a moment, readers do
not) by DuckDB itself (``COPY FROM DATABASE``), into a new file that is moved into
place only when complete. A frozen file never changes again, so it is read
without locks and without the freshness check: what it says is what was published.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from django.utils.translation import gettext as _

from habitat_monitor.progress.store.freshness import ensure_fresh
from habitat_monitor.progress.store.location import (
    READ_TIMEOUT,
    _flock,
    discard,
    lock_path,
    store_path,
)
from habitat_monitor.progress.store.schema import SCHEMA_VERSION

FILE_NAME = "analytics.duckdb"


class SnapshotUnreadable(RuntimeError):
    """A frozen copy is missing or was written by another layout of the store."""


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def freeze(target: Path, path: Path | None = None) -> Path:
    """Copy the (fresh) store to ``target``, a file that must not exist yet."""
    path = path or store_path()
    ensure_fresh(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    discard(partial)
    with _flock(lock_path(path), fcntl.LOCK_SH, READ_TIMEOUT):
        con = duckdb.connect()
        try:
            con.execute(f"ATTACH {_quoted(path)} AS live (READ_ONLY)")
            con.execute(f"ATTACH {_quoted(partial)} AS frozen")
            con.execute("COPY FROM DATABASE live TO frozen")
            con.execute("CHECKPOINT frozen")
            con.execute("DETACH frozen")
            con.execute("DETACH live")
        except BaseException:
            con.close()
            discard(partial)
            raise
        con.close()
    os.replace(partial, target)
    return target


@contextmanager
def frozen(target: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to a frozen copy; ``SnapshotUnreadable`` when it is
    missing or its layout is not this version's."""
    if not target.exists():
        raise SnapshotUnreadable(
            _("The published figures are missing (%(path)s): restore them or publish again.")
            % {"path": target}
        )
    con = duckdb.connect(str(target), read_only=True)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            raise SnapshotUnreadable(
                _("The published figures were written by another version: publish again.")
            )
        yield con
    finally:
        con.close()
