"""The chart layer: specs name themselves and plot exactly the rows given, colours keep
3:1 contrast in both themes, and the server SVG is named, translated and cached."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import jsonschema
import pytest
from altair.vegalite.v6.schema import core

from habitat_monitor.portal.charts import palette, render, specs
from habitat_monitor.portal.charts.palette import DEFAULT, HIGH_CONTRAST, Theme

WORDS_EN = {
    "title": "Cities with urban plans",
    "description": "Cities with urban plans, 2019 to 2023: actual values against yearly targets.",
    "year": "Year",
    "value": "Cities (%)",
    "actual": "Actual",
    "target": "Target",
    "baseline": "Baseline",
    "projection": "Projection",
}
WORDS_ZH = {
    "title": "有城市规划的城市",
    "description": "2019年至2023年有城市规划的城市, 实际值与年度目标。",
    "year": "年份",
    "value": "城市 (%)",
    "actual": "实际值",
    "target": "目标",
    "baseline": "基线",
    "projection": "预测",
}
STATUS_WORDS = {
    "description": "Indicators by status in each domain of change.",
    "count": "Indicators",
    "status": "Status",
    "status_labels": {
        "on_track": "On track",
        "at_risk": "At risk",
        "off_track": "Off track",
        "no_data": "No data",
        "not_yet_due": "Not yet due",
    },
}


def _row(year: int, **values: Any) -> dict[str, Any]:
    row = dict.fromkeys(("baseline", "target", "value", "actual", "projection"))
    return {"year": year, **row, **values, "selected": values.get("selected", False)}


SERIES = [
    _row(2019, baseline=40.0),
    _row(2020, target=43.0, value=41.5, actual=41.5),
    _row(2021, target=46.0, value=45.0, actual=45.0, selected=True),
    _row(2022, target=49.0),
    _row(2023, target=52.0, projection=55.25),
]


def _indicator(words: dict[str, str] = WORDS_EN, **options: Any) -> dict[str, Any]:
    return specs.indicator_chart(
        SERIES, words, end_year=2023, projection_from=(2021, 45.0), **options
    )


def _bars(**options: Any) -> dict[str, Any]:
    rows = [
        {"key": "D1", "label": "Domain 1", "counts": {"on_track": 3, "at_risk": 1, "no_data": 2}},
        {"key": "D2", "label": "Domain 2", "counts": {"off_track": 4, "not_yet_due": 1}},
    ]
    return specs.status_bars(rows, STATUS_WORDS, **options)


def _spark() -> dict[str, Any]:
    return specs.sparkline([(2020, 1.0), (2021, 3.0), (2022, 2.0)], {"description": "Trend"})


BUILDERS = {"indicator": _indicator, "status_bars": _bars, "sparkline": _spark}


def _walk(node: Any) -> list[dict[str, Any]]:
    """Every dict inside a spec, depth first."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _walk(value)
    elif isinstance(node, list):
        for value in node:
            found += _walk(value)
    return found


@pytest.mark.parametrize("name", BUILDERS)
def test_every_spec_is_named_and_versioned(name: str) -> None:
    spec = BUILDERS[name]()
    assert spec["description"].strip()
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    json.dumps(spec)  # JSON-ready, nothing Altair-specific left


@pytest.mark.parametrize("name", BUILDERS)
def test_every_spec_is_valid_vega_lite(name: str) -> None:
    """The builders skip Altair's validation (slow per page view), so check here."""
    validator = jsonschema.Draft7Validator(core.load_schema())
    errors = [error.message for error in validator.iter_errors(BUILDERS[name]())]
    assert errors == []


@pytest.mark.parametrize("name", BUILDERS)
def test_no_spec_fetches_data(name: str) -> None:
    assert not any("url" in node for node in _walk(BUILDERS[name]()))


def test_a_description_is_required() -> None:
    with pytest.raises(ValueError, match="description"):
        specs.indicator_chart(
            SERIES, {**WORDS_EN, "description": " "}, end_year=2023, projection_from=None
        )
    with pytest.raises(ValueError, match="description"):
        specs.sparkline([(2020, 1.0)], {"description": ""})


def test_indicator_rows_are_the_series_in_long_form() -> None:
    rows = specs.plotted_rows(_indicator())
    got = {(row["kind"], row["year"]): row["value"] for row in rows}
    assert got == {
        ("baseline", 2019): 40.0,
        ("target", 2020): 43.0,
        ("actual", 2020): 41.5,
        ("target", 2021): 46.0,
        ("actual", 2021): 45.0,
        ("target", 2022): 49.0,
        ("target", 2023): 52.0,
        ("projection", 2023): 55.25,
    }
    assert {row["kind_label"] for row in rows} == {"Baseline", "Target", "Actual", "Projection"}
    assert [row["year"] for row in rows if row["selected"]] == [2021, 2021]


def test_table_parity_every_value_given_is_plotted_once() -> None:
    expected = sorted(
        (line["year"], kind, line[kind])
        for line in SERIES
        for kind in ("baseline", "target", "actual", "projection")
        if line[kind] is not None
    )
    plotted = sorted((r["year"], r["kind"], r["value"]) for r in specs.plotted_rows(_indicator()))
    assert plotted == expected


def test_status_bar_rows_are_the_counts_given() -> None:
    rows = specs.plotted_rows(_bars())
    counts = {(row["key"], row["status"]): row["count"] for row in rows}
    assert counts[("D1", "on_track")] == 3
    assert counts[("D1", "no_data")] == 2
    assert counts[("D2", "off_track")] == 4
    assert counts[("D2", "on_track")] == 0
    assert len(rows) == 2 * len(palette.STATUSES)
    assert rows[0]["status_label"] == "✓ On track"


def test_sparkline_rows_are_the_points_given() -> None:
    assert specs.plotted_rows(_spark()) == [
        {"year": 2020, "value": 1.0},
        {"year": 2021, "value": 3.0},
        {"year": 2022, "value": 2.0},
    ]


def test_projection_is_a_dashed_line_from_the_last_actual() -> None:
    spec = _indicator()
    assert spec["datasets"]["projection"] == [
        {"year": 2021, "kind": "projection", "kind_label": "Projection", "value": 45.0},
        {"year": 2023, "kind": "projection", "kind_label": "Projection", "value": 55.25},
    ]
    layer = next(layer for layer in spec["layer"] if layer["data"] == {"name": "projection"})
    assert layer["mark"]["type"] == "line"
    assert layer["mark"]["strokeDash"] == palette.KIND_DASH["projection"]
    target = next(layer for layer in spec["layer"] if "datum.kind === 'target'" in str(layer))
    assert target["mark"]["strokeDash"] != layer["mark"]["strokeDash"]


def test_projection_is_labelled_in_words() -> None:
    spec = _indicator()
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert texts and texts[0]["encoding"]["text"]["field"] == "kind_label"
    assert "projection" in json.dumps(texts[0]["transform"])


def test_no_projection_without_a_start() -> None:
    spec = specs.indicator_chart(SERIES, WORDS_EN, end_year=2023, projection_from=None)
    assert "projection" not in spec["datasets"]


@pytest.mark.parametrize("name", ["indicator", "status_bars"])
def test_years_and_counts_are_whole_numbers(name: str) -> None:
    spec = BUILDERS[name]()
    axes = [
        node["axis"]
        for node in _walk(spec)
        if node.get("field") in ("year", "count") and isinstance(node.get("axis"), dict)
    ]
    assert axes
    for axis in axes:
        assert axis["format"] == "d"
        assert axis["tickMinStep"] == 1


def test_legend_uses_translated_labels_and_shapes() -> None:
    spec = _indicator(WORDS_ZH)
    shape = next(
        node
        for node in _walk(spec)
        if node.get("field") == "kind_label"
        and node.get("scale", {}).get("range", [""])[0] == "circle"
    )
    assert shape["scale"]["domain"] == ["实际值", "目标", "基线", "预测"]
    assert len(set(shape["scale"]["range"])) == 4
    assert "Noto Sans CJK SC" in spec["config"]["font"]


@pytest.mark.parametrize("high_contrast", [False, True])
def test_themes_set_the_background(high_contrast: bool) -> None:
    spec = _indicator(high_contrast=high_contrast)
    assert spec["background"] == palette.theme(high_contrast).background


def test_contrast_maths() -> None:
    assert palette.contrast_ratio("#ffffff", "#000000") == pytest.approx(21)
    assert palette.contrast_ratio("#767676", "#fff") == pytest.approx(4.54, abs=0.01)
    assert palette.relative_luminance("#000") == 0
    with pytest.raises(ValueError):
        palette.relative_luminance("#12345")


def _lists(theme: Theme) -> dict[str, list[str]]:
    return {
        "status": [theme.status[s] for s in palette.STATUSES],
        "kind": [theme.kind[k] for k in palette.KINDS],
        "category": [theme.category[c] for c in sorted(theme.category)],
        "domain": list(theme.domain),
    }


THEMES = {"default": DEFAULT, "high_contrast": HIGH_CONTRAST}
CASES = [(t, name) for t in THEMES for name in ("status", "kind", "category", "domain")]


@pytest.mark.parametrize(("theme_name", "name"), CASES)
def test_legend_colours_reach_3_to_1_on_the_background_and_beside_each_other(
    theme_name: str, name: str
) -> None:
    theme = THEMES[theme_name]
    colours = _lists(theme)[name]
    for colour in colours:
        assert palette.contrast_ratio(colour, theme.background) >= 3, colour
    for left, right in itertools.pairwise(colours):
        assert palette.contrast_ratio(left, right) >= 3, (left, right)


@pytest.mark.parametrize("theme_name", THEMES)
def test_map_colours_reach_3_to_1_on_the_background_and_the_separator(theme_name: str) -> None:
    theme = THEMES[theme_name]
    for colour in [*theme.sequential, theme.no_data_fill]:
        assert palette.contrast_ratio(colour, theme.background) >= 3, colour
        assert palette.contrast_ratio(colour, theme.separator) >= 3, colour


@pytest.mark.parametrize("theme_name", THEMES)
def test_sequential_steps_are_ordered_and_told_apart(theme_name: str) -> None:
    ramp = THEMES[theme_name].sequential
    assert len(ramp) == 5
    lum = [palette.relative_luminance(colour) for colour in ramp]
    darker = theme_name == "default"
    assert lum == sorted(lum, reverse=darker)
    for left, right in itertools.pairwise(ramp):
        assert palette.contrast_ratio(left, right) >= 1.3


def test_status_shapes_and_symbols_differ() -> None:
    assert set(palette.STATUS_COLOURS) == set(palette.STATUSES)
    assert len(set(palette.STATUS_SHAPES.values())) == len(palette.STATUSES)
    assert len(set(palette.STATUS_SYMBOLS.values())) == len(palette.STATUSES)
    assert set(palette.CATEGORY_COLOURS) == {1, 2, 3, 4, 5}
    assert len(palette.DOMAIN_COLOURS) == 4


def test_bar_labels_read_on_their_fill() -> None:
    for theme in THEMES.values():
        for colour in theme.status.values():
            assert palette.contrast_ratio(palette.text_on(colour), colour) >= 4.5


def test_svg_is_named_by_the_description() -> None:
    render.cache_clear()
    spec = _indicator()
    svg = render.to_svg(spec)
    assert svg.startswith("<svg")
    root = svg[: svg.index(">")]
    assert 'role="img"' in root
    assert f'aria-label="{spec["description"]}"' in root
    assert "<?xml" not in svg


def test_svg_carries_the_chinese_words() -> None:
    svg = render.to_svg(_indicator(WORDS_ZH))
    for word in ("实际值", "目标", "基线", "预测", "年份"):
        assert word in svg
    assert 'aria-label="2019年至2023年有城市规划的城市, 实际值与年度目标。"' in svg


def test_svg_escapes_the_description() -> None:
    spec = {**_spark(), "description": 'Values "quoted" & <tagged>'}
    svg = render.to_svg(spec)
    assert 'aria-label="Values &quot;quoted&quot; &amp; &lt;tagged&gt;"' in svg


def test_svg_is_cached() -> None:
    spec = _bars()
    first = render.to_svg(spec)
    again = render.to_svg(json.loads(json.dumps(spec)))
    assert again is first


def test_svg_needs_a_description() -> None:
    with pytest.raises(ValueError):
        render.to_svg({**_spark(), "description": ""})


def test_chart_template_holds_svg_spec_and_table_link() -> None:
    """The include puts the server SVG first, the spec as JSON, and no inline code."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from django.utils.safestring import mark_safe

    translation.activate("en")  # an earlier test may have left another language active

    spec = _spark()
    chart = {
        "id": "trend",
        "title": "Trend <b>",
        "summary": "The value rose to 2 in 2022.",
        "spec": spec,
        "svg": mark_safe(render.to_svg(spec)),
        "table_id": "trend-table",
    }
    page = render_to_string("portal/_chart.html", {"chart": chart})
    assert '<figure class="chart" id="trend" data-chart="trend-spec"' in page
    assert "<figcaption" in page and "Trend &lt;b&gt;" in page
    assert '<p class="chart-summary">The value rose to 2 in 2022.</p>' in page
    assert '<div class="chart-view"><svg' in page
    assert '<a href="#trend-table">Data table</a>' in page
    assert '<script id="trend-spec" type="application/json">' in page
    assert "style=" not in page and "<style" not in page
    scripts = page.count("<script")
    assert scripts == 1  # only the JSON data block, never code


def test_chart_assets_load_scripts_from_files() -> None:
    from django.template.loader import render_to_string

    assets = render_to_string("portal/_chart_assets.html")
    sources = re.findall(r'<script src="([^"]+)" defer></script>', assets)
    names = [re.sub(r"\.[0-9a-f]{12}(?=\.js$)", "", src.rsplit("/", 1)[-1]) for src in sources]
    assert names == ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "charts.js"]
    assert assets.count("<script") == 4
    assert 'rel="stylesheet"' in assets and "charts." in assets
