"""A plain bar chart of values by category (an indicator's breakdowns), as a
Vega-Lite v6 dict. Pure: no Django; words come translated from the caller."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from habitat_monitor.portal.charts import palette
from habitat_monitor.portal.charts.specs import (
    BAR_STEP,
    NUMBER_FORMAT,
    TABLE,
    _describe,
    _finish,
    _require,
)


def value_bars(
    rows: Sequence[Mapping[str, Any]],
    words: Mapping[str, Any],
    *,
    width: str | int = "container",
    high_contrast: bool = False,
) -> dict[str, Any]:
    """One bar per row (``{"key", "label", "value"}``; rows without a value left out),
    its value written at its end so the chart reads without the axis.
    ``words``: "description", "value" (axis title, with the unit)."""
    _require(words, ("description", "value"))
    theme = palette.theme(high_contrast)
    table = [
        {"key": str(row["key"]), "label": str(row["label"]), "value": float(row["value"])}
        for row in rows
        if row.get("value") is not None
    ]
    y = alt.Y("label:N", title=None, sort=[str(row["label"]) for row in table])
    x = alt.X("value:Q", title=str(words["value"]), axis=alt.Axis(tickCount=5))
    base = alt.Chart(alt.NamedData(TABLE)).encode(y=y, x=x)
    bars = (
        base.transform_calculate(described=_describe("label", "label", "value"))
        .mark_bar(color=theme.kind["actual"], height={"band": 0.7})
        .encode(
            description="described:N",
            tooltip=[
                alt.Tooltip("label:N", title="title"),
                alt.Tooltip("value:Q", title=str(words["value"]), format=NUMBER_FORMAT),
            ],
        )
    )
    texts = base.mark_text(align="left", dx=4, aria=False).encode(
        text=alt.Text("value:Q", format=NUMBER_FORMAT)
    )
    chart = alt.layer(bars, texts).properties(width=width, height=BAR_STEP * max(1, len(table)))
    if width == "container":
        chart = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return _finish(chart, words, theme, **{TABLE: table})
