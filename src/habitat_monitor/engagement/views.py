"""Partner directory, flagship and platform pages, each with its data twins.

A view gathers one page dict (``pages``, ``platform_pages``) and answers it as
HTML, JSON, CSV or XLSX; writes stay in ``services`` (the admin and the API)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from habitat_monitor.engagement import exports, pages, platform_pages
from habitat_monitor.engagement.charts import reach_chart
from habitat_monitor.engagement.models import Flagship, Partner, Platform
from habitat_monitor.portal.contrast import high_contrast

Page = dict[str, Any]
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _answer(
    request: HttpRequest,
    fmt: str,
    page: Page,
    template: str,
    rows: Callable[[Page], exports.Rows] | None = None,
    filename: str = "",
) -> HttpResponse:
    if fmt == "html":
        return render(request, template, {"page": page})
    if fmt == "json":
        return JsonResponse(page, json_dumps_params={"ensure_ascii": False})
    if rows is None or fmt not in CONTENT_TYPES:
        raise Http404(_("There is no such format."))
    table = rows(page)
    body = exports.as_csv(table) if fmt == "csv" else exports.as_xlsx(table, sheet_title=filename)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def partner_list(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    page = pages.partner_directory(request.GET.get("type", ""), request.GET.get("country", ""))
    return _answer(
        request, fmt, page, "engagement/partner_list.html", exports.partner_rows, "partners"
    )


def partner_detail(request: HttpRequest, code: str, fmt: str = "html") -> HttpResponse:
    partner = get_object_or_404(Partner.objects.select_related("type", "country"), code=code)
    page = pages.partner_detail(partner, request.user)
    return _answer(request, fmt, page, "engagement/partner_detail.html")


def flagship_list(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    return _answer(request, fmt, pages.flagship_list(), "engagement/flagship_list.html")


def flagship_detail(request: HttpRequest, code: str, fmt: str = "html") -> HttpResponse:
    flagship = get_object_or_404(Flagship, code=code)
    page = pages.flagship_detail(flagship, request.user)
    return _answer(request, fmt, page, "engagement/flagship_detail.html")


def platform_list(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    page = platform_pages.platform_list()
    return _answer(request, fmt, page, "engagement/platform_list.html")


def platform_detail(request: HttpRequest, code: str, fmt: str = "html") -> HttpResponse:
    platform = get_object_or_404(Platform, code=code)
    page = platform_pages.platform_detail(platform)
    if fmt == "html":
        chart = reach_chart(page, high_contrast=high_contrast(request))
        return render(request, "engagement/platform_detail.html", {"page": page, "chart": chart})
    return _answer(
        request,
        fmt,
        page,
        "engagement/platform_detail.html",
        exports.reach_rows,
        f"platform-{code}-reach",
    )
