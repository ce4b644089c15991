"""Background tasks of the reporting app (run by `habitat-monitor db_worker`)."""

from __future__ import annotations

from django_tasks import task

from habitat_monitor.reporting.models import ImportJob


@task()
def run_import_job(job_id: int) -> str:
    from habitat_monitor.reporting.services.jobs import run_job

    job = run_job(ImportJob.objects.select_related("submission", "created_by").get(pk=job_id))
    return str(job.status)
