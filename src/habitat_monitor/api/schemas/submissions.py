from datetime import datetime

from ninja import Schema


class ValueOut(Schema):
    id: int
    indicator: str
    place: str
    breakdown: str
    value: float
    note: str
    illustrative: bool


class SubmissionOut(Schema):
    id: int
    office: str
    period: str
    status: str
    submitted_by: str | None
    submitted_at: datetime | None
    reviewed_by: str | None
    review_comment: str
    illustrative: bool


class SubmissionDetail(SubmissionOut):
    values: list[ValueOut]


class ValueIn(Schema):
    indicator: str
    value: str | float | bool
    country: str = ""
    city: str = ""
    sex: str = ""
    age: str = ""
    disability: str = ""
    urban_rural: str = ""
    income: str = ""
    region: str = ""
    note: str = ""


class ValuesIn(Schema):
    values: list[ValueIn]
    dry_run: bool = False


class SaveOut(Schema):
    added: int
    changed: int
    unchanged: int
    dry_run: bool


class StepIn(Schema):
    comment: str = ""


class RowProblem(Schema):
    row: int
    column: str
    value: str
    reason: str
