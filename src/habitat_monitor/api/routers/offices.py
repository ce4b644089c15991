from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.security import django_auth

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


@router.get("/offices", response=list[OfficeOut])
def list_offices(request: HttpRequest) -> list[OfficeOut]:
    return [_out(office) for office in _offices()]


@router.get("/offices/{code}", response=OfficeOut)
def get_office(request: HttpRequest, code: str) -> OfficeOut:
    return _out(get_object_or_404(_offices(), code=code))


@router.patch("/offices/{code}", response=OfficeOut, auth=django_auth)
def patch_office(request: HttpRequest, code: str, payload: OfficePatch) -> OfficeOut:
    office = get_object_or_404(_offices(), code=code)
    changes = {
        key: "" if value is None else str(value)
        for key, value in payload.dict(exclude_unset=True, exclude={"reason"}).items()
    }
    updated = update_office(office, actor=request.user, reason=payload.reason, **changes)
    return _out(updated)
