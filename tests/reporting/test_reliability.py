"""Reliability with real connections and real processes.

- Two reviewers approving the same submission at once: exactly one wins, the
  other is told it is already approved (two database connections).
- An import process killed while writing leaves no partial data.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from habitat_monitor.core.roles import Role
from habitat_monitor.reporting.errors import WorkflowError
from habitat_monitor.reporting.models import Submission
from habitat_monitor.reporting.services.workflow import approve_submission
from tests.conftest import database_url, ensure_content
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]


def test_two_reviewers_at_once_one_wins(transactional_db: None) -> None:
    """Reviewer A approves and keeps its transaction open a moment; reviewer B, on
    another connection, tries at the same time: B waits for A's lock, then is told
    the submission is already approved. Without the lock both would 'win'."""
    ensure_content()
    submission = Submission.objects.filter(status="submitted").first()
    first, second = make_user(role=Role.ME_OFFICER), make_user(role=Role.ME_OFFICER)
    a_has_approved = threading.Event()
    outcome: dict[str, Any] = {}

    def reviewer_a() -> None:
        try:
            with transaction.atomic():
                approve_submission(submission, actor=first)
                a_has_approved.set()
                time.sleep(1.0)  # B arrives while A's transaction is still open
            outcome["a"] = "approved"
        finally:
            connection.close()

    def reviewer_b() -> None:
        a_has_approved.wait(timeout=10)
        try:
            approve_submission(submission, actor=second)
            outcome["b"] = "approved"
        except WorkflowError as error:
            outcome["b"] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reviewer_a), threading.Thread(target=reviewer_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcome["a"] == "approved"
    assert "already approved" in outcome["b"] and first.username in outcome["b"]
    submission.refresh_from_db()
    assert submission.status == "approved" and submission.reviewed_by_id == first.pk
    assert submission.history.filter(status="approved").count() == 1


def _big_file(path: Path, submission: Submission) -> int:
    """Every cell the hub may report (all its countries, indicators and breakdowns)."""
    from habitat_monitor.reporting.queries import entry_grid

    lines = ["indicator,country,sex,age,disability,urban_rural,income,region,value"]
    for block in entry_grid(submission):
        if block["measure"] != "percent":
            continue
        for line in block["lines"]:
            parts = dict([line["breakdown"].split("=", 1)]) if line["breakdown"] else {}
            cells = [
                parts.get(d, "")
                for d in ("sex", "age", "disability", "urban_rural", "income", "region")
            ]
            lines.append(",".join([block["indicator"], block["country"], *cells, "50"]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def test_killed_import_leaves_nothing(transactional_db: None, tmp_path: Path) -> None:
    """An import process killed (SIGKILL) while it writes leaves no value behind."""
    ensure_content()
    submission = Submission.objects.get(office__code="PAC", period__code="2022")
    submission.values.all().delete()
    Submission.objects.filter(pk=submission.pk).update(status="draft")
    rows = _big_file(tmp_path / "pacific.csv", submission)
    assert rows > 500
    env = {**os.environ, "HM_DATABASE_URL": database_url()}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("habitat-monitor")),
            "import",
            str(tmp_path / "pacific.csv"),
            "--office",
            "PAC",
            "--period",
            "2022",
            "--hold-before-commit",
            "30",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 120
    seen = ""
    while "holding the transaction" not in seen and time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line and process.poll() is not None:
            break
        seen += line
    if "holding the transaction" not in seen:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"the import did not reach the hold: {seen}{err}{out}")
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert submission.values.count() == 0
