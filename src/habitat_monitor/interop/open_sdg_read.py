"""Open SDG data files read back as values to import, with a mapping (pure).

The rules, in words:

- The indicator comes from the mapping's ``indicators`` (keyed by file id or file name)
  or from the file name ``indicator_<id>.csv``, hyphens read as dots (``1-1-1`` ->
  ``1.1.1``).
- Columns are known by their titles (``OPEN_SDG_COLUMNS``; a dimension also by its
  code) or by the mapping's ``columns``, in any case; a column mapped to ``ignore`` is
  skipped. ``Year`` and ``Value`` are required; any other column is an error, so a
  typo is not lost, and two columns may not give the same thing. ``GeoCode`` gives the
  country only when there is no ``Country`` column.
- The mapping's ``values`` translate a column's texts before they are read. A category
  is its code or its English name, in any case (``Female``, ``15-24 years``).
- A row with an empty (or N/A) value reports nothing and is skipped. Without a Period,
  a row reports for its Year (unless the mapping's ``period_from_year`` is false); a
  Period must lie in its Year. Without an Office column the mapping's ``office`` is
  used. A country is an ISO alpha-3 code; a city needs its country.
- One file holds one unit and one series: a row whose ``Units`` (``Series``) differ from
  the first row's is a problem. So is the same period, office, place and breakdown
  twice. ``Illustrative: yes`` becomes the note "illustrative", after any ``Note``.
  Values stay text: the reporting validation reads them by the indicator's measure.
- Problems name ``indicator_<id>.csv row N`` (the header is row 1, as a spreadsheet
  shows it) and the column's title in the file. A file that cannot be read (not UTF-8,
  empty, broken quoting, bad columns, more than ``max_rows`` rows) gives its problems
  and no values; otherwise the good rows come back with the problems of the others,
  and the caller writes nothing while any problem remains.
- The mapping file (``read_open_sdg_mapping``) is checked like the DHIS2 one
  (``mapping``): every problem at once, a category must be one of its dimension's.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from habitat_monitor.core.translated import gettext_noop
from habitat_monitor.interop.mapping import ALPHA3, Checker, MappingError, load_document, problem
from habitat_monitor.interop.records import MappedValue, Problem
from habitat_monitor.reporting.disaggregation import CATEGORIES, CATEGORY_LABELS, LABELS, key_of
from habitat_monitor.reporting.numbers import MISSING, NumberError, is_missing, parse_boolean
from habitat_monitor.reporting.periods import parse_period as parse_our_period

IGNORE = "ignore"
_FILE = re.compile(r"^indicator_(?P<id>.+)\.csv$", re.IGNORECASE)
_YEAR = re.compile(r"^[1-9]\d{3}$")
Params = Mapping[str, object]
# The column titles our Open SDG files use, and so the ones read without a mapping;
# breakdown columns carry the dimension's English name ("Sex", "Age band").
OPEN_SDG_COLUMNS: dict[str, str] = {
    "Year": "year",
    "Period": "period",
    "Office": "office",
    "Country": "country",
    "City": "city",
    **{LABELS[dimension]["en"]: dimension for dimension in CATEGORIES},
    "Units": "units",
    "Series": "series",
    "GeoCode": "geocode",
    "Illustrative": "illustrative",
    "Note": "note",
    "Value": "value",
}
# What a column may be mapped to: one of the above, or nothing (``ignore``).
ROLES = (*OPEN_SDG_COLUMNS.values(), IGNORE)


@dataclass(frozen=True)
class OpenSdgMapping:
    indicators: Mapping[str, str] = field(default_factory=dict)  # file id or name -> indicator
    columns: Mapping[str, str] = field(default_factory=dict)  # column title -> role
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    office: str = ""
    period_from_year: bool = True


def _column_values(checker: Checker, title: str, table: Any, role: str) -> dict[str, str]:
    """A column's {text in the file: our code}; a category must be one of the role's."""
    path = f"values.{title}"
    return {
        text: checker.category(role, code, f"{path}.{text}")
        if role in CATEGORIES
        else checker.text(code, f"{path}.{text}")
        for text, code in checker.table(table, path).items()
    }


def read_open_sdg_mapping(text: str | bytes) -> OpenSdgMapping:
    """An Open SDG mapping file (YAML or JSON); MappingError listing every problem in it."""
    data, problems = load_document(text)
    checker = Checker(problems)
    document = checker.document(data, [item.name for item in fields(OpenSdgMapping)])
    columns = checker.texts(document.get("columns"), "columns")
    for title, role in columns.items():
        if role and role not in ROLES:
            template = gettext_noop("unknown role: use one of %(roles)s")
            checker.add(f"columns.{title}", role, template, {"roles": ", ".join(ROLES)})
    values = {
        title: _column_values(
            checker, title, table, columns.get(title) or OPEN_SDG_COLUMNS.get(title, "")
        )
        for title, table in checker.table(document.get("values"), "values").items()
    }
    mapping = OpenSdgMapping(
        indicators=checker.texts(document.get("indicators"), "indicators"),
        columns=columns,
        values=values,
        office=checker.optional_text(document, "office"),
        period_from_year=checker.flag(document.get("period_from_year", "true"), "period_from_year"),
    )
    if checker.problems:
        raise MappingError(checker.problems)
    return mapping


# Every way a category may be written: its code or English name, in any case.
_CATEGORY_NAMES = {
    dimension: {
        name.casefold(): code for code in codes for name in (code, CATEGORY_LABELS[code]["en"])
    }
    for dimension, codes in CATEGORIES.items()
}


def indicator_code(ident: str) -> str:
    """The indicator an Open SDG id stands for: ``1-1-1`` -> ``1.1.1``."""
    return ident.replace("-", ".")


@dataclass
class _File:
    """One data file being read: its columns by role, and what earlier rows said."""

    name: str
    indicator: str
    mapping: OpenSdgMapping
    positions: dict[str, int] = field(default_factory=dict)  # role -> column
    titles: dict[str, str] = field(default_factory=dict)  # role -> title in the file
    problems: list[Problem] = field(default_factory=list)
    seen: dict[str, tuple[str, int]] = field(default_factory=dict)  # units, series: first
    first: dict[tuple[str, ...], int] = field(default_factory=dict)
    width: int = 0  # cells in the header
    texts: dict[str, Mapping[str, str]] = field(default_factory=dict)  # role -> mapping's values

    def fail(
        self, row: int, role: str, value: str, template: str, params: Params | None = None
    ) -> None:
        """A problem on ``row`` in the column that gives ``role`` (or the column ``role``)."""
        title = self.titles.get(role) or role
        self.problems.append(problem(f"{self.name} row {row}", title, value, template, params))

    def at_header(self, title: str, template: str, params: Params) -> None:
        self.problems.append(problem(f"{self.name} row 1", title, title, template, params))

    def header(self, titles: Sequence[str]) -> None:
        """Find each column's role; a problem for each unknown, repeated or missing one."""
        self.width = len(titles)
        known = {title.casefold(): role for title, role in OPEN_SDG_COLUMNS.items()}
        known |= {role: role for role in CATEGORIES}
        known |= {title.casefold(): role for title, role in self.mapping.columns.items()}
        values = {title.casefold(): texts for title, texts in self.mapping.values.items()}
        for position, title in enumerate(cell.strip() for cell in titles):
            role = known.get(title.casefold(), "")
            if not title or role == IGNORE:
                continue
            if not role:
                template = gettext_noop("unknown column: the columns read are %(columns)s")
                columns = ", ".join([*OPEN_SDG_COLUMNS, *self.mapping.columns])
                self.at_header(title, template, {"columns": columns})
            elif role in self.positions:
                template = gettext_noop("“%(first)s” already gives the %(role)s")
                self.at_header(title, template, {"first": self.titles[role], "role": role})
            else:
                self.positions[role], self.titles[role] = position, title
                self.texts[role] = values.get(title.casefold(), {})
        for role, title in (("year", "Year"), ("value", "Value")):
            if role not in self.positions:
                missing = gettext_noop("the '%(column)s' column is missing")
                self.fail(1, title, "", missing, {"column": title})
        if "office" not in self.positions and not self.mapping.office:
            template = gettext_noop("there is no Office column: name the office in the mapping")
            self.fail(1, "Office", "", template)

    def cell(self, cells: Sequence[str], role: str) -> str:
        """The row's text for ``role``, translated by the mapping's ``values``."""
        position = self.positions.get(role)
        text = cells[position].strip() if position is not None and position < len(cells) else ""
        return self.texts.get(role, {}).get(text, text)

    def row(self, number: int, cells: Sequence[str]) -> MappedValue | None:
        """The row's value (None for an empty value, or when the row has problems)."""
        value = self.cell(cells, "value")
        if is_missing(value):
            return None
        before = len(self.problems)
        if any(cell.strip() for cell in cells[self.width :]):
            template = gettext_noop("this row has more cells than the header has columns")
            self.fail(number, "", "", template)
        period = self.period(number, cells)
        office = self.cell(cells, "office") or self.mapping.office
        if not office:
            self.fail(number, "office", "", gettext_noop("say which office reports this value"))
        country, city = self.place(number, cells)
        breakdown = self.breakdown(number, cells)
        for role in ("units", "series"):
            self.single(number, role, self.cell(cells, role))
        note = self.note(number, cells)
        key = (period, office, country, city, key_of(breakdown))
        if len(self.problems) == before and key in self.first:
            template = gettext_noop("the same value is already on row %(first)s")
            self.fail(number, "value", value, template, {"first": self.first[key]})
        if len(self.problems) > before:
            return None
        self.first[key] = number
        source = f"{self.name} row {number}"
        return MappedValue(
            source, office, period, self.indicator, country, city, breakdown, value, note
        )

    def period(self, number: int, cells: Sequence[str]) -> str:
        year, period = self.cell(cells, "year"), self.cell(cells, "period")
        if not _YEAR.match(year):
            self.fail(number, "year", year, gettext_noop("a year has four digits, like 2021"))
            return ""
        if not period:
            if self.mapping.period_from_year:
                return year
            template = gettext_noop("say which period: 2021, 2021-S1 or 2021-Q3")
            self.fail(number, "period", "", template)
            return ""
        try:
            found = parse_our_period(period)
        except ValueError:
            template = gettext_noop("write the period as 2021, 2021-S1 or 2021-Q3")
            self.fail(number, "period", period, template)
            return ""
        if str(found.year) != year:
            template = gettext_noop("%(period)s is not in %(year)s")
            self.fail(number, "period", period, template, {"period": period, "year": year})
        return found.code

    def place(self, number: int, cells: Sequence[str]) -> tuple[str, str]:
        role = "country" if "country" in self.positions else "geocode"
        country, city = self.cell(cells, role).upper(), self.cell(cells, "city")
        if country and not ALPHA3.match(country):
            template = gettext_noop("a country is written as its ISO alpha-3 code, like KEN")
            self.fail(number, role, country, template)
        if city and not country:
            self.fail(number, "city", city, gettext_noop("a city needs its country"))
        return country, city

    def breakdown(self, number: int, cells: Sequence[str]) -> dict[str, str]:
        parts: dict[str, str] = {}
        for dimension in CATEGORIES:
            text = self.cell(cells, dimension)
            if not text:
                continue
            category = _CATEGORY_NAMES[dimension].get(text.casefold())
            if category is None:
                template = gettext_noop("use one of: %(categories)s")
                names = ", ".join(CATEGORY_LABELS[code]["en"] for code in CATEGORIES[dimension])
                self.fail(number, dimension, text, template, {"categories": names})
            else:
                parts[dimension] = category
        return parts

    def single(self, number: int, role: str, text: str) -> None:
        """One unit (one series) per file: the first row's."""
        first = self.seen.setdefault(role, (text, number)) if text else None
        if first is not None and first[0] != text:
            template = gettext_noop(
                "a file holds one %(column)s: “%(first)s” on row %(row)s, here “%(text)s”"
            )
            params = {"column": self.titles[role], "first": first[0], "row": first[1], "text": text}
            self.fail(number, role, text, template, params)

    def note(self, number: int, cells: Sequence[str]) -> str:
        text = self.cell(cells, "illustrative")
        try:
            flag = parse_boolean(text)
        except NumberError as error:
            self.fail(number, "illustrative", text, error.template, error.params)
            flag = False
        notes = (self.cell(cells, "note"), "illustrative" if flag not in (MISSING, False) else "")
        return "; ".join(note for note in notes if note)


def _indicator(name: str, mapping: OpenSdgMapping) -> str:
    match = _FILE.match(name)
    ident = match["id"] if match else ""
    return mapping.indicators.get(name) or mapping.indicators.get(ident) or indicator_code(ident)


def read_open_sdg(
    text: str | bytes,
    *,
    filename: str,
    mapping: OpenSdgMapping | None = None,
    max_rows: int = 1_000_000,
) -> tuple[list[MappedValue], list[Problem]]:
    """The values of one Open SDG data file, and its problems. The caller writes nothing
    while there are problems."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    mapping = mapping or OpenSdgMapping()
    reader = _File(name, _indicator(name, mapping), mapping)
    if not reader.indicator:
        template = gettext_noop(
            "the file name does not say the indicator: name it indicator_<id>.csv"
        )
        reader.fail(1, "file", name, template)
    if isinstance(text, bytes):
        raw = text
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            reader.fail(
                line, "file", name, gettext_noop("the file is not UTF-8 text: save it as CSV UTF-8")
            )
            return [], reader.problems
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    values: list[MappedValue] = []
    try:
        header = next(rows, None)
        if not header or not any(cell.strip() for cell in header):
            reader.fail(
                1, "file", name, gettext_noop("the file is empty: the first row names the columns")
            )
            return [], reader.problems
        reader.header(header)
        if reader.problems:
            return [], reader.problems
        for number, cells in enumerate(rows, start=2):
            if number - 1 > max_rows:
                template = gettext_noop("more than %(limit)s rows: split the file")
                problems = [
                    problem(f"{name} row {number}", "file", name, template, {"limit": max_rows})
                ]
                return [], problems
            if any(cell.strip() for cell in cells) and (found := reader.row(number, cells)):
                values.append(found)
    except csv.Error as error:
        template = gettext_noop("the CSV cannot be read: %(error)s")
        reader.fail(rows.line_num, "file", name, template, {"error": str(error)})
        return [], reader.problems
    return values, reader.problems
