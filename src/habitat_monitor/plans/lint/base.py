"""The rule registry: each lint rule is a small function with a stable code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from habitat_monitor.plans.framework import Indicator, PlanFile
from habitat_monitor.plans.planfile import Finding, ParsedFile


@dataclass(frozen=True)
class Context:
    parsed: ParsedFile
    plan: PlanFile
    # Office codes the install knows; None when linting a file on its own.
    offices: frozenset[str] | None = None

    def indicators(self) -> Iterator[tuple[tuple[object, ...], Indicator]]:
        """Each indicator with its path in the file."""
        for index, indicator in enumerate(self.plan.indicators):
            yield ("indicators", index), indicator


Check = Callable[[Context], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    summary: str
    check: Check


RULES: dict[str, Rule] = {}


def rule(code: str, severity: str, summary: str) -> Callable[[Check], Check]:
    """Register a rule. ``summary`` is the one-line description in docs/lint-rules.md."""

    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"lint rule {code} is registered twice")
        RULES[code] = Rule(code, severity, summary, check)
        return check

    return register


def found(
    ctx: Context, code: str, message: str, path: tuple[object, ...], hint: str = ""
) -> Finding:
    return ctx.parsed.finding(code, RULES[code].severity, message, path, hint)
