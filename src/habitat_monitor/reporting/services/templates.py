"""The spreadsheet template of a submission: one row per value the office may report."""

from __future__ import annotations

from typing import Any

from habitat_monitor.reporting.disaggregation import CATEGORIES
from habitat_monitor.reporting.models import Submission
from habitat_monitor.reporting.queries import entry_grid
from habitat_monitor.reporting.tabular import write_csv, write_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOTES = (
    "One row per value. Fill the 'value' column; leave a row out (or its value empty) "
    "when there is nothing to report: an empty value is missing, not zero.",
    "Columns 'statement' and 'unit' are for reading only and are ignored on import.",
    "Percentages: 0-100. Counts: whole numbers. Yes/no: yes or no.",
    "Numbers use a point for decimals (12.5) unless you tick 'decimal comma' on import.",
    "Values in this demonstration are illustrative.",
)


def template_rows(submission: Submission) -> tuple[list[str], list[list[Any]]]:
    grid = entry_grid(submission)
    dimensions = [
        d
        for d in CATEGORIES
        if any(line["breakdown"].startswith(f"{d}=") for block in grid for line in block["lines"])
    ]
    headers = ["indicator", "statement", "unit", "country", "city", *dimensions, "value", "note"]
    rows = []
    for block in grid:
        for line in block["lines"]:
            parts = dict([line["breakdown"].split("=", 1)]) if line["breakdown"] else {}
            rows.append(
                [
                    block["indicator"],
                    block["statement"],
                    block["unit"],
                    block["country"],
                    "",
                    *[parts.get(d, "") for d in dimensions],
                    line["value"],
                    line["note"],
                ]
            )
    return headers, rows


def template_bytes(submission: Submission, kind: str) -> tuple[bytes, str]:
    headers, rows = template_rows(submission)
    if kind == "csv":
        return write_csv(headers, rows), "text/csv; charset=utf-8"
    return write_xlsx(headers, rows, sheet_title="values", notes=NOTES), XLSX_TYPE
