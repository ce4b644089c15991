"""The partnership and outreach registers (annexes 2 and 4 of the strategic plan).

Reference content (partner types, flagships, platforms, due-diligence items) is
loaded from ``engagement/data/reference.yaml``; everything else is kept through
``engagement.services``. Every model is audited (django-simple-history).
"""

from habitat_monitor.engagement.models.agreements import Agreement, DueDiligenceCheck, SopItem
from habitat_monitor.engagement.models.flagships import Flagship, FlagshipAction
from habitat_monitor.engagement.models.outreach import OutreachEvent, OutreachResult, Platform
from habitat_monitor.engagement.models.partners import (
    Engagement,
    Partner,
    PartnerContact,
    PartnerType,
)

__all__ = [
    "Agreement",
    "DueDiligenceCheck",
    "Engagement",
    "Flagship",
    "FlagshipAction",
    "OutreachEvent",
    "OutreachResult",
    "Partner",
    "PartnerContact",
    "PartnerType",
    "Platform",
    "SopItem",
]
