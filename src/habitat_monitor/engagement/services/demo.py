"""The illustrative demo of the registers (``data/demo.yaml``), written through the
services so that the audit trail is real. Loaded once: nothing happens when an
illustrative partner exists already. Returns how many partners it created."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from habitat_monitor.engagement.models import (
    Agreement,
    Flagship,
    Partner,
    PartnerType,
    Platform,
    SopItem,
)
from habitat_monitor.engagement.services.agreements import (
    change_agreement_status,
    create_agreement,
    record_due_diligence,
)
from habitat_monitor.engagement.services.partners import add_contact, create_partner, log_engagement
from habitat_monitor.engagement.services.registers import (
    record_event,
    record_flagship_action,
    record_result,
)
from habitat_monitor.geo.models import Country

REASON = "illustrative demo data"


def _decimal(text: Any) -> Decimal | None:
    return None if text is None else Decimal(str(text))


@transaction.atomic
def load_demo(data: dict[str, Any], plan: Any, *, actor: Any) -> int:
    if Partner.objects.filter(illustrative=True).exists():
        return 0
    countries = {c.alpha3: c for c in Country.objects.all()}
    types = {t.code: t for t in PartnerType.objects.all()}
    for row in data["partners"]:
        create_partner(
            actor=actor,
            code=row["code"],
            reason=REASON,
            type=types[row["type"]],
            name=row["name"],
            country=countries.get(row.get("country", "")),
            description=row.get("description", ""),
            illustrative=True,
        )
    partners = {p.code: p for p in Partner.objects.all()}
    for row in data["contacts"]:
        fields = {key: value for key, value in row.items() if key != "partner"}
        add_contact(partners[row["partner"]], actor=actor, reason=REASON, **fields)
    for row in data["engagements"]:
        log_engagement(
            partners[row["partner"]],
            actor=actor,
            date=row["date"],
            kind=row["kind"],
            note=row["note"],
            illustrative=True,
        )
    _agreements(data["agreements"], plan, partners, actor)
    _actions(data["actions"], plan, partners, countries, actor)
    _outreach(data, countries, actor)
    return len(data["partners"])


def _agreements(
    rows: list[dict[str, Any]], plan: Any, partners: dict[str, Partner], actor: Any
) -> None:
    flagships = {f.code: f for f in Flagship.objects.all()}
    items = {item.code: item for item in SopItem.objects.all()}
    for row in rows:
        agreement = create_agreement(
            partners[row["partner"]],
            actor=actor,
            reason=REASON,
            outcomes=_outcomes(plan, row),
            title=row["title"],
            flagship=flagships.get(row.get("flagship", "")),
            start=row.get("start"),
            end=row.get("end"),
            amount=_decimal(row.get("amount")),
            currency=row.get("currency", ""),
            kind=row["kind"],
            illustrative=True,
        )
        for code in row.get("checked", []):
            record_due_diligence(agreement, items[code], actor=actor, note=REASON)
        if row["status"] != Agreement.Status.PIPELINE:
            change_agreement_status(agreement, Agreement.Status.ACTIVE, actor=actor, reason=REASON)
        if row["status"] == Agreement.Status.CLOSED:
            change_agreement_status(agreement, Agreement.Status.CLOSED, actor=actor, reason=REASON)


def _outcomes(plan: Any, row: dict[str, Any]) -> list[Any]:
    from habitat_monitor.plans.models import Outcome

    return list(Outcome.objects.filter(domain__plan=plan, code__in=row.get("outcomes", [])))


def _actions(
    rows: list[dict[str, Any]],
    plan: Any,
    partners: dict[str, Partner],
    countries: dict[str, Country],
    actor: Any,
) -> None:
    flagships = {f.code: f for f in Flagship.objects.all()}
    for row in rows:
        links = {
            "outcomes": _outcomes(plan, row),
            "indicators": list(plan.indicators.filter(code__in=row.get("indicators", []))),
            "partners": [partners[code] for code in row.get("partners", [])],
            "countries": [countries[code] for code in row.get("countries", [])],
        }
        record_flagship_action(
            flagships[row["flagship"]],
            actor=actor,
            links=links,
            reason=REASON,
            role=row["role"],
            title=row["title"],
            owner=row["owner"],
            start=row.get("start"),
            end=row.get("end"),
            status=row["status"],
            illustrative=True,
        )


def _outreach(data: dict[str, Any], countries: dict[str, Country], actor: Any) -> None:
    platforms = {p.code: p for p in Platform.objects.all()}
    flagships = {f.code: f for f in Flagship.objects.all()}
    for row in data["events"]:
        record_event(
            platforms[row["platform"]],
            actor=actor,
            reason=REASON,
            title=row["title"],
            date=row["date"],
            place=row.get("place", ""),
            country=countries.get(row.get("country", "")),
            reach_direct=row.get("reach_direct"),
            reach_indirect=row.get("reach_indirect"),
            illustrative=True,
        )
    for row in data["results"]:
        record_result(
            actor=actor,
            reason=REASON,
            kind=row["kind"],
            date=row["date"],
            country=countries.get(row.get("country", "")),
            description=row["description"],
            amount=_decimal(row.get("amount")),
            currency=row.get("currency", ""),
            survey_result=_decimal(row.get("survey_result")),
            survey_respondents=row.get("survey_respondents"),
            platform=platforms.get(row.get("platform", "")),
            flagship=flagships.get(row.get("flagship", "")),
            illustrative=True,
        )
