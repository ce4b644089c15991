"""The pages' data: one plain dict per page, rendered as HTML, JSON and CSV alike.

Public fields only unless the viewer is a signed-in member (``engagement.view_register``):
contacts, the engagement log, agreements and their checklists are added for members.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import get_language

from habitat_monitor.core.translated import pick
from habitat_monitor.engagement.models import (
    Agreement,
    Flagship,
    FlagshipAction,
    OutreachResult,
    Partner,
    PartnerType,
)
from habitat_monitor.engagement.models.flagships import Role
from habitat_monitor.engagement.services.agreements import missing_items

Page = dict[str, Any]


def _text(value: Any) -> str:
    return pick(value, get_language())


def is_member(user: Any) -> bool:
    return bool(user.has_perm("engagement.view_register"))


def _partner_row(partner: Partner) -> Page:
    return {
        "code": partner.code,
        "name": _text(partner.name),
        "acronym": partner.acronym,
        "type": partner.type.code,
        "type_title": _text(partner.type.title),
        "country": partner.country.alpha3 if partner.country else None,
        "country_name": _text(partner.country.name) if partner.country else None,
        "website": partner.website,
        "description": partner.description,
        "illustrative": partner.illustrative,
    }


def partner_directory(type_code: str = "", country: str = "") -> Page:
    partners = Partner.objects.select_related("type", "country")
    if type_code:
        partners = partners.filter(type__code=type_code)
    if country:
        partners = partners.filter(country__alpha3=country.upper())
    rows = [_partner_row(partner) for partner in partners]
    return {
        "filters": {"type": type_code, "country": country.upper()},
        "types": [
            {"code": kind.code, "title": _text(kind.title)} for kind in PartnerType.objects.all()
        ],
        "countries": sorted({(r["country"], r["country_name"]) for r in rows if r["country"]}),
        "partners": rows,
        "count": len(rows),
        "illustrative": any(row["illustrative"] for row in rows),
    }


def agreement_row(agreement: Agreement) -> Page:
    checklist = agreement.partner.type.requires_due_diligence
    return {
        "id": agreement.pk,
        "title": agreement.title,
        "partner": agreement.partner.code,
        "flagship": agreement.flagship.code if agreement.flagship else None,
        "kind": agreement.kind,
        "kind_label": str(agreement.get_kind_display()),
        "status": agreement.status,
        "status_label": str(agreement.get_status_display()),
        "start": agreement.start.isoformat() if agreement.start else None,
        "end": agreement.end.isoformat() if agreement.end else None,
        "amount": float(agreement.amount) if agreement.amount is not None else None,
        "currency": agreement.currency,
        "outcomes": [outcome.code for outcome in agreement.outcomes.all()],
        "due_diligence_required": checklist,
        "due_diligence_missing": [item.code for item in missing_items(agreement)]
        if checklist
        else [],
        "illustrative": agreement.illustrative,
    }


def partner_detail(partner: Partner, user: Any) -> Page:
    page: Page = {
        "partner": _partner_row(partner),
        "objectives": [_text(text) for text in partner.type.objectives],
        "strategies": [_text(text) for text in partner.type.strategies],
        "member": is_member(user),
    }
    if page["member"]:
        page["contacts"] = [
            {"name": c.name, "position": c.position, "email": c.email, "phone": c.phone}
            for c in partner.contacts.all()
        ]
        page["engagements"] = [
            {
                "date": e.date.isoformat(),
                "kind": str(e.get_kind_display()),
                "note": e.note,
                "by": e.by.get_username() if e.by else None,
                "illustrative": e.illustrative,
            }
            for e in partner.engagements.select_related("by")
        ]
        page["agreements"] = [
            agreement_row(a) for a in partner.agreements.select_related("partner__type", "flagship")
        ]
    return page


def _action_row(action: FlagshipAction) -> Page:
    return {
        "title": action.title,
        "role": action.role,
        "owner": action.owner,
        "start": action.start.isoformat() if action.start else None,
        "end": action.end.isoformat() if action.end else None,
        "status": action.status,
        "status_label": str(action.get_status_display()),
        "outcomes": [o.code for o in action.outcomes.all()],
        "indicators": [i.code for i in action.indicators.all()],
        "partners": [{"code": p.code, "name": _text(p.name)} for p in action.partners.all()],
        "countries": [c.alpha3 for c in action.countries.all()],
        "cities": [_text(c.name) for c in action.cities.all()],
        "illustrative": action.illustrative,
    }


def result_row(result: OutreachResult) -> Page:
    return {
        "kind": result.kind,
        "kind_label": str(result.get_kind_display()),
        "date": result.date.isoformat(),
        "country": result.country.alpha3 if result.country else None,
        "description": result.description,
        "amount": float(result.amount) if result.amount is not None else None,
        "currency": result.currency,
        "survey_result": float(result.survey_result) if result.survey_result is not None else None,
        "platform": result.platform.code if result.platform else None,
        "flagship": result.flagship.code if result.flagship else None,
        "illustrative": result.illustrative,
    }


def flagship_list() -> Page:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Role.values, 0))
    for code, role in FlagshipAction.objects.values_list("flagship__code", "role"):
        counts[code][role] += 1
    results = defaultdict(int)
    for code in OutreachResult.objects.exclude(flagship=None).values_list(
        "flagship__code", flat=True
    ):
        results[code] += 1
    return {
        "roles": [{"code": role.value, "label": str(role.label)} for role in Role],
        "flagships": [
            {
                "code": f.code,
                "title": _text(f.title),
                "actions": counts[f.code],
                "results": results[f.code],
            }
            for f in Flagship.objects.all()
        ],
    }


def flagship_detail(flagship: Flagship, user: Any) -> Page:
    actions = flagship.actions.prefetch_related(
        "outcomes", "indicators", "partners", "countries", "cities"
    )
    by_role = {role.value: [] for role in Role}  # type: dict[str, list[Page]]
    for action in actions:
        by_role[action.role].append(_action_row(action))
    page: Page = {
        "flagship": {"code": flagship.code, "title": _text(flagship.title)},
        "roles": [
            {
                "code": role.value,
                "label": str(role.label),
                "action_point": _text(flagship.action_points.get(role.value)),
                "actions": by_role[role.value],
            }
            for role in Role
        ],
        "results": [result_row(r) for r in flagship.results.select_related("country", "platform")],
        "member": is_member(user),
    }
    if page["member"]:
        page["agreements"] = [
            agreement_row(a) for a in flagship.agreements.select_related("partner__type")
        ]
    rows = [a for role in page["roles"] for a in role["actions"]] + page["results"]
    page["illustrative"] = any(row["illustrative"] for row in rows)
    return page
