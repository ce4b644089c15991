"""Approved values in the API."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class ApprovedValue(Schema):
    id: int
    indicator: str
    office: str | None
    country: str | None = Field(description="ISO 3166 alpha-3")
    city: str | None
    place: str | None
    period: str
    year: int
    period_start: date | None
    period_end: date | None
    disaggregation: str = Field(
        description="The breakdown key, e.g. age=15-24;sex=female; empty for a total."
    )
    breakdown: dict[str, str]
    value: float | None
    illustrative: bool = Field(description="Invented for the demo.")
    url: str


class PublicationRef(Schema):
    number: int
    published_at: datetime
    url: str
