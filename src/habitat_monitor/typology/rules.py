"""Classifying an assessment into the needs typology's categories (pure).

The rules, in words:

* The rules are **data in the plan file** (``typology.rules``), never code: each
  rule names a category and a list of conditions, and holds when every condition
  holds (a rule without conditions always holds: the catch-all, written last).
* The rules are tried **in the plan's order**; the first that holds gives the
  category, and "the rule that fired" is its code. When none holds the assessment
  has no category (plan lint warns about a plan without a catch-all: HM306).
* A **condition** summarises some numbers with a statistic (mean, lowest,
  highest) and compares the result with bounds: ``at_least`` (≥), ``at_most`` (≤),
  ``above`` (>), ``below`` (<). The numbers are the scores of an item group
  (``driver``, ``enabler``, ``capacity``), of one item (its code), or the
  severities of the ``shocks`` (only ongoing ones with ``ongoing: true``, only past
  ones with ``false``) or of the ``sector_challenges``. No numbers (no shock
  recorded) means no value, and a condition on no value does not hold.
* **Secondary needs**: the categories of the other rules that also hold (except
  catch-alls and the category already given), then those of the plan's
  ``typology.secondary`` rules that hold, each category once, in order. A country
  in crisis (5) whose drivers of change are lacking is thus also 1 underneath.
* The mean is rounded to 4 decimals before comparing, so floating-point noise
  cannot move an assessment across a threshold.

``classify`` returns a ``Classification``: the category, the rule that fired, the
scores used, the secondary needs, every rule tried with its numbers, and
``explain()`` (the decision with the numbers, in English unless given a language
and a translation function). ``as_dict``/``from_dict`` store it and read it back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from habitat_monitor.core.translated import gettext_noop, pick, render
from habitat_monitor.plans.framework import Condition, Typology, TypologyRule
from habitat_monitor.typology.inputs import AssessmentInput

VERSION: Final = "1"
STAT_TEMPLATES: Final = {
    "mean": gettext_noop("mean of %(values)s = %(value)s"),
    "min": gettext_noop("lowest of %(values)s = %(value)s"),
    "max": gettext_noop("highest of %(values)s = %(value)s"),
}
SOURCE_LABELS: Final = {
    "driver": gettext_noop("drivers of change"),
    "enabler": gettext_noop("performance enablers"),
    "capacity": gettext_noop("institutional capacity"),
    "shocks": gettext_noop("shocks"),
    "sector_challenges": gettext_noop("sector challenges"),
}
BOTH: Final = gettext_noop("%(first)s and %(second)s")
BOUND_SIGNS: Final = {"at_least": "≥", "at_most": "≤", "above": ">", "below": "<"}

Translate = Callable[[str], str]
# (depth, English template, parameters): depth 1 is a condition under its rule.
Line = tuple[int, str, dict[str, str]]


def _same(text: str) -> str:
    return text


def _rendered(template: str, params: dict[str, str], translate: Translate) -> str:
    """``template`` translated and filled in; the English one if a translation is broken."""
    try:
        return render(translate(template), params)
    except (KeyError, TypeError, ValueError):
        return render(template, params)


def number_text(value: float) -> str:
    """A number as explanations show it: ``2``, ``2.25``, ``1.3333``."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class ConditionResult:
    """One condition checked: the numbers it read, their statistic, and whether it held."""

    source: str
    stat: str
    values: tuple[float, ...]
    value: float | None
    bounds: tuple[tuple[str, float], ...]
    holds: bool

    def line(self, translate: Translate = _same) -> Line:
        parts = [f"{BOUND_SIGNS[name]} {number_text(b)}" for name, b in self.bounds]
        bounds = parts[0]
        for part in parts[1:]:
            bounds = _rendered(BOTH, {"first": bounds, "second": part}, translate)
        source = translate(SOURCE_LABELS[self.source]) if self.source in SOURCE_LABELS else ""
        params = {"source": source or self.source, "bounds": bounds}
        if self.value is None:
            return 1, gettext_noop("%(source)s: nothing recorded, so not %(bounds)s"), params
        stat = {"values": ", ".join(map(number_text, self.values)), "value": ""}
        stat["value"] = number_text(self.value)
        params["statistic"] = _rendered(STAT_TEMPLATES[self.stat], stat, translate)
        if self.holds:
            return 1, gettext_noop("%(source)s: %(statistic)s, which is %(bounds)s"), params
        return 1, gettext_noop("%(source)s: %(statistic)s, which is not %(bounds)s"), params

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "stat": self.stat,
            "values": list(self.values),
            "value": self.value,
            "bounds": [list(bound) for bound in self.bounds],
            "holds": self.holds,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConditionResult:
        bounds = tuple((str(name), float(b)) for name, b in data["bounds"])
        values = tuple(float(v) for v in data["values"])
        return cls(data["source"], data["stat"], values, data["value"], bounds, data["holds"])


@dataclass(frozen=True)
class RuleResult:
    """One rule checked: its category, its title (Text) and each condition."""

    code: str
    category: int
    title: dict[str, str]
    holds: bool
    conditions: tuple[ConditionResult, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "category": self.category,
            "title": dict(self.title),
            "holds": self.holds,
            "conditions": [condition.as_dict() for condition in self.conditions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RuleResult:
        conditions = tuple(ConditionResult.from_dict(c) for c in data["conditions"])
        return cls(data["code"], data["category"], dict(data["title"]), data["holds"], conditions)


@dataclass(frozen=True)
class SecondaryNeed:
    """A further category the assessment also needs, from a rule that holds."""

    category: int
    rule: str
    conditions: tuple[ConditionResult, ...] = ()


@dataclass(frozen=True)
class Classification:
    """The result of classifying one assessment, with everything that explains it."""

    category: int | None
    rule: str | None
    scores: dict[str, int]
    secondary: tuple[SecondaryNeed, ...]
    tried: tuple[RuleResult, ...]
    version: str = VERSION

    def lines(self, language: str = "en", translate: Translate = _same) -> list[Line]:
        """The explanation as (depth, English template, parameters), one line each;
        rule titles in ``language``, labels through ``translate`` (Django's gettext)."""
        lines: list[Line] = []
        fired = next((rule for rule in self.tried if rule.code == self.rule), None)
        if fired is None:
            lines.append((0, gettext_noop("No rule holds: the assessment gets no category."), {}))
        else:
            title = pick(fired.title, language)
            params = {"category": str(fired.category), "rule": fired.code, "title": title}
            template = gettext_noop("Category %(category)s, by rule %(rule)s: %(title)s")
            lines.append((0, template, params))
        for rule in self.tried:
            verdict = (
                gettext_noop("Rule %(rule)s (category %(category)s) holds:")
                if rule.holds
                else gettext_noop("Rule %(rule)s (category %(category)s) does not hold:")
            )
            lines.append((0, verdict, {"rule": rule.code, "category": str(rule.category)}))
            if not rule.conditions:
                lines.append((1, gettext_noop("no conditions: it always holds"), {}))
            lines.extend(condition.line(translate) for condition in rule.conditions)
        for need in self.secondary:
            params = {"category": str(need.category), "rule": need.rule}
            template = gettext_noop("Secondary need: category %(category)s (rule %(rule)s):")
            lines.append((0, template, params))
            lines.extend(condition.line(translate) for condition in need.conditions)
        scores = ", ".join(f"{code} {score}" for code, score in self.scores.items())
        lines.append((0, gettext_noop("Scores used: %(scores)s."), {"scores": scores}))
        return lines

    def explain(self, language: str = "en", translate: Translate = _same) -> str:
        """The decision with the numbers, one line per step (English by default)."""
        lines = self.lines(language, translate)
        return "\n".join(
            "  " * depth + _rendered(template, params, translate)
            for depth, template, params in lines
        )

    def as_dict(self) -> dict[str, Any]:
        """Everything, as JSON data: what an assessment stores beside its category."""
        return {
            "version": self.version,
            "category": self.category,
            "rule": self.rule,
            "scores": dict(self.scores),
            # A JSON object's key order is not kept by every database (PostgreSQL's
            # jsonb sorts keys): the plan's item order travels beside it.
            "score_order": list(self.scores),
            "secondary": [
                {
                    "category": need.category,
                    "rule": need.rule,
                    "conditions": [condition.as_dict() for condition in need.conditions],
                }
                for need in self.secondary
            ],
            "tried": [rule.as_dict() for rule in self.tried],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Classification:
        """A stored classification (``as_dict``), to explain it again in any language."""
        secondary = tuple(
            SecondaryNeed(
                need["category"],
                need["rule"],
                tuple(ConditionResult.from_dict(c) for c in need.get("conditions", [])),
            )
            for need in data["secondary"]
        )
        return cls(
            category=data["category"],
            rule=data["rule"],
            scores=_in_order(data["scores"], data.get("score_order", [])),
            secondary=secondary,
            tried=tuple(RuleResult.from_dict(rule) for rule in data["tried"]),
            version=str(data.get("version", VERSION)),
        )


def _in_order(scores: dict[str, int], order: Sequence[str]) -> dict[str, int]:
    ordered = {code: scores[code] for code in order if code in scores}
    return ordered | {code: score for code, score in scores.items() if code not in ordered}


def statistic(values: Sequence[float], stat: str) -> float | None:
    """The mean (to 4 decimals), lowest or highest of ``values``; None when empty."""
    if not values:
        return None
    if stat == "min":
        return float(min(values))
    if stat == "max":
        return float(max(values))
    return round(sum(values) / len(values), 4)


def _within(value: float, name: str, bound: float) -> bool:
    if name == "at_least":
        return value >= bound
    if name == "at_most":
        return value <= bound
    if name == "above":
        return value > bound
    return value < bound


def source_values(source: str, assessment: AssessmentInput, typology: Typology) -> list[float]:
    """The numbers a condition on ``source`` reads, in the plan's item order."""
    if source == "sector_challenges":
        return [float(c.severity) for c in assessment.sector_challenges]
    if source == "shocks":
        return [float(s.severity) for s in assessment.shocks]
    codes = [item.code for item in typology.items if source in (item.group, item.code)]
    return [float(assessment.scores[code]) for code in codes if code in assessment.scores]


def check_condition(
    condition: Condition, assessment: AssessmentInput, typology: Typology
) -> ConditionResult:
    if condition.of == "shocks" and condition.ongoing is not None:
        values = [float(s.severity) for s in assessment.shocks if s.ongoing == condition.ongoing]
    else:
        values = source_values(condition.of, assessment, typology)
    value = statistic(values, str(condition.stat))
    bounds = tuple((name, b) for name, b in condition.bounds().items() if b is not None)
    holds = value is not None and all(_within(value, name, b) for name, b in bounds)
    return ConditionResult(condition.of, str(condition.stat), tuple(values), value, bounds, holds)


def check_rule(rule: TypologyRule, assessment: AssessmentInput, typology: Typology) -> RuleResult:
    conditions = tuple(check_condition(c, assessment, typology) for c in rule.when)
    holds = all(condition.holds for condition in conditions)
    return RuleResult(rule.code, rule.category, dict(rule.title), holds, conditions)


def classify(assessment: AssessmentInput, typology: Typology) -> Classification:
    """The category of a checked assessment under the plan's typology rules."""
    results = [check_rule(rule, assessment, typology) for rule in typology.rules]
    at = next((n for n, result in enumerate(results) if result.holds), None)
    fired = results[at] if at is not None else None
    tried = tuple(results if at is None else results[: at + 1])
    taken = {fired.category} if fired else set()
    secondary: list[SecondaryNeed] = []
    later = [r for r, rule in zip(results, typology.rules, strict=True) if rule.when]
    extra = [check_rule(rule, assessment, typology) for rule in typology.secondary]
    for result in [*later, *extra]:
        if result.holds and result.category not in taken:
            taken.add(result.category)
            secondary.append(SecondaryNeed(result.category, result.code, result.conditions))
    return Classification(
        category=fired.category if fired else None,
        rule=fired.code if fired else None,
        scores={
            item.code: assessment.scores[item.code]
            for item in typology.items
            if item.code in assessment.scores
        },
        secondary=tuple(secondary),
        tried=tried,
    )
