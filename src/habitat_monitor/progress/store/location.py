"""Where the analytics store lives, and who may touch it when.

Several processes share one DuckDB file: the web server, the background worker and
commands. DuckDB lets one process write a file or many read it, never both at once,
and a second writer fails rather than waits. So every access takes an ``flock`` on a
sidecar ``.lock`` file first (shared to read, exclusive to write), waits for it with
a deadline instead of failing, and keeps its connection only as long as one read or
one write: readers wait at most for one incremental refresh (well under a second).

A full rebuild writes a new file beside the store and swaps it in with
``os.replace`` under the exclusive lock, so a reader sees the old store or the new
one, never half of one. A second lock, ``.build.lock``, lets only one rebuild run at
a time: processes that find the store stale at once wait for that rebuild instead
of all starting their own.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from django.conf import settings
from django.utils.translation import gettext as _

FILE_NAME = "analytics.duckdb"
READ_TIMEOUT = 30.0
WRITE_TIMEOUT = 60.0
BUILD_TIMEOUT = 1800.0
POLL = 0.01


class StoreBusy(RuntimeError):
    """The store stayed locked by another process for longer than we may wait."""


def store_path() -> Path:
    """The store file: ``ANALYTICS_PATH`` when the settings have it, else in HM_VAR_DIR."""
    configured = getattr(settings, "ANALYTICS_PATH", None)
    if configured:
        return Path(configured)
    return Path(settings.VAR_DIR) / FILE_NAME


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def lock_path(path: Path) -> Path:
    return _sidecar(path, ".lock")


def wal_path(path: Path) -> Path:
    return _sidecar(path, ".wal")


@contextmanager
def _flock(path: Path, mode: int, timeout: float) -> Iterator[None]:
    """Hold ``mode`` (shared or exclusive) on ``path``, waiting up to ``timeout`` seconds.

    flock locks belong to the open file, so two threads of one process exclude each
    other as two processes do; closing the file releases the lock, even on a crash.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    message = _("The analytics store at %(path)s is busy: try again shortly.")
                    raise StoreBusy(message % {"path": path.with_suffix("")}) from None
                time.sleep(POLL)
        yield
    finally:
        os.close(handle)


@contextmanager
def reading(path: Path, timeout: float = READ_TIMEOUT) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the store file, under the shared lock."""
    with _flock(lock_path(path), fcntl.LOCK_SH, timeout):
        con = duckdb.connect(str(path), read_only=True)
        try:
            yield con
        finally:
            con.close()


@contextmanager
def writing(path: Path, timeout: float = WRITE_TIMEOUT) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to the store file, under the exclusive lock."""
    with _flock(lock_path(path), fcntl.LOCK_EX, timeout):
        con = duckdb.connect(str(path))
        try:
            yield con
        finally:
            con.close()


@contextmanager
def building(path: Path, timeout: float = BUILD_TIMEOUT) -> Iterator[None]:
    """Only one full rebuild at a time (readers and refreshes are not held up)."""
    with _flock(_sidecar(path, ".build.lock"), fcntl.LOCK_EX, timeout):
        yield


def scratch_path(path: Path) -> Path:
    """A new file name beside the store, for building a replacement."""
    return _sidecar(path, f".building-{os.getpid()}-{time.monotonic_ns()}")


def replace(built: Path, path: Path, timeout: float = WRITE_TIMEOUT) -> None:
    """Swap a fully written store file in, atomically, under the exclusive lock.

    A write-ahead log left by a writer that crashed belongs to the old file: replayed
    on the new one it would corrupt it, so it goes too.
    """
    with _flock(lock_path(path), fcntl.LOCK_EX, timeout):
        wal_path(path).unlink(missing_ok=True)
        os.replace(built, path)


def discard(built: Path) -> None:
    """Remove a half-built file (and its log) after a failed rebuild."""
    built.unlink(missing_ok=True)
    wal_path(built).unlink(missing_ok=True)
