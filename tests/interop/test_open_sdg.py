"""Open SDG data and metadata files: their columns and front matter, every value read
back, files from another Open SDG site read with a mapping, and the problems of bad
files pointing at the row and column.

Pure Python: these tests need neither Django nor a database.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml

from habitat_monitor.core.translated import render
from habitat_monitor.interop import open_sdg
from habitat_monitor.interop.mapping import MappingError
from habitat_monitor.interop.records import MappedValue, Observation, Problem
from tests.interop.samples import DATASET, SHARE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "open-sdg-mapping.yaml"
FILES = open_sdg.write_open_sdg(DATASET)
HEADER = "Year,Office,Country,City,Sex,Units,GeoCode,Illustrative,Value"


def _example() -> open_sdg.OpenSdgMapping:
    return open_sdg.read_open_sdg_mapping(EXAMPLE.read_text(encoding="utf-8"))


def _read(
    text: str | bytes,
    name: str = "indicator_1-1-1.csv",
    *,
    mapping: open_sdg.OpenSdgMapping | None = None,
    max_rows: int = 1_000_000,
) -> tuple[list[MappedValue], list[Problem]]:
    return open_sdg.read_open_sdg(text, filename=name, mapping=mapping, max_rows=max_rows)


def _where(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.source, p.field) for p in problems]


def _row(**cells: str) -> str:
    row = {"Year": "2021", "Office": "ROAF", "Country": "KEN", "Units": "percent", "Value": "4"}
    return ",".join((row | cells).values())


def _file(*rows: str, header: str = "Year,Office,Country,Units,Value") -> str:
    return "\n".join((header, *rows)) + "\n"


# --- Writing ----------------------------------------------------------------------------


def test_each_indicator_has_a_data_and_a_metadata_file() -> None:
    assert sorted(FILES) == [
        "data/indicator_1-1-1.csv",
        "data/indicator_C1.csv",
        "meta/1-1-1.md",
        "meta/C1.md",
    ]
    assert [open_sdg.indicator_id(code) for code in ("1.1.1", "C1")] == ["1-1-1", "C1"]
    assert [open_sdg.indicator_code(ident) for ident in ("1-1-1", "C1")] == ["1.1.1", "C1"]


def test_the_data_file_has_open_sdgs_columns() -> None:
    body = FILES["data/indicator_1-1-1.csv"]
    assert not body.startswith(b"\xef\xbb\xbf") and b"\r" not in body
    lines = body.decode("utf-8").splitlines()
    assert lines[:4] == [
        HEADER,
        "2020,ROAF,KEN,,,percent,KEN,yes,42",
        "2020,ROAF,KEN,,female,percent,KEN,yes,40.5",
        "2020,ROAF,KEN,,male,percent,KEN,yes,43.25",
    ]
    assert "2021,ROAF,KEN,Nairobi,,percent,,yes,47" in lines  # no GeoCode on a city
    quarterly = FILES["data/indicator_C1.csv"].decode("utf-8").splitlines()
    assert quarterly[:3] == [
        "Year,Period,Office,Country,City,Units,GeoCode,Illustrative,Value",
        "2021,2021-Q1,ROAF,KEN,,normative products,KEN,,3",
        "2021,2021-Q3,HQ,,,normative products,,,12",
    ]


def test_breakdowns_are_written_with_english_names() -> None:
    share = dataclasses.replace(SHARE, disaggregations=("sex", "age"))
    obs = Observation("1.1.1", "2021", 2021, "ROAF", "KEN", "", {"age": "65+"}, 1.5)
    data = dataclasses.replace(DATASET, indicators=(share,), observations=(obs,))
    lines = open_sdg.write_open_sdg(data)["data/indicator_1-1-1.csv"].decode().splitlines()
    assert lines == [
        "Year,Office,Country,City,Sex,Age band,Units,GeoCode,Illustrative,Value",
        "2021,ROAF,KEN,,,65 years and over,percent,KEN,,1.5",
    ]
    [value], problems = _read("\n".join(lines))
    assert problems == [] and value.breakdown == {"age": "65+"}


def test_the_metadata_has_front_matter_and_says_when_figures_are_invented() -> None:
    text = FILES["meta/1-1-1.md"].decode("utf-8")
    _, front_matter, body = text.split("---\n", 2)
    front = yaml.safe_load(front_matter)
    assert front["indicator_number"] == "1.1.1"
    assert front["indicator_name"] == SHARE.statement_en
    assert front["indicator_name_zh"] == SHARE.statement_zh
    assert front["computation_units"] == "percent"
    assert (front["reporting_status"], front["graph_type"]) == ("complete", "line")
    assert front["data_non_statistical"] is False and front["illustrative"] is True
    assert front["source_url_1"] == DATASET.url
    assert "invented for the demonstration" in body and "Targets: 2020: 43, 2021: 45." in body
    count = yaml.safe_load(FILES["meta/C1.md"].decode("utf-8").split("---\n")[1])
    assert count["illustrative"] is False and "data_footnote" not in count


# --- Reading back -----------------------------------------------------------------------


def test_every_value_comes_back() -> None:
    read: set[tuple[Any, ...]] = set()
    for path, body in FILES.items():
        if path.startswith("data/"):
            values, problems = _read(body, path)
            assert problems == []
            read |= {
                (
                    v.indicator,
                    v.period,
                    v.office,
                    v.country,
                    v.city,
                    v.breakdown_key,
                    float(v.value),
                )
                for v in (_as_observation(value) for value in values)
            }
    assert read == {
        (o.indicator, o.period, o.office, o.country, o.city, o.breakdown_key, o.value)
        for o in DATASET.observations
    }


def _as_observation(value: MappedValue) -> Observation:
    year = int(value.period[:4])
    return Observation(
        value.indicator,
        value.period,
        year,
        value.office,
        value.country,
        value.city,
        value.breakdown,
        float(value.value),
        value.note == "illustrative",
    )


def test_the_illustrative_flag_becomes_a_note() -> None:
    values, _ = _read(FILES["data/indicator_1-1-1.csv"])
    assert {v.note for v in values} == {"illustrative"}
    assert values[0].source == "indicator_1-1-1.csv row 2"


def test_another_sites_file_is_read_with_the_example_mapping() -> None:
    text = (
        "Year,Gender,Age group,Observation status,Units,GeoCode,Value\n"
        "2020,,,A,percent,KE,51.5\n"
        "2020,Women,15 to 24,A,percent,KE,48\n"
        "2021,Men,,E,percent,KE,\n"
    )
    values, problems = _read(text, "data/indicator_11-2-1.csv", mapping=_example())
    assert problems == []
    assert [(v.indicator, v.period, v.office, v.country, v.value) for v in values] == [
        ("1.1.1", "2020", "KEN", "KEN", "51.5"),
        ("1.1.1", "2020", "KEN", "KEN", "48"),
    ]
    assert values[1].breakdown == {"sex": "female", "age": "15-24"}
    by_name, _ = _read(text, "indicator_11-7-1.csv", mapping=_example())
    assert {v.indicator for v in by_name} == {"1.1.2"}
    lower = text.replace("Gender,Age group", "gender,AGE GROUP")  # titles in any case
    values, problems = _read(lower, "indicator_11-2-1.csv", mapping=_example())
    assert problems == [] and values[1].breakdown == {"sex": "female", "age": "15-24"}


def test_the_example_mapping_reads_without_problems() -> None:
    mapping = _example()
    assert mapping.indicators["11-2-1"] == "1.1.1"
    assert mapping.columns["Observation status"] == open_sdg.IGNORE
    assert mapping.values["Gender"] == {"Women": "female", "Men": "male"}
    assert (mapping.office, mapping.period_from_year) == ("KEN", True)


# --- Problems ---------------------------------------------------------------------------


def test_unknown_repeated_and_missing_columns_are_problems() -> None:
    values, problems = _read("Yr,Country,Colour,GeoCode,geocode\n2021,KEN,red,KEN,KEN\n")
    assert values == []
    assert _where(problems) == [
        ("indicator_1-1-1.csv row 1", "Yr"),
        ("indicator_1-1-1.csv row 1", "Colour"),
        ("indicator_1-1-1.csv row 1", "geocode"),
        ("indicator_1-1-1.csv row 1", "Year"),
        ("indicator_1-1-1.csv row 1", "Value"),
        ("indicator_1-1-1.csv row 1", "Office"),
    ]
    assert problems[0].reason.startswith("unknown column: the columns read are Year, Period")
    assert all(render(p.template, p.params) == p.reason for p in problems)


def test_bad_rows_are_problems_at_their_row_and_column() -> None:
    text = _file(
        _row(),
        _row(Year="21"),
        _row(Country="Kenya"),
        _row(Units="number"),
        _row(),
        _row(Value=""),
        _row(Year="2020") + ",extra",
        header="Year,Office,Country,Units,Value",
    )
    values, problems = _read(text)
    assert [(p.source, p.field, p.value) for p in problems] == [
        ("indicator_1-1-1.csv row 3", "Year", "21"),
        ("indicator_1-1-1.csv row 4", "Country", "KENYA"),
        ("indicator_1-1-1.csv row 5", "Units", "number"),
        ("indicator_1-1-1.csv row 6", "Value", "4"),
        ("indicator_1-1-1.csv row 8", "", ""),
    ]
    assert problems[2].reason == "a file holds one Units: “percent” on row 2, here “number”"
    assert problems[3].reason == "the same value is already on row 2"
    assert [v.source for v in values] == ["indicator_1-1-1.csv row 2"]


def test_unknown_categories_and_periods_are_problems() -> None:
    header = "Year,Period,Office,Country,City,Sex,Units,Value"
    text = _file(
        "2021,2021-Q3,ROAF,KEN,,woman,percent,1",
        "2021,2020-Q3,ROAF,KEN,,,percent,1",
        "2021,2021-Q7,ROAF,KEN,,,percent,1",
        "2021,,ROAF,,Nairobi,,percent,1",
        "2021,,,KEN,,FEMALE,percent,1",
        header=header,
    )
    values, problems = _read(text)
    assert [(p.source[-5:], p.field) for p in problems] == [
        ("row 2", "Sex"),
        ("row 3", "Period"),
        ("row 4", "Period"),
        ("row 5", "City"),
        ("row 6", "Office"),
    ]
    assert problems[0].reason == "use one of: female, male"
    assert problems[1].reason == "2020-Q3 is not in 2021"
    assert values == []
    strict = open_sdg.OpenSdgMapping(period_from_year=False)
    _, problems = _read(_file(_row()), mapping=strict)
    assert _where(problems) == [("indicator_1-1-1.csv row 2", "period")]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (b"Year,Office,Value\n2021,ROAF,\xff\n", "not UTF-8"),
        ("", "the file is empty"),
        ("\n\n", "the file is empty"),
        ('Year,Office,Value\n2021,"ROAF,4\n', "the CSV cannot be read"),
    ],
)
def test_a_file_that_cannot_be_read_gives_no_values(text: str | bytes, says: str) -> None:
    values, problems = _read(text)
    assert values == [] and len(problems) == 1
    assert problems[0].field == "file" and says in problems[0].reason


def test_a_file_over_the_row_limit_gives_no_values() -> None:
    text = _file(*(_row(Year=str(2000 + n)) for n in range(5)))
    values, problems = _read(text, max_rows=4)
    assert values == []
    assert [(p.source, p.reason) for p in problems] == [
        ("indicator_1-1-1.csv row 6", "more than 4 rows: split the file")
    ]
    assert len(_read(text, max_rows=5)[0]) == 5


def test_a_file_name_must_say_the_indicator() -> None:
    _, problems = _read(_file(_row()), "values.csv")
    assert _where(problems) == [("values.csv row 1", "file")]


def test_every_problem_of_a_mapping_file_is_reported() -> None:
    text = """
indicators: {"1-1-1": [a]}
columns: {Gender: gender}
values: {Sex: {Woman: woman}}
period_from_year: maybe
colour: red
"""
    with pytest.raises(MappingError) as caught:
        open_sdg.read_open_sdg_mapping(text)
    assert sorted(p.field for p in caught.value.problems) == [
        "colour",
        "columns.Gender",
        "indicators.1-1-1",
        "period_from_year",
        "values.Sex.Woman",
    ]
