"""A background import's page; htmx polls its status partial until it ends."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from habitat_monitor.reporting.messages import shown_problem
from habitat_monitor.reporting.models import ImportJob
from habitat_monitor.reporting.services.jobs import read_progress
from habitat_monitor.reporting.views.submissions import visible_submission


def _job(request: HttpRequest, pk: int) -> tuple[ImportJob, dict[str, object]]:
    job = get_object_or_404(ImportJob.objects.select_related("submission"), pk=pk)
    visible_submission(request, job.submission_id)
    data = {
        "id": job.pk,
        "file": job.original_name,
        "status": job.status,
        "status_label": job.get_status_display(),
        "finished": job.finished,
        "dry_run": job.dry_run,
        "progress": read_progress(job),
        "result": job.result,
        "problem_count": job.problem_count,
        "problems": [shown_problem(problem) for problem in job.problems or []],
        "message": job.message,
    }
    return job, data


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job, data = _job(request, pk)
    return render(request, "reporting/import_job.html", {"job": job, "data": data})


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    job, data = _job(request, pk)
    if request.GET.get("format") == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    return render(request, "reporting/_import_status.html", {"job": job, "data": data})
