"""The assessment spreadsheet of a round: its columns, writing it, reading its rows (pure).

The rules, in words:

* One row per assessment. The header row holds stable column names (codes, never
  translated), so a workbook filled in Chinese imports like one filled in English;
  the "Help" sheet explains each column in the language of whoever downloaded it.
* Columns: ``country`` (ISO alpha-3) and ``city`` (its English name, empty for the
  country itself); ``name`` and ``status`` for reading only (ignored on import);
  for each item of the plan's typology its score (the item code, 0-4) and its
  evidence note (``evidence:<item>``); sector challenges in numbered slots
  (``sector_1``, ``sector_1_severity``, ``sector_1_note``); shocks likewise
  (``shock_1_kind``, ``shock_1_severity``, ``shock_1_ongoing``,
  ``shock_1_description``); ``priorities`` (codes separated by ``;``) and
  ``social_inclusion``. Any number of slots is read; the template offers three
  (more when an assessment already has more).
* A column the importer does not know is an error (a typo is never ignored), and
  so is a missing ``country``, ``social_inclusion`` or required item column.
* A row that names only its place (nothing else filled) is skipped: the template
  lists the places still to assess, and leaving them is not a mistake.
* ``ongoing`` reads yes/no, true/false, 1/0 (empty is no). Everything else is checked
  by ``inputs.validate``; each of its problems is reported at the column it concerns.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from habitat_monitor.core.translated import gettext_noop, pick
from habitat_monitor.plans.framework import Typology
from habitat_monitor.reporting.validation import CellError
from habitat_monitor.typology.inputs import (
    SHOCK_KINDS,
    AssessmentInput,
    AssessmentInvalid,
    validate,
)

XLSX_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA_SHEET: Final = "assessments"
HELP_SHEET: Final = "Help"
MIN_SLOTS: Final = 3
# Validation reaches this many rows below the last filled one, for new rows.
SPARE_ROWS: Final = 200
PLACE_COLUMNS: Final = ("country", "city")
INFO_COLUMNS: Final = ("name", "status")
SLOT: Final = re.compile(
    r"(?:sector_(?P<sector>[1-9][0-9]*)(?P<sector_part>|_severity|_note)"
    r"|shock_(?P<shock>[1-9][0-9]*)_(?P<shock_part>kind|severity|ongoing|description))"
)
# A Chinese keyboard types full-width commas and semicolons (U+FF0C, U+FF1B).
PRIORITY_SEPARATORS: Final = re.compile("[;,\uff0c\uff1b\\s]+")
YES: Final = frozenset({"yes", "y", "true", "1", "是"})
NO: Final = frozenset({"no", "n", "false", "0", "否", ""})

Translate = Callable[[str], str]


@dataclass(frozen=True)
class Column:
    """A column of the template: its stable name, what it holds (for validation and
    the help sheet) and its help text in the reader's language."""

    name: str
    kind: str  # place, info, score, note, sector, severity, text, kind, ongoing, priorities
    help: str
    width: int = 14


def columns(
    typology: Typology,
    language: str,
    _: Translate,
    sectors: int = MIN_SLOTS,
    shocks: int = MIN_SLOTS,
) -> list[Column]:
    """Every column of the template, in order, with help in ``language`` (``_``: gettext)."""
    scale = "; ".join(f"{n} {pick(text, language)}" for n, text in typology.scale.items())
    found = [
        Column("country", "place", _("Country code, ISO alpha-3 (KEN, IND...). Required."), 10),
        Column("city", "place", _("City (its English name); empty to assess the country."), 16),
        Column("name", "info", _("Name of the place: for reading only, ignored on import."), 24),
        Column("status", "info", _("Draft or final: for reading only, ignored on import."), 10),
    ]
    for item in typology.items:
        title = pick(item.title, language)
        need = _("Required.") if item.required else _("Optional.")
        score = _("score 0-4")  # outside the f-string, where makemessages finds it
        found.append(Column(item.code, "score", f"{title}: {score} ({scale}). {need}"))
        note = _("Evidence for the score of %(item)s (optional).") % {"item": title}
        found.append(Column(f"evidence:{item.code}", "note", note, 30))
    for n in range(1, sectors + 1):
        found += [
            Column(
                f"sector_{n}", "sector", _("Sector challenge: the sector (homelessness...)."), 18
            ),
            Column(f"sector_{n}_severity", "severity", _("Severity of that challenge, 0-4.")),
            Column(f"sector_{n}_note", "note", _("Note on that challenge (optional)."), 24),
        ]
    for n in range(1, shocks + 1):
        found += [
            Column(f"shock_{n}_kind", "kind", _("Shock or crisis: natural or man_made.")),
            Column(f"shock_{n}_severity", "severity", _("Severity of that shock, 0-4.")),
            Column(f"shock_{n}_ongoing", "ongoing", _("Is it ongoing? yes or no.")),
            Column(f"shock_{n}_description", "note", _("What the shock is (drought...)."), 24),
        ]
    found += [
        Column(
            "priorities",
            "priorities",
            _("Priority domains of change and outcomes: codes separated by ; (1; 2.3)."),
            16,
        ),
        Column(
            "social_inclusion",
            "text",
            _(
                "Social-inclusion notes: human rights, gender, children, youth, older "
                "persons, disability. Required."
            ),
            40,
        ),
    ]
    return found


def slots(stored: Sequence[Mapping[str, Any]]) -> int:
    """How many slots the template offers for entries like ``stored``'s longest list."""
    return max([MIN_SLOTS, *(len(entry) for entry in stored)])


def row_values(place: Mapping[str, str], inputs: Mapping[str, Any]) -> dict[str, object]:
    """An assessment (stored as ``AssessmentInput.as_dict``) as cells by column name."""
    cells: dict[str, object] = dict(place)
    cells.update(inputs.get("scores", {}))
    cells.update({f"evidence:{code}": text for code, text in inputs.get("evidence", {}).items()})
    for n, challenge in enumerate(inputs.get("sector_challenges", []), start=1):
        cells[f"sector_{n}"] = challenge.get("sector", "")
        cells[f"sector_{n}_severity"] = challenge.get("severity")
        cells[f"sector_{n}_note"] = challenge.get("note", "")
    for n, shock in enumerate(inputs.get("shocks", []), start=1):
        cells[f"shock_{n}_kind"] = shock.get("kind", "")
        cells[f"shock_{n}_severity"] = shock.get("severity")
        cells[f"shock_{n}_ongoing"] = "yes" if shock.get("ongoing") else "no"
        cells[f"shock_{n}_description"] = shock.get("description", "")
    cells["priorities"] = "; ".join(inputs.get("priorities", []))
    cells["social_inclusion"] = inputs.get("social_inclusion", "")
    return cells


def _append(sheet: Any, values: Sequence[object]) -> None:
    """A row whose text stays text: "=1+1" in a note is stored as a string, never as a
    formula, and without the apostrophe a CSV needs, so the note imports back unchanged."""
    row = sheet.max_row + 1  # each sheet has its header row before any _append
    for index, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=index)
        if value is None or isinstance(value, bool | int | float):
            cell.value = value
        else:
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
            cell.data_type = "s"


def _validations(sheet: Any, found: list[Column], last_row: int) -> None:
    checks = {
        "score": DataValidation(type="whole", operator="between", formula1="0", formula2="4"),
        "kind": DataValidation(type="list", formula1='"' + ",".join(SHOCK_KINDS) + '"'),
        "ongoing": DataValidation(type="list", formula1='"yes,no"'),
    }
    checks["severity"] = checks["score"]
    for check in {id(c): c for c in checks.values()}.values():
        check.allow_blank = True
        check.showErrorMessage = True
        sheet.add_data_validation(check)
    for index, column in enumerate(found, start=1):
        if column.kind in checks:
            letter = get_column_letter(index)
            checks[column.kind].add(f"{letter}2:{letter}{last_row}")


def write_workbook(
    found: list[Column], rows: Sequence[Mapping[str, object]], help_title: Sequence[str]
) -> bytes:
    """The template: the data sheet (header, one row per assessment, validation of the
    0-4, kind and ongoing cells) and the help sheet (``help_title``: its two headings)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append([column.name for column in found])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        _append(sheet, [row.get(column.name) for column in found])
    for index, column in enumerate(found, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind == "priorities":
            # Text, so that Excel keeps "1.10" and does not read "2; 3" as a date.
            for (cell,) in sheet.iter_rows(
                min_row=2, max_row=len(rows) + SPARE_ROWS, min_col=index, max_col=index
            ):
                cell.number_format = "@"
    sheet.freeze_panes = "C2"
    _validations(sheet, found, len(rows) + SPARE_ROWS)
    helper = workbook.create_sheet(HELP_SHEET)
    helper.append(list(help_title))
    for cell in helper[1]:
        cell.font = Font(bold=True)
    for column in found:
        _append(helper, [column.name, column.help])
    helper.column_dimensions["A"].width = 26
    helper.column_dimensions["B"].width = 100
    for (cell,) in helper.iter_rows(min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading ----------------------------------------------------------------------------


def check_header(headers: Sequence[str], typology: Typology) -> list[CellError]:
    """Problems of the header row: unknown columns, and required ones that are missing."""
    codes = {item.code for item in typology.items}
    known = {*PLACE_COLUMNS, *INFO_COLUMNS, "priorities", "social_inclusion"}
    known |= codes | {f"evidence:{code}" for code in codes}
    unknown = gettext_noop("unknown column: see the Help sheet for the columns read")
    errors = [
        CellError.worded(1, name, name, unknown)
        for name in headers
        if name not in known and not SLOT.fullmatch(name)
    ]
    required = ["country", *(i.code for i in typology.items if i.required)]
    if typology.social_inclusion_required:
        required.append("social_inclusion")
    missing = gettext_noop("the '%(column)s' column is missing")
    errors += [
        CellError.worded(1, name, "", missing, {"column": name})
        for name in required
        if name not in headers
    ]
    return errors


@dataclass
class RowInput:
    """One row read: its place, its checked input (None if it has problems), its problems."""

    row: int
    country: str
    city: str
    checked: AssessmentInput | None
    errors: list[CellError] = field(default_factory=list)


def _slots(cells: Mapping[str, str], group: str) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {}
    for name, value in cells.items():
        match = SLOT.fullmatch(name)
        if match and match.group(group) and value.strip():
            part = match.group(f"{group}_part").lstrip("_") or "sector"
            found.setdefault(int(match.group(group)), {})[part] = value.strip()
    return dict(sorted(found.items()))


def _column(where: str, sectors: list[int], shocks: list[int]) -> str:
    """The column a problem of ``inputs.validate`` (``scores.governance``...) concerns."""
    parts = where.split(".")
    if parts[0] == "scores" and len(parts) > 1:
        return parts[1]
    if parts[0] == "evidence" and len(parts) > 1:
        return f"evidence:{parts[1]}"
    if parts[0] == "sector_challenges" and len(parts) == 3:
        part = "" if parts[2] == "sector" else f"_{parts[2]}"
        return f"sector_{sectors[int(parts[1])]}{part}"
    if parts[0] == "shocks" and len(parts) == 3:
        return f"shock_{shocks[int(parts[1])]}_{parts[2]}"
    return parts[0]


def read_row(
    number: int, cells: Mapping[str, str], typology: Typology, priorities: set[str]
) -> RowInput | None:
    """The row's assessment checked against ``typology``, or None for a row naming only
    its place. Problems name the row, the column, the cell's text and the reason."""
    filled = {k: v.strip() for k, v in cells.items() if k not in INFO_COLUMNS}
    if not any(v for k, v in filled.items() if k not in PLACE_COLUMNS):
        return None
    result = RowInput(number, filled.get("country", "").upper(), filled.get("city", ""), None)
    codes = [item.code for item in typology.items]
    sectors, shocks = _slots(filled, "sector"), _slots(filled, "shock")
    for n, shock in shocks.items():
        ongoing = shock.get("ongoing", "").casefold()
        if ongoing not in YES | NO:
            result.errors.append(
                CellError.worded(
                    number,
                    f"shock_{n}_ongoing",
                    shock["ongoing"],
                    gettext_noop("say yes or no, not %(value)s"),
                    {"value": shock["ongoing"]},
                )
            )
        shock["ongoing"] = ongoing in YES  # type: ignore[assignment]
    data = {
        "scores": {code: filled[code] for code in codes if code in filled},
        "evidence": {c: filled[f"evidence:{c}"] for c in codes if f"evidence:{c}" in filled},
        "sector_challenges": list(sectors.values()),
        "shocks": list(shocks.values()),
        "priorities": [p for p in PRIORITY_SEPARATORS.split(filled.get("priorities", "")) if p],
        "social_inclusion": filled.get("social_inclusion", ""),
    }
    try:
        result.checked = validate(data, typology, priorities)
    except AssessmentInvalid as error:
        for problem in error.problems:
            column = _column(problem.field, list(sectors), list(shocks))
            value = (
                problem.params.get("code", "") if column == "priorities" else cells.get(column, "")
            )
            # The column names the slot as the spreadsheet numbers it (sector_1, not .0).
            params = {**problem.params, "field": column}
            result.errors.append(CellError.worded(number, column, value, problem.template, params))
    if result.errors:
        result.checked = None
    return result
