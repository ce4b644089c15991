"""IATI 2.03 activity XML: valid against the official schema, results read back,
illustrative figures flagged, Chinese narratives, numbers as plain decimals.

Pure Python: these tests need neither Django nor a database.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from habitat_monitor.interop import iati
from habitat_monitor.interop.records import Dataset, IndicatorInfo, TargetInfo, YearlyResult
from tests.interop.samples import COUNT, DATASET, RESULTS, SHARE

GENERATED = datetime(2022, 3, 2, 8, 0, tzinfo=UTC)
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _xml(dataset: Dataset = DATASET) -> bytes:
    return iati.write_iati(dataset, generated=GENERATED)


def _tree(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


def _indicator(tree: etree._Element, code: str) -> etree._Element:
    (indicator,) = tree.xpath(f"//indicator[reference/@code='{code}']")
    return indicator


def test_sample_is_valid_against_the_official_schema() -> None:
    assert iati.validate_iati(_xml()) == []


def test_activity_header() -> None:
    tree = _tree(_xml())
    assert tree.get("version") == "2.03"
    assert tree.get("generated-datetime") == "2022-03-02T08:00:00+00:00"
    activity = tree.find("iati-activity")
    assert activity.findtext("iati-identifier") == "XM-DAC-41120-UNH-SP-2020-2023"
    assert activity.find("reporting-org").attrib == {"ref": "XM-DAC-41120", "type": "40"}
    assert activity.find("activity-status").get("code") == "2"
    dates = [(d.get("type"), d.get("iso-date")) for d in activity.iterfind("activity-date")]
    assert dates == [("1", "2020-01-01"), ("3", "2023-12-31")]
    assert activity.find("document-link").get("url") == DATASET.url
    other = _tree(iati.write_iati(DATASET, reporting_org_ref="XM-EXAMPLE-1"))
    assert other.findtext("iati-activity/iati-identifier") == "XM-EXAMPLE-1-UNH-SP-2020-2023"


@pytest.mark.parametrize(("year", "status"), [(2019, "1"), (2023, "2"), (2024, "3")])
def test_activity_status_follows_the_plan_years(year: int, status: str) -> None:
    xml = iati.write_iati(DATASET, generated=datetime(year, 6, 1, tzinfo=UTC))
    assert _tree(xml).find("iati-activity/activity-status").get("code") == status


def test_titles_have_english_and_chinese_narratives() -> None:
    tree = _tree(_xml())
    title = tree.find("iati-activity/title")
    assert [(n.get(LANG), n.text) for n in title] == [
        ("en", DATASET.plan_title_en),
        ("zh", DATASET.plan_title_zh),
    ]
    indicator_title = _indicator(tree, "1.1.1").find("title")
    assert [n.text for n in indicator_title if n.get(LANG) == "zh"] == [SHARE.statement_zh]


def test_results_by_level_measure_and_direction() -> None:
    tree = _tree(_xml())
    results = tree.findall("iati-activity/result")
    assert [r.get("type") for r in results] == ["2", "2"]
    share, count = _indicator(tree, "1.1.1"), _indicator(tree, "C1")
    assert (share.get("measure"), share.get("ascending")) == ("2", "1")
    assert (count.get("measure"), count.get("aggregation-status")) == ("1", "1")
    assert share.get("aggregation-status") == "0"
    baseline = share.find("baseline")
    assert (baseline.get("year"), baseline.get("iso-date"), baseline.get("value")) == (
        "2019",
        "2019-12-31",
        "41.5",
    )


def test_other_levels_measures_and_directions() -> None:
    goal = dataclasses.replace(SHARE, code="G1", level="goal", direction="decrease")
    yes_no = dataclasses.replace(COUNT, code="B1", measure="boolean", direction="maintain")
    dataset = dataclasses.replace(DATASET, indicators=(goal, yes_no), observations=(), results=())
    xml = _xml(dataset)
    assert iati.validate_iati(xml) == []
    tree = _tree(xml)
    assert [r.get("type") for r in tree.iterfind("iati-activity/result")] == ["3", "2"]
    assert _indicator(tree, "G1").get("ascending") == "0"
    assert _indicator(tree, "B1").get("measure") == "3"
    assert _indicator(tree, "B1").get("ascending") is None


def test_targets_and_actuals_round_trip() -> None:
    back = iati.read_iati_results(_xml())
    assert [(r.indicator, r.year, r.actual, r.target, r.illustrative) for r in back] == [
        (r.indicator, r.year, r.actual, r.target, r.illustrative) for r in RESULTS
    ]


def test_illustrative_figures_carry_a_comment() -> None:
    tree = _tree(_xml())
    share = _indicator(tree, "1.1.1")
    marked = share.xpath(".//comment/narrative[@xml:lang='en']/text()")
    assert set(marked) == {iati.ILLUSTRATIVE_EN}
    # baseline, 2 targets, 2 plan-wide actuals and 6 published values
    assert len(marked) == 11
    assert share.xpath(".//comment/narrative[@xml:lang='zh']/text()") == [iati.ILLUSTRATIVE_ZH] * 11
    assert _indicator(tree, "C1").find(".//comment") is None
    description = tree.findtext("iati-activity/description/narrative")
    assert "invented for demonstration" in description


def test_published_values_are_actuals_with_dimensions() -> None:
    tree = _tree(_xml())
    period = _indicator(tree, "C1").find("period")
    actuals = [
        (a.get("value"), {d.get("name"): d.get("value") for d in a.iterfind("dimension")})
        for a in period.iterfind("actual")
    ]
    assert actuals == [
        ("20", {}),
        ("3", {"country": "KEN", "office": "ROAF", "period": "2021-Q1"}),
        ("5", {"country": "KEN", "office": "ROAF", "period": "2021-Q3"}),
        ("12", {"office": "HQ", "period": "2021-Q3"}),
    ]
    female = _indicator(tree, "1.1.1").xpath(".//actual[dimension/@value='female']")
    assert [a.get("value") for a in female] == ["40.5"]


def test_values_that_are_not_finite_are_left_out() -> None:
    share = dataclasses.replace(
        SHARE,
        baseline_value=math.nan,
        targets=(TargetInfo(2020, math.inf), TargetInfo(2021, 45.0)),
    )
    results = (
        YearlyResult("1.1.1", 2020, math.nan, None, None, "no_data"),
        YearlyResult("1.1.1", 2021, 1e-7, 45.0, None, "off_track"),
    )
    observations = (dataclasses.replace(DATASET.observations[0], value=-math.inf),)
    dataset = dataclasses.replace(
        DATASET, indicators=(share,), observations=observations, results=results
    )
    xml = _xml(dataset)
    assert iati.validate_iati(xml) == []
    text = xml.decode("utf-8").lower()
    assert "nan" not in text and "inf" not in text and "e-" not in text
    assert _tree(xml).find(".//baseline") is None
    back = iati.read_iati_results(xml)
    assert [(r.year, r.actual, r.target) for r in back] == [(2021, 1e-7, 45.0)]


@pytest.mark.parametrize(
    ("value", "text"),
    [(42.0, "42"), (40.5, "40.5"), (-0.0, "0"), (1e-7, "0.0000001"), (1e16, "1" + "0" * 16)],
)
def test_numbers_are_plain_decimals(value: float, text: str) -> None:
    assert iati.decimal_text(value) == text
    assert float(text) == value


def test_decimal_text_of_nothing() -> None:
    assert [iati.decimal_text(v) for v in (None, math.nan, math.inf, -math.inf)] == [None] * 4


def test_broken_documents_give_errors() -> None:
    tree = _tree(_xml())
    activity = tree.find("iati-activity")
    activity.remove(activity.find("iati-identifier"))
    assert iati.validate_iati(etree.tostring(tree))

    swapped = _tree(_xml())
    activity = swapped.find("iati-activity")
    title = activity.find("title")
    activity.remove(title)
    activity.find("description").addnext(title)  # title after description: wrong order
    errors = iati.validate_iati(etree.tostring(swapped))
    assert errors and all(e.startswith("line ") for e in errors)

    assert iati.validate_iati(b"<iati-activities")[0].startswith("not well-formed XML")


def test_schema_loading_refuses_the_network(tmp_path: Path) -> None:
    schema = tmp_path / "remote.xsd"
    schema.write_text(
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
        '<xsd:import namespace="urn:x" schemaLocation="http://example.invalid/x.xsd"/>'
        '<xsd:element name="a" type="xsd:string"/></xsd:schema>',
        encoding="utf-8",
    )
    with pytest.raises(etree.XMLSchemaParseError):
        iati.load_schema(str(schema))


def test_read_results_ignores_foreign_indicators() -> None:
    extra = IndicatorInfo(
        code="X1",
        level="outcome",
        domain="1",
        outcome="1.1",
        statement_en="Something",
        statement_zh="",
        unit_en="count",
        unit_zh="",
        measure="count",
        direction="increase",
        aggregation="sum",
        frequency="annual",
    )
    tree = _tree(_xml(dataclasses.replace(DATASET, indicators=(extra,))))
    tree.find(".//indicator").remove(tree.find(".//indicator/reference"))
    assert iati.read_iati_results(etree.tostring(tree)) == []
