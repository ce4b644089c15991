"""The report's charts: the web's Altair specs (``portal.charts``) drawn as SVG by
vl-convert, offline. Only the width differs from the pages: a fixed plot width that
fits the printed text width (the SVG keeps its viewBox, so it also scales).

Bars are labelled with short codes ("Domain 1", "1.2") because a printed axis
cannot hold a 90-character title; the table beside each chart gives the titles.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from habitat_monitor.portal import map_data
from habitat_monitor.portal.charts import render, specs
from habitat_monitor.portal.charts.world import world_map
from habitat_monitor.progress.views import labels
from habitat_monitor.reports.model import Figure

PLOT_WIDTH = 520
MAP_HEIGHT = 250


def _status_words(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "count": _("Indicators"),
        "status": _("Status"),
        "status_labels": {key: labels.status(key)["status_label"] for key in labels.STATUSES},
    }


def status_figure(key: str, title: str, description: str, rows: list[dict[str, Any]]) -> Figure:
    """Stacked bars of indicators by status, one bar per row (``key``, ``label``,
    ``counts``), as on the dashboard."""
    spec = specs.status_bars(rows, _status_words(description), width=PLOT_WIDTH)
    return Figure(key=key, title=title, description=description, svg=render.to_svg(spec))


def typology_map(plan: Any, year: int, title: str, description: str) -> Figure | None:
    """The world map by needs-typology category, with the map page's rows (the final
    assessments of the latest round, as the public sees them); None when the country
    shapes are not installed (``make assets``) or no country has a category."""
    from habitat_monitor.portal.views.map import world_topojson

    page = map_data.map_data(
        plan, map_data.MapQuery(colour="category", year=year), user=AnonymousUser()
    )
    if not page["counts"]["categories"]:
        return None
    try:
        shapes = world_topojson()
    except FileNotFoundError:
        return None
    words = map_data.map_words(page) | {"description": description}
    spec = world_map(page["rows"], words, topojson=shapes, colour="category", width=PLOT_WIDTH)
    # On paper the map is shorter than on screen, its legend beside it, not below; and
    # its countries link nowhere (vl-convert would resolve the pages' relative links
    # against its own default base URL, a site outside ours).
    spec["height"] = MAP_HEIGHT
    coloured = spec["layer"][1]
    coloured["encoding"].pop("href", None)
    coloured["mark"].pop("cursor", None)
    coloured["encoding"]["color"]["legend"] |= {"orient": "right", "direction": "vertical"}
    return Figure(key="typology-map", title=title, description=description, svg=render.to_svg(spec))
