"""The column path for large plain CSV files gives exactly what the row checker gives."""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import pytest

from habitat_monitor.reporting.disaggregation import CATEGORIES
from habitat_monitor.reporting.errors import ValuesRejected
from habitat_monitor.reporting.fastcheck import check_batches, plain_csv
from habitat_monitor.reporting.models import Submission
from habitat_monitor.reporting.services.imports import import_file
from habitat_monitor.reporting.services.values import checker_for
from habitat_monitor.reporting.tabular import open_table
from habitat_monitor.reporting.validation import DERIVED, Checker, CleanValue, IndicatorSpec

SPECS = {
    "P1": IndicatorSpec("P1", "percent", frozenset({"sex", "age"})),
    "C1": IndicatorSpec("C1", "count", frozenset({"sex"}), additive=True),
    "C2": IndicatorSpec("C2", "count", frozenset({"urban_rural"})),
    "R1": IndicatorSpec("R1", "ratio"),
    "X1": IndicatorSpec("X1", "index", frozenset({"income"})),
    "B1": IndicatorSpec("B1", "boolean"),
}
HEADERS = ["indicator", "country", "city", "sex", "age", "urban_rural", "income", "region"]
CHOICES: dict[str, list[str]] = {
    "indicator": [*SPECS, *SPECS, " P1", "p1", "", "Z9"],
    "country": ["KEN", "EGY", "KEN", "EGY", "ken", " EGY", "", "ZZZ"],
    "city": ["", "", "", "", "Nairobi", "Atlantis"],
    "sex": ["", "", "", "female", "male", "Female", "other"],
    "age": ["", "", "", "15-24", "65+", "15 - 24"],
    "urban_rural": ["", "", "", "urban", "rural", "town"],
    "income": ["", "", "", "low", "high", "rich"],
    "region": ["", "", "", "", "", "", "AF"],
    "value": [
        *["12", "12.5", "0", "100", "100.0", "45.25", "3", "7"] * 3,
        *["101", "-1", "-0", "007", "1e3", " 5", "N/A", "", "yes", "no", "2.50", "3."],
        *["1 000", "50%", "nan", "inf", "+4", "0.000001", "99999999999"],
    ],
    "note": ["", "", "checked", "x;y", "  spaced  "],
}


def _random_rows(seed: int, count: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [{name: rng.choice(options) for name, options in CHOICES.items()} for _ in range(count)]


def _write(path: Path, rows: list[dict[str, str]], headers: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONE, escapechar=None)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(name, "") for name in headers])
    return path


def _checker(countries: frozenset[str]) -> Checker:
    return Checker(specs=SPECS, countries=countries, cities={"KEN": frozenset({"Nairobi"})})


def _row_path(path: Path, countries: frozenset[str]) -> tuple[set[tuple[Any, ...]], list[Any]]:
    checker = _checker(countries)
    clean: set[tuple[Any, ...]] = set()
    errors: list[Any] = []
    with open_table(path) as table:
        for row in table:
            result = checker.feed(row.number, row.cells)
            if isinstance(result, CleanValue):
                clean.add(_as_tuple(result))
            elif result is not None:
                errors += result
    return clean, sorted(errors + checker.finish(), key=repr)


def _as_tuple(value: CleanValue) -> tuple[Any, ...]:
    place = f"{value.country}/{value.city}" if value.city else value.country
    return (value.row, value.indicator, place, value.disaggregation, value.value, value.note)


def _column_path(
    path: Path, countries: frozenset[str], *, batch_rows: int = 7
) -> tuple[set[tuple[Any, ...]], list[Any], int]:
    checker = _checker(countries)
    with open_table(path) as table:
        source = plain_csv(path, table.headers, table.delimiter, min_bytes=0)
    assert source is not None
    ids = {code: n for n, code in enumerate(SPECS)}
    codes = {n: code for code, n in ids.items()}
    country_ids = {code: n for n, code in enumerate(sorted(countries))}
    clean: set[tuple[Any, ...]] = set()
    errors: list[Any] = []
    plain = 0
    for batch in check_batches(source, SPECS, ids, country_ids, batch_rows=batch_rows):
        plain += batch.plain.height
        for row in batch.plain.iter_rows(named=True):
            clean.add(
                (
                    row["row_number"],
                    codes[row["indicator_id"]],
                    row["place"],
                    row["disaggregation"],
                    row["value"],
                    row["note"],
                )
            )
        for number, cells in batch.others:
            result = checker.feed(number, cells)
            if isinstance(result, CleanValue):
                clean.add(_as_tuple(result))
            elif result is not None:
                errors += result
    return clean, sorted(errors + checker.finish(), key=repr), plain


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("countries", [frozenset({"KEN", "EGY"}), frozenset({"EGY"})])
def test_columns_and_rows_agree_on_every_row(
    tmp_path: Path, seed: int, countries: frozenset[str]
) -> None:
    """Random rows, good and bad: the same clean values and the same problems."""
    path = _write(tmp_path / "values.csv", _random_rows(seed, 400), [*HEADERS, "value", "note"])
    expected_clean, expected_errors = _row_path(path, countries)
    clean, errors, plain = _column_path(path, countries)
    assert clean == expected_clean
    assert errors == expected_errors
    assert plain > 0, "some rows should have taken the column path"


def test_blank_separator_rows_are_skipped_but_counted(tmp_path: Path) -> None:
    rows = [
        {"indicator": "P1", "country": "KEN", "value": "1"},
        {},
        {"indicator": "P1", "country": "EGY", "value": "150"},
    ]
    path = _write(tmp_path / "v.csv", rows, ["indicator", "country", "value"])
    expected = _row_path(path, frozenset({"KEN", "EGY"}))
    clean, errors, _ = _column_path(path, frozenset({"KEN", "EGY"}))
    assert (clean, errors) == expected
    assert [e.row for e in errors] == [4]


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'indicator,value\n"P1",1\n', "quotes"),
        (b"indicator,value\nP1,1\n\nP1,2\n", "a blank line"),
        (b"sep=,\nindicator,value\nP1,1\n", "a sep= line"),
        (b"\nindicator,value\nP1,1\n", "a leading blank line"),
        (b"indicator,value,\nP1,1,\n", "an unnamed trailing column"),
    ],
)
def test_files_that_are_not_plain_take_the_row_path(
    tmp_path: Path, content: bytes, why: str
) -> None:
    path = tmp_path / "v.csv"
    path.write_bytes(content)
    with open_table(path) as table:
        assert plain_csv(path, table.headers, table.delimiter, min_bytes=0) is None, why


def test_byte_order_mark_and_crlf_are_plain(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_bytes(b"\xef\xbb\xbfindicator,country,value\r\nP1,KEN,5\r\nP1,EGY,7.5\r\n")
    expected = _row_path(path, frozenset({"KEN", "EGY"}))
    clean, errors, plain = _column_path(path, frozenset({"KEN", "EGY"}))
    assert (clean, errors) == expected and plain == 2


def test_decimal_commas_and_small_files_take_the_row_path(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_bytes(b"indicator;value\nP1;1,5\n")
    with open_table(path) as table:
        assert plain_csv(path, table.headers, ";", decimal_comma=True, min_bytes=0) is None
        assert plain_csv(path, table.headers, ";") is None  # below the size threshold


def _egypt_rows(draft: Submission, count: int, seed: int) -> list[dict[str, str]]:
    checker = checker_for(draft)
    rng = random.Random(seed)
    codes = sorted(checker.specs)
    rows = []
    for n in range(count):
        spec = checker.specs[codes[n % len(codes)]]
        value = {"percent": "42.5", "count": "12", "boolean": "yes"}.get(spec.measure, "3.25")
        dimension = next(iter(sorted(spec.disaggregations - DERIVED)), "")
        row = {"indicator": spec.code, "value": rng.choice([value, value, "N/A"])}
        if dimension and n % 3 == 1 and not spec.additive:
            row[dimension] = CATEGORIES[dimension][0]
        rows.append(row)
    return rows


def test_an_import_writes_the_same_values_by_either_path(
    draft: Submission, focal: Any, tmp_path: Path
) -> None:
    """Imported by columns, then by rows: the second import finds nothing to change."""
    headers = ["indicator", "country", *CATEGORIES, "value", "note"]
    unique: dict[tuple[str, ...], dict[str, str]] = {}
    for row in _egypt_rows(draft, 300, seed=3):
        unique.setdefault(tuple(row.get(h, "") for h in headers[:-2]), row)
    path = _write(tmp_path / "egypt.csv", list(unique.values()), headers)
    by_columns = import_file(draft, path, actor=focal, min_bytes=0)
    assert by_columns.added > 0
    by_rows = import_file(draft, path, actor=focal, min_bytes=1 << 40)
    assert (by_rows.added, by_rows.changed, by_rows.unchanged) == (0, 0, by_columns.added)


def test_an_import_reports_the_same_problems_by_either_path(
    draft: Submission, focal: Any, tmp_path: Path
) -> None:
    rows = _random_rows(11, 200)
    for row in rows:
        row["country"] = "EGY" if row["country"] else ""
        row["city"] = ""
    path = _write(tmp_path / "bad.csv", rows, [*HEADERS, "value", "note"])
    problems = []
    for min_bytes in (0, 1 << 40):
        with pytest.raises(ValuesRejected) as rejected:
            import_file(draft, path, actor=focal, min_bytes=min_bytes)
        problems.append([e.as_dict() for e in rejected.value.errors])
    assert problems[0] == problems[1]
    assert draft.values.count() == 0


@pytest.mark.parametrize("seed", range(3))
def test_an_office_covering_no_country_reports_plan_wide_values(tmp_path: Path, seed: int) -> None:
    """Headquarters covers no country: rows without a country are plan-wide values,
    a named country or a city is refused; both paths agree."""
    checker = _checker(frozenset())
    clean = checker.feed(2, {"indicator": "P1", "value": "12"})
    assert isinstance(clean, CleanValue) and (clean.country, clean.city) == ("", "")
    city = checker.feed(3, {"indicator": "P1", "city": "Nairobi", "value": "12"})
    assert isinstance(city, list) and city[0].column == "city"
    country = checker.feed(4, {"indicator": "P1", "country": "KEN", "value": "12"})
    assert isinstance(country, list) and country[0].column == "country"
    path = _write(tmp_path / "values.csv", _random_rows(seed, 300), [*HEADERS, "value", "note"])
    expected_clean, expected_errors = _row_path(path, frozenset())
    got_clean, got_errors, _plain = _column_path(path, frozenset())
    assert got_clean == expected_clean and got_errors == expected_errors
