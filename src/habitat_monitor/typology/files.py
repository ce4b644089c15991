"""Files of assessments: YAML, JSON or CSV, read into plain mappings (pure).

The rules, in words:

* **YAML and JSON** hold a list of assessments, or a mapping with
  ``assessments: [...]``, or a mapping with ``rounds: [{code, assessments}]`` (the
  demo file). Each assessment is a mapping with ``country`` (ISO alpha-3) or
  ``place`` (any label), optionally ``city``, and the fields ``inputs.validate``
  checks: ``scores``, ``evidence``, ``sector_challenges``, ``shocks``,
  ``priorities``, ``social_inclusion``. ``status`` and ``override`` are kept apart
  (the demo loader uses them; classifying ignores them).
* **CSV** has one assessment per row: columns ``country`` (or ``place``), ``city``,
  one column per item code (its score), ``evidence:<item>`` columns for notes,
  ``social_inclusion``, and three compact columns:
  ``sector_challenges`` ``homelessness=3; informal settlements=2``,
  ``shocks`` ``natural=4 ongoing; man_made=2`` and ``priorities`` ``1; 4.2``.
  A cell that does not follow its pattern is a problem of that row, naming the
  column; the other rows are still read.
* The kind of file is told by its name: ``.csv``, ``.json``, else YAML.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Final

import yaml

from habitat_monitor.core.translated import WordedError, gettext_noop
from habitat_monitor.typology.inputs import Problem

LOADER_KEYS: Final = ("status", "override")
FIXED_COLUMNS: Final = frozenset(
    {"country", "place", "city", "social_inclusion", "sector_challenges", "shocks", "priorities"}
)


class UnreadableFile(WordedError):
    """The file cannot be read as assessments at all (not YAML, wrong shape)."""


@dataclass(frozen=True)
class Entry:
    """One assessment read from a file: a label for messages, its data, its round."""

    label: str
    data: dict[str, Any]
    round: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


def _label(data: Mapping[str, Any], fallback: str) -> str:
    place = str(data.get("country") or data.get("place") or "").strip()
    city = str(data.get("city") or "").strip()
    return " ".join(part for part in (place, city) if part) or fallback


def _entry(data: Any, fallback: str, round_code: str | None) -> Entry:
    if not isinstance(data, Mapping):
        raise UnreadableFile(
            gettext_noop("%(where)s: an assessment is a mapping of fields."), {"where": fallback}
        )
    plain = {str(k): v for k, v in data.items() if k not in LOADER_KEYS}
    extra = {str(k): v for k, v in data.items() if k in LOADER_KEYS}
    return Entry(_label(plain, fallback), plain, round_code, extra)


def _from_document(document: Any) -> list[Entry]:
    if isinstance(document, Mapping) and "rounds" in document:
        entries = []
        for r, item in enumerate(document.get("rounds") or []):
            code = str(item.get("code", f"round {r + 1}")) if isinstance(item, Mapping) else None
            assessments = item.get("assessments") if isinstance(item, Mapping) else None
            for n, data in enumerate(assessments or []):
                entries.append(_entry(data, f"{code} #{n + 1}", code))
        return entries
    if isinstance(document, Mapping) and "assessments" in document:
        document = document["assessments"]
    if not isinstance(document, list):
        raise UnreadableFile(
            gettext_noop(
                "The file holds no list of assessments: give a list, or `assessments:` with a list."
            )
        )
    return [_entry(data, f"#{n + 1}", None) for n, data in enumerate(document)]


def _pairs(cell: str, column: str, problems: list[Problem]) -> list[tuple[str, str, str]]:
    """``name=value rest; ...`` as (name, value, rest) triples."""
    found = []
    for part in (p.strip() for p in cell.split(";")):
        if not part:
            continue
        name, sign, rest = part.partition("=")
        value, _space, tail = rest.strip().partition(" ")
        if not sign or not name.strip() or not value:
            problems.append(
                Problem(
                    column,
                    gettext_noop("%(field)s: %(value)s does not read as name=severity."),
                    {"field": column, "value": repr(part)},
                )
            )
            continue
        found.append((name.strip(), value, tail.strip()))
    return found


def _challenges(cell: str, problems: list[Problem]) -> list[dict[str, Any]]:
    pairs = _pairs(cell, "sector_challenges", problems)
    return [{"sector": name, "severity": value} for name, value, _rest in pairs]


def _shocks(cell: str, problems: list[Problem]) -> list[dict[str, Any]]:
    shocks = []
    for kind, value, rest in _pairs(cell, "shocks", problems):
        if rest not in ("", "ongoing"):
            problems.append(
                Problem(
                    "shocks",
                    gettext_noop("%(field)s: after the severity write ongoing or nothing."),
                    {"field": "shocks"},
                )
            )
        shocks.append({"kind": kind, "severity": value, "ongoing": rest == "ongoing"})
    return shocks


def _row(row: Mapping[str, str], number: int) -> Entry:
    problems: list[Problem] = []
    data: dict[str, Any] = {"scores": {}, "evidence": {}}
    for column, raw in row.items():
        cell = (raw or "").strip()
        if column in ("country", "place", "city", "social_inclusion"):
            data[column] = cell
        elif column == "sector_challenges":
            data[column] = _challenges(cell, problems)
        elif column == "shocks":
            data[column] = _shocks(cell, problems)
        elif column == "priorities":
            data[column] = [code.strip() for code in cell.split(";") if code.strip()]
        elif column.startswith("evidence:"):
            data["evidence"][column.removeprefix("evidence:")] = cell
        else:
            data["scores"][column] = cell
    label = f"row {number}: {_label(data, '?')}"
    return Entry(label, data, None, {}, tuple(problems))


def _from_csv(text: str) -> list[Entry]:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    if not ({"country", "place"} & set(header)):
        raise UnreadableFile(
            gettext_noop("The CSV file needs a country (or place) column in its first row.")
        )
    for column in header:
        if not column or column != column.strip():
            raise UnreadableFile(
                gettext_noop("The CSV header has an empty or padded column name: %(column)s"),
                {"column": repr(column)},
            )
    return [_row(row, number) for number, row in enumerate(reader, start=2)]


def read_text(text: str, filename: str) -> list[Entry]:
    """The assessments in ``text``; raises UnreadableFile when it holds none readable."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        return _from_csv(text.lstrip("\ufeff"))
    try:
        document = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        raise UnreadableFile(
            gettext_noop("%(file)s cannot be read: %(error)s"),
            {"file": PurePath(filename).name, "error": str(error).splitlines()[0]},
        ) from None
    return _from_document(document)
