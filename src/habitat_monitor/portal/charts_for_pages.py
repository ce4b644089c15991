"""The charts of each page, built from the page's own dict, so that a chart plots
exactly the numbers of the page's table and twins; each with its server-side SVG
(shown without JavaScript and in print) and a summary sentence in the page language.
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from habitat_monitor.portal.charts import bars, render, specs
from habitat_monitor.progress.views import labels

MAX_BARS = 24


def _number(value: float | None) -> str:
    if value is None:
        return "\u2013"  # en dash, as the tables show a missing value
    # The pages' own number format: up to 2 decimals, none when whole, grouped.
    return str(floatformat(value, "-2g"))


def page_chart(
    chart_id: str, title: str, summary: str, spec: dict[str, Any], table_id: str
) -> dict:
    """A chart as ``portal/_chart.html`` shows it: its spec and the server's SVG."""
    # to_svg's output is vl-convert's markup with our escaped aria-label: safe to show.
    svg = mark_safe(render.to_svg(spec))
    return {
        "id": chart_id,
        "title": title,
        "summary": summary,
        "spec": spec,
        "svg": svg,
        "table_id": table_id,
    }


def indicator_summary(page: dict[str, Any]) -> str:
    """1-3 sentences: the latest actual against its target, the status, the projection."""
    summary, year = page["summary"], page["year"]
    parts = []
    if summary["actual"] is None:
        parts.append(_("There is no approved value for %(year)s yet.") % {"year": year})
    elif summary["target"] is None:
        parts.append(
            _("In %(year)s the value was %(actual)s (no target for that year).")
            % {"year": year, "actual": _number(summary["actual"])}
        )
    else:
        parts.append(
            _("In %(year)s the value was %(actual)s against a target of %(target)s: %(status)s.")
            % {
                "year": year,
                "actual": _number(summary["actual"]),
                "target": _number(summary["target"]),
                "status": str(summary["status_label"]).lower(),
            }
        )
    projection = summary.get("projection") or {}
    if projection.get("projected") is not None:
        parts.append(
            _(
                "Projected by %(method)s to %(projected)s in %(end)s, "
                "against an end target of %(target)s."
            )
            % {
                "method": projection.get("method_label", ""),
                "projected": _number(projection["projected"]),
                "end": page["end_year"],
                "target": _number(summary.get("end_target")),
            }
        )
    return " ".join(parts)


def _projection_start(series: list[dict[str, Any]]) -> tuple[int, float] | None:
    actuals = [(row["year"], row["actual"]) for row in series if row["actual"] is not None]
    return actuals[-1] if actuals else None


def indicator_charts(page: dict[str, Any], *, high_contrast: bool = False) -> dict[str, Any]:
    """The indicator page's trend chart: baseline, yearly targets, actuals, projection."""
    info = page["indicator"]
    unit = f" ({info['unit']})" if info["unit"] else ""
    title = _("%(code)s: baseline, yearly targets, actual values and projection") % {
        "code": info["code"]
    }
    summary = indicator_summary(page)
    if page.get("illustrative"):
        summary += " " + _("The figures are illustrative, invented for the demonstration.")
    words = {
        "title": title,
        "description": f"{title}. {summary}",
        "year": _("Year"),
        "value": _("Value") + unit,
        "actual": _("Actual"),
        "target": _("Target"),
        "baseline": _("Baseline"),
        "projection": _("Projection"),
    }
    spec = specs.indicator_chart(
        page["series"],
        words,
        end_year=page["end_year"],
        projection_from=_projection_start(page["series"]),
        high_contrast=high_contrast,
    )
    charts = {"trend": page_chart("indicator-trend", title, summary, spec, "series-table")}
    shown = [row for row in page["breakdowns"] if row["value"] is not None]
    # Past a couple of dozen bars a chart no longer reads (and costs seconds to draw):
    # the table below carries every breakdown.
    if 0 < len(shown) <= MAX_BARS:
        charts["breakdowns"] = _breakdown_chart(page, shown, unit, high_contrast)
    return {"charts": charts, "chart_assets": True}


def _breakdown_chart(
    page: dict[str, Any], rows: list[dict[str, Any]], unit: str, high_contrast: bool
) -> dict[str, Any]:
    info = page["indicator"]
    title = _("%(code)s by breakdown, all places, %(year)s") % {
        "code": info["code"],
        "year": page["breakdown_year"],
    }
    highest = max(rows, key=lambda row: row["value"])
    lowest = min(rows, key=lambda row: row["value"])
    summary = _("Highest: %(high)s (%(high_value)s); lowest: %(low)s (%(low_value)s).") % {
        "high": highest["label"],
        "high_value": _number(highest["value"]),
        "low": lowest["label"],
        "low_value": _number(lowest["value"]),
    }
    if page.get("illustrative"):
        summary += " " + _("The figures are illustrative, invented for the demonstration.")
    words = {"description": f"{title}. {summary}", "value": _("Value") + unit}
    spec = bars.value_bars(rows, words, high_contrast=high_contrast)
    return page_chart("indicator-breakdowns", title, summary, spec, "breakdown-table")


def dashboard_charts(page: dict[str, Any], *, high_contrast: bool = False) -> dict[str, Any]:
    """The dashboard's bars: indicators by status in each domain of change."""
    title = _("Indicators by status and domain of change, %(year)s") % {"year": page["year"]}
    counts = page["counts"]
    summary = _(
        "%(on)s of %(total)s indicators are on track, %(risk)s at risk and %(off)s off track."
    ) % {
        "on": counts["on_track"],
        "total": counts["total"],
        "risk": counts["at_risk"],
        "off": counts["off_track"],
    }
    if page.get("illustrative"):
        summary += " " + _("The figures are illustrative, invented for the demonstration.")
    rows = [
        {
            "key": group["code"],
            "label": f"{group['code']} {group['title']}",
            "counts": group["counts"],
            "href": group["url"],
        }
        for group in page["domains"]
    ]
    words = {
        "description": f"{title}. {summary}",
        "count": _("Indicators"),
        "status": _("Status"),
        "status_labels": {key: str(labels.status(key)["status_label"]) for key in labels.STATUSES},
    }
    spec = specs.status_bars(rows, words, high_contrast=high_contrast)
    return {
        "charts": {"domains": page_chart("domain-status", title, summary, spec, "domain-table")},
        "chart_assets": True,
    }
