"""Loading places and offices, and changing an office."""

from __future__ import annotations

import pytest

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.core.roles import Role
from habitat_monitor.core.services import create_demo_users, load_default_content
from habitat_monitor.geo.models import City, Country, Office
from habitat_monitor.geo.services import update_office
from tests.audit import assert_audited
from tests.factories import make_user


def test_loading_twice_duplicates_nothing(content: None) -> None:
    """A second load adds no rows and no audit entries."""
    before = (Country.objects.count(), City.objects.count(), Office.history.count())
    load_default_content()
    create_demo_users()
    create_demo_users()
    assert (Country.objects.count(), City.objects.count(), Office.history.count()) == before


def test_countries_carry_codes_regions_and_chinese_names(content: None) -> None:
    """Kenya has its ISO codes, M49 sub-region, UN-Habitat region and Chinese name."""
    kenya = Country.objects.select_related("m49_subregion", "org_region").get(alpha3="KEN")
    assert (kenya.alpha2, kenya.numeric) == ("KE", "404")
    assert kenya.name == {"en": "Kenya", "zh": "肯尼亚"}
    assert kenya.m49_subregion.name["en"] == "Sub-Saharan Africa"
    assert kenya.org_region.code == "AF"
    assert Country.objects.count() == 249


def test_offices_and_their_coverage(content: None) -> None:
    """Headquarters, regional offices, country offices and a hub, each covering countries."""
    kinds = {kind: Office.objects.filter(kind=kind).count() for kind in Office.Kind.values}
    assert kinds["hq"] == 1 and kinds["regional"] >= 4 and kinds["hub"] >= 1
    assert kinds["country"] >= 12
    hub = Office.objects.get(kind="hub")
    assert hub.covers.count() > 1
    assert Office.objects.get(code="KEN").covers.get().alpha3 == "KEN"


def test_update_office_is_audited(content: None) -> None:
    """A permitted change records who made it, the reason, and before/after."""
    officer = make_user(role=Role.ME_OFFICER)
    office = Office.objects.get(code="EGY")
    update_office(office, actor=officer, reason="desk moved", contact_email="egypt@example.org")
    assert_audited(
        office,
        by=officer,
        changed={"contact_email": ("", "egypt@example.org")},
        reason="desk moved",
    )


def test_update_office_refuses_other_offices_focal_point(content: None) -> None:
    """A focal point of India cannot change Egypt's office; nothing is written."""
    focal = make_user(role=Role.FOCAL_POINT, offices=("IND",))
    office = Office.objects.get(code="EGY")
    with pytest.raises(NotAllowed):
        update_office(office, actor=focal, contact_email="x@example.org")
    office.refresh_from_db()
    assert office.contact_email == ""
