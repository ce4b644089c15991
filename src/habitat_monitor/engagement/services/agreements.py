"""Agreements, their status and their due-diligence checklist.

The rule (annex 4 §17, standard operating procedures): an agreement with a partner
whose type requires due diligence (the private sector) becomes active only when
every item of the checklist in use is checked. The refusal names the missing items.
Status moves pipeline -> active -> closed, or pipeline -> closed (dropped); an
agreement is created in the pipeline, so no agreement skips the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from habitat_monitor.core.audit import stamp
from habitat_monitor.engagement.errors import DueDiligenceIncomplete, StepRefused
from habitat_monitor.engagement.models import Agreement, DueDiligenceCheck, Partner, SopItem
from habitat_monitor.engagement.services import ensure_keeper, user_or_none

Status = Agreement.Status
STEPS = {
    Status.PIPELINE: (Status.ACTIVE, Status.CLOSED),
    Status.ACTIVE: (Status.CLOSED,),
    Status.CLOSED: (),
}
AGREEMENT_FIELDS = (
    "title", "flagship", "start", "end", "amount", "currency", "kind", "illustrative",
)  # fmt: skip


@transaction.atomic
def create_agreement(
    partner: Partner,
    *,
    actor: Any,
    outcomes: Iterable[Any] = (),
    reason: str = "",
    **fields: Any,
) -> Agreement:
    """A new agreement in the pipeline; ValidationError names each bad field."""
    ensure_keeper(actor)
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    agreement = Agreement(partner=partner, status=Status.PIPELINE, **fields)
    agreement.full_clean()
    stamp(agreement, actor=actor, reason=reason or "agreement added")
    agreement.save()
    agreement.outcomes.set(list(outcomes))
    return agreement


def missing_items(agreement: Agreement) -> list[SopItem]:
    """The checklist items in use that are not checked for the agreement."""
    checked = DueDiligenceCheck.objects.filter(agreement=agreement, checked=True).values("item")
    return list(SopItem.objects.filter(active=True).exclude(pk__in=checked))


@transaction.atomic
def change_agreement_status(
    agreement: Agreement, status: str, *, actor: Any, reason: str = ""
) -> Agreement:
    """Move the agreement along pipeline -> active -> closed. StepRefused for a step
    the status does not allow; DueDiligenceIncomplete (naming the unchecked items)
    for a private-sector agreement whose checklist is not complete."""
    ensure_keeper(actor)
    current = (
        Agreement.objects.select_for_update().select_related("partner__type").get(pk=agreement.pk)
    )
    if status not in Status.values:
        raise StepRefused(_("There is no such status."))
    if status not in STEPS[Status(current.status)]:
        message = _("An agreement that is %(current)s cannot become %(status)s.")
        labels = {"current": current.get_status_display(), "status": Status(status).label}
        raise StepRefused(message % labels)
    if status == Status.ACTIVE and current.partner.type.requires_due_diligence:
        missing = missing_items(current)
        if missing:
            message = _(
                "This agreement cannot become active: its partner is of a type that needs "
                "due diligence, and these checklist items are not checked yet: %(items)s."
            )
            names = "; ".join(item.label for item in missing)
            raise DueDiligenceIncomplete(
                message % {"items": names}, [item.code for item in missing]
            )
    current.status = status
    stamp(current, actor=actor, reason=reason or f"status {status}")
    current.save()
    return current


@transaction.atomic
def record_due_diligence(
    agreement: Agreement,
    item: SopItem,
    *,
    actor: Any,
    checked: bool = True,
    note: str = "",
) -> DueDiligenceCheck:
    """Check (or uncheck) one item of the agreement's checklist, with who and when."""
    ensure_keeper(actor)
    row, _created = DueDiligenceCheck.objects.select_for_update().get_or_create(
        agreement=agreement, item=item
    )
    row.checked = checked
    row.note = note
    row.checked_by = user_or_none(actor) if checked else None
    row.checked_at = timezone.now() if checked else None
    stamp(row, actor=actor, reason="checked" if checked else "unchecked")
    row.save()
    return row
