"""Large imports in the background: queued from the page, run by a real worker process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.test import Client

from habitat_monitor.core.roles import Role
from habitat_monitor.reporting.models import ImportJob, Submission
from tests.conftest import database_url, ensure_content
from tests.factories import make_user
from tests.reporting.test_import import _filled_template, _write

ROOT = Path(__file__).resolve().parents[2]


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


def test_background_import_runs_in_the_worker(transactional_db: None, tmp_path: Path) -> None:
    """The page queues the import and shows it running; the worker writes the values;
    the status partial then shows the counts."""
    ensure_content()
    submission = Submission.objects.get(office__code="IND", period__code="2022")
    focal = make_user(role=Role.FOCAL_POINT, offices=("IND",))
    client = Client()
    client.force_login(focal)
    table = _filled_template(submission)
    table[1][table[0].index("value")] = "33"
    with _write(tmp_path / "india.csv", table).open("rb") as handle:
        response = client.post(
            f"/reporting/submissions/{submission.pk}/import/", {"file": handle, "background": "on"}
        )
    job = ImportJob.objects.get()
    assert response["Location"] == f"/reporting/imports/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page and "queued" in page
    done = _worker()
    assert done.returncode == 0, done.stderr
    job.refresh_from_db()
    assert job.status == "done", (job.message, job.problems)
    assert job.result["changed"] >= 1
    status = client.get(f"/reporting/imports/{job.pk}/status/").content.decode()
    assert "hx-trigger" not in status and "added" in status
    assert submission.values.filter(disaggregation="", value=33).exists()


def test_background_import_reports_every_problem(transactional_db: None, tmp_path: Path) -> None:
    """A bad file queued in the background is rejected with its problems; nothing written."""
    ensure_content()
    submission = Submission.objects.get(office__code="IND", period__code="2022")
    focal = make_user(role=Role.FOCAL_POINT, offices=("IND",))
    before = list(submission.values.values_list("id", "value"))
    table = _filled_template(submission)
    table[1][table[0].index("value")] = "lots"
    client = Client()
    client.force_login(focal)
    with _write(tmp_path / "bad.csv", table).open("rb") as handle:
        client.post(
            f"/reporting/submissions/{submission.pk}/import/", {"file": handle, "background": "on"}
        )
    assert _worker().returncode == 0
    job = ImportJob.objects.get()
    assert job.status == "rejected" and job.problem_count == 1
    assert job.problems[0]["value"] == "lots"
    assert list(submission.values.values_list("id", "value")) == before
