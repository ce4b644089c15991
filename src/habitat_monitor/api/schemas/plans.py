"""Plans, the framework, indicators and targets in the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema


class PlanOut(Schema):
    code: str
    title: str
    organisation: str
    status: str = Field(description="draft, active or closed")
    version: int = Field(description="The plan's current version (a new one per loaded file).")
    years: list[int]
    languages: list[str]
    current: bool = Field(description="The plan the portal shows.")
    updated_at: datetime
    url: str


class VersionOut(Schema):
    number: int
    loaded_at: datetime
    source_name: str
    content_hash: str
    changes: list[str] = Field(description="What the version changed, one line per change.")


class PlanDetail(PlanOut):
    goal: str
    vision: str
    mission: str
    status_bands: dict[str, float]
    versions: list[VersionOut]
    domains: int
    indicators: int
    framework_url: str


class BaselineBrief(Schema):
    year: int
    value: float


class IndicatorOut(Schema):
    code: str
    statement: str
    level: str = Field(description="catalytic, goal, domain, outcome or cross_cutting")
    level_label: str
    domain: str | None
    outcome: str | None
    dimension: str | None
    unit: str
    measure: str
    direction: str
    aggregation: str
    cumulation: str
    frequency: str
    sdg: list[str]
    baseline: BaselineBrief | None
    active: bool
    illustrative: bool = Field(description="Its baseline or a target was invented for the demo.")
    url: str


class Attachment(Schema):
    kind: str
    code: str
    title: str


class BaselineOut(Schema):
    year: int
    value: float
    source: str
    note: str
    illustrative: bool


class YearTarget(Schema):
    year: int
    value: float
    illustrative: bool


class OfficeTarget(YearTarget):
    office: str


class OfficeRole(Schema):
    office: str
    role: str


class Milestone(Schema):
    date: str
    description: str
    status: str
    status_label: str


class PmpOut(Schema):
    components: list[str]
    office_roles: list[OfficeRole]
    partners: list[Any]
    tools: list[str]
    coordination: str
    milestones: list[Milestone]


class PlanBrief(Schema):
    code: str
    title: str
    years: list[int]


class IndicatorDetail(Schema):
    plan: PlanBrief
    code: str
    active: bool
    statement: str
    definition: str
    level: str
    level_label: str
    attached_to: list[Attachment]
    unit: str
    measure: str
    direction: str
    tolerance: float | None
    aggregation: str
    cumulation: str
    disaggregations: list[str]
    method: str
    source: str
    frequency: str
    responsible_unit: str
    sdg: list[str]
    baseline: BaselineOut | None
    targets: list[YearTarget] = Field(description="Plan-wide yearly targets.")
    office_targets: list[OfficeTarget]
    pmp: PmpOut | None = Field(description="The performance measurement plan entry.")
    illustrative: bool


class TargetOut(Schema):
    id: int
    indicator: str
    year: int
    office: str | None = Field(description="None for the plan-wide target.")
    value: float
    illustrative: bool
