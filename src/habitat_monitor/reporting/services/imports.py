"""Importing a spreadsheet into a submission (page, CLI and background task)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from habitat_monitor.reporting.errors import ValuesRejected
from habitat_monitor.reporting.models import Submission
from habitat_monitor.reporting.services.values import (
    SaveResult,
    _ensure_editable,
    check_rows,
    checker_for,
    write_values,
)
from habitat_monitor.reporting.tabular import TableError, open_table
from habitat_monitor.reporting.validation import CellError, check_headers

# Called with a stage ("checking" or "writing") and how many rows so far.
Progress = Callable[[str, int], None]


def _rows(table: Any, progress: Progress | None) -> Iterator[tuple[int, dict[str, str]]]:
    for count, row in enumerate(table, start=1):
        if progress is not None and count % 1000 == 0:
            progress("checking", count)
        yield row.number, row.cells


def import_file(
    submission: Submission,
    path: Path,
    *,
    actor: Any,
    decimal_comma: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    before_commit: Callable[[], None] | None = None,
) -> SaveResult:
    """Check every row of the file, then write all or nothing.

    Raises ValuesRejected listing every problem (row, column, value, reason)."""
    _ensure_editable(submission, actor)
    checker = checker_for(submission, decimal_comma=decimal_comma)
    try:
        with open_table(path) as table:
            header_errors = check_headers(table.headers)
            if header_errors:
                raise ValuesRejected(header_errors)
            clean = check_rows(checker, _rows(table, progress))
    except TableError as error:
        raise ValuesRejected(
            [CellError(error.row or 1, error.column or "", "", error.message)]
        ) from None
    reason = f"imported from {path.name}"
    if progress is not None:
        progress("writing", len(clean))
    return write_values(
        submission,
        clean,
        actor=actor,
        dry_run=dry_run,
        reason=reason,
        before_commit=before_commit,
    )
