"""DHIS2 dataValueSets: periods, payloads written and read back (with and without a
mapping), problems pointing at the value at fault, the mapping file and the summary.

Pure Python: these tests need neither Django nor a database.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from habitat_monitor.core.translated import render
from habitat_monitor.interop import dhis2
from habitat_monitor.interop.dhis2_periods import MONTHLY, QUARTERLY, SIX_MONTHLY, YEARLY
from habitat_monitor.interop.mapping import MappingError, OrgUnit
from habitat_monitor.interop.records import MappedValue, Observation
from tests.interop.samples import COUNT, DATASET

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "dhis2-mapping.yaml"
NOT_MONTHLY = "monthly periods are not reported in this plan; map them to a quarter or year"


def _example() -> dhis2.Dhis2Mapping:
    return dhis2.read_mapping(EXAMPLE.read_text(encoding="utf-8"))


def _observed(observations: tuple[Observation, ...]) -> set[tuple[Any, ...]]:
    return {
        (o.indicator, o.period, o.office, o.country, o.city, o.breakdown_key, o.value)
        for o in observations
    }


def _mapped(values: list[MappedValue]) -> set[tuple[Any, ...]]:
    return {
        (v.indicator, v.period, v.office, v.country, v.city, _key(v.breakdown), float(v.value))
        for v in values
    }


def _key(breakdown: Any) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(breakdown.items()))


def _read(values: list[Any], mapping: dhis2.Dhis2Mapping | None = None) -> dhis2.Dhis2Mapped:
    return dhis2.map_data_values(json.dumps({"dataValues": values}), mapping)


def _value(**fields: Any) -> dict[str, Any]:
    base = {"dataElement": "C1", "period": "2021Q3", "orgUnit": "KEN"}
    return base | {"attributeOptionCombo": "ROAF", "value": "5"} | fields


# --- Periods ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "ours"),
    [
        ("2021", YEARLY, "2021"),
        ("2021Q3", QUARTERLY, "2021-Q3"),
        ("2021S1", SIX_MONTHLY, "2021-S1"),
        ("202107", MONTHLY, None),
    ],
)
def test_periods_are_read(text: str, kind: str, ours: str | None) -> None:
    period = dhis2.parse_period(text)
    assert (period.kind, period.text, dhis2.our_period(period)) == (kind, text, ours)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2021Q5", "quarters are Q1 to Q4"),
        ("202113", "there is no month 13"),
        ("21", "not a DHIS2 period"),
        ("2021S3", "half-years are S1 and S2"),
        ("2021W60", "period type this plan does not use"),
        ("2021-07", "not a DHIS2 period"),
        ("", "no period"),
    ],
)
def test_wrong_periods_are_refused_with_the_reason(text: str, says: str) -> None:
    with pytest.raises(dhis2.PeriodError) as caught:
        dhis2.parse_period(text)
    assert says in str(caught.value)
    assert render(caught.value.template, caught.value.params) == str(caught.value)


def test_our_periods_are_written_as_dhis2s() -> None:
    assert [dhis2.dhis2_period(c) for c in ("2021", "2021-S2", "2021-Q3")] == [
        "2021",
        "2021S2",
        "2021Q3",
    ]
    with pytest.raises(ValueError, match="not a period"):
        dhis2.dhis2_period("2021-07")


def test_a_monthly_value_is_a_problem_unless_mapped() -> None:
    result = _read([_value(period="202107")])
    assert result.values == []
    assert [(p.source, p.field, p.value, p.reason) for p in result.problems] == [
        ("dataValues[0]", "period", "202107", NOT_MONTHLY)
    ]
    december = {"dataElement": "hmC1normPrd", "period": "202112", "orgUnit": "hmOUkenya01"}
    mapped = _read([december | {"value": "5"}], _example())
    assert mapped.problems == []
    assert [(v.period, v.office, v.country) for v in mapped.values] == [("2021-Q4", "ROAF", "KEN")]


# --- Writing and reading back -----------------------------------------------------------


def test_the_payload_uses_our_codes_without_a_mapping() -> None:
    values = dhis2.write_data_value_set(DATASET)["dataValues"]
    assert values[1] == {
        "dataElement": "1.1.1",
        "period": "2020",
        "orgUnit": "KEN",
        "categoryOptionCombo": "sex=female",
        "attributeOptionCombo": "ROAF",
        "value": "40.5",
        "comment": "illustrative",
    }
    city = next(v for v in values if "/" in v["orgUnit"])
    assert (city["orgUnit"], city["categoryOptionCombo"]) == ("KEN/Nairobi", "default")
    plan_wide = next(v for v in values if v["orgUnit"] == "HQ")
    assert plan_wide == {
        "dataElement": "C1",
        "period": "2021Q3",
        "orgUnit": "HQ",
        "categoryOptionCombo": "default",
        "value": "12",
    }


def test_every_value_comes_back_without_a_mapping() -> None:
    payload = json.dumps(dhis2.write_data_value_set(DATASET))
    result = dhis2.map_data_values(payload.encode("utf-8"), None)
    assert (result.problems, result.ignored, result.read) == ([], [], len(DATASET.observations))
    assert _mapped(result.values) == _observed(DATASET.observations)
    notes = {v.source: v.note for v in result.values}
    assert notes["dataValues[0]"] == "illustrative" and notes["dataValues[8]"] == ""


def test_every_value_comes_back_with_the_example_mapping() -> None:
    mapping = _example()
    payload = dhis2.write_data_value_set(DATASET, mapping)
    assert (payload["dataSet"], payload["completeDate"]) == ("hmSP2020dat", "2022-03-01")
    assert payload["dataValues"][1] == {
        "dataElement": "hm111transp",
        "period": "2020",
        "orgUnit": "hmOUkenya01",
        "categoryOptionCombo": "hmCOCfemale",
        "value": "40.5",
        "comment": "illustrative",
    }
    assert dhis2.unmapped_observations(DATASET, mapping) == []
    result = dhis2.map_data_values(json.dumps(payload), mapping)
    assert result.problems == []
    assert _mapped(result.values) == _observed(DATASET.observations)


def test_another_office_reports_through_the_attribute_option_combo() -> None:
    mapping = _example()
    kenya = Observation("C1", "2021-Q1", 2021, "KEN", "KEN", "", {}, 2.0)
    data = dataclasses.replace(DATASET, observations=(kenya,))
    [written] = dhis2.write_data_value_set(data, mapping)["dataValues"]
    assert (written["orgUnit"], written["attributeOptionCombo"]) == ("hmOUkenya01", "hmAOCkenCO1")
    [read] = dhis2.map_data_values(json.dumps({"dataValues": [written]}), mapping).values
    assert (read.office, read.country) == ("KEN", "KEN")
    default = written | {"attributeOptionCombo": "HllvX50cXC0"}  # DHIS2's "no attribute"
    [read] = dhis2.map_data_values(json.dumps({"dataValues": [default]}), mapping).values
    assert read.office == "ROAF"


def test_values_the_mapping_lacks_are_left_out_of_the_export() -> None:
    mapping = dataclasses.replace(_example(), data_elements={"hm111transp": "1.1.1"})
    payload = dhis2.write_data_value_set(DATASET, mapping)
    assert {v["dataElement"] for v in payload["dataValues"]} == {"hm111transp"}
    assert {o.indicator for o in dhis2.unmapped_observations(DATASET, mapping)} == {"C1"}


def test_yes_no_values_are_true_and_false() -> None:
    flag = dataclasses.replace(COUNT, code="X9", measure="boolean")
    obs = Observation("X9", "2021", 2021, "ROAF", "KEN", "", {}, 1.0)
    data = dataclasses.replace(DATASET, indicators=(flag,), observations=(obs,))
    [written] = dhis2.write_data_value_set(data)["dataValues"]
    assert written["value"] == "true"
    result = _read(
        [
            _value(value="true"),
            _value(value=False, period="2021Q4"),
            _value(value=2.5e-3, period="2021Q2"),
        ]
    )
    assert [v.value for v in result.values] == ["yes", "no", "0.0025"]


def test_the_set_header_gives_shared_fields() -> None:
    payload = {"period": "2021Q3", "orgUnit": "KEN", "attributeOptionCombo": "ROAF"}
    payload["dataValues"] = [{"dataElement": "C1", "value": "4"}]  # type: ignore[assignment]
    [read] = dhis2.map_data_values(json.dumps(payload), None).values
    assert (read.period, read.office, read.country, read.value) == ("2021-Q3", "ROAF", "KEN", "4")


# --- Problems ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "field", "says"),
    [
        ('{"dataValues": [\n  {"dataElement": "C1",}\n]}', "", "line 2, column 24"),
        ('{"dataSet": "x"}', "dataValues", "no dataValues list"),
        ("[]", "dataValues", "no dataValues list"),
        ("", "", "empty"),
        (b'{"dataValues": []}\n\xff', "", "not UTF-8 text (line 2)"),
    ],
)
def test_a_payload_that_cannot_be_read_is_one_problem(payload: Any, field: str, says: str) -> None:
    result = dhis2.map_data_values(payload, None)
    assert result.values == []
    [problem] = result.problems
    assert (problem.source, problem.field) == ("payload", field)
    assert says in problem.reason


def test_a_payload_over_the_limits_maps_nothing() -> None:
    payload = json.dumps(dhis2.write_data_value_set(DATASET))
    too_big = dhis2.map_data_values(payload, None, max_bytes=100)
    too_many = dhis2.map_data_values(payload, None, max_values=3)
    for result, says in ((too_big, "at most 100 are read"), (too_many, "9 data values")):
        assert result.values == []
        assert len(result.problems) == 1 and says in result.problems[0].reason


def test_each_bad_value_is_a_problem_at_its_index() -> None:
    result = _read(
        [
            _value(),
            _value(dataElement=""),
            _value(categoryOptionCombo="sex=woman"),
            _value(categoryOptionCombo="colour=red"),
            _value(orgUnit="Kenya"),
            _value(orgUnit="KEN/Nairobi", attributeOptionCombo="default"),
            _value(value=["5"]),
            _value(period="2021Q5"),
            _value(),
            "5",
        ]
    )
    found = [(p.source, p.field) for p in result.problems]
    assert found == [
        ("dataValues[1]", "dataElement"),
        ("dataValues[2]", "categoryOptionCombo"),
        ("dataValues[3]", "categoryOptionCombo"),
        ("dataValues[4]", "orgUnit"),
        ("dataValues[5]", "attributeOptionCombo"),
        ("dataValues[6]", "value"),
        ("dataValues[7]", "period"),
        ("dataValues[8]", "dataElement"),
        ("dataValues[9]", ""),
    ]
    assert result.problems[-2].reason == "the same value is already in dataValues[0]"
    assert all(p.template and render(p.template, p.params) == p.reason for p in result.problems)
    assert [v.source for v in result.values] == ["dataValues[0]"]


def test_codes_the_mapping_lacks_are_problems() -> None:
    result = _read(
        [
            {"dataElement": "nope", "period": "2021", "orgUnit": "hmOUkenya01", "value": "1"},
            {"dataElement": "hmC1normPrd", "period": "2021", "orgUnit": "nope", "value": "1"},
            {
                "dataElement": "hmC1normPrd",
                "period": "2021",
                "orgUnit": "hmOUkenya01",
                "categoryOptionCombo": "nope",
                "attributeOptionCombo": "nope2",
                "value": "1",
            },
        ],
        _example(),
    )
    assert [(p.source, p.field, p.value) for p in result.problems] == [
        ("dataValues[0]", "dataElement", "nope"),
        ("dataValues[1]", "orgUnit", "nope"),
        ("dataValues[2]", "attributeOptionCombo", "nope2"),
        ("dataValues[2]", "categoryOptionCombo", "nope"),
    ]
    assert result.problems[0].reason == "data element “nope” is not in the mapping"


def test_deleted_and_empty_values_are_ignored() -> None:
    result = _read([_value(deleted=True), _value(value=""), _value(value=None), _value()])
    assert [i.source for i in result.ignored] == ["dataValues[0]", "dataValues[1]", "dataValues[2]"]
    assert "deleted" in result.ignored[0].reason
    assert result.problems == [] and len(result.values) == 1


# --- Mapping file ----------------------------------------------------------------------


def test_the_example_mapping_reads_without_problems() -> None:
    mapping = _example()
    assert mapping.data_elements["hm111transp"] == "1.1.1"
    assert mapping.org_units["hmOUnairobi"] == OrgUnit("ROAF", "KEN", "Nairobi")
    assert mapping.category_option_combos["HllvX50cXC0"] == {}
    assert mapping.periods == {"2021July": "2021", "202112": "2021-Q4"}


def test_every_problem_of_a_mapping_file_is_reported() -> None:
    text = """
data_elements: {abc: "1.1.1", def: [x]}
org_units:
  a: {office: ROAF, country: Kenya}
  b: {city: Nairobi, planet: earth}
category_option_combos:
  c: {sex: woman}
  d: {colour: red}
periods: {"2021Q5": "2021", "202107": "July"}
extra: 1
"""
    with pytest.raises(MappingError) as caught:
        dhis2.read_mapping(text)
    fields = [p.field for p in caught.value.problems]
    assert sorted(fields) == sorted(
        [
            "extra",
            "data_elements.def",
            "org_units.a.country",
            "org_units.b.planet",
            "org_units.b.office",
            "org_units.b.city",
            "category_option_combos.c.sex",
            "category_option_combos.d.colour",
            "periods.2021Q5",
            "periods.202107",
        ]
    )
    assert "org_units.a.country" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("data_elements:\n  a: G1\n  a: G2\n", "“a” is written twice"),
        ('{"data_elements": {"a": "G1", "a": "G2"}}', "“a” is written twice"),
        ("data_elements: [a\n", "not valid YAML"),
        ('{"data_elements": }', "not valid JSON"),
        ("", "empty"),
        ("- a\n- b\n", "a mapping file is a table of"),
    ],
)
def test_an_unreadable_mapping_file_says_why(text: str, says: str) -> None:
    with pytest.raises(MappingError, match=says):
        dhis2.read_mapping(text)


def test_a_json_mapping_reads_codes_as_text() -> None:
    mapping = dhis2.read_mapping('{"data_elements": {"a": "1.10"}, "periods": {"2021": "2021"}}')
    assert mapping.data_elements == {"a": "1.10"} and mapping.periods == {"2021": "2021"}


# --- Import summary ---------------------------------------------------------------------


def test_the_import_summary_reads_like_dhis2s() -> None:
    problems = _read([_value(period="202107")]).problems
    assert dhis2.import_summary(3, 1, 2, []) == {
        "responseType": "ImportSummary",
        "status": "SUCCESS",
        "description": "Import process completed successfully",
        "importCount": {"imported": 3, "updated": 1, "ignored": 2, "deleted": 0},
        "conflicts": [],
    }
    refused = dhis2.import_summary(0, 0, 0, problems)
    assert refused["status"] == "ERROR"
    assert refused["conflicts"] == [
        {"object": "202107", "value": NOT_MONTHLY, "property": "period", "indexes": [0]}
    ]
    assert dhis2.import_summary(1, 0, 0, problems)["status"] == "WARNING"
