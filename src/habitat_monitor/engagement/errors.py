"""Errors of the engagement registers. They are workflow errors (HTTP 409 in the API,
a message on the page): the change is refused and nothing is written."""

from __future__ import annotations

from habitat_monitor.reporting.errors import WorkflowError


class StepRefused(WorkflowError):
    """The agreement's status does not allow this step (closed -> active, ...)."""


class DueDiligenceIncomplete(StepRefused):
    """A private-sector agreement cannot become active before its due-diligence
    checklist is complete; ``missing`` holds the codes of the unchecked items."""

    def __init__(self, message: str, missing: list[str]) -> None:
        super().__init__(message)
        self.missing = missing


class NothingToCompute(WorkflowError):
    """The plan has no indicator computed from the registers, or the mapping names
    an indicator the plan or the office's assignments do not have."""
