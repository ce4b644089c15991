"""What the store copies from the relational database (the source of truth).

Everything goes through Django's own connection, so a rebuild inside a transaction
(a test, a command) sees that transaction's rows. Values stream in record batches:
``COPY ... TO STDOUT`` parsed by pyarrow on PostgreSQL, ``fetchmany`` on SQLite, so
memory stays flat however many there are.

Two fingerprints say whether the store still matches: *shape* covers what is
written into every value row (framework nodes, indicators, offices, places), and
*reference* what the small tables hold (plans with their bands, baselines,
targets). Audited tables are fingerprinted by their newest history row, the
reference places (not audited) by counts and sums of their keys: both are a few
index lookups, however many values there are.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
from django.db import connection
from django.db.models import Count, Max, Sum

from habitat_monitor.core.translated import pick
from habitat_monitor.geo.models import City, Country, M49Area, Office, OrgRegion
from habitat_monitor.plans.models import (
    Baseline,
    Dimension,
    Domain,
    Indicator,
    Outcome,
    Plan,
    Target,
)
from habitat_monitor.progress.achievement import DEFAULT_BANDS
from habitat_monitor.progress.store.schema import SCHEMA_VERSION
from habitat_monitor.reporting.models import Submission, Value

Progress = Callable[[int], None]
FETCH = 50_000
APPROVED = str(Submission.Status.APPROVED)
RAW_SCHEMA = pa.schema(
    [
        ("value_id", pa.int64()),
        ("submission_id", pa.int64()),
        ("indicator_id", pa.int64()),
        ("country_id", pa.int64()),
        ("city_id", pa.int64()),
        ("place", pa.string()),
        ("disaggregation", pa.string()),
        ("value", pa.float64()),
        ("illustrative", pa.int8()),
    ]
)


@dataclass(frozen=True)
class Fingerprints:
    shape: str
    reference: str


def _table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def _newest_history(model: Any) -> str:
    history = model.history.model
    return f"(SELECT max({history._meta.pk.column}) FROM {_table(history)})"


def _digest(parts: Collection[object]) -> str:
    return hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:32]


def _scalars(expressions: list[str]) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(expressions))
        return tuple(cursor.fetchone())


def fingerprints() -> Fingerprints:
    """Fingerprints of the framework and places as the relational database has them now."""
    country, city = _table(Country), _table(City)
    shape = [_newest_history(model) for model in (Domain, Outcome, Dimension, Indicator, Office)]
    shape += [
        f"(SELECT count(*) FROM {country})",
        f"(SELECT sum(id + 1000 * coalesce(org_region_id, 0)) FROM {country})",
        f"(SELECT sum(id * coalesce(m49_region_id, 0)) FROM {country})",
        f"(SELECT count(*) FROM {city})",
        f"(SELECT sum(id * country_id) FROM {city})",
        f"(SELECT count(*) + sum(id) FROM {_table(OrgRegion)})",
        f"(SELECT count(*) + sum(id) FROM {_table(M49Area)})",
    ]
    reference = [_newest_history(model) for model in (Plan, Baseline, Target)]
    values = _scalars(shape + reference)
    database = connection.settings_dict
    identity = (connection.vendor, str(database["NAME"]), database["HOST"], database["PORT"])
    return Fingerprints(
        shape=_digest((SCHEMA_VERSION, *identity, *values[: len(shape)])),
        reference=_digest(values[len(shape) :]),
    )


def timestamp(moment: datetime | None) -> str:
    """A submission's ``updated_at`` as the store keeps it (ISO 8601, microseconds, UTC)."""
    return moment.isoformat(timespec="microseconds") if moment else ""


def approved_state() -> str:
    """Count, sum of ids and newest change of the approved submissions: a new approval
    changes the newest change, a reopening the count, so equal states mean the same set."""
    totals = Submission.objects.filter(status=APPROVED).aggregate(
        count=Count("id"), ids=Sum("id"), newest=Max("updated_at")
    )
    return f"{totals['count']}:{totals['ids'] or 0}:{timestamp(totals['newest'])}"


def _schema(fields: str) -> pa.Schema:
    """``"name:type ..."`` as an arrow schema (int, int32, float, str, bool, date, years)."""
    kinds = {"int": pa.int64(), "int32": pa.int32(), "float": pa.float64()}
    kinds |= {"str": pa.string(), "bool": pa.bool_(), "date": pa.date32()}
    kinds |= {"years": pa.list_(pa.int32())}
    return pa.schema([(name, kinds[kind]) for name, kind in (f.split(":") for f in fields.split())])


INDICATOR_SCHEMA = _schema(
    "indicator_id:int plan:str code:str level:str domain:str outcome:str dimension:str "
    "measure:str aggregation:str direction:str cumulation:str tolerance:float frequency:str "
    "baseline_year:int32 baseline_value:float position:int32 active:bool"
)
TARGET_SCHEMA = _schema("plan:str indicator:str year:int32 office:str value:float")
PLAN_SCHEMA = _schema("code:str years:years end_year:int32 on_track:float at_risk:float")
COUNTRY_SCHEMA = _schema("country_id:int alpha3:str org_region:str m49_region:str")
CITY_SCHEMA = _schema("city_id:int name:str")
SUBMISSION_SCHEMA = _schema(
    "submission_id:int plan:str office:str period:str year:int32 period_start:date "
    "period_end:date updated_at:str"
)


def approved_submissions(ids: Collection[int] | None = None) -> pa.Table:
    """The approved submissions (of ``ids`` when given), as the store's ``submission`` rows."""
    rows = Submission.objects.filter(status=APPROVED)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    fields: tuple[str, ...] = ("id", "period__plan__code", "office__code", "period__code")
    fields += ("period__year", "period__start", "period__end", "updated_at")
    found = [(*row[:-1], timestamp(row[-1])) for row in rows.order_by("id").values_list(*fields)]
    return _rows_table(SUBMISSION_SCHEMA, found)


def _rows_table(schema: pa.Schema, rows: Collection[tuple[Any, ...]]) -> pa.Table:
    return pa.Table.from_pylist([dict(zip(schema.names, row, strict=True)) for row in rows], schema)


def indicator_table() -> pa.Table:
    """Indicators with their place in the framework and their baselines.

    An outcome indicator names only its outcome, a dimension's only its dimension:
    the outcome and domain above are filled in, so that rollups up the framework
    count every indicator in each level it belongs to.
    """
    fields: tuple[str, ...] = ("id", "plan__code", "code", "level")
    fields += ("domain__code", "outcome__domain__code", "dimension__outcome__domain__code")
    fields += ("outcome__code", "dimension__outcome__code", "dimension__code")
    fields += ("measure", "aggregation", "direction", "cumulation", "tolerance", "frequency")
    fields += ("baseline__year", "baseline__value", "order", "active")
    rows = []
    for row in Indicator.objects.order_by("plan__code", "order", "code").values_list(*fields):
        domain = row[4] or row[5] or row[6]
        outcome = row[7] or row[8]
        rows.append((*row[:4], domain, outcome, *row[9:]))
    return _rows_table(INDICATOR_SCHEMA, rows)


def target_table() -> pa.Table:
    fields = ("indicator__plan__code", "indicator__code", "year", "office__code", "value")
    rows = Target.objects.order_by("indicator_id", "year", "office_id").values_list(*fields)
    return _rows_table(TARGET_SCHEMA, list(rows))


def plan_table() -> pa.Table:
    rows = []
    for code, years, bands in Plan.objects.order_by("code").values_list(
        "code", "years", "status_bands"
    ):
        years = sorted(int(year) for year in years or [])
        bands = bands or {}
        on_track = float(bands.get("on_track", DEFAULT_BANDS.on_track))
        at_risk = float(bands.get("at_risk", DEFAULT_BANDS.at_risk))
        rows.append((code, years, max(years, default=None), on_track, at_risk))
    return _rows_table(PLAN_SCHEMA, rows)


def place_tables() -> dict[str, pa.Table]:
    """Countries with their regions, and cities with their English names, keyed by id."""
    countries = Country.objects.values_list("id", "alpha3", "org_region__code", "m49_region__code")
    cities = [(pk, pick(name, "en")) for pk, name in City.objects.values_list("id", "name")]
    return {
        "country": _rows_table(COUNTRY_SCHEMA, list(countries)),
        "city": _rows_table(CITY_SCHEMA, cities),
    }


def approved_value_count() -> int:
    """How many values the approved submissions hold (for a progress bar's total)."""
    return Value.objects.filter(submission__status=APPROVED).count()


def _value_query(submission_ids: Collection[int] | None) -> str:
    wanted = f"SELECT id FROM {_table(Submission)} WHERE status = '{APPROVED}'"
    if submission_ids is not None:
        # Whole numbers only, so inlining them is safe, and no parameter limit applies.
        wanted = ", ".join(str(int(pk)) for pk in submission_ids) or "NULL"
    return (
        "SELECT v.id, v.submission_id, v.indicator_id, v.country_id, v.city_id, v.place, "
        "v.disaggregation, v.value, CASE WHEN v.illustrative THEN 1 ELSE 0 END "
        f"FROM {_table(Value)} v WHERE v.submission_id IN ({wanted})"
    )


class _CopyStream(io.RawIOBase):
    """The bytes of a psycopg ``COPY ... TO STDOUT`` as a file that pyarrow can read.

    COPY hands over one row at a time: each read fills the whole buffer pyarrow asks
    for, so that the per-row cost stays one call.
    """

    def __init__(self, copy: Any) -> None:
        self._copy = copy
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        size, filled, chunk = len(view), 0, self._pending
        read = self._copy.read
        while True:
            if not chunk:
                chunk = read()
                if not chunk:
                    break
            room = size - filled
            if len(chunk) > room:
                view[filled:size] = chunk[:room]
                self._pending = chunk[room:]
                return size
            view[filled : filled + len(chunk)] = chunk
            filled += len(chunk)
            chunk = b""
        self._pending = b""
        return filled


def _csv_batches(copy: Any) -> Iterator[pa.RecordBatch]:
    options = pa_csv.ConvertOptions(
        column_types=RAW_SCHEMA, strings_can_be_null=False, quoted_strings_can_be_null=False
    )
    read = pa_csv.ReadOptions(column_names=RAW_SCHEMA.names, block_size=1 << 20)
    try:
        reader = pa_csv.open_csv(
            _CopyStream(copy),
            read_options=read,
            convert_options=options,
        )
    except pa.ArrowInvalid as error:
        if "Empty CSV" in str(error):
            return
        raise
    yield from reader


def _fetched_batches(cursor: Any) -> Iterator[pa.RecordBatch]:
    while rows := cursor.fetchmany(FETCH):
        columns = zip(*rows, strict=True)
        arrays = [
            pa.array(column, type=field.type)
            for column, field in zip(columns, RAW_SCHEMA, strict=True)
        ]
        yield pa.RecordBatch.from_arrays(arrays, schema=RAW_SCHEMA)


@contextmanager
def value_reader(
    submission_ids: Collection[int] | None = None, progress: Progress | None = None
) -> Iterator[pa.RecordBatchReader]:
    """The raw values of the approved submissions (or of ``submission_ids``), streamed.

    The reader must be drained inside the ``with`` block: it reads from the open cursor.
    """
    query = _value_query(submission_ids)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv)") as copy:
                yield _reader(_csv_batches(copy), progress)
        else:
            cursor.execute(query)
            yield _reader(_fetched_batches(cursor), progress)


def _reader(batches: Iterator[pa.RecordBatch], progress: Progress | None) -> pa.RecordBatchReader:
    def counted() -> Iterator[pa.RecordBatch]:
        done = 0
        for batch in batches:
            done += batch.num_rows
            if progress is not None:
                progress(done)
            yield batch

    return pa.RecordBatchReader.from_batches(RAW_SCHEMA, counted())
