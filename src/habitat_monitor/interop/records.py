"""The plain records every codec reads and writes: no Django, no database.

An ``Observation`` is one approved value as published: an indicator, a reporting
period (our codes: ``2021``, ``2021-S1``, ``2021-Q3``), the reporting office, the
place (country ISO alpha-3 and optional city; both empty for a plan-wide value), the
breakdown (``{"sex": "female"}``; empty for a total) and the number. ``IndicatorInfo``
carries what a format needs to
describe an indicator: its statement and unit in English and Chinese, measure,
direction, baseline and yearly targets. ``YearlyResult`` is an indicator's plan-wide
actual, target and status for a year. ``Dataset`` is one export: the plan, the
publication it comes from and these lists. ``illustrative`` is true on every figure
invented for the demonstration; every codec must carry it into its output.

An import produces ``MappedValue`` rows (what to write, and where the row came from
in the file) and ``Problem`` rows (what is wrong, where); nothing is written while
any ``Problem`` remains.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Observation:
    indicator: str
    period: str
    year: int
    office: str
    country: str
    city: str
    breakdown: Mapping[str, str]
    value: float
    illustrative: bool = False

    @property
    def breakdown_key(self) -> str:
        """Canonical text of the breakdown, ``age=15-24;sex=female``; empty for a total."""
        return ";".join(f"{k}={v}" for k, v in sorted(self.breakdown.items()))


@dataclass(frozen=True)
class TargetInfo:
    year: int
    value: float
    illustrative: bool = False


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    level: str  # catalytic, goal, domain, outcome, cross_cutting
    domain: str
    outcome: str
    statement_en: str
    statement_zh: str
    unit_en: str
    unit_zh: str
    measure: str  # count, percent, ratio, index, boolean
    direction: str  # increase, decrease, maintain
    aggregation: str
    frequency: str  # annual, semi_annual, quarterly
    disaggregations: tuple[str, ...] = ()
    baseline_year: int | None = None
    baseline_value: float | None = None
    baseline_illustrative: bool = False
    targets: tuple[TargetInfo, ...] = ()  # plan-wide yearly targets, in year order

    @property
    def illustrative(self) -> bool:
        """An invented baseline or target (values carry their own flag)."""
        return self.baseline_illustrative or any(t.illustrative for t in self.targets)


@dataclass(frozen=True)
class YearlyResult:
    """An indicator's plan-wide figures for one year, as the progress pages assess them:
    the combined actual of all places (``None`` when nothing was reported), the yearly
    target, the achievement in percent and the status word (on_track, ...)."""

    indicator: str
    year: int
    actual: float | None
    target: float | None
    achievement: float | None
    status: str
    illustrative: bool = False


@dataclass(frozen=True)
class Dataset:
    plan_code: str
    plan_title_en: str
    plan_title_zh: str
    start_year: int
    end_year: int
    publication: int | None  # the publication number; None for the live board draft
    published_at: datetime | None
    indicators: tuple[IndicatorInfo, ...]
    observations: tuple[Observation, ...]
    results: tuple[YearlyResult, ...] = ()
    organisation_en: str = "UN-Habitat"
    organisation_zh: str = "人居署"
    url: str = ""  # where the publication lives, for citations

    @property
    def illustrative(self) -> bool:
        return (
            any(o.illustrative for o in self.observations)
            or any(i.illustrative for i in self.indicators)
            or any(r.illustrative for r in self.results)
        )


@dataclass(frozen=True)
class MappedValue:
    """One value to write: ``source`` says where it came from (``dataValues[3]``,
    ``indicator_1-1.csv row 7``) so a rejection can point back to the file."""

    source: str
    office: str
    period: str
    indicator: str
    country: str
    city: str
    breakdown: Mapping[str, str]
    value: str  # as text, checked by the reporting validation like any spreadsheet cell
    note: str = ""


@dataclass(frozen=True)
class Problem:
    """Something wrong in an input file, with where (``source``), which field, the
    offending value and the reason in English (``template``/``params`` for translation,
    as ``reporting.validation.CellError``)."""

    source: str
    field: str
    value: str
    reason: str
    template: str = ""
    params: Mapping[str, str] = dataclasses.field(default_factory=dict, hash=False)

    def as_dict(self) -> dict[str, str]:
        return {
            "source": self.source,
            "field": self.field,
            "value": self.value,
            "reason": self.reason,
        }
