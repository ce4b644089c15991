"""Mapping files for the DHIS2 and Open SDG imports: reading and checking them (pure).

The rules, in words:

- A mapping file is YAML, or JSON when its first character is "{". Every scalar is read
  as text, so codes are never turned into numbers: ``1.10`` stays "1.10", ``2021`` stays
  "2021". A key written twice is an error (YAML would silently keep the last one).
- The file is checked as a whole and every problem is reported at once, each with the
  path of the key as its field (``org_units.Rp268JB6Ne4.country``). A mapping with any
  problem is never used: ``MappingError`` carries the list.
- Unknown keys are errors, so a typo is not silently ignored.
- A breakdown is a table of dimension: category (``{sex: female}``) using the dimensions
  and categories of ``reporting.disaggregation``; ``{}`` (or nothing) is the total.
- Offices, indicators and cities are not checked against the plan here (this module has
  no database): the reporting validation checks every imported value later. Countries
  must at least look like ISO alpha-3 codes.

The DHIS2 mapping (``read_dhis2_mapping``; keys are the DHIS2 identifiers the payload
uses, UIDs or codes): ``data_set`` (written on exports), ``data_elements`` {id:
indicator}, ``org_units`` {id: {office, country, city}} (no country: a plan-wide value
of the office; a city needs its country), ``category_option_combos`` {id: breakdown},
``attribute_option_combos`` {id: office} (the office that reports, instead of the org
unit's), ``periods`` {DHIS2 period: our period} (a DHIS2 period of any type, e.g. a
financial year ``2021July``: ``2021``). The Open SDG mapping is read by
``open_sdg_read.read_open_sdg_mapping`` with the same ``Checker``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

import yaml

from habitat_monitor.core.translated import WordedError, gettext_noop, render
from habitat_monitor.interop.dhis2_periods import PeriodError, is_other_period
from habitat_monitor.interop.dhis2_periods import parse_period as parse_dhis2_period
from habitat_monitor.interop.records import Problem
from habitat_monitor.reporting.disaggregation import CATEGORIES, key_of
from habitat_monitor.reporting.periods import parse_period as parse_our_period

SOURCE = "mapping"
ALPHA3 = re.compile(r"^[A-Z]{3}$")
_FLAGS = {"true": True, "yes": True, "false": False, "no": False}


def problem(
    source: str, field: str, value: str, template: str, params: Mapping[str, object] | None = None
) -> Problem:
    """A ``Problem`` whose reason is ``template`` filled with ``params``."""
    filled = {name: str(item) for name, item in (params or {}).items()}
    return Problem(source, field, value, render(template, filled), template, filled)


class MappingError(WordedError, ValueError):
    """A mapping file that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        reasons = "; ".join(f"{p.field or p.source}: {p.reason}" for p in problems)
        super().__init__(
            gettext_noop("the mapping cannot be used: %(reasons)s"), {"reasons": reasons}
        )
        self.problems = list(problems)


class _Twice(ValueError):
    """A key written twice in a JSON object."""


class _Loader(yaml.BaseLoader):
    """YAML with every scalar as text, refusing a key written twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if isinstance(key, str) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"“{key}” is written twice", key_node.start_mark
                )
            if isinstance(key, str):
                seen.add(key)
        return super().construct_mapping(node, deep)


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    table = dict(pairs)
    if len(table) < len(pairs):
        raise _Twice(next(key for key, _ in pairs if [k for k, _ in pairs].count(key) > 1))
    return table


# Numbers as text, as YAML's base loader reads them.
_JSON = json.JSONDecoder(
    parse_int=str, parse_float=str, parse_constant=str, object_pairs_hook=_json_pairs
)


def load_document(text: str | bytes) -> tuple[Any, list[Problem]]:
    """The mapping file's content (tables, lists and text), or the problem reading it."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            template = gettext_noop("the file is not UTF-8 text (byte %(offset)s)")
            return None, [problem(SOURCE, "", "", template, {"offset": error.start + 1})]
    text = text.lstrip("\ufeff")  # line numbers in errors count from the first line
    if not text.strip():
        return None, [problem(SOURCE, "", "", gettext_noop("the mapping file is empty"))]
    try:
        if text.lstrip().startswith("{"):
            return _JSON.decode(text), []
        return yaml.load(text, Loader=_Loader), []
    except _Twice as error:
        template = gettext_noop("“%(key)s” is written twice")
        return None, [problem(SOURCE, str(error), str(error), template, {"key": str(error)})]
    except json.JSONDecodeError as error:
        template = gettext_noop("not valid JSON: %(error)s (line %(line)s, column %(column)s)")
        params = {"error": error.msg, "line": error.lineno, "column": error.colno}
        return None, [problem(SOURCE, "", "", template, params)]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = getattr(error, "problem", None) or str(error)
        template = gettext_noop("not valid YAML: %(error)s (line %(line)s, column %(column)s)")
        params = {"error": reason, "line": line, "column": column}
        return None, [problem(SOURCE, "", "", template, params)]


def _shown(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)[:80]


@dataclass
class Checker:
    """Reads the parts of a mapping document, keeping every problem found."""

    problems: list[Problem] = field(default_factory=list)

    def add(
        self, path: str, value: Any, template: str, params: Mapping[str, object] | None = None
    ) -> None:
        self.problems.append(problem(SOURCE, path, _shown(value), template, params))

    def document(self, data: Any, keys: Sequence[str]) -> dict[str, Any]:
        """The top-level table, with a problem for each key that is not one of ``keys``."""
        if data in (None, ""):
            return {}
        if not isinstance(data, dict):
            template = gettext_noop("a mapping file is a table of: %(keys)s")
            self.add("", data, template, {"keys": ", ".join(keys)})
            return {}
        unknown = gettext_noop("unknown key: use one of %(keys)s")
        for key in data:
            if key not in keys:
                self.add(str(key), key, unknown, {"keys": ", ".join(keys)})
        return data

    def table(self, value: Any, path: str) -> dict[str, Any]:
        """A table (nothing counts as an empty one)."""
        if value in (None, ""):
            return {}
        if not isinstance(value, dict):
            self.add(path, value, gettext_noop("write a table of “key: value” lines here"))
            return {}
        return value

    def text(self, value: Any, path: str) -> str:
        """A code: non-empty text."""
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.add(path, value, gettext_noop("write a code here, not a list, a table or nothing"))
        return ""

    def country(self, value: Any, path: str) -> str:
        country = self.text(value, path).upper()
        if country and not ALPHA3.match(country):
            template = gettext_noop("a country is written as its ISO alpha-3 code, like KEN")
            self.add(path, value, template)
        return country

    def flag(self, value: Any, path: str) -> bool:
        # JSON's true arrives as True, YAML's as "true".
        flag = _FLAGS.get(str(value).strip().lower())
        if flag is None:
            self.add(path, value, gettext_noop("write true or false"))
            return False
        return flag

    def category(self, dimension: str, value: Any, path: str) -> str:
        """One of ``dimension``'s categories."""
        category = self.text(value, path)
        if category and category not in CATEGORIES[dimension]:
            template = gettext_noop("use one of: %(categories)s")
            self.add(path, value, template, {"categories": ", ".join(CATEGORIES[dimension])})
        return category

    def breakdown(self, value: Any, path: str) -> dict[str, str]:
        """A breakdown {dimension: category}; nothing or ``{}`` is the total."""
        parts: dict[str, str] = {}
        for dimension, category in self.table(value, path).items():
            if dimension not in CATEGORIES:
                template = gettext_noop("unknown dimension: use one of %(dimensions)s")
                self.add(
                    f"{path}.{dimension}",
                    dimension,
                    template,
                    {"dimensions": ", ".join(CATEGORIES)},
                )
                continue
            parts[dimension] = self.category(dimension, category, f"{path}.{dimension}")
        return parts

    def optional_text(self, document: Mapping[str, Any], key: str) -> str:
        """The code under ``key``; empty when the key is not there."""
        return self.text(document[key], key) if key in document else ""

    def texts(self, value: Any, path: str) -> dict[str, str]:
        """A table of code: code."""
        return {
            key: self.text(item, f"{path}.{key}") for key, item in self.table(value, path).items()
        }


@dataclass(frozen=True)
class OrgUnit:
    """What a DHIS2 organisation unit stands for: the office, and its place (if any)."""

    office: str
    country: str = ""
    city: str = ""


@dataclass(frozen=True)
class Dhis2Mapping:
    data_set: str = ""
    data_elements: Mapping[str, str] = field(default_factory=dict)  # id -> indicator
    org_units: Mapping[str, OrgUnit] = field(default_factory=dict)
    category_option_combos: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    attribute_option_combos: Mapping[str, str] = field(default_factory=dict)  # id -> office
    periods: Mapping[str, str] = field(default_factory=dict)  # DHIS2 period -> our period

    # Exports turn our codes back into DHIS2 identifiers; when several identifiers stand
    # for the same thing, the first one in the file is used.
    @cached_property
    def _elements(self) -> dict[str, str]:
        return _first_keys(self.data_elements)

    @cached_property
    def _combos(self) -> dict[str, str]:
        return _first_keys(
            {uid: key_of(parts) for uid, parts in self.category_option_combos.items()}
        )

    @cached_property
    def _places(self) -> dict[tuple[str, str, str], tuple[str, str]]:
        places: dict[tuple[str, str, str], tuple[str, str]] = {}
        for uid, unit in self.org_units.items():
            places.setdefault((unit.office, unit.country, unit.city), (uid, ""))
        # Then the org units reported by another office through an attribute option combo.
        for aoc, office in self.attribute_option_combos.items():
            for uid, unit in self.org_units.items():
                places.setdefault((office, unit.country, unit.city), (uid, aoc))
        return places

    def element_for(self, indicator: str) -> str | None:
        return self._elements.get(indicator)

    def combo_for(self, breakdown_key: str) -> str | None:
        return self._combos.get(breakdown_key)

    def place_for(self, office: str, country: str, city: str) -> tuple[str, str] | None:
        """(org unit, attribute option combo or "") for a value of ``office`` at a place."""
        return self._places.get((office, country, city))

    def is_default_combo(self, uid: str) -> bool:
        """The combination that stands for "no category" (DHIS2 uses one for both kinds)."""
        return uid in self.category_option_combos and not self.category_option_combos[uid]


def _first_keys(table: Mapping[str, str]) -> dict[str, str]:
    inverse: dict[str, str] = {}
    for key, value in table.items():
        inverse.setdefault(value, key)
    return inverse


def _org_unit(checker: Checker, value: Any, path: str) -> OrgUnit:
    entry = checker.table(value, path)
    for key in entry:
        if key not in ("office", "country", "city"):
            template = gettext_noop("unknown key: use office, country, city")
            checker.add(f"{path}.{key}", key, template)
    office = checker.text(entry["office"], f"{path}.office") if "office" in entry else ""
    if "office" not in entry:
        checker.add(f"{path}.office", "", gettext_noop("say which office reports for it"))
    country = checker.country(entry["country"], f"{path}.country") if "country" in entry else ""
    city = checker.text(entry["city"], f"{path}.city") if "city" in entry else ""
    if city and not country:
        checker.add(f"{path}.city", city, gettext_noop("a city needs its country"))
    return OrgUnit(office, country, city)


def _our_period(checker: Checker, key: str, code: str, path: str) -> str:
    """The period a DHIS2 period counts for (the key must be a DHIS2 period)."""
    try:
        parse_dhis2_period(key)
    except PeriodError as error:
        if not is_other_period(key):  # weekly, financial years...: the reason to map them
            checker.add(path, key, error.template, error.params)
    try:
        return parse_our_period(code).code if code else ""
    except ValueError:
        template = gettext_noop("not one of our periods: write 2021, 2021-S1 or 2021-Q3")
        checker.add(path, code, template)
        return ""


def read_dhis2_mapping(text: str | bytes) -> Dhis2Mapping:
    """A DHIS2 mapping file (YAML or JSON); MappingError listing every problem in it."""
    data, problems = load_document(text)
    checker = Checker(problems)
    document = checker.document(data, [item.name for item in fields(Dhis2Mapping)])
    units = checker.table(document.get("org_units"), "org_units")
    combos = checker.table(document.get("category_option_combos"), "category_option_combos")
    mapping = Dhis2Mapping(
        data_set=checker.optional_text(document, "data_set"),
        data_elements=checker.texts(document.get("data_elements"), "data_elements"),
        org_units={
            uid: _org_unit(checker, unit, f"org_units.{uid}") for uid, unit in units.items()
        },
        category_option_combos={
            uid: checker.breakdown(parts, f"category_option_combos.{uid}")
            for uid, parts in combos.items()
        },
        attribute_option_combos=checker.texts(
            document.get("attribute_option_combos"), "attribute_option_combos"
        ),
        periods={
            key: _our_period(checker, key, code, f"periods.{key}")
            for key, code in checker.texts(document.get("periods"), "periods").items()
        },
    )
    if checker.problems:
        raise MappingError(checker.problems)
    return mapping
