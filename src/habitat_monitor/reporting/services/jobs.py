"""Large imports in the background: queue a job, run it in a worker, show progress.

The import itself runs in one transaction (all or nothing), so its progress is
written to a small file beside the database (``HM_VAR_DIR/jobs/<id>.json``) that
the page reads while the job runs; the outcome is saved on the job when it ends.
Problems are kept with their message templates and shown in the reader's language.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.reporting.errors import ValuesRejected, WorkflowError
from habitat_monitor.reporting.messages import stored_problem
from habitat_monitor.reporting.models import ImportJob, Submission
from habitat_monitor.reporting.services.imports import import_file

SHOWN_PROBLEMS = 1000


def progress_path(job_id: int) -> Path:
    return Path(settings.VAR_DIR) / "jobs" / f"{job_id}.json"


def read_progress(job: ImportJob) -> dict[str, Any]:
    try:
        return dict(json.loads(progress_path(job.pk).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {"stage": str(job.status), "rows": 0}


def queue_import(
    submission: Submission,
    upload: UploadedFile,
    *,
    actor: Any,
    decimal_comma: bool = False,
    dry_run: bool = False,
) -> ImportJob:
    """Keep the file and queue its import; the worker runs ``run_import_job``."""
    from habitat_monitor.reporting.tasks import run_import_job

    if not actor.has_perm("reporting.change_submission", submission):
        raise NotAllowed(_("You may not change this office's values."))
    job = ImportJob.objects.create(
        submission=submission,
        file=upload,
        original_name=(upload.name or "values")[:255],
        size=upload.size or 0,
        decimal_comma=decimal_comma,
        dry_run=dry_run,
        created_by=actor,
    )
    run_import_job.enqueue(job.pk)
    return job


def run_job(job: ImportJob) -> ImportJob:
    """Run a queued import (called by the worker)."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    path = progress_path(job.pk)
    path.parent.mkdir(parents=True, exist_ok=True)
    last = 0.0

    def progress(stage: str, rows: int) -> None:
        nonlocal last
        if stage == "writing" or time.monotonic() - last > 0.5:
            path.write_text(json.dumps({"stage": stage, "rows": rows}), encoding="utf-8")
            last = time.monotonic()

    try:
        result = import_file(
            job.submission,
            Path(job.file.path),
            actor=job.created_by,
            decimal_comma=job.decimal_comma,
            dry_run=job.dry_run,
            progress=progress,
        )
    except ValuesRejected as rejected:
        job.status = ImportJob.Status.REJECTED
        job.problems = [stored_problem(error) for error in rejected.errors[:SHOWN_PROBLEMS]]
        job.problem_count = len(rejected.errors)
    except (WorkflowError, NotAllowed) as error:
        job.status, job.message = ImportJob.Status.FAILED, str(error)
    else:
        job.status, job.result = ImportJob.Status.DONE, result.as_dict()
    job.finished_at = timezone.now()
    job.save()
    path.unlink(missing_ok=True)
    return job
