"""Partners, their contacts and the engagement log."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from habitat_monitor.core.audit import stamp
from habitat_monitor.engagement.models import Engagement, Partner, PartnerContact
from habitat_monitor.engagement.services import bilingual, ensure_keeper, user_or_none

PARTNER_FIELDS = ("type", "name", "acronym", "country", "website", "description", "illustrative")
CONTACT_FIELDS = ("name", "position", "email", "phone")


def _refuse_unknown(fields: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")


@transaction.atomic
def create_partner(*, actor: Any, code: str, reason: str = "", **fields: Any) -> Partner:
    """A new partner (``name`` as text or {en, zh}); ValidationError names bad fields."""
    ensure_keeper(actor)
    _refuse_unknown(fields, PARTNER_FIELDS)
    if "name" in fields:
        fields["name"] = bilingual(fields["name"])
    partner = Partner(code=code, **fields)
    partner.full_clean()
    stamp(partner, actor=actor, reason=reason or "partner added")
    partner.save()
    return partner


@transaction.atomic
def update_partner(partner: Partner, *, actor: Any, reason: str = "", **changes: Any) -> Partner:
    ensure_keeper(actor)
    _refuse_unknown(changes, PARTNER_FIELDS)
    current = Partner.objects.select_for_update().get(pk=partner.pk)
    for key, value in changes.items():
        setattr(current, key, bilingual(value) if key == "name" else value)
    current.full_clean()
    stamp(current, actor=actor, reason=reason or "partner changed")
    current.save()
    return current


@transaction.atomic
def add_contact(partner: Partner, *, actor: Any, reason: str = "", **fields: Any) -> PartnerContact:
    """A contact person at the partner (never shown to the public)."""
    ensure_keeper(actor)
    _refuse_unknown(fields, CONTACT_FIELDS)
    contact = PartnerContact(partner=partner, **fields)
    contact.full_clean()
    stamp(contact, actor=actor, reason=reason or "contact added")
    contact.save()
    return contact


@transaction.atomic
def log_engagement(
    partner: Partner,
    *,
    actor: Any,
    date: Any,
    kind: str,
    note: str,
    illustrative: bool = False,
) -> Engagement:
    """An entry in the partner's engagement log, signed by the actor."""
    ensure_keeper(actor)
    entry = Engagement(
        partner=partner,
        date=date,
        kind=kind,
        note=note,
        by=user_or_none(actor),
        illustrative=illustrative,
    )
    entry.full_clean()
    stamp(entry, actor=actor, reason="engagement logged")
    entry.save()
    return entry
