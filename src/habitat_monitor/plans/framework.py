"""The plan file format as plain models: Plan, Domain, Outcome, Indicator, Target.

A plan file is YAML; these pydantic models are its contract. ``plan schema``
prints the JSON Schema generated from them, the loader validates files with
them, and the Django models persist what they hold. Structure is checked here;
SMART quality (missing baseline, vague statement, ...) is the linter's job, so
fields the linter reports on are optional here.

Translatable text is a mapping of language code to text: ``{en: ..., zh: ...}``.
Baselines and targets invented for a demonstration carry ``illustrative: true``.

The optional ``typology`` section holds a needs typology as data: its categories,
the items an assessment scores (0-4), and the ordered classification rules with
their thresholds (``typology/rules.py`` applies them; docs/typology.md).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Text = Annotated[
    dict[str, str],
    Field(
        description="Text in several languages: a mapping of language code (en, zh, ...) to text.",
        examples=[{"en": "Goal", "zh": "目标"}],
    ),
]
Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]


class Level(StrEnum):
    CATALYTIC = "catalytic"
    GOAL = "goal"
    DOMAIN = "domain"
    OUTCOME = "outcome"
    CROSS_CUTTING = "cross_cutting"


class Measure(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    RATIO = "ratio"
    INDEX = "index"
    BOOLEAN = "boolean"


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"
    MAINTAIN = "maintain"


class Aggregation(StrEnum):
    SUM = "sum"
    MEAN = "mean"
    WEIGHTED_MEAN = "weighted_mean"
    COUNT_TRUE = "count_true"
    NONE = "none"


class Cumulation(StrEnum):
    NON_CUMULATIVE = "non_cumulative"
    CUMULATIVE_SUM = "cumulative_sum"
    CUMULATIVE_LATEST = "cumulative_latest"


class Frequency(StrEnum):
    ANNUAL = "annual"
    SEMI_ANNUAL = "semi_annual"
    QUARTERLY = "quarterly"


class MilestoneStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DELAYED = "delayed"
    CANCELLED = "cancelled"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True, allow_inf_nan=False)


class Named(Strict):
    code: Code
    title: Text


class Dimension(Named):
    pass


class Outcome(Named):
    dimensions: list[Dimension] = []


class Domain(Named):
    outcomes: list[Outcome] = []


class StatusBands(Strict):
    """Achievement thresholds in percent: at or above ``on_track`` is on track,
    at or above ``at_risk`` is at risk, below it off track."""

    on_track: float = Field(90, ge=0, le=1000)
    at_risk: float = Field(60, ge=0, le=1000)

    @model_validator(mode="after")
    def _ordered(self) -> StatusBands:
        if self.at_risk > self.on_track:
            raise ValueError("at_risk must not be above on_track")
        return self


class PlanHeader(Strict):
    code: Code
    title: Text
    organisation: Text = {}
    languages: list[str] = Field(["en"], min_length=1)
    years: list[int] = Field(min_length=1)
    vision: Text = {}
    mission: Text = {}
    goal: Text
    status_bands: StatusBands = Field(default_factory=lambda: StatusBands(on_track=90, at_risk=60))

    @field_validator("years")
    @classmethod
    def _consecutive(cls, years: list[int]) -> list[int]:
        if years != list(range(years[0], years[0] + len(years))):
            raise ValueError(
                "years must be consecutive and in order, e.g. [2020, 2021, 2022, 2023]"
            )
        return years


class Baseline(Strict):
    year: int
    value: float
    source: Text = {}
    note: Text = {}
    illustrative: bool = False


class OfficeTarget(Strict):
    office: Code
    year: int
    value: float


class Targets(Strict):
    """Yearly targets: ``values`` maps a plan year to the value to reach that year."""

    values: dict[int, float] = {}
    by_office: list[OfficeTarget] = []
    illustrative: bool = False

    @field_validator("values")
    @classmethod
    def _by_year(cls, values: dict[int, float]) -> dict[int, float]:
        return dict(sorted(values.items()))


class Milestone(Strict):
    date: date
    description: Text
    status: MilestoneStatus = MilestoneStatus.PLANNED


class OfficeRole(Strict):
    office: Code
    role: Text


class PerformancePlan(Strict):
    """The performance measurement plan (PMP) entry of one indicator."""

    components: list[Text] = []
    office_roles: list[OfficeRole] = []
    partners: list[str] = []
    milestones: list[Milestone] = []
    tools: list[Text] = []
    coordination: Text = {}


class Indicator(Strict):
    code: Code
    level: Level
    domain: Code | None = None
    outcome: Code | None = None
    dimension: Code | None = None
    theme: Code | None = None
    statement: Text
    definition: Text = {}
    unit: Text = {}
    measure: Measure = Measure.COUNT
    direction: Direction = Direction.INCREASE
    tolerance: float | None = Field(None, ge=0)
    aggregation: Aggregation = Aggregation.SUM
    cumulation: Cumulation = Cumulation.NON_CUMULATIVE
    disaggregations: list[str] = []
    method: Text = {}
    source: Text = {}
    frequency: Frequency | None = None
    responsible_unit: str = ""
    sdg: list[str] = []
    baseline: Baseline | None = None
    targets: Targets = Field(default_factory=Targets)
    pmp: PerformancePlan = Field(default_factory=PerformancePlan)


SCORE_MIN = 0
SCORE_MAX = 4


class ItemGroup(StrEnum):
    DRIVER = "driver"
    ENABLER = "enabler"
    CAPACITY = "capacity"


class Statistic(StrEnum):
    MEAN = "mean"
    MIN = "min"
    MAX = "max"


# What a condition may look at besides item groups and single items.
EVENT_SOURCES = ("shocks", "sector_challenges")


class TypologyCategory(Strict):
    number: int = Field(ge=1, le=99)
    title: Text
    description: Text = {}


class TypologyItem(Strict):
    """One thing an assessment scores from 0 (absent) to 4 (strong)."""

    code: Code
    group: ItemGroup
    title: Text
    description: Text = {}
    required: bool = True


class Condition(Strict):
    """``of`` (an item group, an item code, ``shocks`` or ``sector_challenges``)
    summarised by ``stat`` must lie within the bounds given (all inclusive except
    ``above`` and ``below``). ``ongoing`` keeps only ongoing (or only past) shocks."""

    of: Code
    stat: Statistic = Statistic.MEAN
    at_least: float | None = None
    at_most: float | None = None
    above: float | None = None
    below: float | None = None
    ongoing: bool | None = None

    @model_validator(mode="after")
    def _bounded(self) -> Condition:
        if all(bound is None for bound in self.bounds().values()):
            raise ValueError("a condition needs at least one of at_least, at_most, above, below")
        lows = [(self.at_least, False), (self.above, True)]
        highs = [(self.at_most, False), (self.below, True)]
        for low, low_strict in lows:
            for high, high_strict in highs:
                if low is None or high is None:
                    continue
                if low > high or (low == high and (low_strict or high_strict)):
                    raise ValueError("the bounds of this condition leave no value")
        return self

    def bounds(self) -> dict[str, float | None]:
        return {
            "at_least": self.at_least,
            "at_most": self.at_most,
            "above": self.above,
            "below": self.below,
        }


class TypologyRule(Strict):
    """When every condition in ``when`` holds, the rule gives ``category``.
    A rule without conditions always holds (a catch-all, last)."""

    code: Code
    category: int
    title: Text
    when: list[Condition] = []


class Typology(Strict):
    """The needs typology: categories, items scored, rules in order (first that holds wins)
    and secondary rules (each adds a secondary need when it holds)."""

    scale: dict[int, Text] = {}
    categories: list[TypologyCategory] = Field(min_length=1)
    items: list[TypologyItem] = Field(min_length=1)
    social_inclusion_required: bool = True
    rules: list[TypologyRule] = Field(min_length=1)
    secondary: list[TypologyRule] = []

    @field_validator("scale")
    @classmethod
    def _by_score(cls, scale: dict[int, Text]) -> dict[int, Text]:
        return dict(sorted(scale.items()))


class PlanFile(Strict):
    """One strategic plan: header, results framework and indicators."""

    plan: PlanHeader
    domains: list[Domain] = Field(min_length=1)
    cross_cutting_themes: list[Named] = []
    drivers_of_change: list[Named] = []
    performance_enablers: list[Named] = []
    indicators: list[Indicator] = []
    typology: Typology | None = None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a plan file, as ``habitat-monitor plan schema`` prints it."""
    schema = PlanFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Habitat Monitor plan file"
    return schema
