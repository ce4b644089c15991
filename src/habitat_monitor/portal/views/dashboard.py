"""The public dashboard (the home page) and its twins ``index.json`` / ``index.csv``."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from habitat_monitor.plans.queries import current_plan, framework_summary
from habitat_monitor.portal import dashboard
from habitat_monitor.portal.charts_for_pages import dashboard_charts
from habitat_monitor.portal.contrast import high_contrast
from habitat_monitor.progress import exports, publishing, visibility
from habitat_monitor.progress.views import twins


def home(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    plan = current_plan()
    chosen = twins.chosen_format(request, fmt)
    if plan is None or (visibility.current().published and publishing.latest(plan) is None):
        # Nothing to count yet: the plan itself (or the way to load one).
        summary = framework_summary(plan) if plan else None
        if chosen == "html":
            return render(request, "portal/home.html", {"plan": summary})
        if chosen == "csv":
            raise Http404(_("Nothing has been published yet."))
        page: dict[str, Any] = {"plan": summary, "published": False}
        return JsonResponse(page, json_dumps_params={"ensure_ascii": False})
    filters = dashboard.parse_filters(request.GET, plan)
    return twins.respond(
        request,
        chosen,
        lambda: dashboard.dashboard_data(plan, filters),
        template="portal/dashboard.html",
        rows=exports.framework_rows,
        filename="dashboard",
        context={"choices": dashboard.choices(plan)},
        extras=lambda page: dashboard_charts(page, high_contrast=high_contrast(request)),
    )
