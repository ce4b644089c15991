"""Loading the reference content of the registers and, on request, the demo.

Reference content (``data/reference.yaml``: the 8 partner types, the 10 development
banks, the 5 flagships, the 12 platforms, the due-diligence items) is created when
missing and otherwise left alone, so edits made in the admin survive a reload. The
illustrative demo (``data/demo.yaml``) is loaded once, through the services, so its
audit trail is real; every row it writes is marked illustrative.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from habitat_monitor.core.actors import SYSTEM
from habitat_monitor.engagement.models import (
    Flagship,
    Partner,
    PartnerType,
    Platform,
    SopItem,
)
from habitat_monitor.engagement.services.demo import load_demo
from habitat_monitor.geo.models import Country

DATA = Path(__file__).resolve().parents[1] / "data"
REFERENCE_FILE = DATA / "reference.yaml"
BANK_TYPE = "development-banks"


def read_data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return data


@transaction.atomic
def load_reference() -> dict[str, int]:
    """Create the reference content that is missing; returns counts of what exists."""
    data = read_data("reference.yaml")
    for order, row in enumerate(data["partner_types"], start=1):
        PartnerType.objects.get_or_create(
            code=row["code"],
            defaults={
                "order": order,
                "title": row["title"],
                "objectives": row["objectives"],
                "strategies": row["strategies"],
                "requires_due_diligence": row["requires_due_diligence"],
            },
        )
    banks = PartnerType.objects.get(code=BANK_TYPE)
    countries = dict(Country.objects.values_list("alpha3", "pk"))
    for row in data["development_banks"]:
        Partner.objects.get_or_create(
            code=row["code"],
            defaults={
                "type": banks,
                "name": row["name"],
                "acronym": row["acronym"],
                "country_id": countries.get(row["country"]),
                "website": row["website"],
            },
        )
    for order, row in enumerate(data["flagships"], start=1):
        Flagship.objects.get_or_create(
            code=row["code"],
            defaults={"order": order, "title": row["title"], "action_points": row["action_points"]},
        )
    for row in data["platforms"]:
        Platform.objects.get_or_create(
            code=row["code"],
            defaults={
                key: row.get(key)
                for key in ("number", "name", "kind", "audience", "reach_direct", "reach_indirect")
            }
            | {"frequency": row["frequency"]},
        )
    for order, row in enumerate(data["sop_items"], start=1):
        SopItem.objects.get_or_create(
            code=row["code"], defaults={"order": order, "title": row["title"]}
        )
    return {
        "partner types": PartnerType.objects.count(),
        "flagships": Flagship.objects.count(),
        "outreach platforms": Platform.objects.count(),
        "due-diligence items": SopItem.objects.count(),
    }


def load_engagement_content(plan: Any, *, demo_values: bool = False) -> dict[str, int]:
    """Reference content always; the illustrative demo with ``demo_values``."""
    summary = load_reference()
    if demo_values:
        summary["demo partners"] = load_demo(read_data("demo.yaml"), plan, actor=SYSTEM)
    return summary
