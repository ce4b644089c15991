"""Reading a plan file: YAML with line numbers, validated against the format.

Every problem carries the file, line and column it concerns, so ``plan lint``
and ``plan load`` can print ``FILE:LINE:COL: CODE message`` like a compiler.
Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from habitat_monitor.plans.framework import PlanFile

Path = tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """One problem in a plan file, with a stable code (HM001, HM101, ...)."""

    code: str
    severity: str  # "error" or "warning"
    message: str
    file: str
    line: int
    column: int
    hint: str = ""

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.code} {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }


@dataclass
class ParsedFile:
    """The YAML data of a plan file and where each key and item stands in it."""

    filename: str
    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Sequence[object]) -> tuple[int, int]:
        """Line and column (1-based) of ``path``, or of its nearest ancestor."""
        key = tuple(str(part) for part in path)
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key[:-1]
        return (1, 1)

    def finding(
        self, code: str, severity: str, message: str, path: Sequence[object], hint: str = ""
    ) -> Finding:
        line, column = self.locate(path)
        return Finding(code, severity, message, self.filename, line, column, hint)


class PlanFileError(Exception):
    """The file cannot be read as a plan; ``findings`` say where and why."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("\n".join(f.format() for f in findings))
        self.findings = findings


def _record(node: yaml.Node, path: Path, positions: dict[Path, tuple[int, int]]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _record(value_node, child, positions)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, str(index))
            positions[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
            _record(item, child, positions)


def _unreadable_value(node: yaml.Node | None) -> tuple[yaml.Node, str] | None:
    """The first scalar YAML cannot turn into a value (2024-02-30, !!int abc)."""
    if isinstance(node, yaml.ScalarNode):
        try:
            yaml.SafeLoader("").construct_object(node)
        except (ValueError, TypeError, AttributeError, yaml.YAMLError) as error:
            return node, str(error)
        return None
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    for child in children:
        found = _unreadable_value(child)
        if found:
            return found
    return None


def parse(text: str, filename: str = "<plan>") -> ParsedFile:
    """Parse YAML text, keeping positions. Raises PlanFileError (HM001) on bad YAML."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or "the file is not valid YAML"
        raise PlanFileError(
            [Finding("HM001", "error", f"YAML syntax: {problem}", filename, line, column)]
        ) from None
    bad = _unreadable_value(node)
    if bad is not None:
        bad_node, reason = bad
        line, column = bad_node.start_mark.line + 1, bad_node.start_mark.column + 1
        message = f"YAML value {bad_node.value!r} cannot be read: {reason}"
        raise PlanFileError([Finding("HM001", "error", message, filename, line, column)])
    data = yaml.safe_load(text)
    parsed = ParsedFile(filename, data)
    if node is not None:
        _record(node, (), parsed.positions)
    return parsed


def _describe(error: ErrorDetails) -> str:
    where = ".".join(str(part) for part in error["loc"]) or "the file"
    kind = error["type"]
    if kind == "missing":
        return f"{where}: required field is missing"
    if kind == "extra_forbidden":
        return f"{where}: unknown field (check the spelling; see `habitat-monitor plan schema`)"
    return f"{where}: {error['msg']}"


def validate(parsed: ParsedFile) -> PlanFile:
    """The plan as models; raises PlanFileError (HM002) listing every format problem."""
    if not isinstance(parsed.data, dict):
        raise PlanFileError(
            [
                parsed.finding(
                    "HM002", "error", "a plan file is a mapping with `plan:` and `domains:`", ()
                )
            ]
        )
    try:
        return PlanFile.model_validate(parsed.data)
    except ValidationError as error:
        findings = [
            parsed.finding(
                "HM002", "error", _describe(detail), detail["loc"], "See docs/plan-file.md."
            )
            for detail in error.errors()
        ]
        raise PlanFileError(findings) from None


def read(text: str, filename: str = "<plan>") -> tuple[ParsedFile, PlanFile]:
    parsed = parse(text, filename)
    return parsed, validate(parsed)
