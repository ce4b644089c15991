"""Sparklines as plain SVG polyline points: light enough for a row per indicator.

A sparkline only hints at the shape of a series; the numbers themselves are in the
table beside it, so it is drawn ``aria-hidden`` and needs no JavaScript.
"""

from __future__ import annotations

from collections.abc import Sequence

WIDTH = 96
HEIGHT = 24
PAD = 2


def sparkline_points(
    points: Sequence[tuple[int, float]], width: int = WIDTH, height: int = HEIGHT
) -> str:
    """``"x,y x,y ..."`` in a ``width`` by ``height`` box (y grows downwards); a flat
    series sits in the middle; fewer than two points give an empty string."""
    if len(points) < 2:
        return ""
    years = [float(year) for year, _value in points]
    values = [float(value) for _year, value in points]
    low_x, high_x = min(years), max(years)
    low_y, high_y = min(values), max(values)
    span_x = (high_x - low_x) or 1.0
    inner_w, inner_h = width - 2 * PAD, height - 2 * PAD
    coordinates = []
    for x, y in zip(years, values, strict=True):
        left = PAD + (x - low_x) / span_x * inner_w
        flat = high_y == low_y
        top = height / 2 if flat else PAD + (high_y - y) / (high_y - low_y) * inner_h
        coordinates.append(f"{left:.1f},{top:.1f}")
    return " ".join(coordinates)
