"""The rollup SQL agrees with the pure rules (``rollup.combine``, ``cumulative_actual``):
the same data, combined both ways, gives the same numbers, counts and reasons."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from habitat_monitor.progress.achievement import cumulative_actual
from habitat_monitor.progress.rollup import RULES, Combined, Part, combine
from habitat_monitor.progress.store.loading import write_place_totals
from habitat_monitor.progress.store.location import reading
from habitat_monitor.progress.store.queries import LEVELS, rollups
from habitat_monitor.progress.store.schema import create_statements
from tests.progress.store_helpers import store

__all__ = ["store"]  # a fixture

Key = tuple[str, int, str, str, str | None]
COLUMNS = (
    "indicator, aggregation, cumulation, year, disaggregation, office, place, country, "
    "org_region, m49_region, period_end, value"
)


def python_rollups(rows: list[dict[str, Any]], breakdowns: bool) -> dict[Key, Combined]:
    """The same rollups, by the pure functions: a place's value for a year by its
    cumulation over the year's periods, then places combined at each level."""
    periods: dict[tuple[Any, ...], list[tuple[int, float]]] = defaultdict(list)
    for row in rows:
        if (row["disaggregation"] != "") != breakdowns:
            continue
        place = (row["indicator"], row["year"], row["disaggregation"], row["office"], row["place"])
        periods[place].append((row["period_end"].toordinal(), row["value"]))
    about = {
        (r["indicator"], r["year"], r["disaggregation"], r["office"], r["place"]): r for r in rows
    }
    groups: dict[Key, list[tuple[tuple[str, str], float]]] = defaultdict(list)
    for place, points in periods.items():
        row = about[place]
        value = cumulative_actual(points, row["cumulation"])
        assert value is not None
        for level in LEVELS:
            key = None if level == "global" else row[level]
            if level != "global" and key is None:
                continue
            groups[(*place[:3], level, key)].append(((row["office"], row["place"]), value))
    rules = {row["indicator"]: row["aggregation"] for row in rows}
    return {
        key: combine(rules[key[0]], [Part(value) for _order, value in sorted(found)])
        for key, found in groups.items()
    }


def assert_same(sql: dict[Key, Combined], expected: dict[Key, Combined]) -> None:
    assert sql.keys() == expected.keys()
    for key, want in expected.items():
        got = sql[key]
        assert (got.parts, got.missing, got.weighted, got.rule) == (
            want.parts,
            want.missing,
            want.weighted,
            want.rule,
        ), key
        assert (got.reason, got.weight, got.no_weight) == (want.reason, want.weight, want.no_weight)
        if want.value is None:
            assert got.value is None, key
        else:
            assert got.value == pytest.approx(want.value, rel=1e-9, abs=1e-9), key
        assert [t for t, _w in got.terms] == pytest.approx([t for t, _w in want.terms], nan_ok=True)


def sql_rollups(con: duckdb.DuckDBPyConnection, plan: str, breakdowns: bool) -> dict[Key, Combined]:
    found = rollups(con, plan, breakdowns=breakdowns, terms=True)
    return {
        (item.indicator, item.year, item.disaggregation, item.level, item.key): item.combined
        for item in found
    }


def store_rows(con: duckdb.DuckDBPyConnection, plan: str) -> list[dict[str, Any]]:
    result = con.execute(f"SELECT {COLUMNS} FROM approved_value WHERE plan = ?", [plan])
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


@pytest.mark.django_db
@pytest.mark.parametrize("breakdowns", [False, True], ids=["totals", "breakdowns"])
def test_sql_rollups_of_the_demo_data_match_the_pure_rules(store: Path, breakdowns: bool) -> None:
    """Every indicator, year and level of the demo data: SQL and ``rollup.combine`` agree."""
    with reading(store) as con:
        rows = store_rows(con, "UNH-SP-2020-2023")
        sql = sql_rollups(con, "UNH-SP-2020-2023", breakdowns)
    assert sql, "the demo data has values to combine"
    assert_same(sql, python_rollups(rows, breakdowns))


# Generated data: a handful of places in two regions, one without a country.
PLACES = {
    "AAA": ("AAA", "R1", "001"),
    "BBB": ("BBB", "R1", "002"),
    "CCC/Town": ("CCC", "R2", "002"),
    "": (None, None, None),
}
ENDS = (date(2021, 6, 30), date(2021, 12, 31), date(2022, 6, 30), date(2022, 12, 31))
value = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.sampled_from([0.0, 0.5, 1.0, 0.4999]),
    st.just(math.nan),
)
cell = st.tuples(
    st.integers(0, 2),  # indicator
    st.sampled_from(["O1", "O2"]),
    st.sampled_from(sorted(PLACES)),
    st.sampled_from(ENDS),
    st.sampled_from(["", "age=15-24;sex=male"]),
    value,
)
# Two periods of one place in one year: the later one (or the sum) is its value.
TWO_PERIODS = [(0, "O1", "AAA", ENDS[0], "", 1.0), (0, "O1", "AAA", ENDS[1], "", 5.0)]


@settings(max_examples=30, deadline=None)
@given(
    cells=st.lists(cell, max_size=40, unique_by=lambda c: c[:5]),
    rules=st.lists(st.sampled_from(sorted(RULES)), min_size=3, max_size=3),
    cumulations=st.lists(
        st.sampled_from(["non_cumulative", "cumulative_sum", "cumulative_latest"]),
        min_size=3,
        max_size=3,
    ),
)
@example(cells=TWO_PERIODS, rules=["sum"] * 3, cumulations=["non_cumulative"] * 3)
@example(cells=TWO_PERIODS, rules=["mean"] * 3, cumulations=["cumulative_sum"] * 3)
def test_sql_rollups_match_the_pure_rules_on_generated_data(
    cells: list[tuple[Any, ...]], rules: list[str], cumulations: list[str]
) -> None:
    """Any values (yes/no edges, missing ones), rules, cumulations and places: same results."""
    con = duckdb.connect()
    for statement in create_statements():
        con.execute(statement)
    rows = []
    for number, (indicator, office, place, end, key, amount) in enumerate(cells):
        country, org_region, m49_region = PLACES[place]
        rows.append(
            {
                "indicator": f"I{indicator}",
                "aggregation": rules[indicator],
                "cumulation": cumulations[indicator],
                "year": end.year,
                "disaggregation": key,
                "office": office,
                "place": place,
                "country": country,
                "org_region": org_region,
                "m49_region": m49_region,
                "period_end": end,
                "value": amount,
            }
        )
        con.execute(
            f"INSERT INTO approved_value (value_id, plan, {COLUMNS}) "
            "VALUES (?, 'P', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [number, *rows[-1].values()],
        )
    write_place_totals(con)
    for breakdowns in (False, True):
        assert_same(sql_rollups(con, "P", breakdowns), python_rollups(rows, breakdowns))
