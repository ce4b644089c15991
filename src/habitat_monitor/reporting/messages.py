"""Problems worded by the pure modules, in the active language.

``validation``, ``numbers`` and ``tabular`` word each problem as an English template
with named parameters, marked with ``gettext_noop`` so that makemessages extracts
it, and keep the English text beside it (``CellError.reason``, ``message``). Here
the template is translated when the problem is shown: on the pages, in the API,
in the command line report and on a background import's page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext

from habitat_monitor.core.translated import WordedError
from habitat_monitor.reporting.validation import CellError


def translate(template: str, params: Mapping[str, str], english: str = "") -> str:
    """``template`` in the active language with ``params`` filled in.

    A template that is empty gives ``english``; a translation whose placeholders do
    not match gives the English template, never an error page."""
    if not template:
        return english
    values = dict(params)
    try:
        return gettext(template) % values
    except (KeyError, TypeError, ValueError):
        return template % values


def localized(error: CellError | WordedError) -> str:
    """The problem's reason (or message) in the active language."""
    if isinstance(error, CellError):
        return translate(error.template, error.params, error.reason)
    return translate(error.template, error.params, error.message)


def problem_dict(error: CellError) -> dict[str, Any]:
    """Row, column, value and the reason in the active language (the API's keys)."""
    return {**error.as_dict(), "reason": localized(error)}


def stored_problem(error: CellError) -> dict[str, Any]:
    """A problem to keep (a background job's result): the English reason with its
    template and parameters, so that it can be shown later in any language."""
    return {**error.as_dict(), "template": error.template, "params": dict(error.params)}


def shown_problem(stored: Mapping[str, Any]) -> dict[str, Any]:
    """A kept problem (``stored_problem``) with its reason in the active language;
    problems kept before templates were stored show their English reason."""
    reason = translate(
        str(stored.get("template") or ""),
        {str(k): str(v) for k, v in dict(stored.get("params") or {}).items()},
        str(stored.get("reason", "")),
    )
    return {
        "row": stored.get("row"),
        "column": stored.get("column", ""),
        "value": stored.get("value", ""),
        "reason": reason,
    }
