"""Is the store fresh? And a read connection that makes sure it is.

Fresh means: built by this version of the schema, not marked stale, built from the
framework and places the database has now (fingerprint ``shape``), holding today's
targets, baselines and bands (fingerprint ``reference``), and holding exactly the
approved submissions the database has, each as last changed (``approved_state``).
All of it is a handful of small queries on each side.

``reader()`` repairs what it finds the cheapest way: new targets or bands are
copied over, a few changed approvals are caught up one submission at a time, and
anything else (a missing file, another schema version, a changed framework, a
store marked stale, a flood of approvals) is rebuilt in full.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import duckdb
from django.utils.translation import gettext as _

from habitat_monitor.progress.store import source
from habitat_monitor.progress.store.build import build_unlocked
from habitat_monitor.progress.store.loading import (
    read_meta,
    stored_state,
    write_meta,
    write_small_tables,
)
from habitat_monitor.progress.store.location import building, reading, store_path, writing
from habitat_monitor.progress.store.refresh import catch_up
from habitat_monitor.progress.store.schema import SCHEMA_VERSION


class Problem(StrEnum):
    MISSING = "missing"
    SCHEMA = "schema"
    MARKED = "marked"
    SHAPE = "shape"
    REFERENCE = "reference"
    APPROVALS = "approvals"


REBUILD = frozenset({Problem.MISSING, Problem.SCHEMA, Problem.MARKED, Problem.SHAPE})


def _reason(problem: Problem | None, note: str = "") -> str:
    if problem is None:
        return ""
    reasons = {
        Problem.MISSING: _("there is no store file yet"),
        Problem.SCHEMA: _("the store was built by another version of Habitat Monitor"),
        Problem.MARKED: _("marked stale: %(note)s") % {"note": note},
        Problem.SHAPE: _("the plan, offices or places changed since the store was built"),
        Problem.REFERENCE: _("targets, baselines or status bands changed"),
        Problem.APPROVALS: _("submissions were approved or reopened since the last refresh"),
    }
    return str(reasons[problem])


@dataclass(frozen=True)
class StoreStatus:
    """What ``analytics status`` shows."""

    path: Path
    exists: bool
    fresh: bool
    reason: str
    built_at: str | None
    rows: int
    submissions: int
    size: int

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "exists": self.exists,
            "fresh": self.fresh,
            "reason": self.reason,
            "built_at": self.built_at,
            "rows": self.rows,
            "submissions": self.submissions,
            "size": self.size,
        }


def _problem(
    con: duckdb.DuckDBPyConnection, prints: source.Fingerprints, state: str
) -> tuple[Problem | None, str]:
    try:
        meta = read_meta(con)
    except duckdb.Error:
        return Problem.SCHEMA, ""
    if meta.get("schema_version") != SCHEMA_VERSION:
        return Problem.SCHEMA, ""
    if meta.get("stale"):
        return Problem.MARKED, meta["stale"]
    if meta.get("shape") != prints.shape:
        return Problem.SHAPE, ""
    if meta.get("reference") != prints.reference:
        return Problem.REFERENCE, ""
    if stored_state(con) != state:
        return Problem.APPROVALS, ""
    return None, ""


def _counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    try:
        rows = con.execute("SELECT count(*) FROM approved_value").fetchall()[0][0]
        submissions = con.execute("SELECT count(*) FROM submission").fetchall()[0][0]
    except duckdb.Error:  # a damaged store: the status says stale, not how big
        return 0, 0
    return int(rows), int(submissions)


def store_status(path: Path | None = None) -> StoreStatus:
    """Where the store is, when it was built, how big, and whether it is fresh (no repair)."""
    path = path or store_path()
    if not path.exists():
        reason = _reason(Problem.MISSING)
        return StoreStatus(path, False, False, reason, None, 0, 0, 0)
    prints, state = source.fingerprints(), source.approved_state()
    with reading(path) as con:
        problem, note = _problem(con, prints, state)
        built_at = read_meta(con).get("built_at") if problem is not Problem.SCHEMA else None
        rows, submissions = _counts(con) if problem is not Problem.SCHEMA else (0, 0)
    size = path.stat().st_size
    reason = _reason(problem, note)
    return StoreStatus(path, True, problem is None, reason, built_at, rows, submissions, size)


def _repair_in_place(path: Path, prints: source.Fingerprints) -> bool:
    """Copy new small tables and catch up on approvals; False if a rebuild is needed."""
    state = source.approved_state()
    with writing(path) as con:
        problem, _note = _problem(con, prints, state)
        if problem in REBUILD:
            return False
        if problem is Problem.REFERENCE:
            write_small_tables(con)
            write_meta(con, reference=prints.reference)
        return catch_up(con) is not None


def ensure_fresh(path: Path | None = None) -> str:
    """Make the store fresh the cheapest way; says what it did: fresh, refreshed, rebuilt."""
    path = path or store_path()
    prints, state = source.fingerprints(), source.approved_state()
    problem: Problem | None = Problem.MISSING
    if path.exists():
        with reading(path) as con:
            problem, _note = _problem(con, prints, state)
    if problem is None:
        return "fresh"
    if problem not in REBUILD and _repair_in_place(path, prints):
        return "refreshed"
    with building(path):
        # Another process may have rebuilt it while this one waited for the lock.
        if path.exists():
            with reading(path) as con:
                problem, _note = _problem(con, prints, source.approved_state())
            if problem is None:
                return "fresh"
        build_unlocked(path)
    return "rebuilt"


@contextmanager
def reader(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the store, repaired or rebuilt first if it is not fresh.

    Keep the block short (a few queries): writers wait for it to end.
    """
    path = path or store_path()
    prints, state = source.fingerprints(), source.approved_state()
    if path.exists():
        with reading(path) as con:
            if _problem(con, prints, state)[0] is None:
                yield con
                return
    ensure_fresh(path)
    with reading(path) as con:
        yield con
