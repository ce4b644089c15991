"""The platform page's chart: the reach its events achieved, year by year, drawn from
the same rows as the page's table (``platform_pages.reach_by_year``)."""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from habitat_monitor.portal.charts import bars
from habitat_monitor.portal.charts_for_pages import page_chart


def reach_chart(page: dict[str, Any], *, high_contrast: bool = False) -> dict[str, Any] | None:
    """Direct reach by year (the years with a known figure); None when there is none."""
    rows = [
        {"key": str(row["year"]), "label": str(row["year"]), "value": row["reach_direct"]}
        for row in page["reach_by_year"]
        if row["reach_direct"] is not None
    ]
    if not rows:
        return None
    name = page["platform"]["name"]
    title = _("%(platform)s: direct reach of its events, by year") % {"platform": name}
    latest = rows[-1]
    summary = _("In %(year)s its events reached %(reach)s people directly.") % {
        "year": latest["label"],
        "reach": floatformat(latest["value"], "0g"),
    }
    if any(row["illustrative"] for row in page["reach_by_year"]):
        summary += " " + _("The figures are illustrative, invented for the demonstration.")
    words = {"description": f"{title}. {summary}", "value": _("People reached directly")}
    spec = bars.value_bars(rows, words, high_contrast=high_contrast)
    return page_chart("platform-reach", title, summary, spec, "reach-table")
