"""Spreadsheet import: the template round trip, all-or-nothing, re-imports, encodings."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from habitat_monitor.reporting.errors import ValuesRejected
from habitat_monitor.reporting.models import Submission
from habitat_monitor.reporting.services.imports import import_file
from habitat_monitor.reporting.services.templates import template_bytes

ROOT = Path(__file__).resolve().parents[2]


def _filled_template(submission: Submission) -> list[list[str]]:
    """The CSV template with every total line filled with a valid value."""
    content, _type = template_bytes(submission, "csv")
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header = table[0]
    value_at = header.index("value")
    breakdown_columns = [
        i
        for i, name in enumerate(header)
        if name in ("sex", "age", "region", "disability", "urban_rural", "income")
    ]
    for line in table[1:]:
        if not any(line[i] for i in breakdown_columns):
            line[value_at] = "1"
    return table


def _write(
    path: Path, table: list[list[str]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(table)
    return path


def test_template_round_trip_and_reimport(draft: Submission, focal: Any, tmp_path: Path) -> None:
    """The template, filled in, imports; the same file again changes nothing; a
    corrected file changes only what differs."""
    table = _filled_template(draft)
    filled = sum(1 for line in table[1:] if line[table[0].index("value")])
    path = _write(tmp_path / "egypt.csv", table)
    first = import_file(draft, path, actor=focal)
    assert (first.added, first.changed, first.unchanged) == (filled, 0, 0)
    again = import_file(draft, path, actor=focal)
    assert (again.added, again.changed, again.unchanged) == (0, 0, filled)
    table[1][table[0].index("value")] = "2"
    corrected = import_file(draft, _write(tmp_path / "egypt-2.csv", table), actor=focal)
    assert (corrected.added, corrected.changed, corrected.unchanged) == (0, 1, filled - 1)
    batches = [(b.source, b.sha256, b.added, b.changed, b.unchanged) for b in draft.batches.all()]
    assert batches == [
        ("egypt.csv", hashlib.sha256(path.read_bytes()).hexdigest(), filled, 0, 0),
        ("egypt.csv", hashlib.sha256(path.read_bytes()).hexdigest(), 0, 0, filled),
        ("egypt-2.csv", batches[2][1], 0, 1, filled - 1),
    ]


def test_one_bad_row_writes_nothing(draft: Submission, focal: Any, tmp_path: Path) -> None:
    """Every problem is listed with its row; not one value is written."""
    table = _filled_template(draft)
    value_at = table[0].index("value")
    table[2][value_at] = "lots"
    table[5][value_at] = "-4"
    with pytest.raises(ValuesRejected) as rejected:
        import_file(draft, _write(tmp_path / "bad.csv", table), actor=focal)
    rows = sorted({error.row for error in rejected.value.errors})
    assert rows[:1] == [3]
    assert draft.values.count() == 0


def test_dry_run_writes_nothing(draft: Submission, focal: Any, tmp_path: Path) -> None:
    result = import_file(
        draft, _write(tmp_path / "a.csv", _filled_template(draft)), actor=focal, dry_run=True
    )
    assert result.added > 0 and result.dry_run
    assert draft.values.count() == 0


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8-sig", ","), ("utf-16", "\t"), ("utf-8", ";")]
)
def test_excel_encodings_and_separators(
    draft: Submission, focal: Any, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    """UTF-8 with a BOM, Excel's UTF-16 'Unicode text' and semicolons all read the same."""
    table = _filled_template(draft)
    path = _write(tmp_path / "x.csv", table, encoding=encoding, delimiter=delimiter)
    assert import_file(draft, path, actor=focal).added > 0


def test_latin1_file_is_a_clear_error(draft: Submission, focal: Any, tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("indicator,value,note\nG1,1,caf\xe9\n".encode("latin-1"))
    with pytest.raises(ValuesRejected) as rejected:
        import_file(draft, path, actor=focal)
    assert "UTF-8" in rejected.value.errors[0].reason


def test_xlsx_template_imports(draft: Submission, focal: Any, tmp_path: Path) -> None:
    """The XLSX template, filled in Excel-style, imports the same way."""
    content, _type = template_bytes(draft, "xlsx")
    path = tmp_path / "t.xlsx"
    path.write_bytes(content)
    book = load_workbook(path)
    sheet = book["values"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("value") + 1, value=42)
    book.save(path)
    result = import_file(draft, path, actor=focal)
    assert result.added == 1
    assert draft.values.get().value == 42


def test_import_page_lists_problems(
    draft: Submission, focal: Any, client: Client, tmp_path: Path
) -> None:
    """The page shows row, column, value and reason for each problem."""
    table = _filled_template(draft)
    table[1][table[0].index("value")] = "12,5"
    client.force_login(focal)
    with _write(tmp_path / "p.csv", table).open("rb") as handle:
        page = client.post(
            f"/reporting/submissions/{draft.pk}/import/", {"file": handle}
        ).content.decode()
    assert "nothing was imported" in page
    assert "12,5" in page and "ambiguous" in page


def test_command_line_import(transactional_db: None, tmp_path: Path) -> None:
    """`habitat-monitor import` prints every problem and exits 1, or the counts."""
    from tests.conftest import database_url, ensure_content

    ensure_content()
    submission = Submission.objects.get(office__code="IND", period__code="2022")
    table = _filled_template(submission)
    good = _write(tmp_path / "ind.csv", table)
    env = {**os.environ, "HM_DATABASE_URL": database_url()}
    command = [
        str(Path(sys.executable).with_name("habitat-monitor")),
        "import",
        str(good),
        "--office",
        "IND",
        "--period",
        "2022",
        "--dry-run",
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "a dry run: nothing was written to IND 2022" in done.stdout
    table[1][table[0].index("value")] = "N/A?"
    command[2] = str(_write(tmp_path / "bad.csv", table))
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 1
    assert "row 2, value = 'N/A?'" in done.stdout
