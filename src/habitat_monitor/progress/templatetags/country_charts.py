"""``{% country_sparkline row name %}``: a country's values over the years as a small
inline SVG line, named for screen readers, drawn without JavaScript.

Drawn here rather than by vl-convert (``portal.charts.specs.sparkline``): a profile
has a line per indicator, and forty conversions cost most of a second (about 20 ms
each) where this takes microseconds. Same look: the palette's colour for actual
values, 120 by 32 px, no axes, the last point marked; the numbers sit beside it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from habitat_monitor.portal.charts.palette import KIND_COLOURS
from habitat_monitor.progress.views.country_data import sparkline_words

register = template.Library()

WIDTH, HEIGHT, PAD = 120, 32, 4


def sparkline_points(points: list[tuple[int, float]]) -> list[tuple[float, float]]:
    """The points scaled into the box: years left to right, higher values higher up."""
    years = [year for year, _ in points]
    values = [value for _, value in points]
    low, high = min(values), max(values)
    span_x = (max(years) - min(years)) or 1
    span_y = (high - low) or 1
    return [
        (
            round(PAD + (year - min(years)) * (WIDTH - 2 * PAD) / span_x, 1),
            # A flat line sits in the middle rather than on the floor.
            round(
                HEIGHT / 2
                if high == low
                else HEIGHT - PAD - (value - low) * (HEIGHT - 2 * PAD) / span_y,
                1,
            ),
        )
        for year, value in points
    ]


@register.simple_tag
def country_sparkline(row: dict[str, Any], name: str) -> SafeString | str:
    """The SVG for a profile row with values in two years or more, else nothing."""
    points = sorted((int(p["year"]), float(p["value"])) for p in row.get("series") or [])
    if len(points) < 2:
        return ""
    label = sparkline_words(name, str(row.get("statement", "")), points)["description"]
    drawn = sparkline_points(points)
    last_x, last_y = drawn[-1]
    return format_html(
        '<svg class="sparkline" role="img" aria-label="{}" focusable="false" '
        'viewBox="0 0 {} {}" width="{}" height="{}">'
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2" '
        'stroke-linejoin="round" stroke-linecap="round"/>'
        '<circle cx="{}" cy="{}" r="3" fill="{}"/></svg>',
        label,
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        " ".join(f"{x},{y}" for x, y in drawn),
        KIND_COLOURS["actual"],
        last_x,
        last_y,
        KIND_COLOURS["actual"],
    )
