"""The tables of the analytics store (DuckDB), and the version of their layout.

``approved_value`` holds one row per approved value, already joined to the
framework and the places, so that rollups read one table. ``place_total`` keeps
each place's value for the year (its periods combined by the indicator's
cumulation) for the totals, ready for the rollups the pages ask for most: a few
thousand rows instead of millions of breakdown rows. The small tables are
copies of what the assessment needs besides values: indicators with their
baselines, targets, plans with their status bands. ``submission`` lists the
approved submissions the store holds, with the ``updated_at`` it saw: comparing it
with the relational database says whether the store is fresh. ``meta`` holds the
build time, the framework fingerprints and the schema version.
"""

from __future__ import annotations

from typing import Final

from habitat_monitor.reporting.disaggregation import CATEGORIES

# Bump when a table changes: a store built by another version is rebuilt.
SCHEMA_VERSION: Final = "2"
BREAKDOWNS: Final = tuple(CATEGORIES)

VALUE_COLUMNS: Final = (
    ("value_id", "BIGINT"),
    ("submission_id", "BIGINT"),
    ("plan", "VARCHAR"),
    ("indicator", "VARCHAR"),
    ("level", "VARCHAR"),
    ("domain", "VARCHAR"),
    ("outcome", "VARCHAR"),
    ("dimension", "VARCHAR"),
    ("measure", "VARCHAR"),
    ("aggregation", "VARCHAR"),
    ("direction", "VARCHAR"),
    ("cumulation", "VARCHAR"),
    ("office", "VARCHAR"),
    ("country", "VARCHAR"),
    ("org_region", "VARCHAR"),
    ("m49_region", "VARCHAR"),
    ("city", "VARCHAR"),
    ("place", "VARCHAR"),
    ("period", "VARCHAR"),
    ("year", "INTEGER"),
    ("period_start", "DATE"),
    ("period_end", "DATE"),
    ("disaggregation", "VARCHAR"),
    *((dimension, "VARCHAR") for dimension in BREAKDOWNS),
    ("value", "DOUBLE"),
    ("illustrative", "BOOLEAN"),
)

# Each place's value for the year, of the totals: the input of every rollup of totals.
PLACE_TOTAL_COLUMNS: Final = (
    ("plan", "VARCHAR"),
    ("indicator", "VARCHAR"),
    ("aggregation", "VARCHAR"),
    ("year", "INTEGER"),
    ("office", "VARCHAR"),
    ("place", "VARCHAR"),
    ("country", "VARCHAR"),
    ("org_region", "VARCHAR"),
    ("m49_region", "VARCHAR"),
    ("value", "DOUBLE"),
)

SUBMISSION_COLUMNS: Final = (
    ("submission_id", "BIGINT"),
    ("plan", "VARCHAR"),
    ("office", "VARCHAR"),
    ("period", "VARCHAR"),
    ("year", "INTEGER"),
    ("period_start", "DATE"),
    ("period_end", "DATE"),
    ("updated_at", "VARCHAR"),
    ("value_rows", "BIGINT"),
)

INDICATOR_COLUMNS: Final = (
    ("indicator_id", "BIGINT"),
    ("plan", "VARCHAR"),
    ("code", "VARCHAR"),
    ("level", "VARCHAR"),
    ("domain", "VARCHAR"),
    ("outcome", "VARCHAR"),
    ("dimension", "VARCHAR"),
    ("measure", "VARCHAR"),
    ("aggregation", "VARCHAR"),
    ("direction", "VARCHAR"),
    ("cumulation", "VARCHAR"),
    ("tolerance", "DOUBLE"),
    ("frequency", "VARCHAR"),
    ("baseline_year", "INTEGER"),
    ("baseline_value", "DOUBLE"),
    ("position", "INTEGER"),
    ("active", "BOOLEAN"),
)

TARGET_COLUMNS: Final = (
    ("plan", "VARCHAR"),
    ("indicator", "VARCHAR"),
    ("year", "INTEGER"),
    ("office", "VARCHAR"),  # NULL: the plan-wide target
    ("value", "DOUBLE"),
)

PLAN_COLUMNS: Final = (
    ("code", "VARCHAR"),
    ("years", "INTEGER[]"),
    ("end_year", "INTEGER"),
    ("on_track", "DOUBLE"),
    ("at_risk", "DOUBLE"),
)

TABLES: Final = {
    "approved_value": VALUE_COLUMNS,
    "place_total": PLACE_TOTAL_COLUMNS,
    "submission": SUBMISSION_COLUMNS,
    "indicator": INDICATOR_COLUMNS,
    "target": TARGET_COLUMNS,
    "plan": PLAN_COLUMNS,
    "meta": (("key", "VARCHAR"), ("value", "VARCHAR")),
}
# Copied whole from the relational database when the plan changes.
SMALL_TABLES: Final = ("indicator", "target", "plan")


def column_names(table: str) -> tuple[str, ...]:
    return tuple(name for name, _type in TABLES[table])


def create_statements() -> list[str]:
    """``CREATE TABLE`` for every table (no keys or indexes: DuckDB scans columns)."""
    return [
        f"CREATE TABLE {table} ({', '.join(f'{name} {kind}' for name, kind in columns)})"
        for table, columns in TABLES.items()
    ]
