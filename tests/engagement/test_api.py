"""The engagement API reads what the pages read; agreements are for members only."""

from __future__ import annotations

import pytest

from habitat_monitor.engagement.models import Agreement, PartnerContact
from tests.factories import MATRIX_ROLES, client_for, user_for_role

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_partners_match_the_directory_page(content: None) -> None:
    """The API's partner list holds the directory page's partners."""
    client = client_for(None)
    page = client.get("/partners.json?type=foundations").json()
    api = client.get(f"{API}/partners?type=foundations").json()
    assert api["items"] == page["partners"] and api["count"] == page["count"]


def test_public_partner_has_no_contacts(content: None) -> None:
    email = PartnerContact.objects.get(partner__code="demo-city-network").email
    body = client_for(None).get(f"{API}/partners/demo-city-network").content.decode()
    assert email not in body
    member = client_for(user_for_role("viewer")).get(f"{API}/partners/demo-city-network").json()
    assert member["contacts"][0]["email"] == email


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_agreements_are_for_members(content: None, role: str) -> None:
    """Anonymous callers get 401; every member with a role reads the agreements."""
    response = client_for(user_for_role(role)).get(f"{API}/agreements")
    if role == "anonymous":
        assert response.status_code == 401
    else:
        assert response.status_code == 200
        assert response.json()["count"] == Agreement.objects.count()
        first = response.json()["items"][0]
        one = client_for(user_for_role(role)).get(f"{API}/agreements/{first['id']}")
        assert one.json() == first


def test_sop_refusal_answers_409_and_names_the_items(content: None) -> None:
    """Activating the private-sector demo agreement is refused with the missing items."""
    agreement = Agreement.objects.get(partner__type__code="private-sector")
    client = client_for(user_for_role("officer"))
    response = client.post(f"{API}/agreements/{agreement.pk}/status?status=active")
    assert response.status_code == 409
    assert "not checked yet" in response.json()["detail"]
    agreement.refresh_from_db()
    assert agreement.status == "pipeline"


@pytest.mark.parametrize("role", ["viewer", "focal_own", "author"])
def test_members_who_do_not_keep_registers_cannot_change_status(content: None, role: str) -> None:
    agreement = Agreement.objects.get(partner__code="demo-city-network")
    response = client_for(user_for_role(role)).post(
        f"{API}/agreements/{agreement.pk}/status?status=closed"
    )
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.status == "active"


def test_flagships_platforms_and_results(content: None) -> None:
    client = client_for(None)
    assert client.get(f"{API}/flagships").json()["count"] == 5
    assert client.get(f"{API}/flagships/rise-up").json()["flagship"]["code"] == "rise-up"
    assert len(client.get(f"{API}/platforms").json()["items"]) == 12
    assert client.get(f"{API}/platforms/wuf").json() == client.get("/platforms/wuf.json").json()
    policy = client.get(f"{API}/outreach-results?kind=policy_change").json()["items"]
    assert policy and {row["kind"] for row in policy} == {"policy_change"}
    one = client.get(f"{API}/outreach-results/{policy[0]['id']}").json()
    assert one == policy[0] and one["illustrative"] is True
    assert "agreements" not in client.get(f"{API}/flagships/rise-up").json()
