"""Reading and writing CSV/XLSX files as focal points' Excel produces them (real files)."""

from __future__ import annotations

import ast
import codecs
import datetime as dt
import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from habitat_monitor.reporting import numbers, tabular
from habitat_monitor.reporting.tabular import (
    SheetRow,
    Table,
    TableError,
    csv_safe,
    normalise_header,
    open_table,
    write_csv,
    write_xlsx,
)


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _read(path: Path) -> tuple[Table, list[SheetRow]]:
    with open_table(path) as table:
        return table, list(table)


@pytest.mark.parametrize("module", [tabular, numbers])
def test_modules_are_pure_python(module: object) -> None:
    source = Path(str(getattr(module, "__file__", ""))).read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"django", "psycopg", "duckdb"}
    assert len(source.splitlines()) < 400


# --- headers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Indicator Code ", "indicator_code"),
        ("\ufeffIndicator", "indicator"),
        ("Sex-Age", "sex_age"),
        ("VALUE", "value"),
        ("note", "note"),
    ],
)
def test_normalise_header(raw: str, expected: str) -> None:
    assert normalise_header(raw) == expected


def test_duplicate_header_names_are_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "d.csv", b"Indicator,Value,value\nA,1,2\n")
    with pytest.raises(TableError, match=r"“value” appears twice .*columns B and C") as caught:
        open_table(path)
    assert caught.value.row == 1
    assert caught.value.column == "value"


def test_an_unnamed_column_between_named_ones_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "u.csv", b"indicator,,value\nA,x,1\n")
    with pytest.raises(TableError, match="column B has no name"):
        open_table(path)


def test_trailing_unnamed_columns_and_empty_padding_are_ignored(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.csv", b"indicator,value,,\r\nA,1,,\r\nB,2\r\n")
    table, rows = _read(path)
    assert table.headers == ["indicator", "value"]
    assert [row.cells for row in rows] == [
        {"indicator": "A", "value": "1"},
        {"indicator": "B", "value": "2"},
    ]


# --- what kind of file ---------------------------------------------------------------------


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="the file is empty"):
        open_table(_write(tmp_path, "e.csv", b""))


def test_file_with_only_a_bom_and_blank_lines_is_empty(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="the file is empty"):
        open_table(_write(tmp_path, "e.csv", codecs.BOM_UTF8 + b"\r\n\r\n"))


def test_header_only_file_has_headers_and_no_rows(tmp_path: Path) -> None:
    table, rows = _read(_write(tmp_path, "h.csv", b"Indicator,Value\r\n"))
    assert table.headers == ["indicator", "value"]
    assert rows == []


def test_old_xls_file_is_refused_with_advice(tmp_path: Path) -> None:
    path = _write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(TableError) as caught:
        open_table(path)
    assert caught.value.message == "This is an old Excel .xls file: save it as .xlsx or CSV UTF-8"


def test_a_zip_that_is_not_a_workbook_is_an_error(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    path = _write(tmp_path, "values.xlsx", buffer.getvalue())
    with pytest.raises(TableError, match="ZIP file but not an Excel workbook"):
        open_table(path)


def test_kind_is_decided_by_content_not_by_name(tmp_path: Path) -> None:
    xlsx_named_csv = _write(tmp_path, "values.csv", write_xlsx(["a"], [["x"]]))
    csv_named_xlsx = _write(tmp_path, "values.xlsx", b"a\nx\n")
    assert _read(xlsx_named_csv)[0].format == "xlsx"
    assert _read(csv_named_xlsx)[0].format == "csv"


def test_binary_file_with_nul_bytes_is_not_csv(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="not CSV text"):
        open_table(_write(tmp_path, "x.csv", b"a\x00b\x00\n"))


# --- CSV encodings and separators -------------------------------------------------------


def test_csv_utf8_with_bom(tmp_path: Path) -> None:
    content = codecs.BOM_UTF8 + "Indicator Code,Value,Note\r\nA.1,12,城市\r\n".encode()
    table, rows = _read(_write(tmp_path, "bom.csv", content))
    assert (table.format, table.delimiter, table.encoding) == ("csv", ",", "utf-8")
    assert table.headers == ["indicator_code", "value", "note"]
    assert rows == [SheetRow(2, {"indicator_code": "A.1", "value": "12", "note": "城市"})]


def test_plain_utf8_without_bom(tmp_path: Path) -> None:
    table, rows = _read(_write(tmp_path, "plain.csv", "indicator,note\nB,café\n".encode()))
    assert table.encoding == "utf-8"
    assert rows[0].cells == {"indicator": "B", "note": "café"}


def test_utf16_le_tab_separated_as_excel_unicode_text(tmp_path: Path) -> None:
    text = "Indicator\tValue\tNote\r\nA.1\t1.5\t居民\r\nA.2\t\t\r\n"
    table, rows = _read(_write(tmp_path, "u.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    assert (table.delimiter, table.encoding) == ("\t", "utf-16-le")
    assert [(row.number, row.cells) for row in rows] == [
        (2, {"indicator": "A.1", "value": "1.5", "note": "居民"}),
        (3, {"indicator": "A.2", "value": "", "note": ""}),
    ]


def test_utf16_be_with_bom(tmp_path: Path) -> None:
    text = "indicator;value\r\nA;3\r\n"
    table, rows = _read(_write(tmp_path, "b.csv", codecs.BOM_UTF16_BE + text.encode("utf-16-be")))
    assert (table.delimiter, table.encoding) == (";", "utf-16-be")
    assert rows[0].cells == {"indicator": "A", "value": "3"}


def test_semicolon_separated_with_decimal_commas(tmp_path: Path) -> None:
    content = b"Indicator;Value;Note\r\nA.1;1.234,5;x\r\nA.2;12,5;\r\n"
    table, rows = _read(_write(tmp_path, "fr.csv", content))
    assert table.delimiter == ";"
    values = [numbers.parse_number(row.cells["value"], decimal_comma=True) for row in rows]
    assert values == [1234.5, 12.5]
    with pytest.raises(numbers.NumberError, match="ambiguous"):
        numbers.parse_number(rows[1].cells["value"])  # not read as 125 by mistake


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("a,b,c", ","),
        ("a;b;c", ";"),
        ("a\tb\tc", "\t"),
        ("a|b|c", "|"),
        ("a;b,c;d", ";"),
        ("a,b;c", ","),  # a tie goes to the comma
        ("single", ","),
        ('"x;y",z', ","),  # a quoted separator does not count
    ],
)
def test_delimiter_sniffed_from_the_header(tmp_path: Path, header: str, delimiter: str) -> None:
    table, _ = _read(_write(tmp_path, "s.csv", f"{header}\n".encode()))
    assert table.delimiter == delimiter


def test_excel_sep_line_sets_the_delimiter(tmp_path: Path) -> None:
    table, rows = _read(_write(tmp_path, "sep.csv", b"sep=;\r\na;b,c\r\n1;2,5\r\n"))
    assert table.delimiter == ";"
    assert table.headers == ["a", "b,c"]
    assert rows == [SheetRow(2, {"a": "1", "b,c": "2,5"})]


def test_latin1_file_is_refused_naming_the_first_bad_line(tmp_path: Path) -> None:
    content = "indicator,note\nA,ok\nB,café\nC,naïve\n".encode("latin-1")
    with open_table(_write(tmp_path, "l1.csv", content)) as table:
        rows = iter(table)
        assert next(rows).cells["note"] == "ok"
        with pytest.raises(TableError) as caught:
            next(rows)
    assert caught.value.message == "line 3 is not UTF-8 text: save it as “CSV UTF-8”"
    assert caught.value.row == 3


def test_latin1_header_is_refused_when_opening(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="line 1 is not UTF-8"):
        open_table(_write(tmp_path, "l1.csv", "année,valeur\n2024,1\n".encode("latin-1")))


# --- CSV rows -----------------------------------------------------------------------------


def test_blank_lines_are_skipped_but_counted(tmp_path: Path) -> None:
    content = b"\r\nindicator,value\r\nA,1\r\n\r\n,\r\n  \r\nB,2\r\n\r\n"
    _, rows = _read(_write(tmp_path, "blank.csv", content))
    assert [(row.number, row.cells["indicator"]) for row in rows] == [(3, "A"), (7, "B")]


def test_row_numbers_count_records_not_lines(tmp_path: Path) -> None:
    content = b'indicator,note\r\nA,"two\r\nlines"\r\nB,x\r\n'
    _, rows = _read(_write(tmp_path, "multi.csv", content))
    assert [(row.number, row.cells["note"]) for row in rows] == [(2, "two\r\nlines"), (3, "x")]


def test_too_many_cells_is_an_error_naming_the_row(tmp_path: Path) -> None:
    header = ",".join(f"c{i}" for i in range(10))
    good = ",".join(["1"] * 10)
    lines = [header, *[good] * 5, ",".join(["1"] * 12)]
    path = _write(tmp_path, "wide.csv", "\n".join(lines).encode())
    with open_table(path) as table, pytest.raises(TableError) as caught:
        list(table)
    assert caught.value.message == "row 7 has 12 cells but the header has 10 columns"
    assert caught.value.row == 7


def test_fewer_cells_are_empty(tmp_path: Path) -> None:
    _, rows = _read(_write(tmp_path, "short.csv", b"indicator,value,note\nA\n"))
    assert rows[0].cells == {"indicator": "A", "value": "", "note": ""}


def test_cells_keep_their_raw_text(tmp_path: Path) -> None:
    _, rows = _read(_write(tmp_path, "raw.csv", b'indicator,value\n A ," 1,5 "\n'))
    assert rows[0].cells == {"indicator": " A ", "value": " 1,5 "}


@pytest.mark.parametrize("bad", [b'A,"open\nB,2\n', b'A,"x"y\n'])
def test_broken_quotes_are_an_error_not_a_guess(tmp_path: Path, bad: bytes) -> None:
    path = _write(tmp_path, "q.csv", b"indicator,value\n" + bad)
    with open_table(path) as table, pytest.raises(TableError, match="not valid CSV") as caught:
        list(table)
    assert caught.value.row == 2


def test_csv_streams_with_little_memory(tmp_path: Path) -> None:
    """A file larger than the memory limit is read within it: rows are never all loaded."""
    limit = 20 * 1024 * 1024
    path = tmp_path / "big.csv"
    note = "a long note that makes each row large enough to prove streaming " * 2
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("indicator,country,value,note\r\n")
        for number in range(200_000):
            handle.write(f"IND-{number % 50},KEN,{number}.5,{note}{number}\r\n")
    assert path.stat().st_size > limit  # reading it whole would break the limit
    tracemalloc.start()
    try:
        with open_table(path) as table:
            count, last = 0, None
            for row in table:
                count, last = count + 1, row
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 200_000
    assert last is not None and (last.number, last.cells["value"]) == (200_001, "199999.5")
    assert peak < limit, f"peak {peak / 1e6:.1f} MB: the file was not streamed"


def test_rows_are_read_lazily(tmp_path: Path) -> None:
    content = b"indicator\nA\n" + "B\xe9\n".encode("latin-1")
    with open_table(_write(tmp_path, "lazy.csv", content)) as table:
        rows = iter(table)
        assert next(rows) == SheetRow(2, {"indicator": "A"})  # the bad line is not read yet
        with pytest.raises(TableError, match="line 3"):
            next(rows)


def test_closing_the_table_closes_the_file(tmp_path: Path) -> None:
    table = open_table(_write(tmp_path, "c.csv", b"a\n1\n2\n"))
    with table:
        pass
    with pytest.raises(ValueError, match="closed file"):
        list(table)


# --- XLSX -------------------------------------------------------------------------------


def test_xlsx_round_trip_gives_the_same_cells(tmp_path: Path) -> None:
    headers = ["Indicator", "Value", "Count", "Reported On", "Note", "Empty"]
    rows = [
        ["A.1", 0.1, 12, dt.date(2024, 3, 31), "城市人口", None],
        ["A.2", 1234.5, -3, dt.datetime(2024, 1, 2, 13, 5), "  padded  ", ""],
        ["A.3", True, 0, None, None, None],
    ]
    path = _write(tmp_path, "round.xlsx", write_xlsx(headers, rows))
    table, read = _read(path)
    assert (table.format, table.delimiter, table.encoding) == ("xlsx", None, None)
    assert table.headers == ["indicator", "value", "count", "reported_on", "note", "empty"]
    assert [row.number for row in read] == [2, 3, 4]
    assert read[0].cells == {
        "indicator": "A.1",
        "value": "0.1",
        "count": "12",
        "reported_on": "2024-03-31",
        "note": "城市人口",
        "empty": "",
    }
    assert read[1].cells["value"] == "1234.5"
    assert read[1].cells["reported_on"] == "2024-01-02T13:05:00"
    assert read[1].cells["note"] == "padded"
    assert read[2].cells["value"] == "true"
    assert read[2].cells["reported_on"] == ""


def _workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_uses_the_values_sheet_and_its_row_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "read me"
    workbook.active["A1"] = "instructions"
    sheet = workbook.create_sheet("Values")
    sheet["A3"], sheet["B3"] = "Indicator", "Value"  # header after two blank rows
    sheet["A4"], sheet["B4"] = "A.1", 7.0
    sheet["A6"], sheet["B6"] = "A.2", 8
    sheet["C6"] = None
    path = _write(tmp_path, "v.xlsx", _workbook_bytes(workbook))
    table, rows = _read(path)
    assert table.headers == ["indicator", "value"]
    assert [(row.number, row.cells) for row in rows] == [
        (4, {"indicator": "A.1", "value": "7"}),
        (6, {"indicator": "A.2", "value": "8"}),
    ]


def test_xlsx_first_sheet_when_no_values_sheet(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["code"])
    workbook.active.append(["X"])
    workbook.create_sheet("other").append(["nope"])
    _, rows = _read(_write(tmp_path, "f.xlsx", _workbook_bytes(workbook)))
    assert rows == [SheetRow(2, {"code": "X"})]


def test_xlsx_percent_cells_read_as_percent_text(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["shown", "literal"])
    sheet.append([0.15, 15])
    sheet["A2"].number_format = "0%"
    sheet["B2"].number_format = '0"%"'  # a quoted % does not scale the number
    _, rows = _read(_write(tmp_path, "pct.xlsx", _workbook_bytes(workbook)))
    assert rows[0].cells == {"shown": "15%", "literal": "15"}
    assert numbers.parse_number(rows[0].cells["shown"]) == 15.0


def test_xlsx_too_many_cells_names_the_sheet_row(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["a", "b"])
    workbook.active.append([1, 2])
    workbook.active.append([])
    workbook.active.append([1, 2, 3])
    path = _write(tmp_path, "w.xlsx", _workbook_bytes(workbook))
    message = "row 4 has 3 cells but the header has 2 columns"
    with open_table(path) as table, pytest.raises(TableError, match=message):
        list(table)


def test_empty_xlsx_sheet_has_no_headers_and_no_rows(tmp_path: Path) -> None:
    table, rows = _read(_write(tmp_path, "empty.xlsx", _workbook_bytes(Workbook())))
    assert (table.headers, rows) == ([], [])


# --- writing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+2", "'=1+2"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-", "'-"),
        ("-12.5", "-12.5"),
        ("+3", "+3"),
        ("-1e-07", "-1e-07"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        ("", ""),
        ("城市", "城市"),
    ],
)
def test_csv_safe(text: str, safe: str) -> None:
    assert csv_safe(text) == safe


def test_write_csv_is_excel_friendly(tmp_path: Path) -> None:
    content = write_csv(
        ["indicator", "value", "note"],
        [["A.1", 12.0, "=cmd"], ["A.2", None, 'say "hi", ok'], ["A.3", True, dt.date(2024, 5, 1)]],
    )
    assert content.startswith(codecs.BOM_UTF8)
    text = content[len(codecs.BOM_UTF8) :].decode("utf-8")
    assert text == (
        'indicator,value,note\r\nA.1,12,\'=cmd\r\nA.2,,"say ""hi"", ok"\r\nA.3,true,2024-05-01\r\n'
    )


def test_write_csv_round_trips_through_open_table(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["A.1", 0.1, "城市, 人口"],
        ["A.2", -3, "two\nlines"],
        ["A.3", None, ""],
    ]
    path = _write(tmp_path, "out.csv", write_csv(["Indicator", "Value", "Note"], rows))
    table, read = _read(path)
    assert (table.delimiter, table.encoding, table.headers) == (
        ",",
        "utf-8",
        ["indicator", "value", "note"],
    )
    assert [list(row.cells.values()) for row in read] == [
        ["A.1", "0.1", "城市, 人口"],
        ["A.2", "-3", "two\nlines"],
        ["A.3", "", ""],
    ]


def test_write_csv_refuses_non_finite_numbers() -> None:
    with pytest.raises(ValueError, match="cannot be written"):
        write_csv(["v"], [[float("nan")]])


def test_write_xlsx_keeps_numbers_bolds_the_header_and_adds_notes() -> None:
    content = write_xlsx(
        ["indicator", "value"],
        [["=1+2", 0.1], ["A.2", 7]],
        sheet_title="values",
        notes=["Fill one row per value.", "=not a formula"],
    )
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["values", "read me"]
    sheet = workbook["values"]
    assert sheet["A1"].font.bold and sheet["B1"].font.bold
    assert sheet["A2"].value == "'=1+2" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 0.1 and sheet["B2"].data_type == "n"
    assert sheet["B3"].value == 7
    assert not sheet["A3"].font.bold
    notes = workbook["read me"]
    assert [notes["A1"].value, notes["A2"].value] == ["Fill one row per value.", "'=not a formula"]


def test_write_xlsx_without_notes_has_one_sheet() -> None:
    workbook = load_workbook(io.BytesIO(write_xlsx(["a"], [], sheet_title="data")))
    assert workbook.sheetnames == ["data"]


def test_write_xlsx_drops_characters_excel_cannot_hold(tmp_path: Path) -> None:
    path = _write(tmp_path, "ctl.xlsx", write_xlsx(["note"], [["bell\x07 here"]]))
    assert _read(path)[1][0].cells == {"note": "bell here"}
