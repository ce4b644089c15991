"""One page dict, three answers: HTML, JSON (``.json`` / ``?format=json``) and CSV
(``.csv`` / ``?format=csv``), so the twins hold exactly the page's numbers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from habitat_monitor.progress import exports
from habitat_monitor.progress.views import labels
from habitat_monitor.progress.views.data import ProgressUnavailable

Page = dict[str, Any]
FORMATS = ("html", "json", "csv")


def chosen_format(request: HttpRequest, fmt: str | None) -> str:
    chosen = fmt or request.GET.get("format") or "html"
    if chosen not in FORMATS:
        raise Http404(_("There is no such format."))
    return chosen


def respond(
    request: HttpRequest,
    fmt: str | None,
    build: Callable[[], Page],
    *,
    template: str,
    rows: Callable[[Page], exports.Rows],
    filename: str,
    context: dict[str, Any] | None = None,
    extras: Callable[[Page], dict[str, Any]] | None = None,
) -> HttpResponse:
    """The page (``build()``) in the chosen format; 503 if the figures cannot be read.
    The CSV is named ``<filename>-<year>.csv``. ``extras(page)`` adds what only the
    HTML needs (charts, for instance) to the template's context."""
    chosen = chosen_format(request, fmt)
    try:
        page = build()
    except ProgressUnavailable as error:
        return unavailable(request, chosen, error.detail)
    if chosen == "json":
        return JsonResponse(page, json_dumps_params={"ensure_ascii": False})
    if chosen == "csv":
        response = HttpResponse(
            exports.csv_bytes(rows(page)), content_type="text/csv; charset=utf-8"
        )
        name = re.sub(r"[^A-Za-z0-9._-]", "_", f"{filename}-{page['year']}")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    extra = {"page": page, "status_columns": labels.status_columns()}
    if extras is not None:
        extra |= extras(page)
    return render(request, template, extra | (context or {}))


def unavailable(
    request: HttpRequest, chosen: str = "html", detail: str | None = None
) -> HttpResponse:
    """503: the analytics store is busy (a rebuild) or unreadable; nothing is lost.
    ``detail`` replaces the usual "try again" (a published copy that is missing)."""
    message = detail or _(
        "The progress figures are being recalculated. Please try again in a minute."
    )
    if chosen == "html":
        response = render(request, "progress/unavailable.html", {"message": message}, status=503)
    else:
        response = JsonResponse({"status": 503, "detail": message}, status=503)
    response["Retry-After"] = "30"
    return response
