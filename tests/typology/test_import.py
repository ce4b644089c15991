"""The round's spreadsheet: template, import all-or-nothing, dry run, idempotence, CLI.

Every bad row is reported with its row, column, value and reason, and nothing is
written while any row is bad; importing the same file twice adds no history.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from habitat_monitor.geo.models import Country
from habitat_monitor.typology.models import Assessment, AssessmentRound
from habitat_monitor.typology.services.assessments import finalise_assessment
from habitat_monitor.typology.services.imports import ImportRejected, import_assessments
from tests.audit import history_count
from tests.factories import client_for, user_for_role
from tests.typology.conftest import make_assessment
from tests.typology.helpers import ITEMS, SOCIAL, score_map

pytestmark = pytest.mark.django_db


def _template(client: Any, assessment_round: AssessmentRound) -> Workbook:
    response = client.get(f"/typology/rounds/{assessment_round.code}/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def _fill(book: Workbook, country: str, cells: dict[str, Any], *, new: bool = False) -> None:
    """Fill the row of ``country`` (appended when the template has none, or ``new``)."""
    sheet = book["assessments"]
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == country and not row[1].value and "city" not in cells and not new:
            break
    else:
        sheet.append([country])
        row = sheet[sheet.max_row]
    for name, value in cells.items():
        sheet.cell(row=row[0].row, column=headers.index(name) + 1, value=value)


def _kenya(**changes: Any) -> dict[str, Any]:
    cells: dict[str, Any] = {**score_map(capacity=(2, 1)), "social_inclusion": SOCIAL}
    cells.update(
        {
            "evidence:capacity_local": "Two planners for a million people.",
            "sector_1": "homelessness",
            "sector_1_severity": 3,
            "shock_1_kind": "natural",
            "shock_1_severity": 2,
            "shock_1_ongoing": "yes",
            "shock_1_description": "drought",
            "priorities": "1; 2.2",
        }
    )
    cells.update(changes)
    return cells


def _upload(client: Any, code: str, book: Workbook | bytes, dry_run: bool = False) -> Any:
    content = book if isinstance(book, bytes) else _bytes(book)
    upload = io.BytesIO(content)
    upload.name = "filled.xlsx"
    data = {"file": upload, **({"dry_run": "on"} if dry_run else {})}
    return client.post(f"/typology/rounds/{code}/import/", data)


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_template_has_stable_columns_help_and_validation(
    test_round: AssessmentRound, assessor: Any
) -> None:
    book = _template(client_for(assessor), test_round)
    assert book.sheetnames == ["assessments", "Help"]
    headers = [cell.value for cell in book["assessments"][1]]
    assert headers[:4] == ["country", "city", "name", "status"]
    for code in ITEMS:
        assert code in headers and f"evidence:{code}" in headers
    assert {"sector_3_severity", "shock_3_ongoing", "priorities"} <= set(headers)
    assert headers[-1] == "social_inclusion"
    rows = {row[0].value for row in book["assessments"].iter_rows(min_row=2)}
    assert {"KEN", "IND"} <= rows  # places with a country office, still to assess
    ranges = [str(v.sqref) for v in book["assessments"].data_validations.dataValidation]
    governance = headers.index("governance") + 1
    assert any(f"{get_column_letter(governance)}2:" in r for r in ranges)
    help_rows = {row[0].value: row[1].value for row in book["Help"].iter_rows(min_row=2)}
    assert help_rows["governance"].startswith("Governance: score 0-4")
    assert set(help_rows) == set(headers)


def test_the_help_sheet_speaks_the_users_language(
    test_round: AssessmentRound, assessor: Any
) -> None:
    client = client_for(assessor)
    response = client.get(
        f"/typology/rounds/{test_round.code}/template.xlsx", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    book = load_workbook(io.BytesIO(response.content))
    help_rows = {row[0].value: row[1].value for row in book["Help"].iter_rows(min_row=2)}
    assert help_rows["governance"].startswith("治理")
    assert book["assessments"]["A1"].value == "country"  # never translated


def test_round_trip_dry_run_then_import_then_idempotent(
    test_round: AssessmentRound, assessor: Any
) -> None:
    client = client_for(assessor)
    book = _template(client, test_round)
    _fill(book, "KEN", _kenya(sector_1_note="- two"))
    _fill(book, "KEN", {**_kenya(), "city": "Nairobi", "shock_1_ongoing": "no"})
    _fill(book, "IND", {**score_map(), "social_inclusion": SOCIAL, "priorities": "1"})

    checked = _upload(client, test_round.code, book, dry_run=True)
    assert "3 added, 0 changed, 0 unchanged" in checked.content.decode()
    assert not Assessment.objects.filter(round=test_round).exists()

    done = _upload(client, test_round.code, book)
    assert "3 added, 0 changed, 0 unchanged" in done.content.decode()
    kenya = Assessment.objects.get(round=test_round, country__alpha3="KEN", city=None)
    assert kenya.scores == score_map(capacity=(2, 1))
    assert kenya.evidence == {"capacity_local": "Two planners for a million people."}
    assert kenya.sector_challenges == [{"sector": "homelessness", "severity": 3, "note": "- two"}]
    assert kenya.shocks == [
        {"kind": "natural", "severity": 2, "ongoing": True, "description": "drought"}
    ]
    assert kenya.priorities == ["1", "2.2"]
    assert (kenya.category, kenya.status, kenya.assessor) == (2, "draft", assessor)
    assert kenya.history.first().history_change_reason == "imported from filled.xlsx"
    nairobi = Assessment.objects.get(round=test_round, city__name__en="Nairobi")
    assert nairobi.shocks[0]["ongoing"] is False

    histories = {a.pk: history_count(a) for a in Assessment.objects.filter(round=test_round)}
    again = _upload(client, test_round.code, book)
    assert "0 added, 0 changed, 3 unchanged" in again.content.decode()
    # The template downloaded now holds what is stored: importing it changes nothing.
    fresh = _template(client, test_round)
    assert (
        "0 added, 0 changed, 3 unchanged"
        in _upload(client, test_round.code, fresh).content.decode()
    )
    assert {
        a.pk: history_count(a) for a in Assessment.objects.filter(round=test_round)
    } == histories

    _fill(fresh, "IND", {"governance": 2})
    assert (
        "0 added, 1 changed, 2 unchanged"
        in _upload(client, test_round.code, fresh).content.decode()
    )


def test_notes_that_look_like_formulas_stay_text(
    test_round: AssessmentRound, assessor: Any
) -> None:
    kenya = make_assessment(test_round, actor=assessor, evidence={"governance": "=HYPERLINK(1)"})
    client = client_for(assessor)
    book = _template(client, test_round)
    headers = [cell.value for cell in book["assessments"][1]]
    cell = book["assessments"].cell(row=2, column=headers.index("evidence:governance") + 1)
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")
    response = _upload(client, test_round.code, book)
    assert "0 added, 0 changed, 1 unchanged" in response.content.decode()
    assert history_count(kenya) == 1


def _problems(response: Any) -> list[tuple[str, str, str]]:
    """(row, column, value) of each problem in the page's table."""
    html = response.content.decode()
    cells = re.findall(
        r'<tr><td class="number">(\d+)</td><th scope="row">([^<]*)</th><td>([^<]*)</td>', html
    )
    return [(row, column, value) for row, column, value in cells]


def test_every_bad_row_is_reported_and_nothing_is_written(
    test_round: AssessmentRound, assessor: Any
) -> None:
    client = client_for(assessor)
    book = _template(client, test_round)
    _fill(book, "KEN", _kenya(governance=5, sector_1_severity="high"))
    _fill(book, "IND", {**score_map(), "social_inclusion": ""})
    _fill(book, "XXX", {**score_map(), "social_inclusion": SOCIAL})
    _fill(book, "EGY", {**score_map(), "social_inclusion": SOCIAL, "shock_2_kind": "flood"})
    _fill(
        book,
        "EGY",
        {**score_map(), "social_inclusion": SOCIAL, "shock_1_ongoing": "maybe"},
        new=True,
    )
    response = _upload(client, test_round.code, book)
    html = response.content.decode()
    assert "problems: nothing was imported" in html
    found = _problems(response)
    rows = {name: n for n, name in enumerate(c.value for c in book["assessments"]["A"])}
    ken, ind = str(rows["KEN"] + 1), str(rows["IND"] + 1)
    assert (ken, "governance", "5") in found
    assert (ken, "sector_1_severity", "high") in found
    assert (ind, "social_inclusion", "") in found
    assert any(column == "country" and value == "XXX" for _row, column, value in found)
    assert any(column == "shock_2_kind" and value == "flood" for _row, column, value in found)
    assert any(column == "shock_1_ongoing" and value == "maybe" for _row, column, value in found)
    assert "the same place is already on row" in html
    assert "sector_1_severity: the severity must be a whole number from 0 to 4" in html
    assert "notes on social inclusion are required" in html
    assert "not a country code" in html
    assert not Assessment.objects.filter(round=test_round).exists()


def test_a_wrong_header_is_reported_by_column(test_round: AssessmentRound, assessor: Any) -> None:
    client = client_for(assessor)
    book = _template(client, test_round)
    sheet = book["assessments"]
    for cell in sheet[1]:
        if cell.value == "governance":
            cell.value = "governence"
    _fill(book, "KEN", {"social_inclusion": SOCIAL})
    found = _problems(_upload(client, test_round.code, book))
    assert ("1", "governence", "governence") in found
    assert ("1", "governance", "") in found
    assert not Assessment.objects.filter(round=test_round).exists()


def test_a_file_that_is_not_a_workbook_is_refused(
    test_round: AssessmentRound, assessor: Any
) -> None:
    response = _upload(client_for(assessor), test_round.code, b"country,governance\nKEN,3\n")
    assert "This is not an Excel workbook" in response.content.decode()
    damaged = _upload(client_for(assessor), test_round.code, b"PK\x03\x04not really a zip")
    assert "not an Excel workbook" in damaged.content.decode()
    assert not Assessment.objects.filter(round=test_round).exists()


def test_final_assessments_and_other_countries_are_refused(
    test_round: AssessmentRound, assessor: Any, officer: Any
) -> None:
    kenya = make_assessment(test_round, actor=assessor)
    finalise_assessment(kenya, actor=officer)
    focal = user_for_role("focal_own")  # a focal point for Kenya only
    book = _template(client_for(assessor), test_round)
    _fill(book, "KEN", {"governance": 1})
    _fill(book, "IND", {**score_map(), "social_inclusion": SOCIAL})
    found = _problems(_upload(client_for(focal), test_round.code, book))
    assert [column for _row, column, _value in found] == ["country", "country"]
    html = _upload(client_for(focal), test_round.code, book).content.decode()
    assert "this assessment is final" in html and "you may not assess IND" in html
    assert Assessment.objects.filter(round=test_round).count() == 1
    kenya.refresh_from_db()
    assert kenya.scores["governance"] == 3


def test_who_may_not_assess_gets_403(test_round: AssessmentRound) -> None:
    viewer = client_for(user_for_role("viewer"))
    assert viewer.get(f"/typology/rounds/{test_round.code}/import/").status_code == 403
    assert viewer.get(f"/typology/rounds/{test_round.code}/template.xlsx").status_code == 403
    assert _upload(viewer, test_round.code, b"PK\x03\x04").status_code == 403
    anonymous = client_for(None).get(f"/typology/rounds/{test_round.code}/import/")
    assert anonymous.status_code == 302


def test_the_command_imports_with_dry_run_and_reports_problems(
    test_round: AssessmentRound, assessor: Any, tmp_path: Path, capsys: Any
) -> None:
    book = _template(client_for(assessor), test_round)
    _fill(book, "KEN", _kenya())
    path = tmp_path / "filled.xlsx"
    path.write_bytes(_bytes(book))
    out = io.StringIO()
    call_command("typology", "import", str(path), "--round", "T-2024", "--dry-run", stdout=out)
    assert "Dry run, nothing written: 1 added" in out.getvalue()
    assert not Assessment.objects.filter(round=test_round).exists()

    out = io.StringIO()
    args = ("--round", "T-2024", "--user", assessor.username, "--format", "json")
    call_command("typology", "import", str(path), *args, stdout=out)
    assert json.loads(out.getvalue())["added"] == 1
    assert Assessment.objects.get(round=test_round).assessor == assessor

    _fill(book, "IND", {**score_map(), "governance": 7, "social_inclusion": SOCIAL})
    path.write_bytes(_bytes(book))
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("typology", "import", str(path), "--round", "T-2024", stderr=err)
    assert exit_status.value.code == 1
    assert "column governance: '7':" in err.getvalue()
    assert "1 problem(s): nothing was imported" in err.getvalue()


def test_the_service_rejects_with_cell_errors(
    test_round: AssessmentRound, assessor: Any, tmp_path: Path
) -> None:
    book = _template(client_for(assessor), test_round)
    _fill(book, "KEN", _kenya(priorities="1; 9.9"))
    path = tmp_path / "filled.xlsx"
    path.write_bytes(_bytes(book))
    with pytest.raises(ImportRejected) as caught:
        import_assessments(test_round, path, actor=assessor)
    [error] = caught.value.errors
    assert (error.column, error.value) == ("priorities", "9.9")
    assert Country.objects.filter(alpha3="KEN").exists()
    assert not Assessment.objects.filter(round=test_round).exists()
