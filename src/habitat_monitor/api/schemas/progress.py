"""Corrective actions in the API (progress figures are the pages' dicts, as they are)."""

from datetime import date

from ninja import Schema


class ActionOut(Schema):
    id: int
    indicator: str
    indicator_url: str
    office: str | None
    office_name: str
    year: int | None
    cause: str
    action: str
    owner: str
    due_date: str
    status: str
    status_label: str
    open: bool
    follow_up: str
    created_by: str | None
    created_at: str
    updated_at: str


class ActionIn(Schema):
    indicator: str
    cause: str
    action: str
    owner: str
    due_date: date
    status: str = "planned"
    follow_up: str = ""
    office: str | None = None
    year: int | None = None
    reason: str = ""


class ActionPatch(Schema):
    cause: str | None = None
    action: str | None = None
    owner: str | None = None
    due_date: date | None = None
    status: str | None = None
    follow_up: str | None = None
    office: str | None = None
    year: int | None = None
    reason: str = ""
