"""The public progress pages: plan, domain, outcome, office, country. Thin: each
reads ``?year=``, asks ``data`` for the page's dict and answers in the chosen format."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from habitat_monitor.progress import exports
from habitat_monitor.progress.views import data, twins


def _framework(request: HttpRequest, fmt: str | None, name: str, **part: str) -> HttpResponse:
    plan = data.plan_or_404()
    year = data.parse_year(request.GET.get("year"), plan)
    return twins.respond(
        request,
        fmt,
        lambda: data.framework_data(plan, year, **part),
        template="progress/framework.html",
        rows=exports.framework_rows,
        filename=name,
    )


def plan_page(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    return _framework(request, fmt, "progress")


def domain_page(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    return _framework(request, fmt, f"progress-domain-{code}", domain=code)


def outcome_page(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    return _framework(request, fmt, f"progress-outcome-{code}", outcome=code)


def _place(request: HttpRequest, fmt: str | None, kind: str, code: str) -> HttpResponse:
    plan = data.plan_or_404()
    year = data.parse_year(request.GET.get("year"), plan)
    return twins.respond(
        request,
        fmt,
        lambda: data.place_data(plan, year, kind=kind, code=code, user=request.user),
        template="progress/place.html",
        rows=exports.place_rows,
        filename=f"progress-{kind}-{code}",
    )


def office_page(request: HttpRequest, code: str, fmt: str | None = None) -> HttpResponse:
    return _place(request, fmt, "office", code)


def country_page(request: HttpRequest, alpha3: str, fmt: str | None = None) -> HttpResponse:
    return _place(request, fmt, "country", alpha3)
