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
