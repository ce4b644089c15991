"""Partnership and outreach registers, read as the pages read them
(``engagement.pages``): partners (public fields; contacts and the engagement log for
members), agreements (members only), flagships with their action plans, platforms
with their reach over time, outreach results. Writes go through the services (the
admin for now); a refused status change answers 409 with the reason."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.security import django_auth

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.engagement import pages, platform_pages
from habitat_monitor.engagement.models import Agreement, Flagship, OutreachResult, Partner, Platform
from habitat_monitor.engagement.services.agreements import change_agreement_status

router = Router(tags=["engagement"])


@router.get("/partners")
def list_partners(request: HttpRequest, type: str = "", country: str = "") -> dict[str, Any]:
    return pages.partner_directory(type, country)


@router.get("/partners/{code}")
def get_partner(request: HttpRequest, code: str) -> dict[str, Any]:
    partner = get_object_or_404(Partner.objects.select_related("type", "country"), code=code)
    return pages.partner_detail(partner, request.user)


def _members_only(request: HttpRequest) -> None:
    if not pages.is_member(request.user):
        raise NotAllowed(_("Agreements are shown to signed-in members only."))


@router.get("/agreements", auth=django_auth)
def list_agreements(request: HttpRequest, status: str = "") -> list[dict[str, Any]]:
    _members_only(request)
    agreements = Agreement.objects.select_related("partner__type", "flagship")
    if status:
        agreements = agreements.filter(status=status)
    return [pages.agreement_row(agreement) for agreement in agreements]


@router.post("/agreements/{agreement_id}/status", auth=django_auth)
def set_agreement_status(
    request: HttpRequest, agreement_id: int, status: str, reason: str = ""
) -> dict[str, Any]:
    """Move an agreement along pipeline -> active -> closed (409 with the reason when
    refused, e.g. a private-sector agreement whose due diligence is incomplete)."""
    _members_only(request)
    agreement = get_object_or_404(Agreement, pk=agreement_id)
    changed = change_agreement_status(agreement, status, actor=request.user, reason=reason)
    return pages.agreement_row(changed)


@router.get("/flagships")
def list_flagships(request: HttpRequest) -> dict[str, Any]:
    return pages.flagship_list()


@router.get("/flagships/{code}")
def get_flagship(request: HttpRequest, code: str) -> dict[str, Any]:
    return pages.flagship_detail(get_object_or_404(Flagship, code=code), request.user)


@router.get("/platforms")
def list_platforms(request: HttpRequest) -> dict[str, Any]:
    return platform_pages.platform_list()


@router.get("/platforms/{code}")
def get_platform(request: HttpRequest, code: str) -> dict[str, Any]:
    return platform_pages.platform_detail(get_object_or_404(Platform, code=code))


@router.get("/outreach-results")
def list_results(request: HttpRequest, kind: str = "") -> list[dict[str, Any]]:
    results = OutreachResult.objects.select_related("country", "platform", "flagship")
    if kind:
        results = results.filter(kind=kind)
    return [pages.result_row(result) for result in results]
