"""Writing many checked values at once through a staging table (one transaction).

Rows are streamed into a temporary table (PostgreSQL ``COPY``, SQLite batched
inserts) as they pass the checks, so memory stays flat whatever the file size.
Then SQL finds duplicates (reported with their rows), counts what is new,
changed and unchanged, and applies the differences with their audit rows, all in
the caller's transaction: a failure or a killed process leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl
from django.db import connection

from habitat_monitor.reporting.fastcheck import STAGE_COLUMNS
from habitat_monitor.reporting.models import Value, ValueBatch
from habitat_monitor.reporting.validation import CellError, CleanValue, duplicate_row

STAGE = "hm_value_stage"
CHANGED = "hm_value_changed"
BATCH = 10_000
MATCH = (
    "v.submission_id = %s AND v.indicator_id = s.indicator_id AND v.place = s.place "
    "AND v.disaggregation = s.disaggregation"
)
VALUE_COLUMNS = (
    "id",
    "submission_id",
    "indicator_id",
    "country_id",
    "city_id",
    "disaggregation",
    "place",
    "value",
    "note",
    "illustrative",
    "updated_at",
)


def _prefixed(alias: str) -> str:
    return ", ".join(f"{alias}.{column}" for column in VALUE_COLUMNS)


def record_creations(cursor: Any, ids_sql: str, params: Sequence[Any] = ()) -> None:
    """Write the creation record of the values ``ids_sql`` selects that have none yet.

    Values added in a batch have no history row until they first change (or go):
    their creation record is then written as the batch left them, so the change
    has its "before"."""
    values = Value._meta.db_table
    history = Value.history.model._meta.db_table
    batches = ValueBatch._meta.db_table
    cursor.execute(
        f"INSERT INTO {history} ({', '.join(VALUE_COLUMNS)}, history_date, "
        f"history_change_reason, history_type, history_user_id) SELECT {_prefixed('v')}, "
        f"b.created_at, SUBSTR(b.reason, 1, 100), '+', b.user_id FROM {values} v "
        f"JOIN {batches} b ON b.id = v.batch_id WHERE v.id IN ({ids_sql}) "
        f"AND NOT EXISTS (SELECT 1 FROM {history} h WHERE h.id = v.id)",
        list(params),
    )


def place_of(country: str, city: str) -> str:
    return f"{country}/{city}" if city else country


class Stage:
    """A per-connection temporary table of checked rows for one submission."""

    def __init__(
        self,
        submission_id: int,
        indicators: dict[str, int],
        countries: dict[str, int],
        cities: dict[tuple[str, str], int],
    ) -> None:
        self.submission_id = submission_id
        self.indicators = indicators
        self.codes = {pk: code for code, pk in indicators.items()}
        self.countries = countries
        self.cities = cities
        self.pending: list[tuple[Any, ...]] = []
        self.staged = 0
        self.postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGE} (row_number INTEGER, indicator_id BIGINT, "
                "country_id BIGINT, city_id BIGINT, place VARCHAR(120), "
                "disaggregation VARCHAR(200), value DOUBLE PRECISION, note TEXT)"
            )

    def add(self, row: CleanValue) -> None:
        self.pending.append(
            (
                row.row,
                self.indicators[row.indicator],
                self.countries.get(row.country),
                self.cities.get((row.country, row.city)),
                place_of(row.country, row.city),
                row.disaggregation,
                row.value,
                row.note,
            )
        )
        self.staged += 1
        if len(self.pending) >= BATCH:
            self.flush()

    def add_all(self, rows: Iterable[CleanValue]) -> None:
        for row in rows:
            self.add(row)
        self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        with connection.cursor() as cursor:
            if self.postgres:
                columns = ", ".join(STAGE_COLUMNS)
                with cursor.cursor.copy(f"COPY {STAGE} ({columns}) FROM STDIN") as copy:
                    for item in self.pending:
                        copy.write_row(item)
            else:
                marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
                cursor.executemany(f"INSERT INTO {STAGE} VALUES ({marks})", self.pending)
        self.pending = []

    def add_frame(self, frame: pl.DataFrame) -> None:
        """Stage rows already checked in columns (``fastcheck``), in ``STAGE_COLUMNS`` order."""
        self.flush()
        if frame.is_empty():
            return
        frame = frame.select(STAGE_COLUMNS)
        self.staged += frame.height
        with connection.cursor() as cursor:
            if self.postgres:
                columns = ", ".join(STAGE_COLUMNS)
                # Empty text is text, not NULL: only the id columns may be missing.
                sql = (
                    f"COPY {STAGE} ({columns}) FROM STDIN "
                    "(FORMAT csv, FORCE_NOT_NULL (place, disaggregation, note))"
                )
                with cursor.cursor.copy(sql) as copy:
                    copy.write(frame.write_csv(include_header=False).encode())
            else:
                marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
                cursor.executemany(f"INSERT INTO {STAGE} VALUES ({marks})", frame.iter_rows())

    def duplicates(self) -> list[CellError]:
        """Rows that repeat an earlier row's indicator, place and breakdown."""
        sql = (
            f"SELECT s.row_number, s.indicator_id, d.first_row FROM {STAGE} s JOIN ("
            f"SELECT indicator_id, place, disaggregation, MIN(row_number) AS first_row "
            f"FROM {STAGE} GROUP BY indicator_id, place, disaggregation HAVING COUNT(*) > 1"
            ") d ON s.indicator_id = d.indicator_id AND s.place = d.place "
            "AND s.disaggregation = d.disaggregation WHERE s.row_number <> d.first_row"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            found = cursor.fetchall()
        return [duplicate_row(row, self.codes[indicator], first) for row, indicator, first in found]

    def counts(self) -> tuple[int, int, int]:
        """How many staged rows are new, changed and unchanged."""
        sql = (
            "SELECT "
            "COALESCE(SUM(CASE WHEN v.id IS NULL THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN v.id IS NOT NULL AND (v.value <> s.value "
            "OR v.note <> s.note) THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN v.id IS NOT NULL AND v.value = s.value "
            "AND v.note = s.note THEN 1 ELSE 0 END), 0) "
            f"FROM {STAGE} s LEFT JOIN {Value._meta.db_table} v ON {MATCH}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.submission_id])
            added, changed, unchanged = cursor.fetchone()
        return int(added), int(changed), int(unchanged)

    def apply(self, batch: ValueBatch, *, illustrative: bool = False, fresh: bool = False) -> None:
        """Insert new values (recorded by the batch) and update changed ones, each
        change with its audit row; a value's first change also records its creation.
        ``fresh``: the submission holds no values yet, so every staged row is new."""
        values = Value._meta.db_table
        with connection.cursor() as cursor:
            if not fresh:
                self._apply_changes(cursor, batch)
            cursor.execute(
                f"INSERT INTO {values} (submission_id, indicator_id, country_id, city_id, "
                "disaggregation, place, value, note, illustrative, updated_at, batch_id) "
                "SELECT %s, s.indicator_id, s.country_id, s.city_id, s.disaggregation, s.place, "
                f"s.value, s.note, %s, %s, %s FROM {STAGE} s "
                + ("" if fresh else f"LEFT JOIN {values} v ON {MATCH} WHERE v.id IS NULL"),
                [self.submission_id, illustrative, batch.created_at, batch.pk]
                + ([] if fresh else [self.submission_id]),
            )

    def _apply_changes(self, cursor: Any, batch: ValueBatch) -> None:
        values = Value._meta.db_table
        history = Value.history.model._meta.db_table
        reason = batch.reason[:100] or None
        columns = ", ".join(VALUE_COLUMNS)
        cursor.execute(f"DROP TABLE IF EXISTS {CHANGED}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {CHANGED} AS SELECT v.id AS id, s.value AS value, "
            f"s.note AS note FROM {STAGE} s JOIN {values} v ON {MATCH} "
            "WHERE v.value <> s.value OR v.note <> s.note",
            [self.submission_id],
        )
        cursor.execute(f"CREATE INDEX {CHANGED}_id ON {CHANGED} (id)")
        record_creations(cursor, f"SELECT id FROM {CHANGED}")
        cursor.execute(
            f"UPDATE {values} SET value = (SELECT c.value FROM {CHANGED} c WHERE c.id = "
            f"{values}.id), note = (SELECT c.note FROM {CHANGED} c WHERE c.id = {values}.id), "
            f"updated_at = %s WHERE id IN (SELECT id FROM {CHANGED})",
            [batch.created_at],
        )
        cursor.execute(
            f"INSERT INTO {history} ({columns}, history_date, history_change_reason, "
            f"history_type, history_user_id) SELECT {columns}, %s, %s, '~', %s FROM {values} "
            f"WHERE id IN (SELECT id FROM {CHANGED})",
            [batch.created_at, reason, batch.user_id],
        )
        cursor.execute(f"DROP TABLE {CHANGED}")

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
