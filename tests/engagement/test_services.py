"""Register services: who may write, audit, and the due-diligence (SOP) rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.engagement.errors import DueDiligenceIncomplete, StepRefused
from habitat_monitor.engagement.models import (
    Agreement,
    Engagement,
    Flagship,
    FlagshipAction,
    OutreachEvent,
    OutreachResult,
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
from habitat_monitor.engagement.services.partners import (
    add_contact,
    create_partner,
    log_engagement,
    update_partner,
)
from habitat_monitor.engagement.services.registers import (
    record_event,
    record_flagship_action,
    record_result,
)
from tests.audit import assert_audited
from tests.factories import MATRIX_ROLES, make_user, user_for_role

pytestmark = pytest.mark.django_db
KEEPERS = {"officer", "admin"}


class Anonymous:
    is_authenticated = False

    def has_perm(self, permission: str, obj: Any = None) -> bool:
        return False


def _actor(role: str) -> Any:
    return user_for_role(role) or Anonymous()


def _private_agreement(actor: Any) -> Agreement:
    partner = create_partner(
        actor=actor,
        code="acme-test",
        type=PartnerType.objects.get(code="private-sector"),
        name={"en": "Acme Test", "zh": "测试公司"},
    )
    return create_agreement(
        partner,
        actor=actor,
        title="Open data",
        kind="co_investment",
        amount=Decimal("1000"),
        currency="USD",
    )


WRITES: dict[str, Callable[[Any], Any]] = {
    "create partner": lambda actor: create_partner(
        actor=actor, code="p-x", type=PartnerType.objects.first(), name="X"
    ),
    "update partner": lambda actor: update_partner(
        Partner.objects.get(code="world-bank"), actor=actor, description="changed"
    ),
    "add contact": lambda actor: add_contact(
        Partner.objects.get(code="world-bank"), actor=actor, name="Someone"
    ),
    "log engagement": lambda actor: log_engagement(
        Partner.objects.get(code="world-bank"),
        actor=actor,
        date=date(2022, 1, 1),
        kind="call",
        note="x",
    ),
    "create agreement": lambda actor: create_agreement(
        Partner.objects.get(code="world-bank"), actor=actor, title="x", kind="contribution"
    ),
    "record action": lambda actor: record_flagship_action(
        Flagship.objects.first(), actor=actor, role="think", title="x", owner="y"
    ),
    "record event": lambda actor: record_event(
        Platform.objects.first(), actor=actor, title="x", date=date(2022, 1, 1)
    ),
    "record result": lambda actor: record_result(
        actor=actor, kind="awareness", date=date(2022, 1, 1), description="x"
    ),
}
MODELS = (Partner, Engagement, Agreement, FlagshipAction, OutreachEvent, OutreachResult)


@pytest.mark.parametrize("role", MATRIX_ROLES)
@pytest.mark.parametrize("write", sorted(WRITES))
def test_only_keepers_write_the_registers(content: None, role: str, write: str) -> None:
    """M&E officers and administrators write; every other role gets NotAllowed and
    nothing is written."""
    actor = _actor(role)
    before = [model.objects.count() for model in MODELS]
    description = Partner.objects.get(code="world-bank").description
    if role in KEEPERS:
        WRITES[write](actor)
        return
    with pytest.raises(NotAllowed):
        WRITES[write](actor)
    assert [model.objects.count() for model in MODELS] == before
    assert Partner.objects.get(code="world-bank").description == description


@pytest.mark.parametrize("role", sorted(set(MATRIX_ROLES) - KEEPERS))
def test_others_cannot_change_status_or_check_items(content: None, role: str) -> None:
    """Only keepers move an agreement or check a due-diligence item."""
    agreement = _private_agreement(make_user(superuser=True))
    actor = _actor(role)
    with pytest.raises(NotAllowed):
        change_agreement_status(agreement, "closed", actor=actor)
    with pytest.raises(NotAllowed):
        record_due_diligence(agreement, SopItem.objects.first(), actor=actor)
    agreement.refresh_from_db()
    assert agreement.status == "pipeline" and not agreement.due_diligence.exists()


def test_private_sector_agreement_needs_a_complete_checklist(content: None) -> None:
    """A private-sector agreement stays in the pipeline until every item is checked;
    the refusal names each missing item."""
    officer = user_for_role("officer")
    agreement = _private_agreement(officer)
    items = list(SopItem.objects.filter(active=True))
    for item in items[:-1]:
        record_due_diligence(agreement, item, actor=officer)
    with pytest.raises(DueDiligenceIncomplete) as refused:
        change_agreement_status(agreement, "active", actor=officer)
    assert refused.value.missing == [items[-1].code]
    assert items[-1].title["en"] in str(refused.value)
    agreement.refresh_from_db()
    assert agreement.status == "pipeline"
    record_due_diligence(agreement, items[-1], actor=officer)
    active = change_agreement_status(agreement, "active", actor=officer, reason="cleared")
    assert active.status == "active"
    assert_audited(active, by=officer, changed={"status": ("pipeline", "active")}, reason="cleared")


def test_refusal_is_translated(content: None) -> None:
    """In Chinese the refusal names the missing items by their Chinese titles."""
    officer = user_for_role("officer")
    agreement = _private_agreement(officer)
    with translation.override("zh-hans"), pytest.raises(DueDiligenceIncomplete) as refused:
        change_agreement_status(agreement, "active", actor=officer)
    first = SopItem.objects.filter(active=True).first()
    assert first is not None and first.title["zh"] in str(refused.value)


def test_unchecking_an_item_blocks_activation_again(content: None) -> None:
    """An item checked then unchecked counts as missing; the check records who and when."""
    officer = user_for_role("officer")
    agreement = _private_agreement(officer)
    items = list(SopItem.objects.filter(active=True))
    for item in items:
        row = record_due_diligence(agreement, item, actor=officer)
    assert row.checked_by == officer and row.checked_at is not None
    record_due_diligence(agreement, items[0], actor=officer, checked=False)
    with pytest.raises(DueDiligenceIncomplete):
        change_agreement_status(agreement, "active", actor=officer)


def test_other_types_become_active_without_a_checklist(content: None) -> None:
    """A development-bank agreement needs no checklist; closed is final."""
    officer = user_for_role("officer")
    agreement = create_agreement(
        Partner.objects.get(code="afdb"), actor=officer, title="Loan", kind="co_investment"
    )
    change_agreement_status(agreement, "active", actor=officer)
    closed = change_agreement_status(agreement, "closed", actor=officer)
    with pytest.raises(StepRefused):
        change_agreement_status(closed, "active", actor=officer)
    with pytest.raises(StepRefused):
        change_agreement_status(closed, "nonsense", actor=officer)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount": Decimal("10"), "currency": ""}, "currency"),
        ({"amount": Decimal("10"), "currency": "XYZ"}, "currency"),
        ({"amount": Decimal("-1"), "currency": "USD"}, "amount"),
        ({"start": date(2022, 1, 1), "end": date(2021, 1, 1)}, "end"),
    ],
)
def test_agreement_fields_are_checked(content: None, fields: dict[str, Any], field: str) -> None:
    """Currency is an ISO 4217 code given with any amount; amounts are not negative."""
    with pytest.raises(ValidationError) as invalid:
        create_agreement(
            Partner.objects.get(code="eib"),
            actor=user_for_role("officer"),
            title="x",
            kind="contribution",
            **fields,
        )
    assert field in invalid.value.message_dict


def test_results_are_checked_by_kind(content: None) -> None:
    """A co-investment result needs its amount; an attitude change its survey result."""
    officer = user_for_role("officer")
    with pytest.raises(ValidationError):
        record_result(actor=officer, kind="co_investment", date=date(2022, 1, 1), description="x")
    with pytest.raises(ValidationError):
        record_result(actor=officer, kind="attitude_change", date=date(2022, 1, 1), description="x")


def test_partner_names_may_be_plain_text_and_changes_are_audited(content: None) -> None:
    """Plain text is taken as the English name; an update records before and after."""
    officer = user_for_role("officer")
    partner = create_partner(
        actor=officer, code="plain", type=PartnerType.objects.first(), name="Plain"
    )
    assert partner.name == {"en": "Plain"}
    changed = update_partner(partner, actor=officer, reason="typo", website="https://example.org")
    assert_audited(
        changed, by=officer, changed={"website": ("", "https://example.org")}, reason="typo"
    )
