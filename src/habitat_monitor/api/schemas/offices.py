from ninja import Schema


class OfficeOut(Schema):
    code: str
    kind: str
    name: dict[str, str]
    parent: str | None
    city: dict[str, str] | None
    country: str | None
    covers: list[str]
    contact_email: str


class OfficePatch(Schema):
    contact_email: str | None = None
    reason: str = ""
