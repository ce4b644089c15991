"""Writing into an open store: tables, small tables, value rows, meta.

Value rows are joined to the framework and places inside DuckDB, from the raw
values streamed out of the relational database and small arrow tables of
submissions, indicators, countries and cities: the relational database only has
to send narrow rows, and DuckDB joins ten million of them in a few seconds.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from habitat_monitor.progress.store import source
from habitat_monitor.progress.store.schema import (
    BREAKDOWNS,
    SCHEMA_VERSION,
    SMALL_TABLES,
    column_names,
    create_statements,
)


def _category(dimension: str) -> str:
    """The category of one breakdown dimension, read from the canonical key."""
    pattern = f"(?:^|;){dimension}=([^;]*)"
    return f"nullif(regexp_extract(disaggregation, '{pattern}', 1), '') AS {dimension}"


# Breakdown keys repeat (a few hundred for millions of values): split each once.
BREAKDOWN_KEYS = f"""
CREATE OR REPLACE TEMP TABLE src_key AS
SELECT disaggregation, {", ".join(_category(dimension) for dimension in BREAKDOWNS)}
FROM (SELECT DISTINCT disaggregation FROM src_value)
"""

INSERT_VALUES = f"""
INSERT INTO approved_value
SELECT v.value_id, v.submission_id, i.plan, i.code, i.level, i.domain, i.outcome, i.dimension,
       i.measure, i.aggregation, i.direction, i.cumulation,
       s.office, c.alpha3, c.org_region, c.m49_region, ci.name, v.place,
       s.period, s.year, s.period_start, s.period_end, v.disaggregation,
       {", ".join(f"k.{dimension}" for dimension in BREAKDOWNS)},
       v.value, v.illustrative <> 0
FROM src_value v
JOIN src_key k ON k.disaggregation = v.disaggregation
JOIN src_submission s ON s.submission_id = v.submission_id
JOIN src_indicator i ON i.indicator_id = v.indicator_id
LEFT JOIN src_country c ON c.country_id = v.country_id
LEFT JOIN src_city ci ON ci.city_id = v.city_id
"""

INSERT_SUBMISSIONS = """
INSERT INTO submission
SELECT s.submission_id, s.plan, s.office, s.period, s.year, s.period_start, s.period_end,
       s.updated_at, coalesce(n.value_rows, 0)
FROM src_submission s
LEFT JOIN (
    SELECT submission_id, count(*) AS value_rows FROM approved_value
    WHERE submission_id IN (SELECT submission_id FROM src_submission)
    GROUP BY submission_id
) n ON n.submission_id = s.submission_id
"""


# Each place's value for the year: the sum of its periods for a cumulative-sum
# indicator, the latest period's value otherwise (``achievement.cumulative_actual``).
PLACE_TOTALS = """
INSERT INTO place_total
SELECT plan, indicator, any_value(aggregation), year, office, place, any_value(country),
       any_value(org_region), any_value(m49_region),
       CASE WHEN any_value(cumulation) = 'cumulative_sum' THEN fsum(value)
            ELSE arg_max(value, period_end) END
FROM approved_value v
WHERE disaggregation = '' {only}
GROUP BY plan, indicator, year, office, place
"""
_AFFECTED = (
    "EXISTS (SELECT 1 FROM src_affected a "
    "WHERE a.plan = {t}.plan AND a.office = {t}.office AND a.year = {t}.year)"
)


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    for statement in create_statements():
        con.execute(statement)


def _copy(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    con.register("src_rows", rows)
    try:
        con.execute(f"DELETE FROM {table}")
        con.execute(f"INSERT INTO {table} SELECT {', '.join(column_names(table))} FROM src_rows")
    finally:
        con.unregister("src_rows")


def write_small_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Indicators (with baselines), targets and plans (with bands), copied whole."""
    tables = {
        "indicator": source.indicator_table(),
        "target": source.target_table(),
        "plan": source.plan_table(),
    }
    assert set(tables) == set(SMALL_TABLES)
    for table, rows in tables.items():
        _copy(con, table, rows)


def insert_values(
    con: duckdb.DuckDBPyConnection,
    submissions: pa.Table,
    *,
    only_these: bool,
    progress: source.Progress | None = None,
) -> int:
    """The values of ``submissions`` (a snapshot of approved ones), and their entries.

    With ``only_these`` false, every approved submission's values are streamed and
    the join keeps those of the snapshot: a submission approved since the snapshot
    was taken is left for the next refresh, and one reopened since comes with no
    values, which the freshness check then notices. Returns the value rows written.
    """
    ids: Collection[int] | None = None
    if only_these:
        ids = submissions.column("submission_id").to_pylist()
    places = source.place_tables()
    sources = {
        "src_submission": submissions,
        "src_indicator": source.indicator_table(),
        "src_country": places["country"],
        "src_city": places["city"],
    }
    for name, rows in sources.items():
        con.register(name, rows)
    try:
        # Drained into a table first: the stream holds the database cursor open, and
        # it can be read only once.
        with source.value_reader(ids, progress) as reader:
            con.register("src_stream", reader)
            con.execute("CREATE OR REPLACE TEMP TABLE src_value AS SELECT * FROM src_stream")
            con.unregister("src_stream")
        con.execute(BREAKDOWN_KEYS)
        written = con.execute(INSERT_VALUES).fetchall()[0][0]
        con.execute(INSERT_SUBMISSIONS).fetchall()
    finally:
        for name in sources:
            con.unregister(name)
        with contextlib.suppress(duckdb.Error):  # an aborted transaction drops them anyway
            con.execute("DROP TABLE IF EXISTS src_value")
            con.execute("DROP TABLE IF EXISTS src_key")
    return int(written)


def delete_submissions(con: duckdb.DuckDBPyConnection, ids: Collection[int]) -> None:
    """Remove every row of these submissions (values and entries)."""
    wanted = [int(pk) for pk in ids]
    for table in ("approved_value", "submission"):
        con.execute(f"DELETE FROM {table} WHERE submission_id IN (SELECT unnest(?))", [wanted])


def offices_years(con: duckdb.DuckDBPyConnection, ids: Collection[int]) -> pa.Table:
    """The (plan, office, year) of the submissions the store holds among ``ids``."""
    wanted = [int(pk) for pk in ids]
    return con.sql(
        "SELECT plan, office, year FROM submission WHERE submission_id IN (SELECT unnest(?))",
        params=[wanted],
    ).to_arrow_table()


def write_place_totals(con: duckdb.DuckDBPyConnection, affected: pa.Table | None = None) -> None:
    """Place totals again, for every office and year or only the ``affected`` ones
    (a table of plan, office, year): a period's values change its whole year."""
    if affected is None:
        con.execute("DELETE FROM place_total")
        con.execute(PLACE_TOTALS.format(only="")).fetchall()
        return
    con.register("src_affected", affected)
    try:
        con.execute(f"DELETE FROM place_total t WHERE {_AFFECTED.format(t='t')}")
        con.execute(PLACE_TOTALS.format(only="AND " + _AFFECTED.format(t="v"))).fetchall()
    finally:
        con.unregister("src_affected")


def read_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM meta").fetchall())


def write_meta(con: duckdb.DuckDBPyConnection, **items: str) -> None:
    for key, value in items.items():
        con.execute("DELETE FROM meta WHERE key = ?", [key])
        con.execute("INSERT INTO meta VALUES (?, ?)", [key, value])


def stamp_build(con: duckdb.DuckDBPyConnection, prints: source.Fingerprints) -> None:
    write_meta(
        con,
        schema_version=SCHEMA_VERSION,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        shape=prints.shape,
        reference=prints.reference,
        stale="",
    )


def stored_state(con: duckdb.DuckDBPyConnection) -> str:
    """The approved state the store holds, in the form of ``source.approved_state``."""
    count, ids, newest = con.execute(
        "SELECT count(*), coalesce(sum(submission_id), 0), coalesce(max(updated_at), '') "
        "FROM submission"
    ).fetchall()[0]
    return f"{count}:{ids}:{newest}"


def stored_submissions(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    rows = con.execute("SELECT submission_id, updated_at FROM submission").fetchall()
    return {int(pk): str(updated) for pk, updated in rows}
