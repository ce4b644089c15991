"""Checking reported values, row by row, before anything is written.

The rules, in words:

- A file has an ``indicator`` and a ``value`` column; other known columns are
  ``country``, ``city``, one per disaggregation dimension (``sex``, ``age``...)
  and ``note``. Template columns for reading (``statement``, ``unit``, ``office``,
  ``period``) are ignored. Any other column is an error, so a typo is not lost.
- The indicator must be one the office is assigned for the period.
- The country must be one the office covers; it may be left out when the office
  covers a single country. An office covering no country (headquarters) leaves it
  out: its values are plan-wide. A city must be a known city of that country.
- A disaggregation column may only be filled for a dimension the indicator is
  disaggregated by, with one of that dimension's categories.
- The value is read by the indicator's measure: a percentage lies in 0-100, a
  count is a whole number of zero or more, a yes/no is yes or no, a ratio is zero
  or more. An empty value or N/A is missing, never zero: the row reports nothing
  and is skipped (it neither adds nor clears a value). Numbers are never guessed:
  "1,5" is an error unless the file is read with decimal commas.
- The same indicator, place and breakdown may appear only once (checked when the
  rows are staged for writing, in SQL, so a million rows need no memory for it).
- For counts that add up across categories (measure count, aggregation sum), the
  parts by one dimension may not exceed the total, and when every category of the
  dimension is given they must add up to it exactly.

Every problem is reported as row / column / value / reason. The reason is worded
as a template with named parameters, marked for translation (``template``,
``params``); ``reason`` is its English text. Pure Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from habitat_monitor.core.translated import gettext_noop, render
from habitat_monitor.reporting.disaggregation import CATEGORIES, key_of
from habitat_monitor.reporting.numbers import (
    MISSING,
    NumberError,
    format_number,
    is_missing,
    parse_boolean,
    parse_number,
)

REQUIRED_COLUMNS = ("indicator", "value")
# Breakdowns that follow from where a value is reported, never entered.
DERIVED = frozenset({"region"})
VALUE_COLUMNS = ("indicator", "country", "city", *CATEGORIES, "value", "note")
INFO_COLUMNS = ("statement", "unit", "office", "period")


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    measure: str
    disaggregations: frozenset[str] = frozenset()
    additive: bool = False


@dataclass(frozen=True)
class CellError:
    """A problem in one cell. ``reason`` is English; ``template`` and ``params`` word it
    for translation (``template`` is empty for a reason that has no template)."""

    row: int
    column: str
    value: str
    reason: str
    template: str = ""
    params: dict[str, str] = field(default_factory=dict, hash=False)

    @classmethod
    def worded(
        cls,
        row: int,
        column: str,
        value: str,
        template: str,
        params: Mapping[str, str] | None = None,
    ) -> CellError:
        """A problem whose reason is ``template`` with ``params`` filled in."""
        filled = dict(params or {})
        return cls(row, column, value, render(template, filled), template, filled)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


def duplicate_row(row: int, indicator: str, first: int) -> CellError:
    """A row repeating an earlier row's indicator, place and breakdown (found when staged)."""
    template = gettext_noop("the same value is already on row %(first)s")
    return CellError.worded(row, "indicator", indicator, template, {"first": str(first)})


@dataclass(frozen=True)
class CleanValue:
    row: int
    indicator: str
    country: str
    city: str
    disaggregation: str
    value: float
    note: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.indicator, self.country, self.city, self.disaggregation)


def check_headers(headers: Sequence[str]) -> list[CellError]:
    missing = gettext_noop("the '%(column)s' column is missing")
    errors = [
        CellError.worded(1, column, "", missing, {"column": column})
        for column in REQUIRED_COLUMNS
        if column not in headers
    ]
    known = set(VALUE_COLUMNS) | set(INFO_COLUMNS)
    unknown = gettext_noop("unknown column: %(columns)s are read")
    errors += [
        CellError.worded(1, header, header, unknown, {"columns": ", ".join(VALUE_COLUMNS)})
        for header in headers
        if header and header not in known
    ]
    return errors


def read_value(text: str, measure: str, *, decimal_comma: bool = False) -> float:
    """The value as a number, or NumberError with the reason."""
    if measure == "boolean":
        flag = parse_boolean(text)
        if flag is MISSING:
            raise NumberError(
                gettext_noop("the value is missing: leave the row out rather than empty")
            )
        return 1.0 if flag else 0.0
    number = parse_number(text, decimal_comma=decimal_comma)
    if number is MISSING:
        raise NumberError(
            gettext_noop("the value is missing: leave the row out rather than empty or N/A")
        )
    assert isinstance(number, float)
    template = ""
    if measure == "percent" and not 0 <= number <= 100:
        template = gettext_noop("a percentage lies between 0 and 100, not %(value)s")
    elif measure == "count" and (number < 0 or number != int(number)):
        template = gettext_noop("a count is a whole number of zero or more, not %(value)s")
    elif measure == "ratio" and number < 0:
        template = gettext_noop("a ratio is zero or more, not %(value)s")
    if template:
        raise NumberError(template, {"value": format_number(number)})
    return number


def _category_problem(
    dimension: str, category: str, categories: Sequence[str], spec: IndicatorSpec | None
) -> tuple[str, dict[str, str]] | None:
    """Why ``category`` may not be given for ``dimension`` (template, params), or None."""
    if dimension in DERIVED:
        template = gettext_noop("%(dimension)s follows from the country: leave it empty")
        return template, {"dimension": dimension}
    if spec is not None and dimension not in spec.disaggregations:
        template = gettext_noop("%(indicator)s is not broken down by %(dimension)s")
        return template, {"indicator": spec.code, "dimension": dimension}
    if category not in categories:
        return gettext_noop("use one of: %(categories)s"), {"categories": ", ".join(categories)}
    return None


@dataclass
class Checker:
    """Feed rows one at a time; ``finish`` adds the checks that need every row."""

    specs: Mapping[str, IndicatorSpec]
    countries: frozenset[str]
    cities: Mapping[str, frozenset[str]]  # country alpha3 -> city names (English)
    decimal_comma: bool = False
    _totals: dict[tuple[str, str, str], tuple[int, float]] = field(default_factory=dict)
    _parts: dict[tuple[str, str, str, str], dict[str, float]] = field(
        default_factory=lambda: defaultdict(dict)
    )

    def feed(self, row: int, cells: Mapping[str, str]) -> CleanValue | list[CellError] | None:
        """The row's value, its problems, or None when it reports nothing (empty, N/A)."""
        if is_missing(cells.get("value", "")):
            return None
        errors: list[CellError] = []
        code = cells.get("indicator", "").strip()
        spec = self.specs.get(code)
        if spec is None:
            if code:
                reason = gettext_noop("not an indicator this office reports")
            else:
                reason = gettext_noop("no indicator code")
            errors.append(CellError.worded(row, "indicator", code, reason))
        country, city = self._place(row, cells, errors)
        breakdown = self._breakdown(row, cells, spec, errors)
        value = 0.0
        raw = cells.get("value", "")
        if spec is not None:
            try:
                value = read_value(raw, spec.measure, decimal_comma=self.decimal_comma)
            except NumberError as error:
                errors.append(CellError.worded(row, "value", raw, error.template, error.params))
        if errors:
            return errors
        clean = CleanValue(
            row, code, country, city, key_of(breakdown), value, cells.get("note", "")
        )
        if spec is not None and spec.additive:
            self._remember(clean, breakdown)
        return clean

    def _place(
        self, row: int, cells: Mapping[str, str], errors: list[CellError]
    ) -> tuple[str, str]:
        country = cells.get("country", "").strip().upper()
        if not country:
            if len(self.countries) == 1:
                country = next(iter(self.countries))
            elif not self.countries:
                # An office covering no country (headquarters) reports plan-wide values.
                city = cells.get("city", "").strip()
                if city:
                    reason = gettext_noop("a city needs its country (ISO alpha-3)")
                    errors.append(CellError.worded(row, "city", city, reason))
                return "", ""
            else:
                reason = gettext_noop("say which country (ISO alpha-3)")
                errors.append(CellError.worded(row, "country", "", reason))
        elif country not in self.countries:
            reason = gettext_noop("not a country this office covers")
            errors.append(CellError.worded(row, "country", country, reason))
        city = cells.get("city", "").strip()
        if city and country in self.countries and city not in self.cities.get(country, ()):
            reason = gettext_noop("not a known city of %(country)s")
            errors.append(CellError.worded(row, "city", city, reason, {"country": country}))
        return country, city

    def _breakdown(
        self,
        row: int,
        cells: Mapping[str, str],
        spec: IndicatorSpec | None,
        errors: list[CellError],
    ) -> dict[str, str]:
        breakdown: dict[str, str] = {}
        for dimension, categories in CATEGORIES.items():
            category = cells.get(dimension, "").strip()
            if not category:
                continue
            problem = _category_problem(dimension, category, categories, spec)
            if problem is None:
                breakdown[dimension] = category
            else:
                errors.append(CellError.worded(row, dimension, category, *problem))
        return breakdown

    def _remember(self, clean: CleanValue, breakdown: dict[str, str]) -> None:
        place = (clean.indicator, clean.country, clean.city)
        if not breakdown:
            self._totals[place] = (clean.row, clean.value)
        elif len(breakdown) == 1:
            [(dimension, category)] = breakdown.items()
            self._parts[(*place, dimension)][category] = clean.value

    def finish(self) -> list[CellError]:
        """Parts that do not add up to their total, reported on the total's row."""
        errors = []
        for (indicator, country, city, dimension), parts in sorted(self._parts.items()):
            total = self._totals.get((indicator, country, city))
            if total is None:
                continue
            row, value = total
            added = sum(parts.values())
            complete = set(parts) == set(CATEGORIES[dimension])
            if added > value + 1e-9 or (complete and abs(added - value) > 1e-9):
                reason = gettext_noop(
                    "the parts by %(dimension)s add up to %(added)s, not the total %(total)s"
                )
                params = {
                    "dimension": dimension,
                    "added": format_number(added),
                    "total": format_number(value),
                }
                errors.append(CellError.worded(row, "value", format_number(value), reason, params))
        return errors
