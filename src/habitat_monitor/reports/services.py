"""Building board reports: to a file (the command), or queued for a page (a task).

``write_report`` is the one function that builds a report to a file: gather the
figures, build the model, write HTML, PDF or DOCX. The file appears whole or not at
all (written beside its name, then renamed), so a reader never gets half a PDF.

``queue_report`` (M&E officers only) records a ``ReportJob`` and queues
``tasks.run_report_job``; the worker calls ``run_job``, which builds the file under
``HM_VAR_DIR/reports/`` and records the outcome and the progress on the job (the
page polls it). Jobs are audited: who asked for which report of which figures.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from habitat_monitor.core.audit import stamp
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.reports.build import Progress, build_report
from habitat_monitor.reports.docx_writer import write_docx
from habitat_monitor.reports.figures import ReportError, ReportOptions, plan_for
from habitat_monitor.reports.html import render_html
from habitat_monitor.reports.models import ReportJob
from habitat_monitor.reports.pdf import write_pdf

FORMATS = ("html", "pdf", "docx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Written:
    """What ``write_report`` made: the file, and the facts a caller reports."""

    path: Path
    format: str
    size: int
    seconds: float
    illustrative: bool
    publication: int | None
    left_out: int
    included: int


def file_name(plan: str, options: ReportOptions, fmt: str) -> str:
    return f"{plan}-board-report-{options.year}-{options.language}.{fmt}"


def write_report(
    options: ReportOptions, fmt: str, target: Path, *, step: Progress | None = None
) -> Written:
    """Build the board report of ``options`` as ``fmt`` into ``target``.
    Raises ``ReportError`` (no such year, nothing published...)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    started = time.perf_counter()
    report, figures = build_report(options, step)
    if step is not None:
        step("writing", 85)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        if fmt == "docx":
            write_docx(report, partial)
        else:
            html = render_html(report)
            if fmt == "html":
                partial.write_text(html, encoding="utf-8")
            else:
                write_pdf(report, partial, html=html)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    if step is not None:
        step("done", 100)
    return Written(
        path=target,
        format=fmt,
        size=target.stat().st_size,
        seconds=time.perf_counter() - started,
        illustrative=bool(report.notice),
        publication=figures.publication.number if figures.publication else None,
        left_out=sum(row["values"] for row in figures.pending if not row["counted"]),
        included=sum(row["values"] for row in figures.pending if row["counted"]),
    )


def reports_dir() -> Path:
    return Path(settings.VAR_DIR) / "reports"


def job_file(job: ReportJob) -> Path | None:
    """The job's file, when it was made and is still there."""
    if not job.path:
        return None
    path = reports_dir() / job.path
    return path if path.is_file() else None


def queue_report(
    *,
    actor: Any,
    year: int,
    language: str,
    fmt: str,
    draft: bool = False,
    include_unapproved: bool = False,
) -> ReportJob:
    """Record and queue a board report (M&E officers only); the worker builds it."""
    from habitat_monitor.reports.tasks import run_report_job

    if not actor.has_perm("reports.add_reportjob"):
        raise NotAllowed(_("Only M&E officers produce board reports."))
    options = ReportOptions(
        year=year, language=language, draft=draft, include_unapproved=include_unapproved
    )
    plan = plan_for(options)
    job = ReportJob(
        plan=plan,
        year=year,
        language=language,
        format=fmt,
        draft=options.live,
        include_unapproved=include_unapproved,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stamp(job, actor=actor, reason="board report queued")
    with transaction.atomic():
        job.save()
        run_report_job.enqueue(job.pk)
    return job


def _progress(job: ReportJob) -> Progress:
    def step(stage: str, percent: int) -> None:
        # An update, not a save: progress is not worth a line in the audit trail.
        ReportJob.objects.filter(pk=job.pk).update(stage=stage, percent=percent)

    return step


def run_job(job: ReportJob) -> ReportJob:
    """Build a queued report (called by the worker) and record the outcome."""
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, percent=1)
    options = ReportOptions(
        year=job.year,
        language=job.language,
        draft=job.draft,
        include_unapproved=job.include_unapproved,
        plan=job.plan.code,
    )
    name = file_name(job.plan.code, options, job.format)
    relative = Path(f"{job.pk:06d}-{secrets.token_hex(4)}") / name
    try:
        written = write_report(options, job.format, reports_dir() / relative, step=_progress(job))
    except ReportError as error:
        job.status, job.message = ReportJob.Status.FAILED, str(error)
    except Exception as error:  # the page must say it failed, whatever went wrong
        log.exception("board report %s failed", job.pk)
        job.status = ReportJob.Status.FAILED
        job.message = _("The report could not be built: %(error)s") % {"error": error}
    else:
        job.status = ReportJob.Status.DONE
        job.file_name, job.path, job.size = name, str(relative), written.size
        job.illustrative = written.illustrative
    job.refresh_from_db(fields=["stage", "percent"])
    job.finished_at = timezone.now()
    stamp(job, actor=job.created_by, reason=f"board report {job.status}")
    job.save()
    return job
