"""Vega-Lite v6 chart specs for the public pages, built with Altair, as plain dicts.

Pure: no Django. The callers pass every visible word already translated (``words``),
so one builder serves every language. Each spec carries:

- ``description``: the accessible name Vega puts on the chart (portal-bar §4.6);
- ``datasets["table"]``: exactly the rows the chart plots, which the page's table and
  CSV must equal (§4.1); ``plotted_rows(spec)`` returns them;
- no data URL: every value is inline, so the browser and vl-convert fetch nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from habitat_monitor.portal.charts import palette
from habitat_monitor.portal.charts.palette import KINDS, STATUSES, Theme

TABLE = "table"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
NUMBER_FORMAT = ",.2~f"
INDICATOR_WORDS = ("title", "description", "year", "value", *KINDS)
DRAW_ORDER = ("target", "projection", "baseline", "actual")
# Hollow target diamonds are drawn larger than the filled actual circles, so where
# both sit on one value the diamond rings the circle.
BAR_STEP = 34
POINT_SIZES = {"actual": 70, "target": 150, "baseline": 80, "projection": 110}

Row = dict[str, Any]
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def plotted_rows(spec: Mapping[str, Any]) -> list[Row]:
    """The rows a spec built here plots: the chart's own data table."""
    rows: list[Row] = spec["datasets"][TABLE]
    return rows


def _require(words: Mapping[str, Any], keys: Sequence[str]) -> None:
    missing = [key for key in keys if not str(words.get(key) or "").strip()]
    if missing:
        raise ValueError(f"chart words missing or empty: {', '.join(missing)}")


def _describe(name: str, place: str, number: str) -> str:
    """A Vega expression naming one mark for screen readers in the chart's own words
    (Vega's default names carry English field names)."""
    return (
        f"datum.{name} + ', ' + datum.{place} + ': ' + "
        f"(isNumber(datum.{number}) ? format(datum.{number}, '{NUMBER_FORMAT}') : datum.{number})"
    )


def _finish(
    chart: alt.TopLevelMixin, words: Mapping[str, Any], theme: Theme, **data: list[Row]
) -> dict[str, Any]:
    """The Altair chart as a dict, with its description, named data and theme."""
    # Schema validation costs Altair ~80 ms a chart; the tests validate every builder.
    spec = chart.to_dict(validate=False)
    spec["$schema"] = SCHEMA
    spec["description"] = str(words["description"])
    spec["datasets"] = data
    spec["background"] = theme.background
    wide = _CJK.search(json.dumps([spec, data], ensure_ascii=False))
    spec["config"] = {
        "font": palette.FONT if wide else palette.FONT_LATIN,
        "view": {"stroke": None},
        "axis": {
            "labelColor": theme.ink,
            "titleColor": theme.ink,
            "domainColor": theme.muted,
            "tickColor": theme.muted,
            "gridColor": theme.muted,
            "gridOpacity": 0.35,
            "labelFontSize": 12,
            "titleFontSize": 12,
            # Vega would name each axis and legend in English; the description and the
            # page's table carry the same facts in the page language.
            "aria": False,
        },
        "legend": {
            "labelColor": theme.ink,
            "titleColor": theme.ink,
            "labelFontSize": 12,
            "symbolSize": 90,
            "symbolStrokeWidth": 2,
            "orient": "bottom",
            "direction": "horizontal",
            "aria": False,
        },
        "text": {"color": theme.ink, "fontSize": 12},
    }
    return spec


def _indicator_rows(series: Sequence[Mapping[str, Any]], words: Mapping[str, Any]) -> list[Row]:
    """Long form: one row per year and kind that has a value, years in order."""
    rows: list[Row] = []
    for line in sorted(series, key=lambda line: int(line["year"])):
        for kind in KINDS:
            value = line.get(kind)
            if value is None:
                continue
            rows.append(
                {
                    "year": int(line["year"]),
                    "kind": kind,
                    "kind_label": str(words[kind]),
                    "value": float(value),
                    "selected": bool(line.get("selected", False)),
                }
            )
    return rows


def _projection_line(
    rows: Sequence[Row],
    words: Mapping[str, Any],
    end_year: int | None,
    projection_from: tuple[int, float] | None,
) -> list[Row]:
    """The dashed segment: from the last actual to the projected value at the end year."""
    ends = [row for row in rows if row["kind"] == "projection"]
    if projection_from is None or not ends:
        return []
    end = next((row for row in ends if row["year"] == end_year), ends[-1])
    start_year, start_value = projection_from
    label = str(words["projection"])
    return [
        {
            "year": int(start_year),
            "kind": "projection",
            "kind_label": label,
            "value": float(start_value),
        },
        {"year": end["year"], "kind": "projection", "kind_label": label, "value": end["value"]},
    ]


def indicator_chart(
    series: Sequence[Mapping[str, Any]],
    words: Mapping[str, Any],
    *,
    end_year: int | None,
    projection_from: tuple[int, float] | None,
    width: str | int = "container",
    height: int = 280,
    high_contrast: bool = False,
) -> dict[str, Any]:
    """Actuals (solid line, filled circles), yearly targets (dotted line, hollow
    diamonds), the baseline (square, labelled) and the projection (dashed line to a
    hollow triangle, labelled) over the years, one legend naming all four."""
    _require(words, INDICATOR_WORDS)
    theme = palette.theme(high_contrast)
    rows = _indicator_rows(series, words)
    segment = _projection_line(rows, words, end_year, projection_from)
    labels = [str(words[kind]) for kind in KINDS]
    years = [row["year"] for row in rows + segment] + ([end_year] if end_year else [])
    x_domain = [min(years), max(years)] if years else alt.Undefined

    x = alt.X(
        "year:Q",
        title=str(words["year"]),
        scale=alt.Scale(domain=x_domain, nice=False, zero=False, padding=14),
        axis=alt.Axis(format="d", tickMinStep=1, labelFlush=False, grid=False),
    )
    # Lines compare years, not sizes: a zero baseline would flatten the change to a line.
    y = alt.Y(
        "value:Q",
        title=str(words["value"]),
        axis=alt.Axis(tickCount=5),
        scale=alt.Scale(zero=False, nice=True),
    )

    def line(kind: str, data: alt.NamedData | None = None) -> alt.Chart:
        source = alt.Chart(data if data is not None else alt.NamedData(TABLE))
        if data is None:
            source = source.transform_filter(alt.datum.kind == kind)
        drawn: alt.Chart = source.mark_line(
            aria=False,
            color=theme.kind[kind],
            strokeWidth=3 if kind == "actual" else 2,
            strokeDash=palette.KIND_DASH[kind] or alt.Undefined,
        ).encode(x=x, y=y)
        return drawn

    legend = alt.Legend(title=None, symbolStrokeWidth=2)
    points = (
        alt.Chart(alt.NamedData(TABLE))
        .transform_calculate(
            described=_describe("kind_label", "year", "value"),
            # Actuals drawn last, so a target of the same value never hides one.
            depth=f"indexof({list(DRAW_ORDER)!r}, datum.kind)",
        )
        .mark_point(strokeWidth=2, opacity=1, filled=False)
        .encode(
            description="described:N",
            order=alt.Order("depth:Q"),
            size=alt.Size(
                "kind:O",
                sort=list(KINDS),
                scale=alt.Scale(domain=list(KINDS), range=[POINT_SIZES[k] for k in KINDS]),
                legend=None,
            ),
            x=x,
            y=y,
            shape=alt.Shape(
                "kind_label:N",
                scale=alt.Scale(domain=labels, range=[palette.KIND_SHAPES[k] for k in KINDS]),
                legend=legend,
            ),
            stroke=alt.Stroke(
                "kind_label:N",
                scale=alt.Scale(domain=labels, range=[theme.kind[k] for k in KINDS]),
                legend=legend,
            ),
            fill=alt.Fill(
                "kind_label:N",
                scale=alt.Scale(
                    domain=labels,
                    range=[
                        theme.kind[k] if palette.KIND_FILLED[k] else theme.background for k in KINDS
                    ],
                ),
                legend=legend,
            ),
            tooltip=[
                alt.Tooltip("kind_label:N", title="title"),
                alt.Tooltip("year:Q", title=str(words["year"]), format="d"),
                alt.Tooltip("value:Q", title=str(words["value"]), format=NUMBER_FORMAT),
            ],
        )
    )
    # Labels beside the baseline and the projection's end say what they are in words.
    marks = (
        alt.Chart(alt.NamedData(TABLE))
        .transform_filter(alt.FieldOneOfPredicate(field="kind", oneOf=["baseline", "projection"]))
        .mark_text(align="left", dx=9, dy=-9, fontWeight="bold", color=theme.ink, aria=False)
        .encode(x=x, y=y, text="kind_label:N")
    )
    layers: list[alt.Chart] = [line("target"), line("actual")]
    if segment:
        layers.append(line("projection", alt.NamedData("projection")))
    layers += [points, marks]
    chart = alt.layer(*layers).properties(width=width, height=height)
    data: dict[str, list[Row]] = {TABLE: rows}
    if segment:
        data["projection"] = segment
    return _finish(chart, words, theme, **data)


def sparkline(
    points: Sequence[tuple[int, float]],
    words: Mapping[str, Any],
    *,
    width: int = 120,
    height: int = 32,
    high_contrast: bool = False,
) -> dict[str, Any]:
    """A small line of values over the years, no axes, its last point marked."""
    _require(words, ("description",))
    theme = palette.theme(high_contrast)
    rows = [{"year": int(year), "value": float(value)} for year, value in sorted(points)]
    x = alt.X("year:Q", axis=None, scale=alt.Scale(zero=False, nice=False))
    y = alt.Y("value:Q", axis=None, scale=alt.Scale(zero=False))
    base = alt.Chart(alt.NamedData(TABLE)).encode(x=x, y=y)
    last = base.transform_window(rank="rank()", sort=[alt.SortField("year", order="descending")])
    chart = alt.layer(
        base.mark_line(color=theme.kind["actual"], strokeWidth=2, aria=False),
        last.transform_filter(alt.datum.rank == 1).mark_point(
            color=theme.kind["actual"], filled=True, size=30, aria=False
        ),
    ).properties(width=width, height=height, padding=3)
    spec = _finish(chart, words, theme, **{TABLE: rows})
    spec["config"]["axis"] = {"disable": True}
    return spec


def status_bars(
    rows: Sequence[Mapping[str, Any]],
    words: Mapping[str, Any],
    *,
    width: str | int = "container",
    high_contrast: bool = False,
) -> dict[str, Any]:
    """One horizontal bar per row, stacked by status in the fixed order; each segment
    shows its symbol and count, the legend names each status with its symbol.

    ``words``: "description", "count" (axis title), "status" (tooltip title),
    "status_labels" ({status: label}); rows may carry an "href" each bar links to.
    """
    _require(words, ("description", "count"))
    status_labels: Mapping[str, str] = words["status_labels"]
    theme = palette.theme(high_contrast)
    labels = [f"{palette.STATUS_SYMBOLS[s]} {status_labels[s]}" for s in STATUSES]
    table: list[Row] = []
    for row in rows:
        for order, status in enumerate(STATUSES):
            count = int(row["counts"].get(status, 0))
            table.append(
                {
                    "key": str(row["key"]),
                    "label": str(row["label"]),
                    "status": status,
                    "status_label": labels[order],
                    "symbol": palette.STATUS_SYMBOLS[status],
                    "order": order,
                    "count": count,
                    **({"href": str(row["href"])} if row.get("href") else {}),
                }
            )
    y = alt.Y("label:N", title=None, sort=[str(row["label"]) for row in rows])
    x = alt.X(
        "count:Q", title=str(words["count"]), stack="zero", axis=alt.Axis(tickMinStep=1, format="d")
    )
    colour = alt.Color(
        "status_label:N",
        scale=alt.Scale(domain=labels, range=[theme.status[s] for s in STATUSES]),
        legend=alt.Legend(title=None, symbolType="square"),
    )
    tooltip = [
        alt.Tooltip("label:N", title="title"),
        alt.Tooltip("status_label:N", title=str(words.get("status") or words["count"])),
        alt.Tooltip("count:Q", title=str(words["count"])),
    ]
    base = alt.Chart(alt.NamedData(TABLE)).encode(y=y, x=x, order=alt.Order("order:Q"))
    bars = (
        base.transform_calculate(described=_describe("label", "status_label", "count"))
        .mark_bar(stroke=theme.separator, strokeWidth=2, height={"band": 0.7})
        .encode(color=colour, tooltip=tooltip, description="described:N")
    )
    if any("href" in row for row in table):
        bars = bars.encode(href="href:N")
    # The count and symbol sit in the middle of each segment, so a grey print reads.
    texts = (
        alt.Chart(alt.NamedData(TABLE))
        .transform_filter(alt.datum.count > 0)
        .transform_stack(
            stack="count", groupby=["label"], sort=[alt.SortField("order")], as_=["start", "end"]
        )
        .transform_calculate(
            middle="(datum.start + datum.end) / 2", text="datum.symbol + ' ' + datum.count"
        )
        .mark_text(fontSize=12, aria=False)
        .encode(
            y=y,
            x=alt.X("middle:Q"),
            text="text:N",
            color=alt.Color(
                "status:N",
                scale=alt.Scale(
                    domain=list(STATUSES),
                    range=[palette.text_on(theme.status[s]) for s in STATUSES],
                ),
                legend=None,
            ),
        )
    )
    chart = (
        alt.layer(bars, texts)
        .resolve_scale(color="independent")
        .properties(width=width, height=BAR_STEP * max(1, len(rows)))
    )
    if width == "container":
        # Only the width follows the page; the height grows with the rows.
        chart = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return _finish(chart, words, theme, **{TABLE: table})
