"""CSV and XLSX twins of the pages: the page dict's numbers as rows.

Written by ``reporting.tabular`` (UTF-8 with BOM, CRLF, text cells that a
spreadsheet would run as a formula neutralised). Headers are stable English names;
an ``illustrative`` column says which rows were invented for the demonstration.
Contacts are never exported.
"""

from __future__ import annotations

from typing import Any

from habitat_monitor.reporting.tabular import write_csv, write_xlsx

Rows = tuple[list[str], list[list[Any]]]

PARTNER_COLUMNS = [
    "code", "name", "acronym", "type", "type_title", "country", "country_name",
    "website", "description", "illustrative",
]  # fmt: skip
REACH_COLUMNS = ["platform", "year", "events", "reach_direct", "reach_indirect", "illustrative"]


def partner_rows(page: dict[str, Any]) -> Rows:
    return PARTNER_COLUMNS, [[row[c] for c in PARTNER_COLUMNS] for row in page["partners"]]


def reach_rows(page: dict[str, Any]) -> Rows:
    code = page["platform"]["code"]
    rows = [[code] + [row[c] for c in REACH_COLUMNS[1:]] for row in page["reach_by_year"]]
    return REACH_COLUMNS, rows


def as_csv(rows: Rows) -> bytes:
    return write_csv(*rows)


def as_xlsx(rows: Rows, *, sheet_title: str) -> bytes:
    notes = ["Rows marked illustrative were invented for the demonstration."]
    return write_xlsx(rows[0], rows[1], sheet_title=sheet_title, notes=notes)
