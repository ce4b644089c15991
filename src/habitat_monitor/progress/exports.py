"""CSV twins of the progress pages: the same numbers as the page's JSON, as rows.

Each function takes the page's plain dict (``progress.views.data``) and returns the
header and the rows; ``csv_bytes`` writes them with ``reporting.tabular.write_csv``:
UTF-8 with a byte-order mark, CRLF line ends, and every text cell passed through
``csv_safe``, so that text starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return cannot run as a spreadsheet formula (OWASP "CSV injection"). Numbers
are written in their shortest exact form (``format_number``), so a cell reads back
as exactly the JSON's number; a missing value is an empty cell, never 0.

Headers are stable English column names (for scripts); an ``illustrative`` column
says ``true`` on every line whose figures were invented for the demonstration.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from habitat_monitor.reporting.tabular import csv_safe, write_csv

Rows = tuple[list[str], list[list[Any]]]

FRAMEWORK_COLUMNS = [
    "plan", "year", "indicator", "statement", "level", "domain", "outcome", "unit",
    "value", "actual", "baseline", "target", "achievement_percent", "status",
    "method", "method_version", "end_year", "end_target", "projection_method",
    "projection_version", "projected", "likely", "illustrative",
]  # fmt: skip


def framework_rows(page: dict[str, Any]) -> Rows:
    """The plan, a domain or an outcome: one line per indicator."""
    method = page["about"]["method"]
    rows = []
    for row in page["indicators"]:
        projected = row["projection"] or {}
        rows.append(
            [
                page["plan"]["code"],
                page["year"],
                row["code"],
                row["statement"],
                row["level"],
                row["domain"],
                row["outcome"],
                row["unit"],
                row["value"],
                row["actual"],
                row["baseline"],
                row["target"],
                row["achievement"],
                row["status"],
                method["name"],
                method["version"],
                row["end_year"],
                row["end_target"],
                projected.get("method"),
                projected.get("version"),
                projected.get("projected"),
                row["likely"],
                row["illustrative"],
            ]
        )
    return FRAMEWORK_COLUMNS, rows


INDICATOR_COLUMNS = [
    "indicator", "year", "section", "kind", "level", "key", "name", "value", "target",
    "achievement_percent", "status", "likely", "method", "method_version", "formula",
    "illustrative",
]  # fmt: skip
SERIES_KINDS = ("baseline", "target", "value", "actual", "projection")


def indicator_rows(page: dict[str, Any]) -> Rows:
    """One indicator in long form: ``section`` series (``kind`` baseline, target,
    value, actual, projection per year), assessment, projection (one per method),
    place (``level`` and ``key``) and breakdown (``key``)."""
    code, year, invented = page["indicator"]["code"], page["year"], page["illustrative"]
    first = page["projections"][0] if page["projections"] else {}
    rows: list[list[Any]] = []

    def add(*cells: Any) -> None:
        rows.append([code, *cells, invented])

    for line in page["series"]:
        for kind in SERIES_KINDS:
            if line[kind] is None:
                continue
            method = (
                (first.get("method"), first.get("version")) if kind == "projection" else ("", "")
            )
            add(
                line["year"],
                "series",
                kind,
                "global",
                "",
                "",
                line[kind],
                None,
                None,
                "",
                "",
                *method,
                "",
            )
    a = page["assessment"]
    add(
        year,
        "assessment",
        "achievement",
        "global",
        "",
        "",
        a["inputs"]["actual"],
        a["inputs"]["target"],
        a["achievement"],
        a["status"],
        "",
        a["method"],
        a["version"],
        a["formula"],
    )
    for p in page["projections"]:
        add(
            page["end_year"],
            "projection",
            p["method"],
            "global",
            "",
            "",
            p["projected"],
            page["summary"]["end_target"],
            None,
            "",
            p["likely"],
            p["method"],
            p["version"],
            p["formula"],
        )
    for group in page["places"]:
        for place in group["rows"]:
            add(
                year,
                "place",
                "value",
                group["level"],
                place["key"],
                place["name"],
                place["value"],
                place["target"],
                place["achievement"],
                place["status"] or "",
                "",
                "",
                "",
                place["formula"],
            )
    for item in page["breakdowns"]:
        add(
            page["breakdown_year"],
            "breakdown",
            "value",
            "global",
            item["key"],
            item["label"],
            item["value"],
            None,
            None,
            "",
            "",
            "",
            "",
            item["formula"],
        )
    return INDICATOR_COLUMNS, rows


PLACE_COLUMNS = [
    "place_kind", "place", "year", "indicator", "statement", "unit", "value",
    "target", "achievement_percent", "status", "illustrative",
]  # fmt: skip


def place_rows(page: dict[str, Any]) -> Rows:
    """An office or a country: one line per indicator."""
    place = page["place"]
    rows = [
        [
            place["kind"],
            place["code"],
            page["year"],
            row["code"],
            row["statement"],
            row["unit"],
            row["value"],
            row["target"],
            row["achievement"],
            row["status"] or "",
            row["illustrative"],
        ]
        for row in page["indicators"]
    ]
    return PLACE_COLUMNS, rows


ATTENTION_COLUMNS = [
    "year", "indicator", "statement", "status", "likely", "reasons", "action_id",
    "action_status", "cause", "action", "owner", "due_date", "follow_up", "illustrative",
]  # fmt: skip


def attention_rows(page: dict[str, Any]) -> Rows:
    """Indicators needing attention: one line per open action (one with empty action
    cells for an indicator without any). Action text is user text: neutralised."""
    rows = []
    for row in page["indicators"]:
        head = [
            page["year"],
            row["code"],
            row["statement"],
            row["status"],
            row["likely"],
            " ".join(r["code"] for r in row["reasons"]),
        ]
        for action in row["actions"] or [None]:
            cells = _action_cells(action)
            rows.append([*head, *cells, row["illustrative"]])
    return ATTENTION_COLUMNS, rows


def _action_cells(action: dict[str, Any] | None) -> list[Any]:
    if action is None:
        return [None] * 7
    texts = [action[name] for name in ("cause", "action", "owner")]
    return [
        action["id"],
        action["status"],
        *(csv_safe(text) for text in texts),
        action["due_date"],
        csv_safe(action["follow_up"]),
    ]


def csv_bytes(table: Rows) -> bytes:
    headers, rows = table
    return write_csv(headers, _checked(rows, len(headers)))


def _checked(rows: Iterable[Sequence[Any]], width: int) -> Iterable[Sequence[Any]]:
    for row in rows:
        if len(row) != width:
            raise ValueError(f"a CSV row has {len(row)} cells, the header {width}")
        yield row
