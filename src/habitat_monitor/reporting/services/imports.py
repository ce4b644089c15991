"""Importing a spreadsheet into a submission (page, CLI and background task)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from habitat_monitor.reporting.errors import ValuesRejected
from habitat_monitor.reporting.fastcheck import MIN_BYTES, plain_csv
from habitat_monitor.reporting.models import Submission
from habitat_monitor.reporting.services.values import (
    Progress,
    SaveResult,
    _ensure_editable,
    save_values,
)
from habitat_monitor.reporting.tabular import Table, TableError, open_table
from habitat_monitor.reporting.validation import CellError, check_headers


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
    min_bytes: int = MIN_BYTES,
) -> SaveResult:
    """Check every row of the file, then write all or nothing, streaming.

    Raises ValuesRejected listing every problem (row, column, value, reason)."""
    _ensure_editable(submission, actor)
    try:
        with open_table(path) as table:
            header_errors = check_headers(table.headers)
            if header_errors:
                raise ValuesRejected(header_errors)
            # XLSX numbers are numbers: only text files have a decimal separator.
            decimal_comma = decimal_comma and table.format == "csv"
            plain = plain_csv(
                path,
                table.headers,
                table.delimiter if table.format == "csv" and table.encoding == "utf-8" else None,
                decimal_comma=decimal_comma,
                min_bytes=min_bytes,
            )
            return save_values(
                submission,
                plain or _rows(table),
                actor=actor,
                decimal_comma=decimal_comma,
                dry_run=dry_run,
                reason=f"imported from {path.name}",
                source=path.name,
                sha256=file_sha256(path),
                progress=progress,
                before_commit=before_commit,
            )
    except TableError as error:
        raise ValuesRejected(
            [CellError.worded(error.row or 1, error.column or "", "", error.template, error.params)]
        ) from None
