"""SDMX-CSV: the structure, its SDMX-ML, and files that sdmx1 reads back exactly.

Pure Python: these tests need neither Django nor a database.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import re

import pytest
import sdmx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sdmx.message import StructureMessage

from habitat_monitor.core.translated import WordedError
from habitat_monitor.interop import sdmx_csv
from habitat_monitor.interop.records import Dataset, Observation
from habitat_monitor.reporting.disaggregation import CATEGORIES
from tests.interop.samples import COUNT, DATASET, SHARE

SDMX_ID = re.compile(r"^[A-Za-z0-9_@$\-]+$")
HEADER = [
    "STRUCTURE",
    "STRUCTURE_ID",
    "ACTION",
    "INDICATOR",
    "REF_AREA",
    "CITY",
    "OFFICE",
    "SEX",
    "AGE",
    "DISABILITY",
    "URBANISATION",
    "INCOME",
    "REGION",
    "TIME_PERIOD",
    "OBS_VALUE",
    "UNIT_MEASURE",
    "ILLUSTRATIVE",
]


def _written(dataset: Dataset = DATASET) -> tuple[int, str]:
    handle = io.StringIO()
    count = sdmx_csv.write_sdmx_csv(dataset, handle)
    return count, handle.getvalue()


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _with(observations: list[Observation]) -> Dataset:
    return dataclasses.replace(DATASET, observations=tuple(observations))


def test_structure_has_the_dataflow_dimensions_and_attributes() -> None:
    message = sdmx_csv.structure(DATASET)
    flow = message.dataflow["DF_UNH_SP_2020_2023"]
    assert str(flow.version) == "1.0"
    dsd = message.structure["DSD_UNH_SP_2020_2023"]
    assert flow.structure is dsd
    assert [d.id for d in dsd.dimensions.components] == HEADER[3:14]
    assert [m.id for m in dsd.measures.components] == ["OBS_VALUE"]
    assert [a.id for a in dsd.attributes.components] == ["UNIT_MEASURE", "ILLUSTRATIVE"]


def test_codelists_have_valid_ids_and_names_in_english_and_chinese() -> None:
    message = sdmx_csv.structure(DATASET)
    lists = {cl.id: cl for cl in message.codelist.values()}
    indicators = lists["CL_INDICATOR_UNH_SP_2020_2023"]
    assert [c.id for c in indicators] == ["1_1_1", "C1"]  # "." is no SDMX id character
    assert indicators["1_1_1"].name.localizations["zh"] == SHARE.statement_zh
    assert indicators["C1"].name.localizations["en"] == COUNT.statement_en
    areas = lists["CL_REF_AREA_UNH_SP_2020_2023"]
    assert [c.id for c in areas] == ["_Z", "KEN", "UGA"]
    assert areas["KEN"].name.localizations["zh"] == "肯尼亚"
    assert lists["CL_CITY_UNH_SP_2020_2023"]["NAIROBI"].name.localizations["zh"] == "内罗毕"
    assert lists["CL_SEX"]["F"].name.localizations["zh"] == "女"
    assert lists["CL_AGE"]["Y_GE65"].name.localizations["en"] == "65 years and over"
    for codelist in lists.values():
        assert all(SDMX_ID.match(code.id) for code in codelist), codelist.id


def test_category_ids_are_sdmx_ids_and_map_back() -> None:
    assert sdmx_csv.CATEGORY_IDS["age"]["15-24"] == "Y15T24"
    assert sdmx_csv.CATEGORY_IDS["age"]["65+"] == "Y_GE65"
    assert sdmx_csv.CATEGORY_IDS["sex"] == {"female": "F", "male": "M"}
    for dimension, categories in CATEGORIES.items():
        ids = sdmx_csv.CATEGORY_IDS[dimension]
        assert set(ids) == set(categories)
        assert all(SDMX_ID.match(code) and not code.startswith("_") for code in ids.values())
        back = sdmx_csv.CATEGORIES_BY_ID[dimension]
        assert {back[code] for code in ids.values()} == set(categories)


def test_structure_xml_reads_back_with_sdmx1() -> None:
    xml = sdmx_csv.structure_xml(DATASET)
    assert 'xml:lang="zh"' in xml.decode("utf-8")
    message = sdmx.read_sdmx(io.BytesIO(xml))
    assert isinstance(message, StructureMessage)
    flow = message.dataflow["DF_UNH_SP_2020_2023"]
    assert [d.id for d in flow.structure.dimensions.components] == HEADER[3:14]
    codelist = flow.structure.dimensions.get("INDICATOR").local_representation.enumerated
    assert codelist["1_1_1"].name.localizations["zh"] == SHARE.statement_zh


def test_file_is_sdmx_csv_2_with_plain_codes_and_short_numbers() -> None:
    count, text = _written()
    assert count == len(DATASET.observations)
    assert text.splitlines()[0].split(",") == HEADER
    rows = _rows(text)
    assert {(r["STRUCTURE"], r["STRUCTURE_ID"], r["ACTION"]) for r in rows} == {
        ("dataflow", "HABITAT_MONITOR:DF_UNH_SP_2020_2023(1.0)", "I")
    }
    assert [r["OBS_VALUE"] for r in rows[:3]] == ["42", "40.5", "43.25"]
    total, female = rows[0], rows[1]
    assert [total[d] for d in HEADER[7:13]] == ["_T"] * 6
    assert female["SEX"] == "F" and female["AGE"] == "_T"
    plan_wide = rows[-1]
    assert (plan_wide["REF_AREA"], plan_wide["CITY"], plan_wide["OFFICE"]) == ("_Z", "_Z", "HQ")
    assert rows[5]["CITY"] == "NAIROBI"
    assert [r["ILLUSTRATIVE"] for r in rows] == ["true"] * 6 + ["false"] * 3
    assert {r["UNIT_MEASURE"] for r in rows} == {"PERCENT", "NORMATIVE_PRODUCTS"}
    assert not any(cell[:1] in "=+@" for row in rows for cell in row.values())


def test_round_trip_through_sdmx1_gives_the_observations_back() -> None:
    _, text = _written()
    assert sdmx_csv.read_sdmx_csv(text, sdmx_csv.structure(DATASET)) == list(DATASET.observations)


def test_round_trip_with_the_structure_read_from_its_sdmx_ml() -> None:
    _, text = _written()
    message = sdmx.read_sdmx(io.BytesIO(sdmx_csv.structure_xml(DATASET)))
    assert isinstance(message, StructureMessage)
    back = sdmx_csv.read_sdmx_csv(io.StringIO(text), message)
    assert back == list(DATASET.observations)
    plan_wide = [o for o in back if o.country == ""]
    assert [(o.office, o.city, o.value) for o in plan_wide] == [("HQ", "", 12.0)]


def test_names_that_share_an_id_get_distinct_ids_and_come_back() -> None:
    base = DATASET.observations[0]
    observations = [
        dataclasses.replace(base, city=city, office=office)
        for city, office in [("São Paulo", "RO-LAC"), ("Sao Paulo", "RO LAC"), ("_Z", "x")]
    ]
    dataset = _with(observations)
    _, text = _written(dataset)
    assert [r["CITY"] for r in _rows(text)] == ["SAO_PAULO_2", "SAO_PAULO", "Z"]
    assert [r["OFFICE"] for r in _rows(text)] == ["RO_LAC_2", "RO_LAC", "X"]
    assert sdmx_csv.read_sdmx_csv(text, sdmx_csv.structure(dataset)) == observations


def test_values_that_are_not_finite_are_not_written() -> None:
    base = DATASET.observations[0]
    observations = [dataclasses.replace(base, value=v) for v in (math.nan, math.inf, 1.5)]
    count, text = _written(_with(observations))
    assert count == 1
    assert [r["OBS_VALUE"] for r in _rows(text)] == ["1.5"]


def test_unknown_breakdown_dimension_is_refused() -> None:
    base = DATASET.observations[0]
    with pytest.raises(WordedError, match="not a breakdown dimension"):
        _written(_with([dataclasses.replace(base, breakdown={"colour": "red"})]))
    with pytest.raises(WordedError, match="not a category of sex"):
        _written(_with([dataclasses.replace(base, breakdown={"sex": "other"})]))


@pytest.mark.parametrize(
    ("value", "text"),
    [(42.0, "42"), (40.5, "40.5"), (-0.0, "-0"), (0.1, "0.1"), (1e16, "1e+16"), (1e-7, "1e-07")],
)
def test_numbers_in_their_shortest_exact_form(value: float, text: str) -> None:
    assert sdmx_csv.number_text(value) == text
    assert float(text) == value


_breakdowns = st.sets(st.sampled_from(sorted(CATEGORIES)), max_size=3).flatmap(
    lambda dims: st.fixed_dictionaries({d: st.sampled_from(CATEGORIES[d]) for d in dims})
)
_periods = st.tuples(st.integers(2000, 2040), st.sampled_from(["", "-S1", "-S2", "-Q1", "-Q4"]))
_observations = st.builds(
    lambda indicator, period, office, country, city, breakdown, value, illustrative: Observation(
        indicator=indicator,
        period=f"{period[0]}{period[1]}",
        year=period[0],
        office=office,
        country=country,
        city=city,
        breakdown=breakdown,
        value=value,
        illustrative=illustrative,
    ),
    st.sampled_from([SHARE.code, COUNT.code]),
    _periods,
    st.sampled_from(["ROAF", "HQ", "ROAP", "RO-LAC"]),
    st.sampled_from(["", "KEN", "UGA", "CHN", "BRA"]),
    st.sampled_from(["", "Nairobi", "São Paulo", "Sao Paulo", "Dar es Salaam", "上海"]),
    _breakdowns,
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_observations, max_size=8))
def test_any_observations_survive_the_round_trip(observations: list[Observation]) -> None:
    dataset = _with(observations)
    count, text = _written(dataset)
    assert count == len(observations)
    assert sdmx_csv.read_sdmx_csv(text, sdmx_csv.structure(dataset)) == observations
