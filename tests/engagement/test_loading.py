"""Reference content of the registers (annexes 2 and 4) and the illustrative demo."""

from __future__ import annotations

import pytest

from habitat_monitor.engagement.models import (
    Agreement,
    Flagship,
    OutreachEvent,
    Partner,
    PartnerType,
    Platform,
    SopItem,
)
from habitat_monitor.engagement.services.loading import load_engagement_content, load_reference
from habitat_monitor.plans.models import Plan

pytestmark = pytest.mark.django_db

BANKS = {"world-bank", "ifc", "imf", "afdb", "adb", "idb", "isdb", "ebrd", "eib", "aiib"}


def test_reference_content_has_the_plans_numbers(content: None) -> None:
    """8 partner types, 10 development banks, 5 flagships, 12 platforms are loaded."""
    assert PartnerType.objects.count() == 8
    banks = Partner.objects.filter(type__code="development-banks")
    assert set(banks.values_list("code", flat=True)) == BANKS
    assert not banks.filter(illustrative=True).exists()
    assert Flagship.objects.count() == 5
    assert list(Platform.objects.values_list("number", flat=True)) == list(range(1, 13))
    assert SopItem.objects.filter(active=True).count() >= 5


def test_reference_content_is_bilingual(content: None) -> None:
    """Every title, objective, strategy and action point has English and Chinese."""
    for kind in PartnerType.objects.all():
        assert kind.title["en"] and kind.title["zh"]
        assert kind.objectives and kind.strategies
        for text in kind.objectives + kind.strategies:
            assert text["en"] and text["zh"]
    for flagship in Flagship.objects.all():
        assert set(flagship.action_points) == {"think", "act", "share", "partner"}
        assert all(point["en"] and point["zh"] for point in flagship.action_points.values())
    for platform in Platform.objects.all():
        assert platform.name["en"] and platform.name["zh"]


def test_only_the_private_sector_requires_due_diligence(content: None) -> None:
    """The SOP rule applies to the private sector (a flag kept as data)."""
    required = PartnerType.objects.filter(requires_due_diligence=True)
    assert list(required.values_list("code", flat=True)) == ["private-sector"]


def test_reloading_keeps_edits_and_adds_nothing(content: None) -> None:
    """Reloading the reference content leaves admin edits alone and duplicates nothing."""
    PartnerType.objects.filter(code="foundations").update(title={"en": "Edited", "zh": "已编辑"})
    before = Partner.objects.count()
    load_reference()
    load_engagement_content(Plan.objects.get(code="UNH-SP-2020-2023"), demo_values=True)
    assert Partner.objects.count() == before
    assert PartnerType.objects.get(code="foundations").title["en"] == "Edited"


def test_demo_content_is_illustrative(content: None) -> None:
    """Every demo partner, agreement and event is marked illustrative."""
    demo = Partner.objects.exclude(type__code="development-banks")
    assert demo.exists() and not demo.filter(illustrative=False).exists()
    assert not Agreement.objects.filter(illustrative=False).exists()
    assert not OutreachEvent.objects.filter(illustrative=False).exists()
    private = Agreement.objects.get(partner__type__code="private-sector")
    assert private.status == Agreement.Status.PIPELINE
