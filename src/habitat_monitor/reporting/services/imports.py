"""Importing a spreadsheet into a submission (page, CLI and background task)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from habitat_monitor.reporting.errors import ValuesRejected
from habitat_monitor.reporting.models import Submission
from habitat_monitor.reporting.services.values import SaveResult, _ensure_editable, save_values
from habitat_monitor.reporting.tabular import Table, TableError, open_table
from habitat_monitor.reporting.validation import CellError, check_headers

# Called with a stage ("checking" or "writing") and how many rows so far.
Progress = Callable[[str, int], None]


def _rows(table: Table) -> Iterator[tuple[int, dict[str, str]]]:
    for row in table:
        yield row.number, row.cells


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
    """Check every row of the file, then write all or nothing, streaming.

    Raises ValuesRejected listing every problem (row, column, value, reason)."""
    _ensure_editable(submission, actor)
    try:
        with open_table(path) as table:
            header_errors = check_headers(table.headers)
            if header_errors:
                raise ValuesRejected(header_errors)
            return save_values(
                submission,
                _rows(table),
                actor=actor,
                # XLSX numbers are numbers: only text files have a decimal separator.
                decimal_comma=decimal_comma and table.format == "csv",
                dry_run=dry_run,
                reason=f"imported from {path.name}",
                source=path.name,
                sha256=file_sha256(path),
                progress=progress,
                before_commit=before_commit,
            )
    except TableError as error:
        raise ValuesRejected(
            [CellError(error.row or 1, error.column or "", "", error.message)]
        ) from None
