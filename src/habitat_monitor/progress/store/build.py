"""A full rebuild of the store from the relational database.

The new store is written to a file beside the old one and swapped in whole
(``location.replace``), so readers never see a half-built store and a failed
rebuild leaves the old one as it was. The fingerprints and the list of approved
submissions are read *before* the values: whatever changes while the values
stream in shows up as a difference at the next freshness check, never as a store
that looks fresh but is not.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from habitat_monitor.progress.store import source
from habitat_monitor.progress.store.loading import (
    create_tables,
    insert_values,
    stamp_build,
    write_place_totals,
    write_small_tables,
)
from habitat_monitor.progress.store.location import (
    building,
    discard,
    replace,
    scratch_path,
    store_path,
)

# Called with the values written so far and the total expected (None when unknown).
BuildProgress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class BuildResult:
    path: Path
    rows: int
    submissions: int
    seconds: float

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "rows": self.rows,
            "submissions": self.submissions,
            "seconds": round(self.seconds, 3),
        }


def build_store(progress: BuildProgress | None = None, *, path: Path | None = None) -> BuildResult:
    """Rebuild the store from scratch (one rebuild at a time; others wait for it)."""
    path = path or store_path()
    with building(path):
        return build_unlocked(path, progress)


def build_unlocked(path: Path, progress: BuildProgress | None = None) -> BuildResult:
    """The rebuild itself; the caller holds ``location.building``."""
    started = time.perf_counter()
    prints = source.fingerprints()
    submissions = source.approved_submissions()
    counted: source.Progress | None = None
    if progress is not None:
        total = source.approved_value_count()
        progress(0, total)

        def counted(done: int) -> None:
            progress(done, total)

    scratch = scratch_path(path)
    try:
        con = duckdb.connect(str(scratch))
        try:
            # Rows need no particular order: DuckDB may then write them in parallel.
            con.execute("SET preserve_insertion_order = false")
            create_tables(con)
            write_small_tables(con)
            rows = insert_values(con, submissions, only_these=False, progress=counted)
            write_place_totals(con)
            stamp_build(con, prints)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        replace(scratch, path)
    except BaseException:
        discard(scratch)
        raise
    seconds = time.perf_counter() - started
    return BuildResult(path, rows, submissions.num_rows, seconds)
