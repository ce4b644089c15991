"""Plan lint: SMART (HM1xx), consistency (HM2xx) and typology (HM3xx) rules.

``lint_text`` reads, validates and checks a file; format problems come first
(HM001 YAML syntax, HM002 format), and rules run only on a well-formed plan.
Pure Python: no Django. Each rule is documented in docs/lint-rules.md.
"""

from __future__ import annotations

from habitat_monitor.plans.framework import PlanFile
from habitat_monitor.plans.lint import consistency, smart, typology  # noqa: F401  (register rules)
from habitat_monitor.plans.lint.base import RULES, Context
from habitat_monitor.plans.planfile import Finding, ParsedFile, PlanFileError, read

FORMAT_RULES = {
    "HM001": ("error", "The file is not valid YAML"),
    "HM002": ("error", "The file does not follow the plan-file format"),
}


def lint(
    parsed: ParsedFile, plan: PlanFile, offices: frozenset[str] | None = None
) -> list[Finding]:
    """Every finding of every rule, ordered by position in the file."""
    context = Context(parsed, plan, offices)
    findings = [finding for rule in RULES.values() for finding in rule.check(context)]
    return sorted(findings, key=lambda f: (f.line, f.column, f.code))


def lint_text(
    text: str, filename: str = "<plan>", offices: frozenset[str] | None = None
) -> list[Finding]:
    try:
        parsed, plan = read(text, filename)
    except PlanFileError as error:
        return error.findings
    return lint(parsed, plan, offices)


def has_errors(findings: list[Finding]) -> bool:
    return any(finding.severity == "error" for finding in findings)


__all__ = ["FORMAT_RULES", "RULES", "Finding", "has_errors", "lint", "lint_text"]
