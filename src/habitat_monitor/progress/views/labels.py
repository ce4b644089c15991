"""Words and symbols for the progress pages, in the page language.

A status is never shown by colour alone: each has a text label and a symbol of its
own shape (✓ on track, ▲ at risk, ✕ off track, ○ no data, … not yet due). The
formulas worded by the pure rules (``achievement``, ``projection``, ``rollup``) are
English and stay so (the pages mark them ``lang="en"``); everything around them is
translated here.
"""

from __future__ import annotations

from typing import Any, Final

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from habitat_monitor.progress import achievement, projection
from habitat_monitor.progress.achievement import Status

STATUSES: Final = tuple(status.value for status in Status)

_STATUS_LABELS: Final = {
    Status.ON_TRACK: gettext_lazy("On track"),
    Status.AT_RISK: gettext_lazy("At risk"),
    Status.OFF_TRACK: gettext_lazy("Off track"),
    Status.NO_DATA: gettext_lazy("No data"),
    Status.NOT_YET_DUE: gettext_lazy("Not yet due"),
}
SYMBOLS: Final = {
    Status.ON_TRACK: "✓",
    Status.AT_RISK: "▲",
    Status.OFF_TRACK: "✕",
    Status.NO_DATA: "○",
    Status.NOT_YET_DUE: "…",
}
_METHODS: Final = {
    "compound": gettext_lazy("compound growth"),
    "linear": gettext_lazy("linear trend"),
    "unsd-2022-ratio": gettext_lazy("UNSD 2022 ratio"),
    "unsd-2023-projection": gettext_lazy("UNSD 2023 projection"),
    "statcan": gettext_lazy("Statistics Canada"),
    "yearly-target": gettext_lazy("yearly target"),
}
_C = projection.Category
_CATEGORIES: Final = {
    _C.INSUFFICIENT_DATA: gettext_lazy("insufficient data"),
    _C.TARGET_ACHIEVED: gettext_lazy("target achieved"),
    _C.CANNOT_ASSESS: gettext_lazy("cannot be assessed"),
    _C.NO_TARGET: gettext_lazy("no target"),
    _C.LIKELY: gettext_lazy("likely to meet the target"),
    _C.UNLIKELY: gettext_lazy("unlikely to meet the target"),
    _C.SUBSTANTIAL: gettext_lazy("substantial progress / on track"),
    _C.FAIR: gettext_lazy("fair progress, acceleration needed"),
    _C.LIMITED_OR_NONE: gettext_lazy("limited or no progress"),
    _C.ON_TRACK: gettext_lazy("on track"),
    _C.ACCELERATE: gettext_lazy("progress, acceleration needed"),
    _C.STAGNATION: gettext_lazy("stagnation or regression"),
    _C.LIMITED: gettext_lazy("limited progress"),
    _C.DETERIORATION: gettext_lazy("deterioration"),
}
_LEVELS: Final = {
    "global": gettext_lazy("World (all places)"),
    "org_region": gettext_lazy("Regional grouping"),
    "m49_region": gettext_lazy("UN M49 region"),
    "country": gettext_lazy("Country or territory"),
    "office": gettext_lazy("Office"),
}
_REASONS: Final = {
    Status.OFF_TRACK.value: gettext_lazy("off track"),
    "unlikely": gettext_lazy("unlikely to meet the end target"),
}


def status(value: str | None) -> dict[str, Any]:
    """A status as the pages and twins give it: code, label and symbol."""
    if value is None:
        return {"status": None, "status_label": "", "status_symbol": ""}
    key = Status(value)
    return {
        "status": key.value,
        "status_label": str(_STATUS_LABELS[key]),
        "status_symbol": SYMBOLS[key],
    }


def status_columns() -> list[dict[str, str]]:
    """The five statuses in order, for table headers and legends."""
    return [status(value) for value in STATUSES]


def method(name: str) -> str:
    return str(_METHODS.get(name, name))


def category(name: str) -> str:
    try:
        return str(_CATEGORIES[projection.Category(name)])
    except ValueError:
        return name


def level(name: str) -> str:
    return str(_LEVELS.get(name, name))


def reason(name: str) -> str:
    return str(_REASONS.get(name, name))


def likely(value: bool | None) -> str:
    """``likely`` / ``unlikely`` / empty (no projection could be made)."""
    if value is None:
        return ""
    return _("likely") if value else _("unlikely")


def rule(bands: dict[str, float], end_year: int | None, method_name: str) -> list[str]:
    """The rule used, in sentences: the status bands of the plan and the formulas."""
    on, risk = (
        achievement.percent_text(bands["on_track"]),
        achievement.percent_text(bands["at_risk"]),
    )
    sentences = [
        _("On track: achievement of %(on_track)s or more.") % {"on_track": on},
        _("At risk: achievement of %(at_risk)s to below %(on_track)s.")
        % {"at_risk": risk, "on_track": on},
        _("Off track: achievement below %(at_risk)s.") % {"at_risk": risk},
        _("No data: no approved value, or no target for the year.")
        + " "
        + _("Not yet due: the year's report is not due yet (45 days after the period ends)."),
        _(
            "Achievement = 100 × (actual − baseline) / (target − baseline), in the "  # noqa: RUF001
            "indicator's direction: for a decrease both differences are negative. Without "
            "a baseline it is 100 × actual / target (100 × target / actual for a decrease). "  # noqa: RUF001
            "A maintained indicator scores 100 % within its tolerance of the target and "
            "loses a point for each percent of the target beyond it."
        ),
    ]
    if end_year is not None:
        sentences.append(
            _(
                "Projection to %(end_year)s by %(method)s from the baseline and the values "
                "so far: the end target is likely to be met when the projected value meets it."
            )
            % {"end_year": end_year, "method": method(method_name)}
        )
    return sentences
