"""Rows of the partnership and outreach registers in the API (the pages' rows)."""

from __future__ import annotations

from ninja import Schema


class PartnerRow(Schema):
    code: str
    name: str
    acronym: str
    type: str
    type_title: str
    country: str | None
    country_name: str | None
    website: str
    description: str
    illustrative: bool


class AgreementRow(Schema):
    id: int
    title: str
    partner: str
    flagship: str | None
    kind: str
    kind_label: str
    status: str
    status_label: str
    start: str | None
    end: str | None
    amount: float | None
    currency: str
    outcomes: list[str]
    due_diligence_required: bool
    due_diligence_missing: list[str]
    illustrative: bool


class FlagshipRow(Schema):
    code: str
    title: str
    actions: dict[str, int]
    results: int


class PlatformRow(Schema):
    number: int
    code: str
    name: str
    kind: str
    audience: str
    reach_direct: int | None
    reach_indirect: int | None
    frequency: str
    events: int


class ResultRow(Schema):
    id: int
    kind: str
    kind_label: str
    date: str
    country: str | None
    description: str
    amount: float | None
    currency: str
    survey_result: float | None
    platform: str | None
    flagship: str | None
    illustrative: bool
