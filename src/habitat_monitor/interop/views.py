"""The open-data page and the export downloads (thin: ``source`` and ``formats`` do
the work). Anonymous visitors get the latest publication; members with a role get
what their pages show (the live draft, or ``?view=published``, or a pinned
``?publication=N``), decided by ``progress.visibility`` as for every page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from habitat_monitor.geo.models import Country
from habitat_monitor.interop.formats import FORMATS, file_name
from habitat_monitor.interop.source import NothingToExport, dataset
from habitat_monitor.plans.models import Indicator
from habitat_monitor.progress import publishing
from habitat_monitor.progress.store.snapshot import SnapshotUnreadable
from habitat_monitor.progress.views.data import plan_or_404
from habitat_monitor.progress.views.published import publication_for, shown

FORMAT_ORDER = ("csv", "xlsx", "json", "sdmx-csv", "sdmx-structure", "iati", "dhis2", "open-sdg")


def _clean(text: str | None, limit: int) -> str | None:
    text = (text or "").strip()
    return text[:limit] or None


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The figures this request may see in ``fmt``, all or ``?indicator=``/``?country=``."""
    chosen = FORMATS.get(fmt)
    if chosen is None:
        raise Http404(_("There is no such export format."))
    plan = plan_or_404()
    indicator = _clean(request.GET.get("indicator"), 32)
    country = _clean(request.GET.get("country"), 3)
    publication = publication_for(plan)
    url = request.build_absolute_uri(reverse("portal:publications"))
    try:
        data = dataset(plan, publication, indicator=indicator, country=country, url=url)
    except NothingToExport as error:
        raise Http404(str(error)) from None
    except SnapshotUnreadable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(chosen.write(data), content_type=chosen.media_type)
    name = file_name(data, chosen, indicator=indicator, country=country)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Illustrative"] = "true" if data.illustrative else "false"
    return response


def export_chosen(request: HttpRequest) -> HttpResponse:
    """The download form's answer: the format comes in the query string."""
    return export(request, request.GET.get("format", ""))


def open_data(request: HttpRequest) -> HttpResponse:
    """What can be downloaded, in which formats, with a form to pick a part."""
    plan = plan_or_404()
    formats = [FORMATS[name] for name in FORMAT_ORDER]
    indicators = Indicator.objects.filter(plan=plan, active=True).order_by("order", "code")
    countries = Country.objects.filter(offices__isnull=False).distinct().order_by("alpha3")
    latest = publishing.latest(plan)
    try:
        figures = shown(plan)
    except Http404:  # nothing published yet: the page says so itself
        figures = None
    return render(
        request,
        "interop/open_data.html",
        {
            "formats": [
                {
                    "name": f.name,
                    "title": _(f.title),
                    "url": reverse("interop:export", args=[f.name]),
                }
                for f in formats
            ],
            "indicators": indicators,
            "countries": countries,
            "latest": latest,
            "shown": figures,
        },
    )
