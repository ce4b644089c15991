"""The world map (``/map/``) and its twins ``/map.json`` and ``/map.csv``.

Thin: reads the query (``map_data.parse_query``), gathers the page's dict
(``map_data.map_data``) and answers in the chosen format through the progress pages'
``twins.respond``, so the twins hold exactly the table's rows. The map's spec loads
the country shapes by their hashed static URL in the browser; the server-side SVG
(for pages read without JavaScript) gets them inline, parsed once per process.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from habitat_monitor.portal import map_data
from habitat_monitor.portal.charts.render import to_svg
from habitat_monitor.portal.charts.world import world_map
from habitat_monitor.progress.views import data, twins

TOPOJSON = "vendor/countries-110m.json"


@lru_cache(maxsize=1)
def world_topojson() -> dict[str, Any]:
    """The country shapes, parsed once: the server-side SVG needs them inline."""
    found = finders.find(TOPOJSON)
    if not found:
        raise FileNotFoundError(f"{TOPOJSON} is missing: run `make assets`")
    path = found[0] if isinstance(found, list) else found
    with open(path, encoding="utf-8") as handle:
        parsed: dict[str, Any] = json.load(handle)
    return parsed


def chart(page: dict[str, Any]) -> dict[str, Any]:
    """What ``portal/_chart.html`` draws: the spec for the browser and its SVG."""
    words = map_data.map_words(page)
    colour = page["colour"]
    spec = world_map(page["rows"], words, topojson_url=static(TOPOJSON), colour=colour)
    inline = world_map(page["rows"], words, topojson=world_topojson(), colour=colour)
    return {
        "id": "world-map",
        "title": map_data.title(page),
        "summary": map_data.summary(page),
        "spec": spec,
        # to_svg escapes the only text it adds; the rest is vl-convert's own markup.
        "svg": mark_safe(to_svg(inline)),
        "table_id": "map-table",
    }


def _not_found(request: HttpRequest, fmt: str | None, message: str) -> HttpResponse:
    if (fmt or request.GET.get("format") or "html") == "html":
        return render(request, "portal/map.html", {"error": message}, status=404)
    return JsonResponse({"status": 404, "detail": message}, status=404)


def map_page(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    plan = data.plan_or_404()
    try:
        query = map_data.parse_query(request.GET, plan)
    except map_data.MapNotFound as error:
        return _not_found(request, fmt, str(error))

    def build() -> dict[str, Any]:
        return map_data.map_data(plan, query, user=request.user)

    if twins.chosen_format(request, fmt) != "html":
        return twins.respond(
            request, fmt, build, template="", rows=map_data.map_rows, filename="map"
        )
    try:
        page = build()
    except data.ProgressUnavailable as error:
        return twins.unavailable(request, "html", error.detail)
    context = {"page": page, "chart": chart(page), "announcement": map_data.announcement(page)}
    return render(request, "portal/map.html", context)
