"""Background work on a real Redis and a real Celery worker process (the production
stack's way): an import, the analytics refresh after an approval, and the
open-data ZIP of a publication all run in the worker, after the commit; the request
that caused them answers without waiting."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from habitat_monitor.core.celery import app
from habitat_monitor.core.roles import Role
from habitat_monitor.progress import publishing
from habitat_monitor.progress.store import build_store, store_path
from habitat_monitor.progress.store.loading import stored_submissions
from habitat_monitor.progress.store.location import reading
from habitat_monitor.reporting.models import Submission
from habitat_monitor.reporting.services.jobs import queue_import
from tests.conftest import database_url, ensure_content
from tests.factories import make_user, user_for_role
from tests.progress.test_publishing import _approve_a_2022_submission, _plan
from tests.reporting.test_import import _filled_template, _write

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(check: Callable[[], bool], what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    pytest.fail(f"gave up after {WAIT_SECONDS} s waiting for {what}\n{tail}")


def _new_connections() -> None:
    """Drop the producer pool, so the next message goes to the broker now configured."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is missing: apt-get install redis-server (make system-deps)")
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(folder)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"

    def answers() -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    try:
        _wait_for(answers, "redis-server")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def celery(broker: str, settings: Any, tmp_path: Path, transactional_db: None) -> Iterator[Path]:
    """This process sends tasks to Redis; a worker process runs them on the test
    database. Yields the worker's log file."""
    ensure_content()
    settings.TASKS_BACKEND = "celery"
    settings.CELERY_BROKER_URL = broker
    settings.TASKS = {"default": {"BACKEND": "habitat_monitor.core.celery_tasks.CeleryBackend"}}
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = broker, False
    _new_connections()
    log = tmp_path / "worker.log"
    env = {**os.environ, "HM_DATABASE_URL": database_url(), "HM_TASKS_BACKEND": "celery",
           "HM_CELERY_BROKER_URL": broker, "HM_VAR_DIR": str(django_settings.VAR_DIR)}  # fmt: skip
    command = [str(Path(sys.executable).with_name("celery")), "-A", "habitat_monitor.core.celery",
               "worker", "--pool", "solo", "--without-gossip", "--without-mingle",
               "--without-heartbeat", "--loglevel", "INFO"]  # fmt: skip
    with log.open("w") as sink:
        worker = subprocess.Popen(command, env=env, cwd=ROOT, stdout=sink, stderr=sink)
    try:
        _wait_for(lambda: "ready" in log.read_text(errors="replace"), "the worker", log)
        yield log
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        app.conf.broker_url, app.conf.task_always_eager = saved
        _new_connections()


def test_import_runs_in_the_celery_worker(celery: Path, tmp_path: Path) -> None:
    submission = Submission.objects.get(office__code="IND", period__code="2022")
    focal = make_user(role=Role.FOCAL_POINT, offices=("IND",))
    table = _filled_template(submission)
    table[1][table[0].index("value")] = "34"
    upload = SimpleUploadedFile("india.csv", _write(tmp_path / "india.csv", table).read_bytes())
    job = queue_import(submission, upload, actor=focal)

    def finished() -> bool:
        job.refresh_from_db()
        return job.status in ("done", "failed", "rejected")

    _wait_for(finished, "the import job", celery)
    assert job.status == "done", (job.message, job.problems)
    assert submission.values.filter(disaggregation="", value=34).exists()


def test_analytics_refresh_and_open_data_run_in_the_worker(celery: Path) -> None:
    """The approval returns before the store has the submission (the worker adds it);
    publishing returns before the ZIP exists (the worker writes it)."""
    build_store()
    submission = _approve_a_2022_submission()

    def in_store() -> bool:
        with reading(store_path()) as con:
            return submission.pk in stored_submissions(con)

    _wait_for(in_store, "the analytics refresh", celery)
    assert "refresh_analytics" in celery.read_text()

    publication = publishing.publish(_plan(), actor=user_for_role("officer"))
    zip_path = publishing.open_data_of(publication)
    _wait_for(zip_path.exists, "the open-data ZIP", celery)
    assert "write_publication_open_data" in celery.read_text()
