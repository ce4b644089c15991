"""Writes to places and offices: one function per change."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from habitat_monitor.core.audit import stamp
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.core.sync import sync_row
from habitat_monitor.geo import reference
from habitat_monitor.geo.models import City, Country, M49Area, Office, OrgRegion


def _sync(model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    return sync_row(model, lookup, values, reason="default content")[0]


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Load countries, M49 areas, groupings, cities and offices. Idempotent."""
    regions = {
        row.code: _sync(OrgRegion, {"code": row.code}, {"name": row.name})
        for row in reference.org_regions()
    }
    areas: dict[str, M49Area] = {}
    for row in reference.m49_areas():
        areas[row.code] = _sync(
            M49Area,
            {"code": row.code},
            {"kind": row.kind, "name": row.name, "parent": areas.get(row.parent_code)},
        )
    countries: dict[str, Country] = {}
    for row in reference.countries():
        countries[row.alpha3] = _sync(
            Country,
            {"alpha2": row.alpha2},
            {
                "alpha3": row.alpha3,
                "numeric": row.numeric,
                "name": row.name,
                "m49_region": areas.get(row.m49_region),
                "m49_subregion": areas.get(row.m49_subregion),
                "m49_intermediate": areas.get(row.m49_intermediate),
                "org_region": regions.get(row.org_region),
            },
        )
    cities: dict[str, City] = {}
    for row in reference.cities():
        country = countries[row.country]
        cities[row.name["en"]] = _sync(
            City,
            {"country": country, "name__en": row.name["en"]},
            {
                "name": row.name,
                "latitude": row.latitude,
                "longitude": row.longitude,
                "population": row.population,
            },
        )
    offices: dict[str, Office] = {}
    for row in reference.offices():
        office = _sync(
            Office,
            {"code": row.code},
            {
                "kind": row.kind,
                "name": row.name,
                "city": cities.get(row.city),
                "country": countries.get(row.country),
                "parent": offices.get(row.parent),
            },
        )
        office.covers.set([countries[code] for code in row.covers])
        offices[row.code] = office
    return {
        "regional groupings": len(regions),
        "M49 areas": len(areas),
        "countries": len(countries),
        "cities": len(cities),
        "offices": len(offices),
    }


OFFICE_EDITABLE_FIELDS = ("contact_email",)


@transaction.atomic
def update_office(office: Office, *, actor: Any, reason: str = "", **changes: Any) -> Office:
    """Change an office's editable details; audited. Raises NotAllowed."""
    if not actor.has_perm("geo.change_office", office):
        raise NotAllowed(_("You may not change this office."))
    unknown = set(changes) - set(OFFICE_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    for key, value in changes.items():
        setattr(office, key, value)
    office.full_clean()
    stamp(office, actor=actor, reason=reason)
    office.save()
    return office
