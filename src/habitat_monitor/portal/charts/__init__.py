"""The chart layer of the public platform.

Charts are defined once in Python (Altair, to Vega-Lite v6 dicts in ``specs``), drawn
in the browser by vega-embed (``static/portal/charts.js``) and on the server as SVG by
vl-convert (``render``) for pages without JavaScript and for print. ``palette`` holds
the colours and shapes, checked for contrast by the tests.
"""

from habitat_monitor.portal.charts.palette import (
    CATEGORY_COLOURS,
    DOMAIN_COLOURS,
    HIGH_CONTRAST,
    NO_DATA_FILL,
    SEQUENTIAL,
    STATUS_COLOURS,
    STATUS_SHAPES,
    STATUS_SYMBOLS,
    contrast_ratio,
    relative_luminance,
)
from habitat_monitor.portal.charts.render import to_svg
from habitat_monitor.portal.charts.specs import (
    indicator_chart,
    plotted_rows,
    sparkline,
    status_bars,
)

__all__ = [
    "CATEGORY_COLOURS",
    "DOMAIN_COLOURS",
    "HIGH_CONTRAST",
    "NO_DATA_FILL",
    "SEQUENTIAL",
    "STATUS_COLOURS",
    "STATUS_SHAPES",
    "STATUS_SYMBOLS",
    "contrast_ratio",
    "indicator_chart",
    "plotted_rows",
    "relative_luminance",
    "sparkline",
    "status_bars",
    "to_svg",
]
