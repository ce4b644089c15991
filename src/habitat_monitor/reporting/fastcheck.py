"""Checking a large CSV file in columns rather than row by row (pure, Polars).

A million-row import spends most of its time in ``validation.Checker``, one row at a
time. Most rows of a large file are plain: a known indicator code, a covered
country, valid breakdown categories, a plain decimal number in range. This module
finds those rows with column expressions and hands them on, ready to stage, in
batches; every other row goes through ``Checker.feed`` as before, so each problem
is still found and worded by the one row checker. The rules, in words:

* Only a plain file takes this path: CSV text in UTF-8 (with or without a byte-order
  mark), the header on the first line, no quotes, no blank lines, no ``sep=`` line,
  read with a decimal point. Anything else is read row by row, so row numbers and
  messages are exactly those of ``tabular``.
* A row is *plain* when: its indicator code is exactly one the office reports and
  the indicator is not a yes/no and not a count that adds up over its breakdowns
  (those need the sum check); its country is exactly a covered alpha-3 code, or
  empty when the office covers one country; it names no city and no derived
  breakdown; each breakdown cell is empty or exactly a category of a dimension
  the indicator is broken down by; and its value is a plain decimal number
  (``-?digits[.digits]``, no leading zeros) that the indicator's measure accepts.
* Plain rows become what ``Checker.feed`` would have made of them: the same
  country, breakdown key and value. A parity test holds the two paths together.
* Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl

from habitat_monitor.reporting.disaggregation import CATEGORIES
from habitat_monitor.reporting.validation import DERIVED, IndicatorSpec

BATCH_ROWS: Final = 200_000
# Small files gain nothing and the row checker's path is the well-trodden one.
MIN_BYTES: Final = 1 << 20
PLAIN_NUMBER: Final = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"
FAST_MEASURES: Final = frozenset({"percent", "count", "ratio", "index"})
STAGE_COLUMNS: Final = (
    "row_number",
    "indicator_id",
    "country_id",
    "city_id",
    "place",
    "disaggregation",
    "value",
    "note",
)
_PROBE_BYTES: Final = 1 << 16
_BLANK_LINES: Final = (b"\n\n", b"\n\r\n", b"\r\r")


@dataclass(frozen=True)
class PlainCsv:
    """A file that may take the column path, with its normalised header and separator."""

    path: Path
    headers: tuple[str, ...]
    delimiter: str


@dataclass(frozen=True)
class CheckedBatch:
    """Rows read together: ``plain`` ready to stage (``STAGE_COLUMNS``), ``others``
    for the row checker as (row number, cells), and how many rows were read."""

    plain: pl.DataFrame
    others: list[tuple[int, dict[str, str]]]
    rows: int


def plain_csv(
    path: Path,
    headers: Sequence[str],
    delimiter: str | None,
    *,
    decimal_comma: bool = False,
    min_bytes: int = MIN_BYTES,
) -> PlainCsv | None:
    """The file as a ``PlainCsv`` when it may take the column path, else None."""
    if delimiter is None or decimal_comma or path.stat().st_size < min_bytes:
        return None
    with path.open("rb") as stream:
        head = stream.read(_PROBE_BYTES)
        body = head.removeprefix(b"\xef\xbb\xbf")
        first_line = body.split(b"\n", 1)[0].rstrip(b"\r")
        try:
            names = first_line.decode("utf-8").split(delimiter)
        except UnicodeDecodeError:
            return None
        if len(names) != len(headers) or body.startswith((b"sep=", b"\n", b"\r")):
            return None
        tail = b""
        block = body
        while block:
            if b'"' in block or b"\x00" in block or any(m in tail + block for m in _BLANK_LINES):
                return None
            tail = block[-2:]
            block = stream.read(1 << 22)
    return PlainCsv(path, tuple(headers), delimiter)


def _spec_frame(specs: Mapping[str, IndicatorSpec], ids: Mapping[str, int]) -> pl.DataFrame:
    fast = [spec for spec in specs.values() if spec.measure in FAST_MEASURES and not spec.additive]
    columns: dict[str, list[object]] = {
        "indicator": [spec.code for spec in fast],
        "_indicator_id": [ids[spec.code] for spec in fast],
        "_measure": [spec.measure for spec in fast],
    }
    for dimension in CATEGORIES:
        columns[f"_by_{dimension}"] = [dimension in spec.disaggregations for spec in fast]
    return pl.DataFrame(
        columns,
        schema={
            "indicator": pl.String,
            "_indicator_id": pl.Int64,
            "_measure": pl.String,
            **{f"_by_{dimension}": pl.Boolean for dimension in CATEGORIES},
        },
    )


def _measure_accepts(value: pl.Expr) -> pl.Expr:
    measure = pl.col("_measure")
    return (
        pl.when(measure == "percent")
        .then((value >= 0) & (value <= 100))
        .when(measure == "count")
        .then((value >= 0) & (value == value.floor()))
        .when(measure == "ratio")
        .then(value >= 0)
        .otherwise(pl.lit(True))
    )


def _plain_rows(frame: pl.DataFrame, headers: Sequence[str]) -> pl.Expr:
    value = pl.col("_value")
    plain = (
        pl.col("_indicator_id").is_not_null()
        & pl.col("_country_id").is_not_null()
        & pl.col("value").str.contains(PLAIN_NUMBER)
        & value.is_not_null()
        & _measure_accepts(value)
    )
    if "city" in headers:
        plain &= pl.col("city") == ""
    for dimension, categories in CATEGORIES.items():
        if dimension not in headers:
            continue
        cell = pl.col(dimension)
        if dimension in DERIVED:
            plain &= cell == ""
        else:
            allowed = pl.col(f"_by_{dimension}") & cell.is_in(list(categories))
            plain &= (cell == "") | allowed
    return plain


def _breakdown_key(headers: Sequence[str]) -> pl.Expr:
    parts = [
        pl.when(pl.col(dimension) != "").then(pl.lit(f"{dimension}=") + pl.col(dimension))
        for dimension in sorted(CATEGORIES)
        if dimension in headers and dimension not in DERIVED
    ]
    if not parts:
        return pl.lit("")
    return pl.concat_str(parts, separator=";", ignore_nulls=True).fill_null("")


def check_batches(
    source: PlainCsv,
    specs: Mapping[str, IndicatorSpec],
    indicator_ids: Mapping[str, int],
    country_ids: Mapping[str, int],
    *,
    batch_rows: int = BATCH_ROWS,
) -> Iterator[CheckedBatch]:
    """Read the file in batches; split each into plain rows and rows to check one by one."""
    headers = source.headers
    lazy = pl.scan_csv(
        source.path,
        has_header=False,
        skip_rows=1,
        separator=source.delimiter,
        quote_char=None,
        schema=dict.fromkeys(headers, pl.String),
        empty_string_is_null=False,
        row_index_name="_row",
        row_index_offset=2,
    )
    specs_frame = _spec_frame(specs, indicator_ids)
    countries = pl.DataFrame(
        {"country": list(country_ids), "_country_id": list(country_ids.values())},
        schema={"country": pl.String, "_country_id": pl.Int64},
    )
    only = next(iter(country_ids)) if len(country_ids) == 1 else None
    for batch in lazy.collect_batches(chunk_size=batch_rows):
        yield _split(batch.fill_null(""), headers, specs_frame, countries, only)


def _split(
    batch: pl.DataFrame,
    headers: Sequence[str],
    specs_frame: pl.DataFrame,
    countries: pl.DataFrame,
    only_country: str | None,
) -> CheckedBatch:
    cells = [pl.col(name) for name in headers]
    blank = pl.all_horizontal([cell.str.strip_chars() == "" for cell in cells])
    batch = batch.filter(~blank)
    if "country" not in headers:
        batch = batch.with_columns(country=pl.lit(""))
    if only_country is not None:
        country = pl.when(pl.col("country") == "").then(pl.lit(only_country))
        batch = batch.with_columns(_place=country.otherwise(pl.col("country")))
    else:
        batch = batch.with_columns(_place=pl.col("country"))
    joined = (
        batch.join(specs_frame, on="indicator", how="left", maintain_order="left")
        .join(
            countries.rename({"country": "_place"}), on="_place", how="left", maintain_order="left"
        )
        .with_columns(_value=pl.col("value").cast(pl.Float64, strict=False))
    )
    plain_mask = _plain_rows(joined, headers)
    marked = joined.with_columns(_plain=plain_mask.fill_null(False))
    plain = marked.filter(pl.col("_plain")).select(
        row_number=pl.col("_row").cast(pl.Int64),
        indicator_id=pl.col("_indicator_id"),
        country_id=pl.col("_country_id"),
        city_id=pl.lit(None, dtype=pl.Int64),
        place=pl.col("_place"),
        disaggregation=_breakdown_key(headers),
        value=pl.col("_value"),
        note=pl.col("note") if "note" in headers else pl.lit(""),
    )
    others = [
        (int(row["_row"]), {name: row[name] for name in headers})
        for row in marked.filter(~pl.col("_plain")).select(["_row", *headers]).iter_rows(named=True)
    ]
    return CheckedBatch(plain, others, batch.height)
