"""Reads over places and offices, returning plain rows."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from habitat_monitor.core.translated import pick
from habitat_monitor.geo.models import Office


def office_rows(user: Any) -> list[dict[str, Any]]:
    """Every office with what the user may do with it."""
    language = get_language()
    offices = Office.objects.select_related("city", "country", "parent").prefetch_related("covers")
    return [
        {
            "code": office.code,
            "name": pick(office.name, language),
            "kind": office.get_kind_display(),
            "city": pick(office.city.name, language) if office.city else "",
            "parent": office.parent.code if office.parent else "",
            "covers": len(office.covers.all()),
            "contact_email": office.contact_email,
            "can_edit": user.has_perm("geo.change_office", office),
        }
        for office in offices
    ]
