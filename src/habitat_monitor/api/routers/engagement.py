"""Partnership and outreach registers, read as the pages read them
(``engagement.pages``): partners (public fields; contacts and the engagement log for
members), agreements (members only), flagships with their action plans, platforms
with their reach over time, outreach results. Writes go through the services (the
admin for now); a refused status change answers 409 with the reason."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from habitat_monitor.api.auth import member_auth
from habitat_monitor.api.pagination import Mapped, Pages
from habitat_monitor.api.params import Id
from habitat_monitor.api.schemas.engagement import (
    AgreementRow,
    FlagshipRow,
    PartnerRow,
    PlatformRow,
    ResultRow,
)
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.engagement import pages, platform_pages
from habitat_monitor.engagement.models import Agreement, Flagship, OutreachResult, Partner, Platform
from habitat_monitor.engagement.services.agreements import change_agreement_status

router = Router(tags=["engagement"])


class PartnerFilter(Schema):
    type: str = Field("", description="Partner type code, e.g. foundations")
    country: str = Field("", description="ISO 3166 alpha-3")


class AgreementFilter(Schema):
    status: str = Field("", description="pipeline, active or closed")


class ResultFilter(Schema):
    kind: str = Field("", description="policy_change, co_investment or attitude_change")


@router.get("/partners", response=list[PartnerRow])
@paginate(Pages)
def list_partners(request: HttpRequest, filters: Query[PartnerFilter]) -> list[dict[str, Any]]:
    """Partners, by type and country: the ``partners`` of ``/partners.json``."""
    return list(pages.partner_directory(filters.type, filters.country)["partners"])


@router.get("/partners/{code}", response=dict[str, Any])
def get_partner(request: HttpRequest, code: str) -> dict[str, Any]:
    """One partner; members also get contacts, the engagement log and agreements."""
    partner = get_object_or_404(Partner.objects.select_related("type", "country"), code=code)
    return pages.partner_detail(partner, request.user)


def _members_only(request: HttpRequest) -> None:
    if not pages.is_member(request.user):
        raise NotAllowed(_("Agreements are shown to signed-in members only."))


def _agreements():  # type: ignore[no-untyped-def]
    return Agreement.objects.select_related("partner__type", "flagship").prefetch_related(
        "outcomes"
    )


@router.get("/agreements", response=list[AgreementRow], auth=member_auth)
@paginate(Pages)
def list_agreements(request: HttpRequest, filters: Query[AgreementFilter]) -> Mapped:
    """Agreements with partners (members only), by status."""
    _members_only(request)
    agreements = _agreements()
    if filters.status:
        agreements = agreements.filter(status=filters.status)
    return Mapped(agreements, pages.agreement_row)


@router.get("/agreements/{agreement_id}", response=AgreementRow, auth=member_auth)
def get_agreement(request: HttpRequest, agreement_id: Id) -> dict[str, Any]:
    """One agreement (members only), with its missing due-diligence items."""
    _members_only(request)
    return pages.agreement_row(get_object_or_404(_agreements(), pk=agreement_id))


@router.post("/agreements/{agreement_id}/status", response=AgreementRow, auth=member_auth)
def set_agreement_status(
    request: HttpRequest, agreement_id: Id, status: str, reason: str = ""
) -> dict[str, Any]:
    """Move an agreement along pipeline -> active -> closed (409 with the reason when
    refused, e.g. a private-sector agreement whose due diligence is incomplete)."""
    _members_only(request)
    agreement = get_object_or_404(Agreement, pk=agreement_id)
    changed = change_agreement_status(agreement, status, actor=request.user, reason=reason)
    return pages.agreement_row(changed)


@router.get("/flagships", response=list[FlagshipRow])
@paginate(Pages)
def list_flagships(request: HttpRequest) -> list[dict[str, Any]]:
    """The five flagship programmes, with their actions counted by role."""
    return list(pages.flagship_list()["flagships"])


@router.get("/flagships/{code}", response=dict[str, Any])
def get_flagship(request: HttpRequest, code: str) -> dict[str, Any]:
    """One flagship: its action plan by role (Think, Act, Share, Partner) and results."""
    return pages.flagship_detail(get_object_or_404(Flagship, code=code), request.user)


@router.get("/platforms", response=list[PlatformRow])
@paginate(Pages)
def list_platforms(request: HttpRequest) -> list[dict[str, Any]]:
    """The outreach platforms with their reach."""
    return list(platform_pages.platform_list()["platforms"])


@router.get("/platforms/{code}", response=dict[str, Any])
def get_platform(request: HttpRequest, code: str) -> dict[str, Any]:
    """One platform: reach by year, events and results. As ``/platforms/{code}.json``."""
    return platform_pages.platform_detail(get_object_or_404(Platform, code=code))


def _result(result: OutreachResult) -> dict[str, Any]:
    return {"id": result.pk, **pages.result_row(result)}


def _results():  # type: ignore[no-untyped-def]
    return OutreachResult.objects.select_related("country", "platform", "flagship")


@router.get("/outreach-results", response=list[ResultRow])
@paginate(Pages)
def list_results(request: HttpRequest, filters: Query[ResultFilter]) -> Mapped:
    """Outreach results (policy change, co-investment, attitude change), by kind."""
    results = _results()
    if filters.kind:
        results = results.filter(kind=filters.kind)
    return Mapped(results, _result)


@router.get("/outreach-results/{result_id}", response=ResultRow)
def get_result(request: HttpRequest, result_id: Id) -> dict[str, Any]:
    """One outreach result."""
    return _result(get_object_or_404(_results(), pk=result_id))
