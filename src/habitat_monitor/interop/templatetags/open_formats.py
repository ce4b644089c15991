"""``{% open_formats page %}``: the progress pages' links to the values in every export
format, for the page's indicator or country, keeping the page's choice of figures
(``?view=published``, ``?publication=N``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from habitat_monitor.interop.formats import FORMATS

register = template.Library()
SHOWN = ("xlsx", "sdmx-csv", "iati", "dhis2", "open-sdg")
KEPT = ("view", "publication")


def _filters(page: dict[str, Any]) -> dict[str, str]:
    indicator = page.get("indicator")
    if isinstance(indicator, dict) and indicator.get("code"):
        return {"indicator": str(indicator["code"])}
    place = page.get("place")
    if isinstance(place, dict) and place.get("kind") == "country" and place.get("code"):
        return {"country": str(place["code"])}
    return {}


@register.inclusion_tag("interop/_open_formats.html", takes_context=True)
def open_formats(context: template.Context, page: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    query = _filters(page)
    if request is not None:
        query |= {key: request.GET[key] for key in KEPT if request.GET.get(key)}
    suffix = f"?{urlencode(query)}" if query else ""
    links = [
        {"title": _(FORMATS[name].title), "url": reverse("interop:export", args=[name]) + suffix}
        for name in SHOWN
    ]
    return {"links": links, "all": reverse("interop:open_data")}
