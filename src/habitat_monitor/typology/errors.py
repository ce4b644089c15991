"""Errors of the needs typology, mapped to messages on pages and in commands.

``inputs.AssessmentInvalid`` (bad scores, missing items or notes: every problem,
nothing written) is the other one; it lives in the pure module that finds them.
"""

from __future__ import annotations


class StepRefused(Exception):
    """The assessment's state does not allow this step (already final, ...): HTTP 409."""


class NoTypology(Exception):
    """The plan has no ``typology`` section, so nothing can be classified under it."""
