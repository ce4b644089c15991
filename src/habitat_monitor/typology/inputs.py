"""An assessment as plain data, checked against the plan's typology (pure).

The rules, in words:

* **Scores** are whole numbers from 0 (absent) to 4 (strong), one for each item
  the plan's typology lists (4 drivers of change, 6 performance enablers and
  institutional capacity, national and local, in the UN-Habitat plan). Every
  ``required`` item must have a score; an item the typology does not list is an
  error (a misspelt code is never ignored). ``"3"`` (from a spreadsheet or a form)
  is read as 3; ``2.5``, ``true``, ``""`` and ``"high"`` are refused.
* **Evidence notes** are optional text per item, only for listed items.
* **Sector challenges**: a named sector (``homelessness``) with a severity 0-4.
* **Shocks**: kind ``natural`` or ``man_made``, severity 0-4, ongoing or not.
* **Priorities**: codes of the plan's domains of change or outcomes (checked when
  the caller gives the plan's codes).
* **Social-inclusion notes** are required in every assessment (annex 3 §9: human
  rights, gender, children, youth, older persons, disability), unless the plan's
  typology says ``social_inclusion_required: false``.

``validate`` returns an ``AssessmentInput`` or raises ``AssessmentInvalid`` listing
every problem, each naming the field or item it concerns. Messages are English
templates with named parameters, marked for translation (``gettext_noop``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from habitat_monitor.core.translated import gettext_noop, render
from habitat_monitor.plans.framework import SCORE_MAX, SCORE_MIN, Typology

SHOCK_KINDS: Final = ("natural", "man_made")
# Keys that name the place assessed; the pure checks leave them to the caller.
PLACE_KEYS: Final = frozenset({"place", "country", "city"})
KNOWN_KEYS: Final = PLACE_KEYS | {
    "scores",
    "evidence",
    "sector_challenges",
    "shocks",
    "priorities",
    "social_inclusion",
}


@dataclass(frozen=True)
class SectorChallenge:
    sector: str
    severity: int
    note: str = ""


@dataclass(frozen=True)
class Shock:
    kind: str
    severity: int
    ongoing: bool
    description: str = ""


@dataclass(frozen=True)
class AssessmentInput:
    """A checked assessment: what the classification rules read."""

    scores: Mapping[str, int]
    evidence: Mapping[str, str] = field(default_factory=dict)
    sector_challenges: tuple[SectorChallenge, ...] = ()
    shocks: tuple[Shock, ...] = ()
    priorities: tuple[str, ...] = ()
    social_inclusion: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The assessment as JSON data (what the database stores)."""
        return {
            "scores": dict(self.scores),
            "evidence": dict(self.evidence),
            "sector_challenges": [vars(c) for c in self.sector_challenges],
            "shocks": [vars(s) for s in self.shocks],
            "priorities": list(self.priorities),
            "social_inclusion": self.social_inclusion,
        }


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an assessment: the field or item, and why."""

    field: str
    template: str
    params: Mapping[str, str]

    @property
    def message(self) -> str:
        return render(self.template, self.params)

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "message": self.message}


class AssessmentInvalid(ValueError):
    """The assessment has problems; nothing was classified or written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


def _problem(where: str, template: str, **params: object) -> Problem:
    return Problem(where, template, {"field": where, **{k: str(v) for k, v in params.items()}})


def parse_score(value: object) -> int | None:
    """A score as an integer 0-4, or None when it is not one (2.5, True, "high", 7)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            return None
        value = int(text)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and SCORE_MIN <= value <= SCORE_MAX:
        return value
    return None


def _scores(raw: object, typology: Typology, problems: list[Problem]) -> dict[str, int]:
    if not isinstance(raw, Mapping):
        problems.append(_problem("scores", gettext_noop("scores: give a score for each item.")))
        return {}
    known = {item.code: item for item in typology.items}
    for code in raw:
        if code not in known:
            problems.append(
                _problem(
                    f"scores.{code}",
                    gettext_noop("%(item)s: this item is not in the plan's typology."),
                    item=code,
                )
            )
    scores: dict[str, int] = {}
    for code, item in known.items():
        value = raw.get(code)
        if value is None or value == "":
            if item.required:
                problems.append(
                    _problem(
                        f"scores.{code}",
                        gettext_noop("%(item)s: a score from 0 to 4 is required."),
                        item=code,
                    )
                )
            continue
        score = parse_score(value)
        if score is None:
            problems.append(
                _problem(
                    f"scores.{code}",
                    gettext_noop(
                        "%(item)s: the score must be a whole number from 0 to 4, not %(value)s."
                    ),
                    item=code,
                    value=repr(value),
                )
            )
        else:
            scores[code] = score
    return scores


def _evidence(raw: object, typology: Typology, problems: list[Problem]) -> dict[str, str]:
    if raw is None:
        return {}
    codes = {item.code for item in typology.items}
    if not isinstance(raw, Mapping):
        problems.append(
            _problem("evidence", gettext_noop("evidence: give the notes as item: text."))
        )
        return {}
    notes: dict[str, str] = {}
    for code, text in raw.items():
        if code not in codes:
            problems.append(
                _problem(
                    f"evidence.{code}",
                    gettext_noop("%(item)s: this item is not in the plan's typology."),
                    item=code,
                )
            )
        elif text is not None and str(text).strip():
            notes[str(code)] = str(text).strip()
    return notes


def _entries(raw: object, where: str, problems: list[Problem]) -> list[Mapping[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(entry, Mapping) for entry in raw):
        problems.append(_problem(where, gettext_noop("%(field)s: give a list of entries.")))
        return []
    return list(raw)


def _severity(entry: Mapping[str, Any], where: str, problems: list[Problem]) -> int:
    severity = parse_score(entry.get("severity"))
    if severity is None:
        problems.append(
            _problem(
                f"{where}.severity",
                gettext_noop(
                    "%(field)s: the severity must be a whole number from 0 to 4, not %(value)s."
                ),
                value=repr(entry.get("severity")),
            )
        )
        return 0
    return severity


def _challenges(raw: object, problems: list[Problem]) -> tuple[SectorChallenge, ...]:
    found = []
    for n, entry in enumerate(_entries(raw, "sector_challenges", problems)):
        where = f"sector_challenges.{n}"
        sector = str(entry.get("sector") or "").strip()
        if not sector:
            problems.append(
                _problem(f"{where}.sector", gettext_noop("%(field)s: name the sector."))
            )
        severity = _severity(entry, where, problems)
        found.append(SectorChallenge(sector, severity, str(entry.get("note") or "").strip()))
    return tuple(found)


def _shocks(raw: object, problems: list[Problem]) -> tuple[Shock, ...]:
    found = []
    for n, entry in enumerate(_entries(raw, "shocks", problems)):
        where = f"shocks.{n}"
        kind = str(entry.get("kind") or "").strip().replace("-", "_")
        if kind not in SHOCK_KINDS:
            problems.append(
                _problem(
                    f"{where}.kind",
                    gettext_noop("%(field)s: the kind must be natural or man_made, not %(value)s."),
                    value=repr(entry.get("kind")),
                )
            )
        ongoing = entry.get("ongoing", False)
        if not isinstance(ongoing, bool):
            problems.append(
                _problem(
                    f"{where}.ongoing",
                    gettext_noop("%(field)s: say true or false, not %(value)s."),
                    value=repr(ongoing),
                )
            )
            ongoing = False
        severity = _severity(entry, where, problems)
        description = str(entry.get("description") or "").strip()
        found.append(Shock(kind, severity, ongoing, description))
    return tuple(found)


def _priorities(
    raw: object, known: frozenset[str] | None, problems: list[Problem]
) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(_problem("priorities", gettext_noop("priorities: give a list of codes.")))
        return ()
    codes = tuple(dict.fromkeys(str(code).strip() for code in raw if str(code).strip()))
    for code in codes:
        if known is not None and code not in known:
            problems.append(
                _problem(
                    "priorities",
                    gettext_noop(
                        "priorities: %(code)s is not a domain of change or outcome of the plan."
                    ),
                    code=code,
                )
            )
    return codes


def validate(
    raw: Mapping[str, Any], typology: Typology, priorities: Iterable[str] | None = None
) -> AssessmentInput:
    """The assessment checked against ``typology``; raises AssessmentInvalid with every
    problem. ``priorities``: the plan's domain and outcome codes (None: not checked)."""
    problems: list[Problem] = []
    for key in raw:
        if key not in KNOWN_KEYS:
            problems.append(
                _problem(str(key), gettext_noop("%(field)s: unknown field (check the spelling)."))
            )
    known = None if priorities is None else frozenset(priorities)
    social = str(raw.get("social_inclusion") or "").strip()
    checked = AssessmentInput(
        scores=_scores(raw.get("scores"), typology, problems),
        evidence=_evidence(raw.get("evidence"), typology, problems),
        sector_challenges=_challenges(raw.get("sector_challenges"), problems),
        shocks=_shocks(raw.get("shocks"), problems),
        priorities=_priorities(raw.get("priorities"), known, problems),
        social_inclusion=social,
    )
    if typology.social_inclusion_required and not social:
        problems.append(
            _problem(
                "social_inclusion",
                gettext_noop(
                    "social_inclusion: notes on social inclusion are required in every "
                    "assessment (human rights, gender, children, youth, older persons, "
                    "disability)."
                ),
            )
        )
    if problems:
        raise AssessmentInvalid(problems)
    return checked
