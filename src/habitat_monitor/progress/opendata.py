"""The bulk open-data package of a publication: a ZIP of CSVs with a Frictionless
``datapackage.json`` and a README, written from the publication's frozen store.

What goes in:

* ``values.csv``: every approved value of the plan's current indicators, streamed by
  DuckDB straight from the store to the file (millions of rows never become Python
  objects). ``indicators.csv`` and ``targets.csv`` come from the relational database,
  ``progress.csv`` from the assessment of each year with data (``progress_from`` on
  the frozen store, "due" decided by the publication date).
* Values of indicators that the plan's current version dropped are left out, so every
  ``indicator`` cell names a row of ``indicators.csv`` (the package's foreign keys).
* CSV is UTF-8 without a byte-order mark, comma-separated, a header line, numbers with
  a decimal point and no grouping, ``true``/``false``, and an empty cell for missing.
  Text that a spreadsheet would run as a formula (starting with = + - @, tab or
  carriage return, and not a plain number) gets a leading apostrophe, in every file.
* The ZIP is written beside ``target`` and moved over it with ``os.replace``: a reader
  downloads the old package or the new one, never half of one. Entries carry the
  publication time, so the same publication gives the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import duckdb
from django.db.models import F
from django.utils import timezone

from habitat_monitor.core.translated import pick
from habitat_monitor.plans.models import Baseline, Indicator, Plan, Target
from habitat_monitor.progress.opendata_schema import (
    INDICATORS,
    PROGRESS,
    RESOURCES,
    TARGETS,
    VALUES,
    Resource,
    package_descriptor,
    readme_text,
)
from habitat_monitor.progress.services import UnknownPlan
from habitat_monitor.progress.yearly import each_year
from habitat_monitor.reporting.numbers import cell_text
from habitat_monitor.reporting.tabular import csv_safe

CHUNK: Final = 1024 * 1024
# The same test as ``tabular.csv_safe``, in SQL, for the columns DuckDB writes itself.
_PLAIN_NUMBER_SQL: Final = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"
_TEXT_TYPES: Final = frozenset({"string"})

Row = Sequence[Any]


def write_open_data(
    target: Path,
    con: duckdb.DuckDBPyConnection,
    *,
    plan: Plan,
    number: int,
    published_at: datetime,
    url: str | None = None,
) -> dict[str, Any]:
    """Write publication ``number`` of ``plan`` as an open-data ZIP at ``target``, from
    ``con`` (the frozen store, read-only). Returns ``{"resources": [{"name", "path",
    "rows"}], "bytes"}``. ``url``: where the publication lives, for the citation."""
    target.parent.mkdir(parents=True, exist_ok=True)
    indicators = list(
        Indicator.objects.filter(plan=plan, active=True)
        .select_related("domain", "outcome__domain", "dimension__outcome__domain")
        .order_by("order", "code")
    )
    codes = [indicator.code for indicator in indicators]
    baselines = {b.indicator_id: b for b in Baseline.objects.filter(indicator__in=indicators)}
    targets = _target_rows(plan, codes)
    invented = _illustrative_codes(con, plan.code, codes, baselines.values(), targets)
    aware = timezone.is_aware(published_at)
    day = timezone.localdate(published_at) if aware else published_at.date()
    rows: dict[str, int] = {}
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".opendata-") as scratch:
        folder = Path(scratch)
        rows["values"] = _copy_values(con, plan.code, codes, folder / VALUES.path)
        rows["indicators"] = _write_csv(
            folder / INDICATORS.path, INDICATORS, _indicator_rows(indicators, baselines)
        )
        rows["targets"] = _write_csv(folder / TARGETS.path, TARGETS, targets)
        progress = _progress_rows(con, plan.code, codes, invented, day)
        rows["progress"] = _write_csv(folder / PROGRESS.path, PROGRESS, progress)
        files = {r.path: _size_and_digest(folder / r.path) for r in RESOURCES}
        package = package_descriptor(plan, number, published_at, files)
        (folder / "datapackage.json").write_text(
            json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        readme = readme_text(plan, number, published_at, rows, bool(invented), url)
        (folder / "README.md").write_text(readme, encoding="utf-8")
        names = ["datapackage.json", "README.md", *(resource.path for resource in RESOURCES)]
        _zip(target, folder, names, published_at)
    resources = [{"name": r.name, "path": r.path, "rows": rows[r.name]} for r in RESOURCES]
    return {"resources": resources, "bytes": target.stat().st_size}


# --- values: DuckDB writes the file --------------------------------------------------


def _safe_text_sql(column: str) -> str:
    """The column as text that cannot run as a formula, NULL when empty."""
    quoted = f'"{column}"'
    risky = f"left({quoted}, 1) IN ('=', '+', '-', '@', chr(9), chr(13))"
    plain = f"regexp_full_match({quoted}, '{_PLAIN_NUMBER_SQL}')"
    guarded = f"CASE WHEN {risky} AND NOT {plain} THEN '''' || {quoted} ELSE {quoted} END"
    return f"NULLIF({guarded}, '') AS {quoted}"


def _copy_values(con: duckdb.DuckDBPyConnection, plan: str, codes: list[str], path: Path) -> int:
    selected = ", ".join(
        _safe_text_sql(c.name) if c.type in _TEXT_TYPES else f'"{c.name}"' for c in VALUES.columns
    )
    query = (
        f"SELECT {selected} FROM approved_value "
        "WHERE plan = ? AND list_contains(?::VARCHAR[], indicator) "
        "ORDER BY indicator, year, period, office, place, disaggregation, value_id"
    )
    file = str(path).replace("'", "''")
    found = con.execute(f"COPY ({query}) TO '{file}' (HEADER, DELIMITER ',')", [plan, codes])
    result = found.fetchone()
    return int(result[0]) if result else 0


# --- the small tables: Python writes them ------------------------------------------


def _cell(value: Any) -> str:
    return csv_safe(value) if isinstance(value, str) else cell_text(value)


def _write_csv(path: Path, resource: Resource, rows: Iterable[Row]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(resource.field_names)
        width = len(resource.field_names)
        for row in rows:
            if len(row) != width:
                raise ValueError(f"{resource.name}: a row has {len(row)} cells, not {width}")
            writer.writerow([_cell(value) for value in row])
            count += 1
    return count


def _indicator_rows(indicators: list[Indicator], baselines: dict[int, Baseline]) -> list[Row]:
    rows: list[Row] = []
    for item in indicators:
        outcome = item.outcome or (item.dimension.outcome if item.dimension else None)
        domain = item.domain or (outcome.domain if outcome else None)
        baseline = baselines.get(item.pk)
        rows.append(
            [
                item.code,
                item.level,
                domain.code if domain else None,
                outcome.code if outcome else None,
                item.dimension.code if item.dimension else None,
                pick(item.statement, "en"),
                pick(item.statement, "zh-hans"),
                pick(item.unit, "en"),
                pick(item.unit, "zh-hans"),
                item.measure,
                item.direction,
                item.aggregation,
                item.cumulation,
                item.frequency,
                baseline.year if baseline else None,
                baseline.value if baseline else None,
                baseline.illustrative if baseline else None,
            ]
        )
    return rows


def _target_rows(plan: Plan, codes: list[str]) -> list[Row]:
    found = (
        Target.objects.filter(indicator__plan=plan, indicator__code__in=codes)
        .order_by(
            "indicator__order",
            "indicator__code",
            F("office__code").asc(nulls_first=True),
            "year",
        )
        .values_list("indicator__code", "year", "office__code", "value", "illustrative")
    )
    return [list(row) for row in found]


def _illustrative_codes(
    con: duckdb.DuckDBPyConnection,
    plan: str,
    codes: list[str],
    baselines: Iterable[Baseline],
    targets: list[Row],
) -> set[str]:
    """Indicators with an invented value, baseline or target (as the pages mark them)."""
    sql = "SELECT DISTINCT indicator FROM approved_value WHERE plan = ? AND illustrative"
    invented = {row[0] for row in con.execute(sql, [plan]).fetchall()}
    invented |= {b.indicator.code for b in baselines if b.illustrative}
    invented |= {row[0] for row in targets if row[4]}
    return invented & set(codes)


def _progress_rows(
    con: duckdb.DuckDBPyConnection, plan: str, codes: list[str], invented: set[str], today: date
) -> list[Row]:
    """Each indicator assessed for each year with data, as of the publication date."""
    wanted: set[str] = set(codes)
    rows: list[Row] = []
    try:
        for found in each_year(con, plan, today):
            for item in found.indicators:
                if item.code not in wanted:
                    continue
                a = item.assessment
                rows.append(
                    [
                        item.code,
                        found.year,
                        item.value.value if item.value else None,
                        item.actual,
                        item.baseline,
                        item.target,
                        a.achievement,
                        item.status.value,
                        a.method,
                        a.version,
                        item.code in invented,
                    ]
                )
    except UnknownPlan:  # a store without the plan: nothing to assess
        return []
    return [[_finite(cell) for cell in row] for row in rows]


def _finite(value: Any) -> Any:
    """An infinite or NaN number is missing (it cannot be written as a CSV number)."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _size_and_digest(path: Path) -> tuple[int, str]:
    """The file's size and SHA-256 (hex), read in chunks: values.csv may be gigabytes."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
    return path.stat().st_size, sha.hexdigest()


def _zip(target: Path, folder: Path, names: list[str], published_at: datetime) -> None:
    """The files of ``folder`` zipped beside ``target``, then moved over it."""
    stamp = published_at.timetuple()[:6]
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in names:
                entry = zipfile.ZipInfo(name, date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                entry.file_size = (folder / name).stat().st_size  # decides ZIP64 up front
                with (folder / name).open("rb") as source, archive.open(entry, "w") as sink:
                    shutil.copyfileobj(source, sink, CHUNK)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
