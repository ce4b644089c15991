"""Errors of the reporting workflow, mapped to messages on pages and in the API."""

from __future__ import annotations

from habitat_monitor.reporting.validation import CellError


class WorkflowError(Exception):
    """The submission is not in a state that allows this step (HTTP 409)."""


class ValuesRejected(Exception):
    """Some rows are invalid; nothing was written. ``errors`` lists every problem."""

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__(f"{len(errors)} problem(s); nothing was written")
        self.errors = errors


class UnknownValues(LookupError):
    """Values asked for are not in the submission (HTTP 404, nothing written)."""
