"""Background tasks of the reports app (run by `habitat-monitor db_worker`)."""

from __future__ import annotations

from django_tasks import task

from habitat_monitor.reports.models import ReportJob


@task()
def run_report_job(job_id: int) -> str:
    from habitat_monitor.reports.services import run_job

    job = run_job(ReportJob.objects.select_related("plan", "created_by").get(pk=job_id))
    return str(job.status)
