"""Reading and writing the CSV and XLSX files that focal points use (pure, streaming).

The rules, in words:

* The kind of file is decided by its content, never by its name: a ZIP is an XLSX
  workbook, an old binary Excel file (.xls) is refused with advice, anything else
  is CSV text.
* CSV text is UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order
  mark (Excel's "Unicode text"). Any other encoding is refused, naming the first line
  that is not UTF-8, because guessing an encoding can silently change names.
* The separator is found from the header line: whichever of comma, semicolon, tab and
  bar splits it into the most columns (a tie goes to the comma). An Excel "sep=;"
  first line sets it explicitly.
* The header is the first row that is not blank. Column names are normalised
  (trimmed, lower-case, spaces and hyphens to underscores); a name may appear only
  once and only trailing columns may be unnamed.
* Row numbers are the ones a spreadsheet shows (header on row 1, first data row 2),
  so a message points at the right line. Blank rows are skipped but still counted.
* A row may have fewer cells than the header (the missing ones are empty) but not
  more, unless the extra cells are all empty (Excel pads rows with separators).
  A quote left open, or text right after a closing quote, is an error, not a guess.
* XLSX: the sheet named "values" if there is one, else the first sheet. Cells become
  text the way the CSV reader would see them: numbers in their shortest exact form,
  percent-formatted numbers as "15%", dates as YYYY-MM-DD, true/false, empty as "".
* Rows are read one at a time, so a million-row file never sits in memory.
* Files we write are safe to open in Excel: text that Excel would run as a formula
  (starting with = + - @, tab or carriage return, and not a plain number) gets a
  leading apostrophe; CSV is UTF-8 with a byte-order mark and CRLF line ends.
* A ``TableError`` message is a template with named parameters, marked for translation.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Final, Literal

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from habitat_monitor.core.translated import WordedError, gettext_noop
from habitat_monitor.reporting.numbers import cell_text, format_number

ZIP_SIGNATURES: Final = (b"PK\x03\x04", b"PK\x05\x06")  # an XLSX, or an empty ZIP
XLS_SIGNATURE: Final = b"\xd0\xcf\x11\xe0"
BYTE_ORDER_MARKS: Final = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
DELIMITERS: Final = (",", ";", "\t", "|")
MAX_LINE_BYTES: Final = 16 * 1024 * 1024
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER: Final = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_SEP_LINE: Final = re.compile(r"sep=(.)\r?\n?")


@dataclass(frozen=True)
class SheetRow:
    """One data row: its spreadsheet row number and its cells by column name."""

    number: int
    cells: dict[str, str]


class TableError(WordedError):
    """The file cannot be read as a table; ``row``/``column`` say where, when known."""

    def __init__(
        self,
        template: str,
        params: Mapping[str, object] | None = None,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(template, params)
        self.row = row
        self.column = column


def normalise_header(name: str) -> str:
    """ " Indicator Code " -> "indicator_code" (BOM removed, trimmed, lower-case)."""
    cleaned = name.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", cleaned)


@dataclass
class Table:
    """An open table: ``headers``, then iterate once for its ``SheetRow``s; close when done."""

    headers: list[str]
    format: Literal["csv", "xlsx"]
    delimiter: str | None  # None for XLSX
    encoding: str | None  # None for XLSX
    _rows: Iterator[SheetRow] = field(repr=False)
    _close: Callable[[], None] = field(repr=False)

    def __iter__(self) -> Iterator[SheetRow]:
        return self._rows

    def close(self) -> None:
        self._close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_table(path: Path) -> Table:
    """Open a CSV or XLSX file (decided by its content) for streaming its rows."""
    with path.open("rb") as probe:
        head = probe.read(8)
    if not head:
        raise TableError(gettext_noop("the file is empty"))
    if head.startswith(XLS_SIGNATURE):
        raise TableError(
            gettext_noop("This is an old Excel .xls file: save it as .xlsx or CSV UTF-8")
        )
    if head.startswith(ZIP_SIGNATURES):
        return _open_xlsx(path)
    return _open_csv(path)


# --- shared by both readers -------------------------------------------------------------


def _headers(raw: Sequence[str], row: int) -> list[str]:
    names = [normalise_header(name) for name in raw]
    while names and not names[-1]:
        names.pop()
    seen: dict[str, int] = {}
    for index, name in enumerate(names, start=1):
        letter = get_column_letter(index)
        if not name:
            unnamed = gettext_noop("column %(letter)s has no name in the header")
            raise TableError(unnamed, {"letter": letter}, row=row)
        if name in seen:
            twice = gettext_noop(
                "column “%(name)s” appears twice in the header (columns %(first)s and %(letter)s)"
            )
            first = get_column_letter(seen[name])
            params = {"name": name, "first": first, "letter": letter}
            raise TableError(twice, params, row=row, column=name)
        seen[name] = index
    return names


def _is_blank(values: Sequence[str]) -> bool:
    return all(not value.strip() for value in values)


def _sheet_row(headers: list[str], values: Sequence[str], number: int) -> SheetRow:
    if len(values) > len(headers) and not _is_blank(values[len(headers) :]):
        template = gettext_noop(
            "row %(row)s has %(cells)s cells but the header has %(columns)s columns"
        )
        params = {"row": number, "cells": len(values), "columns": len(headers)}
        raise TableError(template, params, row=number)
    cells = dict.fromkeys(headers, "")
    cells.update(zip(headers, values, strict=False))
    return SheetRow(number, cells)


def _data_rows(
    records: Iterator[tuple[int, Sequence[str]]],
) -> tuple[list[str], Iterator[SheetRow]]:
    """The header (first non-blank record) and a lazy iterator over the data rows."""
    for number, values in records:
        if not _is_blank(values):
            headers = _headers(values, number)
            break
    else:
        return [], iter(())

    def rows() -> Iterator[SheetRow]:
        for row_number, row_values in records:
            if not _is_blank(row_values):
                yield _sheet_row(headers, row_values, row_number)

    return headers, rows()


# --- CSV --------------------------------------------------------------------------------


def _detect_encoding(binary: IO[bytes]) -> str:
    """The encoding, from the byte-order mark; leaves the file just after the mark."""
    head = binary.read(4)
    for bom, encoding in BYTE_ORDER_MARKS:
        if head.startswith(bom):
            binary.seek(len(bom))
            return encoding
    if b"\x00" in head:
        raise TableError(
            gettext_noop("this is not CSV text (it contains NUL bytes): save it as “CSV UTF-8”")
        )
    binary.seek(0)
    return "utf-8"


def _utf8_lines(binary: IO[bytes]) -> Iterator[str]:
    """Lines decoded one at a time, naming the first line that is not UTF-8."""
    number = 0
    while line := binary.readline(MAX_LINE_BYTES):
        number += 1
        if len(line) == MAX_LINE_BYTES and not line.endswith(b"\n"):
            too_long = gettext_noop("line %(line)s is longer than 16 MB")
            raise TableError(too_long, {"line": number}, row=number)
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            template = gettext_noop("line %(line)s is not UTF-8 text: save it as “CSV UTF-8”")
            raise TableError(template, {"line": number}, row=number) from None


def _utf16_lines(binary: IO[bytes], encoding: str) -> Iterator[str]:
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    number = 0
    try:
        for number, line in enumerate(text, start=1):  # noqa: B007 - used after the loop
            yield line
    except UnicodeDecodeError:
        template = gettext_noop(
            "the text after line %(line)s is not valid UTF-16: save it as “CSV UTF-8”"
        )
        raise TableError(template, {"line": number}, row=number + 1) from None


def _sniff(line: str) -> str:
    best, fields = ",", 0
    for delimiter in DELIMITERS:
        try:
            count = len(next(csv.reader([line], delimiter=delimiter), []))
        except csv.Error:
            count = 0
        if count > fields:
            best, fields = delimiter, count
    return best


def _records(lines: Iterator[str], delimiter: str, first: int) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    number = first - 1
    try:
        for number, values in enumerate(reader, start=first):
            yield number, values
    except csv.Error as error:
        template = gettext_noop(
            "row %(row)s is not valid CSV (%(detail)s): check the quotes in that row"
        )
        params = {"row": number + 1, "detail": str(error)}
        raise TableError(template, params, row=number + 1) from None


def _open_csv(path: Path) -> Table:
    binary = path.open("rb")
    try:
        encoding = _detect_encoding(binary)
        lines = _utf16_lines(binary, encoding) if encoding != "utf-8" else _utf8_lines(binary)
        skipped: list[str] = []
        for line in lines:
            if line.strip():
                break
            skipped.append(line)
        else:
            raise TableError(gettext_noop("the file is empty"))
        sep = _SEP_LINE.fullmatch(line)
        if sep and sep.group(1) in DELIMITERS:
            delimiter, first = sep.group(1), 1  # Excel hides the "sep=" line
            rest: Iterator[str] = lines
        else:
            delimiter, first = _sniff(line), 1
            rest = itertools.chain(skipped, [line], lines)
        headers, rows = _data_rows(_records(rest, delimiter, first))
    except BaseException:
        binary.close()
        raise
    return Table(headers, "csv", delimiter, encoding, rows, binary.close)


# --- XLSX -------------------------------------------------------------------------------


def _open_xlsx(path: Path) -> Table:
    handle = path.open("rb")  # a file object: openpyxl would refuse a name without .xlsx
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign ZIP
        handle.close()
        raise TableError(
            gettext_noop(
                "This is a ZIP file but not an Excel workbook: save it as .xlsx or CSV UTF-8"
            )
        ) from None

    def close() -> None:
        workbook.close()
        handle.close()

    try:
        names = {normalise_header(name): name for name in workbook.sheetnames}
        sheet = workbook[names["values"]] if "values" in names else workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record a wrong size: read what is there
        records = (
            (number, [cell_text(cell.value, cell.number_format) for cell in cells])
            for number, cells in enumerate(sheet.iter_rows(min_row=1, min_col=1), start=1)
        )
        headers, rows = _data_rows(records)
    except BaseException:
        close()
        raise
    return Table(headers, "xlsx", None, None, rows, close)


# --- writing ----------------------------------------------------------------------------


def csv_safe(text: str) -> str:
    """Text that Excel will not run as a formula (OWASP CSV injection)."""
    if text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _written_text(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, int | float | dt.date | dt.time):  # bool is an int
        return cell_text(value)
    return csv_safe(str(value))


def write_csv(headers: list[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV file Excel opens correctly: UTF-8 with BOM, commas, CRLF, safe text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_safe(header) for header in headers])
    for row in rows:
        writer.writerow([_written_text(value) for value in row])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _xlsx_value(value: object) -> object:
    if value is None or isinstance(value, bool | int | Decimal | dt.date | dt.time):
        return value
    if isinstance(value, float):
        format_number(value)  # refuses inf and nan, which Excel cannot hold
        return value
    return csv_safe(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _bold(sheet: Any, value: object) -> Any:
    cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
    cell.font = Font(bold=True)
    return cell


def write_xlsx(
    headers: list[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str = "values",
    notes: Sequence[str] = (),
) -> bytes:
    """An XLSX workbook: bold header row, numbers as numbers, an optional "read me" sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append([_bold(sheet, header) for header in headers])
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    if notes:
        readme = workbook.create_sheet("read me")
        for note in notes:
            readme.append([_xlsx_value(note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
