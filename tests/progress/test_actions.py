"""Corrective actions: only M&E officers record them; every change is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.plans.models import Indicator
from habitat_monitor.progress.actions import record_action, update_action
from habitat_monitor.progress.models import CorrectiveAction
from tests.audit import assert_audited
from tests.factories import MATRIX_ROLES, user_for_role

FIELDS = {
    "cause": "Survey delayed by the rainy season",
    "action": "Run the survey in the dry season with the national statistics office",
    "owner": "Kenya country office",
    "due_date": dt.date(2023, 3, 31),
}


@pytest.fixture
def indicator(content: None) -> Indicator:
    found = Indicator.objects.filter(plan__code="UNH-SP-2020-2023").first()
    assert found is not None
    return found


def test_an_officer_records_an_action_and_its_follow_up_is_audited(indicator: Indicator) -> None:
    officer = user_for_role("officer")
    item = record_action(indicator, actor=officer, **FIELDS)
    assert item.status == CorrectiveAction.Status.PLANNED and item.created_by == officer
    assert item.history.get().history_user == officer
    changed = update_action(
        item, actor=officer, reason="survey under way", status="in_progress", follow_up="Started"
    )
    assert_audited(
        changed,
        by=officer,
        changed={"status": ("planned", "in_progress"), "follow_up": ("", "Started")},
        reason="survey under way",
    )


@pytest.mark.parametrize("role", [r for r in MATRIX_ROLES if r not in ("officer", "admin")])
def test_only_officers_record_or_change_actions(indicator: Indicator, role: str) -> None:
    officer = user_for_role("officer")
    item = record_action(indicator, actor=officer, **FIELDS)
    actor = user_for_role(role) or AnonymousUser()
    with pytest.raises(NotAllowed):
        record_action(indicator, actor=actor, **FIELDS)
    with pytest.raises(NotAllowed):
        update_action(item, actor=actor, status="done")
    item.refresh_from_db()
    assert item.status == "planned" and CorrectiveAction.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [({"cause": ""}, "cause"), ({"status": "finished"}, "status"), ({"owner": ""}, "owner")],
)
def test_bad_fields_are_named_and_nothing_is_saved(
    indicator: Indicator, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as invalid:
        record_action(indicator, actor=user_for_role("officer"), **{**FIELDS, **change})
    assert field in invalid.value.message_dict
    assert not CorrectiveAction.objects.exists()
