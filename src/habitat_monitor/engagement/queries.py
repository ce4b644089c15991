"""Reads of the engagement registers, as plain rows for the pure computations."""

from __future__ import annotations

from typing import Any

from habitat_monitor.engagement.measures import AgreementRow, EventRow, Registers, ResultRow
from habitat_monitor.engagement.models import Agreement, OutreachEvent, OutreachResult


def register_rows() -> Registers:
    """Every agreement, event and result (the computations pick the period's)."""
    agreements = [
        AgreementRow(
            partner=a.partner.code,
            partner_type=a.partner.type.code,
            kind=a.kind,
            status=a.status,
            start=a.start,
            end=a.end,
            amount=a.amount,
            currency=a.currency,
            illustrative=a.illustrative,
        )
        for a in Agreement.objects.select_related("partner__type")
    ]
    events = [
        EventRow(
            platform=e.platform.code,
            day=e.date,
            reach_direct=e.reach_direct,
            reach_indirect=e.reach_indirect,
            illustrative=e.illustrative,
        )
        for e in OutreachEvent.objects.select_related("platform")
    ]
    results = [
        ResultRow(
            kind=r.kind,
            day=r.date,
            platform=r.platform.code if r.platform else "",
            flagship=r.flagship.code if r.flagship else "",
            amount=r.amount,
            currency=r.currency,
            survey_result=r.survey_result,
            survey_respondents=r.survey_respondents,
            illustrative=r.illustrative,
        )
        for r in OutreachResult.objects.select_related("platform", "flagship")
    ]
    return Registers(agreements, events, results)


def country_engagement(alpha3: str) -> dict[str, list[dict[str, Any]]]:
    """A country's partners (public fields only) and the flagship actions in it, for
    its profile page."""
    from django.urls import reverse

    from habitat_monitor.engagement.models import FlagshipAction, Partner

    partners = [
        {
            "code": p.code,
            "name": p.label,
            "type": p.type.label,
            "url": reverse("engagement:partner_detail", args=[p.code]),
            "illustrative": p.illustrative,
        }
        for p in Partner.objects.filter(country__alpha3=alpha3).select_related("type")
    ]
    actions = [
        {
            "flagship": a.flagship.label,
            "role": a.get_role_display(),
            "title": a.title,
            "status": a.get_status_display(),
            "url": reverse("engagement:flagship_detail", args=[a.flagship.code]),
            "illustrative": a.illustrative,
        }
        for a in FlagshipAction.objects.filter(countries__alpha3=alpha3).select_related("flagship")
    ]
    return {"partners": partners, "flagship_actions": actions}
