"""The map's status mode: each country's value judged against the plan's target.

Only where that is meaningful: indicators whose places are combined by a mean (a
share, an index) put each country on the target's scale; totals do not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from habitat_monitor.plans.models import Indicator
from habitat_monitor.progress import achievement
from habitat_monitor.progress.services import IndicatorProgress, PlanProgress
from habitat_monitor.progress.views import labels

# Indicators combined by a mean describe each place on the same scale as the plan's
# target (a share, an index): a country's value can be judged against it. Totals (sum,
# count) add up across countries, so a country has no status of its own.
JUDGED_AGGREGATIONS = ("mean", "weighted_mean")


def status_judge(
    indicator: Indicator | None, item: IndicatorProgress | None, progress: PlanProgress
) -> Callable[[float | None], str | None] | None:
    """A country's value -> its status against the plan's target for the year, or None
    when the indicator's countries cannot be judged so (totals, no target)."""
    if indicator is None or item is None or indicator.aggregation not in JUDGED_AGGREGATIONS:
        return None
    target = item.as_dict()["target"]
    if target is None:
        return None

    def judge(value: float | None) -> str | None:
        if value is None:
            return None
        assessed = achievement.assess_against_target(
            baseline=item.baseline,
            target=target,
            actual=value,
            direction=indicator.direction,
            tolerance=indicator.tolerance,
            bands=progress.bands,
            due=item.due,
            target_year=progress.year,
        )
        return assessed.status.value

    return judge


def status_fields(status: str | None) -> dict[str, Any]:
    found = labels.status(status)
    short = f"{found['status_symbol']} {found['status_label']}" if status else None
    return {
        "status": status,
        "status_label": str(found["status_label"]),
        "status_symbol": found["status_symbol"],
        "status_short": short,
    }


def status_rule(indicator: Indicator | None, judged: bool) -> str:
    if indicator is None:
        return ""
    if judged:
        return _(
            "Each country's value is judged against the plan's target for the year, as "
            "the indicator is a share or an index (its places are combined by a mean)."
        )
    return _(
        "This indicator adds up across countries (or has no target for the year): a "
        "country has no status of its own against the plan's target."
    )
