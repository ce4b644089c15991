from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from habitat_monitor.api.auth import member_auth
from habitat_monitor.api.pagination import Mapped, Pages
from habitat_monitor.api.schemas.offices import OfficeOut, OfficePatch
from habitat_monitor.geo.models import Office
from habitat_monitor.geo.services import update_office

router = Router(tags=["offices"])


def _out(office: Office) -> OfficeOut:
    return OfficeOut(
        code=office.code,
        kind=office.kind,
        name=office.name,
        parent=office.parent.code if office.parent else None,
        city=office.city.name if office.city else None,
        country=office.country.alpha3 if office.country else None,
        covers=sorted(country.alpha3 for country in office.covers.all()),
        contact_email=office.contact_email,
    )


def _offices():  # type: ignore[no-untyped-def]
    return Office.objects.select_related("parent", "city", "country").prefetch_related("covers")


class OfficeFilter(Schema):
    kind: Office.Kind | None = None
    country: str | None = Field(None, description="Offices covering this country (alpha-3).")


@router.get("/offices", response=list[OfficeOut])
@paginate(Pages)
def list_offices(request: HttpRequest, filters: Query[OfficeFilter]) -> Mapped:
    """Headquarters, regional, country and multi-country offices."""
    offices = _offices().order_by("code")
    if filters.kind:
        offices = offices.filter(kind=filters.kind)
    if filters.country:
        offices = offices.filter(covers__alpha3=filters.country.strip().upper()).distinct()
    return Mapped(offices, _out)


@router.get("/offices/{code}", response=OfficeOut)
def get_office(request: HttpRequest, code: str) -> OfficeOut:
    """One office, with the countries it covers."""
    return _out(get_object_or_404(_offices(), code=code))


@router.patch("/offices/{code}", response=OfficeOut, auth=member_auth)
def patch_office(request: HttpRequest, code: str, payload: OfficePatch) -> OfficeOut:
    """Change an office's contact e-mail (M&E officers; focal points for their own
    offices); audited with ``reason``."""
    office = get_object_or_404(_offices(), code=code)
    changes = {
        key: "" if value is None else str(value)
        for key, value in payload.dict(exclude_unset=True, exclude={"reason"}).items()
    }
    updated = update_office(office, actor=request.user, reason=payload.reason, **changes)
    return _out(updated)
