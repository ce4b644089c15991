"""The world map: a Vega-Lite spec of every country, those with data coloured (pure).

Two layers over the world-atlas ``countries-110m`` TopoJSON (feature ``countries``,
ids are ISO 3166 numeric codes as text, ``"404"`` for Kenya):

* every country, filled ``NO_DATA_FILL`` with a light outline, hidden from assistive
  technology (the table beside the map lists the countries that matter);
* the countries in ``rows``, joined on ``numeric``, coloured by one field: ``value``
  (a sequential ramp in five steps), ``status`` (the status colours, each legend entry
  with its symbol and word), ``category`` (the needs-typology category
  colours) or ``domain`` (the plan's domain colours). A country whose field is empty
  stays in the first layer, as no data. Each coloured shape links to its profile
  (``href``), is named by its ``label`` (Vega turns the ``description`` channel into
  the shape's ``aria-label``) and has a tooltip with the name and the shown value.

The legend entries are text (a number range, "Category 2", "Domain 3"), never colour
alone, and the spec's ``description`` names the chart in the page language (axe's
``svg-img-alt`` needs it). In the browser the TopoJSON is loaded by URL; for a
server-side SVG (vl-convert reads neither files nor URLs) pass it inline.

``words`` (all text in the page language): ``description`` (required),
``legend_title``, ``country`` and ``value`` (tooltip titles), and optionally the legend
order for the nominal modes, ``categories`` (category number -> short label, the
rows' ``category_short``) and ``domains`` (domain code -> short label, the rows'
``domain_short``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Literal

from habitat_monitor.portal.charts.palette import (
    CATEGORY_COLOURS,
    DOMAIN_COLOURS,
    FONT,
    FONT_LATIN,
    NO_DATA_FILL,
    SEPARATOR,
    SEQUENTIAL,
    STATUS_COLOURS,
)

Colour = Literal["value", "status", "category", "domain"]
COLOURS: tuple[Colour, ...] = ("value", "status", "category", "domain")
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
HEIGHT = 420
# What each mode colours by, and which text the tooltip shows for it.
_FIELDS: dict[str, tuple[str, str]] = {
    "value": ("value", "value_text"),
    "status": ("status_short", "status_short"),
    "category": ("category_short", "category_label"),
    "domain": ("domain_short", "domain_label"),
}
_LOOKED_UP = (
    "alpha3",
    "name",
    "value",
    "value_text",
    "status",
    "status_short",
    "label",
    "url",
    "category",
    "category_short",
    "category_label",
    "domain",
    "domain_short",
    "domain_label",
)


def topojson_data(
    topojson_url: str | None = None, topojson: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The countries as a Vega-Lite data source: inline values when given, else the URL."""
    source: dict[str, Any]
    if topojson is not None:
        source = {"values": dict(topojson)}
    elif topojson_url:
        source = {"url": topojson_url}
    else:
        raise ValueError("world_map needs topojson_url or topojson")
    return source | {"format": {"type": "topojson", "feature": "countries"}}


def _ordered(rows: list[dict[str, Any]], key: str, short: str) -> dict[Any, str]:
    """The legend's entries found in ``rows``: key -> short label, in key order."""
    found = {row[key]: row[short] for row in rows if row.get(key) is not None and row.get(short)}
    return dict(sorted(found.items(), key=lambda item: str(item[0])))


def _colour_encoding(rows: list[dict[str, Any]], words: Mapping[str, Any], colour: Colour) -> Any:
    legend = {
        "title": words.get("legend_title", ""),
        "orient": "bottom",
        "labelLimit": 320,
        "labelFontSize": 12,
        "titleFontSize": 12,
        "symbolSize": 120,
    }
    if colour == "value":
        return {
            "field": "value",
            "type": "quantitative",
            "scale": {"type": "quantize", "range": list(SEQUENTIAL), "nice": False},
            "legend": legend | {"format": ",.4~g", "direction": "horizontal"},
        }
    if colour == "status":
        # Always every status, in the fixed order: the legend reads the same on every map.
        given = words.get("statuses") or _ordered(rows, "status", "status_short")
        entries_s = [(str(key), str(label)) for key, label in given.items()]
        return {
            "field": "status_short",
            "type": "nominal",
            "scale": {
                "domain": [label for _, label in entries_s],
                "range": [STATUS_COLOURS.get(key, NO_DATA_FILL) for key, _ in entries_s],
            },
            "legend": legend | {"columns": 1, "symbolStrokeColor": SEPARATOR},
        }
    if colour == "category":
        given = words.get("categories") or _ordered(rows, "category", "category_short")
        entries = [(int(number), str(label)) for number, label in given.items()]
        colours = [CATEGORY_COLOURS.get(number, NO_DATA_FILL) for number, _ in entries]
        field = "category_short"
    else:
        given = words.get("domains") or _ordered(rows, "domain", "domain_short")
        entries = [(index, str(label)) for index, label in enumerate(given.values())]
        colours = [DOMAIN_COLOURS[index % len(DOMAIN_COLOURS)] for index, _ in entries]
        field = "domain_short"
    return {
        "field": field,
        "type": "nominal",
        "scale": {"domain": [label for _, label in entries], "range": colours},
        "legend": legend | {"columns": 1, "symbolStrokeColor": SEPARATOR},
    }


def _wide(words: Mapping[str, Any], rows: list[dict[str, Any]]) -> bool:
    text = json.dumps([dict(words), rows], ensure_ascii=False, default=str)
    return _CJK.search(text) is not None


def world_map(
    rows: list[dict[str, Any]],
    words: Mapping[str, Any],
    *,
    topojson_url: str | None = None,
    topojson: Mapping[str, Any] | None = None,
    colour: Colour = "value",
    width: int | str = "container",
) -> dict[str, Any]:
    """A Vega-Lite v6 spec of the world with ``rows`` coloured by ``colour``.

    Each row: ``numeric`` (ISO 3166 numeric, text), ``name``, ``label`` (the shape's
    accessible name), ``url`` and the fields the mode colours by (see the module).
    Raises ``ValueError`` for an unknown ``colour``, no TopoJSON, or no description.
    """
    if colour not in COLOURS:
        raise ValueError(f"unknown colour mode {colour!r}")
    description = str(words.get("description") or "").strip()
    if not description:
        raise ValueError("a map needs a description in the page language")
    field, shown = _FIELDS[colour]
    joined = [
        {"numeric": str(row["numeric"]).zfill(3)} | {name: row.get(name) for name in _LOOKED_UP}
        for row in rows
        if row.get(field) is not None
    ]
    coloured = {
        "transform": [
            {
                "lookup": "id",
                "from": {
                    "data": {"values": joined},
                    "key": "numeric",
                    "fields": list(_LOOKED_UP),
                },
            },
            {"filter": f"isValid(datum[{field!r}])"},
        ],
        # A 1 px edge in the background colour gives neighbouring fills a 3:1 boundary.
        "mark": {"type": "geoshape", "stroke": SEPARATOR, "strokeWidth": 1, "cursor": "pointer"},
        "encoding": {
            "color": _colour_encoding(joined, words, colour),
            "href": {"field": "url", "type": "nominal"},
            "description": {"field": "label", "type": "nominal"},
            "tooltip": [
                {"field": "name", "type": "nominal", "title": words.get("country", "")},
                {"field": shown, "type": "nominal", "title": words.get("value", "")},
            ],
        },
    }
    every = {
        "mark": {
            "type": "geoshape",
            "fill": NO_DATA_FILL,
            "stroke": SEPARATOR,
            "strokeWidth": 0.5,
            "aria": False,
        },
    }
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": width,
        "height": HEIGHT,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": topojson_data(topojson_url, topojson),
        # Antarctica (010) would take a sixth of the map and holds no reporting country.
        "transform": [{"filter": "datum.id != '010'"}],
        "projection": {"type": "equalEarth"},
        "layer": [every, coloured],
        # The CJK font only when the words need it: measuring text in it costs ~80 ms.
        "config": {"view": {"stroke": None}, "font": FONT if _wide(words, rows) else FONT_LATIN},
    }
