"""Reporting pages: start page, entry form with inline errors, audit trail, evidence."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from habitat_monitor.core.roles import Role
from habitat_monitor.reporting.models import Assignment, Submission, Value
from tests.factories import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _kenya_focal(client: Client) -> Any:
    user = make_user(role=Role.FOCAL_POINT, offices=("KEN",))
    client.force_login(user)
    return user


def test_start_page_shows_every_state(content: None, client: Client) -> None:
    """Kenya's focal point sees approved, submitted and returned reports, and what is due."""
    _kenya_focal(client)
    page = client.get("/reporting/").content.decode()
    for state in ("status-approved", "status-returned", "status-submitted"):
        assert state in page
    assert "status-due" in page or "status-overdue" in page
    assert "Please attach the evidence" in page


def test_entry_form_shows_errors_inline_and_saves_nothing(
    draft: Submission, focal: Any, client: Client
) -> None:
    """A percentage of 150 is marked on its field; a good form saves and reports counts."""
    client.force_login(focal)
    url = f"/reporting/submissions/{draft.pk}/edit/"
    page = client.get(url).content.decode()
    assignment = (
        Assignment.objects.filter(
            office=draft.office, period=draft.period, indicator__measure="percent"
        )
        .select_related("indicator")
        .first()
    )
    field = f"value|{assignment.indicator.code}|EGY|"
    assert f'name="{field}"' in page
    response = client.post(url, {field: "150"})
    page = response.content.decode()
    assert "1 value needs correcting" in page
    assert 'aria-invalid="true"' in page and "between 0 and 100" in page
    assert not draft.values.exists()
    response = client.post(url, {field: "55"}, follow=True)
    assert "1 added, 0 changed, 0 unchanged" in response.content.decode()
    assert draft.values.get().value == 55


def test_audit_pages(content: None, client: Client) -> None:
    """The submission's audit trail lists each step and value change; each value has its own."""
    client.force_login(make_user(role=Role.ME_OFFICER))
    submission = Submission.objects.get(office__code="KEN", period__code="2022")
    page = client.get(f"/reporting/submissions/{submission.pk}/history/").content.decode()
    assert "returned: Please attach" in page
    data = client.get(f"/reporting/submissions/{submission.pk}/history/?format=json").json()
    assert [s["snapshot"]["status"] for s in data["steps"]][-2:] == ["submitted", "returned"]
    value = Value.objects.filter(submission=submission).first()
    page = client.get(f"/reporting/values/{value.pk}/history/").content.decode()
    assert "illustrative demo data" in page


def test_evidence_is_checked_by_content(draft: Submission, focal: Any, client: Client) -> None:
    """A real PDF is attached and downloads as an attachment; a program renamed .pdf is refused."""
    client.force_login(focal)
    url = f"/reporting/submissions/{draft.pk}/evidence/"
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")
    page = client.post(url, {"file": fake}).content.decode()
    assert "not accepted" in page
    assert not draft.evidence.exists()
    client.post(url, {"file": SimpleUploadedFile("report.pdf", PDF), "description": "survey"})
    item = draft.evidence.get()
    response = client.get(f"/reporting/evidence/{item.pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    other = Client()
    other.force_login(make_user(role=Role.FOCAL_POINT, offices=("IND",)))
    assert other.get(f"/reporting/evidence/{item.pk}/").status_code == 403


def test_review_queue_and_steps(content: None, client: Client) -> None:
    """An officer sees the queue and approves from the page; the page confirms."""
    client.force_login(make_user(role=Role.ME_OFFICER))
    waiting = Submission.objects.filter(status="submitted").first()
    assert (
        f"/reporting/submissions/{waiting.pk}/" in client.get("/reporting/review/").content.decode()
    )
    response = client.post(
        f"/reporting/submissions/{waiting.pk}/step/", {"action": "approve"}, follow=True
    )
    assert "Approved." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "approved"


def test_headquarters_enters_plan_wide_values_in_the_form(content: None, client: Client) -> None:
    """An office covering no country gets one plan-wide block per indicator, and its
    values are saved with the place left empty."""
    from habitat_monitor.geo.models import Office
    from habitat_monitor.reporting.models import ReportingPeriod
    from habitat_monitor.reporting.services.values import open_submission

    headquarters = Office.objects.get(kind=Office.Kind.HQ)
    focal = make_user(role=Role.FOCAL_POINT, offices=(headquarters.code,))
    period = ReportingPeriod.objects.get(plan__code="UNH-SP-2020-2023", code="2023")
    draft = open_submission(headquarters, period, actor=focal)
    assignment = (
        Assignment.objects.filter(office=headquarters, period=period, indicator__measure="count")
        .select_related("indicator")
        .first()
    )
    assert assignment is not None
    client.force_login(focal)
    url = f"/reporting/submissions/{draft.pk}/edit/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    field = f"value|{assignment.indicator.code}||"
    assert f'name="{field}"' in page and "plan-wide" in page
    response = client.post(url, {field: "12"}, follow=True)
    assert "1 added, 0 changed, 0 unchanged" in response.content.decode()
    saved = draft.values.get()
    assert (saved.place, saved.value) == ("", 12)
