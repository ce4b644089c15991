"""DHIS2 dataValueSets: a publication's values written for DHIS2, and DHIS2 values read back.

The rules, in words:

- Periods are DHIS2's ISO forms (``dhis2_periods``): yearly ``2021``, six-monthly
  ``2021S1``, quarterly ``2021Q3`` match our ``2021``, ``2021-S1``, ``2021-Q3``. A month
  (``202107``) has no counterpart in our plans, so a monthly value is a problem unless
  the mapping's ``periods`` names the period it counts for; so are DHIS2's other types
  (weekly, daily, financial years).
- Without a mapping the identifiers are our own codes, as DHIS2 reads them with
  ``idScheme=CODE``: dataElement is the indicator code; orgUnit is the country's ISO
  alpha-3 (``KEN``), or ``KEN/Nairobi`` for a city, with the reporting office as the
  attributeOptionCombo (DHIS2's "implementing partner" pattern). A plan-wide value has
  the office itself as orgUnit and no attributeOptionCombo; this is how the two are
  told apart on import, even for a country office coded like its country (``KEN``
  alone: the office's plan-wide value; ``KEN`` with ``KEN``: its value for Kenya).
  categoryOptionCombo is the breakdown key (``sex=female``), DHIS2's ``default`` for a
  total (also when it is left out).
- With a mapping (``mapping.Dhis2Mapping``) the DHIS2 identifiers come from it: an org
  unit gives the office and the place, an attribute option combo the office reporting
  instead, a category option combo the breakdown; the default combo (mapped to ``{}``)
  or none is the total. On export, values the mapping does not cover are left out
  (``unmapped_observations`` lists them) and ``dataSet``/``completeDate`` are added when
  the mapping names a data set.
- Values are written in their shortest exact form; yes/no indicators as DHIS2's
  true/false. An illustrative value carries the comment ``illustrative``; a comment is
  read back as the value's note, so the flag survives a round trip.
- Imports are checked as a whole: malformed JSON, a missing ``dataValues`` list, a
  payload over ``max_bytes`` or with more than ``max_values`` values is one problem
  and nothing is mapped. Otherwise each bad value gives problems with source
  ``dataValues[i]`` (i counts from 0, as in the JSON array and DHIS2's conflict
  indexes) and the field at fault. The same indicator, period, office, place and
  breakdown twice is a problem. Numbers are left to the reporting validation, which
  reads them by the indicator's measure; only true/false become yes/no.
- A value marked ``deleted``, or with no value, would clear the stored value in DHIS2;
  an import here never clears a stored value (missing is not zero), so both are listed
  in ``ignored`` and written nowhere.
- The caller writes nothing while any problem remains (``records``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from habitat_monitor.core.translated import gettext_noop
from habitat_monitor.interop.dhis2_periods import Dhis2Period as Dhis2Period
from habitat_monitor.interop.dhis2_periods import PeriodError as PeriodError
from habitat_monitor.interop.dhis2_periods import dhis2_period as dhis2_period
from habitat_monitor.interop.dhis2_periods import our_period as our_period
from habitat_monitor.interop.dhis2_periods import parse_period as parse_period
from habitat_monitor.interop.mapping import ALPHA3, problem, read_dhis2_mapping
from habitat_monitor.interop.mapping import Dhis2Mapping as Dhis2Mapping
from habitat_monitor.interop.mapping import MappingError as MappingError
from habitat_monitor.interop.mapping import OrgUnit as OrgUnit
from habitat_monitor.interop.records import Dataset, MappedValue, Observation, Problem
from habitat_monitor.reporting.disaggregation import CATEGORIES, key_of
from habitat_monitor.reporting.numbers import format_number

DEFAULT = "default"  # DHIS2's code for the category option combo of "no category"
ILLUSTRATIVE = "illustrative"
PAYLOAD = "payload"
_FIELDS = ("dataElement", "period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo")
_SHARED = ("period", "orgUnit", "attributeOptionCombo")  # a set's header may give them
_DESCRIPTIONS = {
    "SUCCESS": "Import process completed successfully",
    "WARNING": "Import process completed with conflicts",
    "ERROR": "Import process was aborted: nothing was written",
}


def read_mapping(text: str | bytes) -> Dhis2Mapping:
    """The mapping file (YAML or JSON); MappingError listing every problem in it."""
    return read_dhis2_mapping(text)


# --- Export ---------------------------------------------------------------------------


def _identifiers(obs: Observation, mapping: Dhis2Mapping | None) -> tuple[str, ...] | None:
    """The value's identifiers, in the order of ``_FIELDS`` after the period ("" to leave
    out); None when the mapping does not cover the value."""
    if mapping is None:
        place = f"{obs.country}/{obs.city}" if obs.city else obs.country
        combo, office = obs.breakdown_key or DEFAULT, obs.office if obs.country else ""
        return obs.indicator, place or obs.office, combo, office
    element = mapping.element_for(obs.indicator)
    found = mapping.place_for(obs.office, obs.country, obs.city)
    coc = mapping.combo_for(obs.breakdown_key)
    if element is None or found is None or (coc is None and obs.breakdown_key):
        return None
    return element, found[0], coc or "", found[1]


def write_data_value_set(dataset: Dataset, mapping: Dhis2Mapping | None = None) -> dict[str, Any]:
    """The dataset's values as a DHIS2 ``dataValueSets`` JSON payload (a dict to dump)."""
    booleans = {info.code for info in dataset.indicators if info.measure == "boolean"}
    values: list[dict[str, str]] = []
    for obs in dataset.observations:
        identifiers = _identifiers(obs, mapping)
        if identifiers is None:
            continue
        element, *others = identifiers
        entry = {"dataElement": element, "period": dhis2_period(obs.period)}
        entry |= {name: text for name, text in zip(_FIELDS[2:], others, strict=True) if text}
        if obs.indicator in booleans:
            entry["value"] = "true" if obs.value else "false"
        else:
            entry["value"] = format_number(obs.value)
        if obs.illustrative:
            entry["comment"] = ILLUSTRATIVE
        values.append(entry)
    payload: dict[str, Any] = {}
    if mapping is not None and mapping.data_set:
        payload["dataSet"] = mapping.data_set
        if dataset.published_at is not None:
            payload["completeDate"] = dataset.published_at.date().isoformat()
    return payload | {"dataValues": values}


def unmapped_observations(dataset: Dataset, mapping: Dhis2Mapping) -> list[Observation]:
    """The values ``write_data_value_set`` leaves out because the mapping lacks them."""
    return [obs for obs in dataset.observations if _identifiers(obs, mapping) is None]


# --- Import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Ignored:
    """A data value read but not imported, and why (English ``reason``, ``template``)."""

    source: str
    reason: str
    template: str


@dataclass
class Dhis2Mapped:
    values: list[MappedValue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    read: int = 0  # data values in the payload

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Value:
    """Reads one data value, noting each problem against ``source``."""

    source: str
    fields: dict[str, Any]
    mapping: Dhis2Mapping | None
    problems: list[Problem]

    def read(self) -> MappedValue:
        """The value to write; its ``source`` is empty when a problem was found."""
        before = len(self.problems)
        indicator, period = self.indicator(), self.period()
        (office, country, city), breakdown, value = self.place(), self.breakdown(), self.value()
        source = self.source if len(self.problems) == before else ""
        note = self.text("comment")
        return MappedValue(source, office, period, indicator, country, city, breakdown, value, note)

    def fail(self, name: str, template: str, params: Mapping[str, object] | None = None) -> None:
        shown = self.text(name)
        self.problems.append(
            problem(self.source, name, shown, template, {"value": shown, **(params or {})})
        )

    def text(self, name: str) -> str:
        raw = self.fields.get(name)
        return raw.strip() if isinstance(raw, str) else "" if raw is None else json.dumps(raw)

    def required(self, name: str) -> str:
        text = self.text(name)
        if not text:
            self.fail(name, gettext_noop("%(field)s is missing"), {"field": name})
        return text

    def indicator(self) -> str:
        element = self.required("dataElement")
        if self.mapping is None or not element:
            return element
        if element not in self.mapping.data_elements:
            self.fail("dataElement", gettext_noop("data element “%(value)s” is not in the mapping"))
        return self.mapping.data_elements.get(element, "")

    def period(self) -> str:
        text = self.required("period")
        if not text:
            return ""
        if self.mapping is not None and text in self.mapping.periods:
            return self.mapping.periods[text]
        try:
            code = our_period(parse_period(text))
        except PeriodError as error:
            self.fail("period", error.template, dict(error.params))
            return ""
        if code is None:
            template = gettext_noop(
                "monthly periods are not reported in this plan; map them to a quarter or year"
            )
            self.fail("period", template)
        return code or ""

    def place(self) -> tuple[str, str, str]:
        """(office, country, city)."""
        unit, aoc = self.required("orgUnit"), self.text("attributeOptionCombo")
        if self.mapping is None:
            return self._coded_place(unit, "" if aoc == DEFAULT else aoc)
        if unit and unit not in self.mapping.org_units:
            self.fail("orgUnit", gettext_noop("org unit “%(value)s” is not in the mapping"))
        found = self.mapping.org_units.get(unit)
        office = found.office if found else ""
        if aoc and not self.mapping.is_default_combo(aoc):
            if aoc not in self.mapping.attribute_option_combos:
                template = gettext_noop("attribute option combo “%(value)s” is not in the mapping")
                self.fail("attributeOptionCombo", template)
            office = self.mapping.attribute_option_combos.get(aoc, "")
        return office, found.country if found else "", found.city if found else ""

    def _coded_place(self, unit: str, office: str) -> tuple[str, str, str]:
        if not office:  # the office's own, plan-wide value
            if "/" in unit:
                template = gettext_noop("a city's value names its office as attributeOptionCombo")
                self.fail("attributeOptionCombo", template)
            return unit, "", ""
        country, _, city = unit.partition("/")
        if unit and not ALPHA3.match(country.strip().upper()):
            template = gettext_noop("“%(value)s” is not a country's ISO alpha-3 code, like KEN")
            self.fail("orgUnit", template)
        return office, country.strip().upper(), city.strip()

    def breakdown(self) -> dict[str, str]:
        combo = self.text("categoryOptionCombo")
        if self.mapping is not None:
            if combo and combo not in self.mapping.category_option_combos:
                template = gettext_noop("category option combo “%(value)s” is not in the mapping")
                self.fail("categoryOptionCombo", template)
            return dict(self.mapping.category_option_combos.get(combo, {}))
        parts: dict[str, str] = {}
        for item in () if combo in ("", DEFAULT) else combo.split(";"):
            dimension, _, category = (part.strip() for part in item.partition("="))
            if category in CATEGORIES.get(dimension, ()):
                parts[dimension] = category
            elif dimension in CATEGORIES:
                template = gettext_noop("%(dimension)s is one of: %(categories)s")
                names = {"dimension": dimension, "categories": ", ".join(CATEGORIES[dimension])}
                self.fail("categoryOptionCombo", template, names)
            else:
                template = gettext_noop("write the breakdown as sex=female;age=15-24, or default")
                self.fail("categoryOptionCombo", template)
        return parts

    def value(self) -> str:
        """The value as text (numbers are checked later); DHIS2's true/false as yes/no."""
        raw = self.fields.get("value")
        flag = str(raw).strip().lower() if isinstance(raw, str | bool) else ""
        if flag in ("true", "false"):
            return "yes" if flag == "true" else "no"
        if isinstance(raw, str):
            return raw.strip()
        if isinstance(raw, int | float) and math.isfinite(raw):
            return format_number(raw)
        self.fail("value", gettext_noop("write the value as a number or text"))
        return ""


def _stop(template: str, params: dict[str, object] | None = None, name: str = "") -> Dhis2Mapped:
    """The result of an import stopped by one problem with the whole payload."""
    return Dhis2Mapped(problems=[problem(PAYLOAD, name, "", template, params)])


def _load(payload: bytes | str, max_bytes: int) -> Any | Dhis2Mapped:
    """The JSON document, or a Dhis2Mapped holding the one problem that stops the import."""
    raw = payload if isinstance(payload, bytes) else payload.encode("utf-8")
    if len(raw) > max_bytes:
        template = gettext_noop("the file is %(size)s bytes: at most %(limit)s are read at once")
        return _stop(template, {"size": len(raw), "limit": max_bytes})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return _stop(gettext_noop("the file is not UTF-8 text (line %(line)s)"), {"line": line})
    if not text.strip():
        return _stop(gettext_noop("the file is empty"))
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        template = gettext_noop("not valid JSON: %(error)s (line %(line)s, column %(column)s)")
        return _stop(template, {"error": error.msg, "line": error.lineno, "column": error.colno})


def _ignored(source: str, entry: dict[str, Any]) -> Ignored | None:
    """Why DHIS2 would not store ``entry`` here (deleted, or no value), or None."""
    if str(entry.get("deleted", "")).lower() == "true":
        template = gettext_noop("marked deleted: an import never clears a stored value")
    elif entry.get("value") is None or str(entry["value"]).strip() == "":
        template = gettext_noop("no value: nothing to import")
    else:
        return None
    return Ignored(source, template, template)


def map_data_values(
    payload: bytes | str,
    mapping: Dhis2Mapping | None,
    *,
    max_values: int = 1_000_000,
    max_bytes: int = 200 * 1024 * 1024,
) -> Dhis2Mapped:
    """A DHIS2 ``dataValueSets`` JSON payload as values to write, with its problems and the
    values ignored. The caller writes nothing while ``problems`` is not empty."""
    document = _load(payload, max_bytes)
    if isinstance(document, Dhis2Mapped):
        return document
    entries = document.get("dataValues") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        return _stop(gettext_noop("the payload has no dataValues list"), name="dataValues")
    if len(entries) > max_values:
        template = gettext_noop("%(count)s data values: at most %(limit)s are read at once")
        return _stop(template, {"count": len(entries), "limit": max_values}, "dataValues")
    # Values may leave out what the whole set gives (DHIS2 allows it in the header).
    shared = {name: document[name] for name in _SHARED if name in document}
    result = Dhis2Mapped(read=len(entries))
    first: dict[tuple[str, ...], int] = {}
    for index, entry in enumerate(entries):
        source = f"dataValues[{index}]"
        if not isinstance(entry, dict):
            template = gettext_noop("a data value is a JSON object")
            result.problems.append(problem(source, "", "", template))
        elif (ignored := _ignored(source, entry)) is not None:
            result.ignored.append(ignored)
        else:
            reader = _Value(source, shared | entry, mapping, result.problems)
            mapped = reader.read()
            place = (mapped.office, mapped.country, mapped.city, key_of(mapped.breakdown))
            key = (mapped.indicator, mapped.period, *place)
            if mapped.source and key in first:
                template = gettext_noop("the same value is already in dataValues[%(first)s]")
                reader.fail("dataElement", template, {"first": first[key]})
            elif mapped.source:
                first[key] = index
                result.values.append(mapped)
    return result


def import_summary(
    imported: int, updated: int, ignored: int, problems: Sequence[Problem], deleted: int = 0
) -> dict[str, Any]:
    """A DHIS2-style ImportSummary: ERROR when problems stopped the import (nothing written),
    WARNING when values were written despite conflicts, SUCCESS otherwise. A conflict's
    ``object`` is the value at fault (else where it is), ``indexes`` its dataValues index."""
    status = "WARNING" if imported + updated + deleted else "ERROR"
    conflicts: list[dict[str, Any]] = []
    for item in problems:
        conflict: dict[str, Any] = {"object": item.value or item.source, "value": item.reason}
        conflict |= {"property": item.field} if item.field else {}
        if index := re.fullmatch(r"dataValues\[(\d+)\]", item.source):
            conflict["indexes"] = [int(index[1])]
        conflicts.append(conflict)
    count = {"imported": imported, "updated": updated, "ignored": ignored, "deleted": deleted}
    return {
        "responseType": "ImportSummary",
        "status": status if problems else "SUCCESS",
        "description": _DESCRIPTIONS[status if problems else "SUCCESS"],
        "importCount": count,
        "conflicts": conflicts,
    }
