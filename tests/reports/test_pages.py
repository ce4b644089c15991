"""The board report page: an M&E officer queues a report, the background worker
builds it, the job page shows progress and then the download; others are refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from habitat_monitor.reports.models import ReportJob
from tests.conftest import database_url, ensure_content
from tests.factories import client_for, user_for_role

ROOT = Path(__file__).resolve().parents[2]
FORM = {"year": "2021", "language": "zh", "format": "pdf", "figures": "published"}


def _worker() -> subprocess.CompletedProcess[str]:
    """Run `habitat-monitor db_worker --batch`: every queued task, then exit."""
    env = {**os.environ, "HM_DATABASE_URL": database_url()}
    command = [
        str(Path(sys.executable).with_name("habitat-monitor")),
        "db_worker",
        "--batch",
        "--no-startup-delay",
    ]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def test_an_officer_queues_a_report_and_downloads_it(transactional_db: None) -> None:
    ensure_content()
    officer = user_for_role("officer")
    client = client_for(officer)
    page = client.get("/reports/")
    assert page.status_code == 200 and b"Board progress report" in page.content
    response = client.post("/reports/", FORM)
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/jobs/{job.pk}/"
    assert job.created_by == officer and job.history.first().history_user == officer
    waiting = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "queued" in waiting
    done = _worker()
    assert done.returncode == 0, done.stderr
    job.refresh_from_db()
    assert job.status == "done", job.message
    assert job.percent == 100 and job.illustrative
    status = client.get(f"/reports/jobs/{job.pk}/status/").content.decode()
    assert "hx-trigger" not in status and f"/reports/jobs/{job.pk}/download/" in status
    data = client.get(f"/reports/jobs/{job.pk}/status/?format=json").json()
    assert data["status"] == "done" and data["file_name"].endswith("-2021-zh.pdf")
    download = client.get(f"/reports/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_failed_report_says_why(content: None) -> None:
    """Published figures asked for when there is no publication: the form says so."""
    from habitat_monitor.progress.models import Publication

    Publication.objects.all().delete()
    client = client_for(user_for_role("officer"))
    page = client.post("/reports/", FORM).content.decode()
    assert "Nothing has been published yet" in page
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "viewer", "focal_own", "author"])
def test_others_are_refused(content: None, role: str) -> None:
    client = client_for(user_for_role(role))
    assert client.get("/reports/").status_code == 403
    assert client.post("/reports/", FORM).status_code == 403
    assert not ReportJob.objects.exists()


def test_others_cannot_see_or_download_a_job(content: None) -> None:
    job = ReportJob.objects.create(
        plan_id=ReportJob._meta.get_field("plan").related_model.objects.get().pk,
        year=2021,
        language="en",
        format="pdf",
    )
    for role in ("anonymous", "focal_own"):
        client = client_for(user_for_role(role))
        for suffix in ("", "status/", "download/"):
            assert client.get(f"/reports/jobs/{job.pk}/{suffix}").status_code == 403
