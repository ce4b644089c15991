"""django-tasks on Celery: tasks run unchanged, and a task whose worker keeps dying is
given up with its job marked failed, never left running. Celery runs eagerly here
(in this process, no broker); the real worker and broker are in the stack benchmark."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django_tasks import task

from habitat_monitor.core.celery import app
from habitat_monitor.core.celery_tasks import CeleryBackend, give_up, run_task
from habitat_monitor.reporting.models import ImportJob, Submission


@task()
def write_text(path: str, text: str) -> str:
    Path(path).write_text(text)
    return text


@pytest.fixture
def eager(settings: Any) -> Iterator[None]:
    settings.CELERY_BROKER_URL = "memory://"
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_enqueued_task_runs_after_the_commit(
    eager: None, tmp_path: Path, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    """The backend hands the task to Celery by its path once the transaction commits
    (the worker must find the rows it is about); the worker side runs it."""
    target = tmp_path / "out.txt"
    with django_capture_on_commit_callbacks(execute=True):
        result = CeleryBackend("default", {}).enqueue(write_text, [str(target), "done"], {})
        assert not target.exists()
    assert target.read_text() == "done"
    assert result.args == [str(target), "done"]


def test_task_started_too_often_is_given_up(eager: None, tmp_path: Path, settings: Any) -> None:
    """After HM_TASK_ATTEMPTS starts (the worker died each time) the task does not run again."""
    settings.TASK_ATTEMPTS = 2
    target = tmp_path / "out.txt"
    for n in range(3):
        run_task.apply(args=(write_text.module_path, [str(target), f"run {n}"], {}), task_id="t1")
    assert target.read_text() == "run 1"


def test_giving_up_marks_the_import_failed(content: None, settings: Any) -> None:
    """An import whose task is given up is marked failed with the reason; a finished one
    is left as it is."""
    submission = Submission.objects.get(office__code="IND", period__code="2022")
    job = ImportJob.objects.create(
        submission=submission, file="imports/x.csv", original_name="x.csv", size=1
    )
    path = "habitat_monitor.reporting.tasks.run_import_job"
    assert give_up(path, [job.pk], "The worker stopped.") == 1
    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "The worker stopped.")
    assert job.finished_at is not None
    assert give_up(path, [job.pk], "again") == 0
