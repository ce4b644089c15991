"""Bodies of the needs-typology API. The assessment's own fields are checked by
``typology.inputs.validate`` (every problem at once, naming the item), so they are
taken loosely here: a misspelt field is kept and reported, never dropped."""

from typing import Any

from ninja import Schema
from pydantic import BaseModel, ConfigDict


class AssessmentData(BaseModel):
    """An assessment's inputs, as ``habitat-monitor typology classify`` reads them.
    A plain pydantic model: ninja's ``Schema`` would drop the fields it does not know."""

    model_config = ConfigDict(extra="allow")

    scores: Any = None
    evidence: Any = None
    sector_challenges: Any = None
    shocks: Any = None
    priorities: Any = None
    social_inclusion: Any = None


class AssessmentIn(AssessmentData):
    country: str
    city: str | None = None
    reason: str = ""


class AssessmentPatch(AssessmentData):
    reason: str = ""


class OverrideIn(Schema):
    category: int | None
    reason: str


class Category(Schema):
    number: int
    title: str


class CategoryCount(Schema):
    category: int
    count: int


class RegionCounts(Schema):
    region: str
    by_category: list[CategoryCount]


class RoundOut(Schema):
    code: str
    title: str
    plan: str
    starts: str | None
    ends: str | None
    illustrative: bool
    final: int
    drafts: int
    by_category: list[CategoryCount]
    by_region: list[RegionCounts]


class AssessmentRow(Schema):
    id: int
    round: str
    country: str
    country_name: str
    city: str | None
    region: str
    status: str
    status_label: str
    category: int | None
    category_title: str
    computed_category: int | None
    rule: str
    override_category: int | None
    override_reason: str
    secondary: list[int]
    priorities: list[str]
    illustrative: bool
