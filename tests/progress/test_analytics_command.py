"""`habitat-monitor analytics rebuild|status`."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from habitat_monitor.reporting.models import Submission, Value
from tests.progress.store_helpers import store

pytestmark = pytest.mark.django_db
__all__ = ["store"]  # a fixture


def run(*args: str) -> str:
    out = StringIO()
    call_command("analytics", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_rebuild_prints_rows_and_seconds(store: Path) -> None:
    """The text says how many values, from how many submissions, how long, and where."""
    approved = Value.objects.filter(submission__status="approved").count()
    submissions = Submission.objects.filter(status="approved").count()
    text = run("rebuild")
    assert text.startswith(f"{approved:,} values from {submissions} approved submissions in ")
    assert text.strip().endswith(str(store))
    data = json.loads(run("rebuild", "--format", "json"))
    assert (data["rows"], data["submissions"], data["path"]) == (approved, submissions, str(store))
    assert data["seconds"] >= 0


def test_status_says_fresh_or_stale(store: Path) -> None:
    """Fresh after a build; stale with the reason once an approval was missed."""
    lines = dict(line.split(":", 1) for line in run("status").splitlines())
    assert lines["path"].strip() == str(store)
    assert lines["state"].strip() == "fresh"
    Submission.objects.filter(status="approved").first().delete()  # type: ignore[union-attr]
    data = json.loads(run("status", "--format", "json"))
    assert data["fresh"] is False and "approved or reopened" in data["reason"]


def test_status_of_a_missing_store(store: Path) -> None:
    store.unlink()
    assert "missing" in run("status")
    assert json.loads(run("status", "--format", "json"))["exists"] is False
