"""The board report page (``/reports/``): choose year, language, format and figures;
the report is built in the background; the job page shows its progress (htmx polls
the status partial) and then the download link. M&E officers only: others get 403."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.progress.views.data import plan_or_404
from habitat_monitor.reports import services
from habitat_monitor.reports.figures import ReportError
from habitat_monitor.reports.forms import ReportForm
from habitat_monitor.reports.models import ReportJob

STAGES = {
    "figures": gettext_lazy("Reading the figures"),
    "progress": gettext_lazy("Writing the progress chapters"),
    "typology": gettext_lazy("Writing the needs-typology chapter"),
    "engagement": gettext_lazy("Writing the flagship, outreach and partnership chapter"),
    "writing": gettext_lazy("Writing the file"),
    "done": gettext_lazy("Done"),
}


def _allowed(request: HttpRequest) -> None:
    # Anonymous visitors are refused too (not sent to sign in): the page is for officers.
    if not request.user.has_perm("reports.view_reportjob"):
        raise NotAllowed(_("Only M&E officers produce board reports."))


def report_page(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    plan = plan_or_404()
    form = ReportForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = services.queue_report(
                actor=request.user,
                year=data["year"],
                language=data["language"],
                fmt=data["format"],
                draft=data["draft"],
                include_unapproved=data["include_unapproved"],
            )
        except ReportError as error:
            form.add_error(None, str(error))
        else:
            return redirect(job)
    jobs = ReportJob.objects.filter(plan=plan).select_related("created_by")[:20]
    context = {"form": form, "jobs": [job_data(job) for job in jobs], "plan": plan}
    return render(request, "reports/index.html", context)


def job_data(job: ReportJob) -> dict[str, Any]:
    """A job as the page, its status partial and its JSON twin show it."""
    ready = job.status == ReportJob.Status.DONE and services.job_file(job) is not None
    return {
        "id": job.pk,
        "year": job.year,
        "language": job.language,
        "language_label": job.get_language_display(),
        "format": job.format,
        "format_label": job.get_format_display(),
        "draft": job.draft,
        "include_unapproved": job.include_unapproved,
        "status": job.status,
        "status_label": job.get_status_display(),
        "stage": job.stage,
        "stage_label": str(STAGES.get(job.stage, "")),
        "percent": job.percent,
        "finished": job.finished,
        "file_name": job.file_name,
        "size": job.size,
        "illustrative": job.illustrative,
        "message": job.message,
        "created_by": job.created_by.get_username() if job.created_by else None,
        "created_at": job.created_at.isoformat(),
        "url": job.get_absolute_url(),
        "download": f"{job.get_absolute_url()}download/" if ready else None,
    }


def _job(request: HttpRequest, pk: int) -> ReportJob:
    _allowed(request)
    return get_object_or_404(ReportJob.objects.select_related("created_by", "plan"), pk=pk)


def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "reports/job.html", {"job": job_data(job)})


def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    data = job_data(_job(request, pk))
    if request.GET.get("format") == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    return render(request, "reports/_job_status.html", {"job": data})


def download(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    path = services.job_file(job)
    if path is None:
        raise Http404(_("This report has no file (yet): see its page."))
    response = FileResponse(path.open("rb"), as_attachment=True, filename=job.file_name)
    response["Content-Type"] = services.CONTENT_TYPES[job.format]
    return response
