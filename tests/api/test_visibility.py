"""Values as each reader may see them: the public the latest publication only, a
member the live draft (by session or by token), ``?view=published`` and
``?publication=N`` as on the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from habitat_monitor.reporting.models import Submission
from habitat_monitor.reporting.services.workflow import approve_submission
from tests.api.helpers import API, bearer, secret_for
from tests.factories import client_for, user_for_role

pytestmark = pytest.mark.django_db


def _approve_a_2022_report() -> Submission:
    """A submitted 2022 report approved after the demo's publication 1."""
    submission = (
        Submission.objects.filter(period__year=2022, status=Submission.Status.SUBMITTED)
        .order_by("office__code")
        .first()
    )
    assert submission is not None
    return approve_submission(submission, actor=user_for_role("officer"))


def _values(client: Client, query: str = "", **headers: Any) -> dict[str, Any]:
    response = client.get(f"{API}/values?year=2022{query}", **headers)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_public_sees_published_values_only(content: None) -> None:
    submission = _approve_a_2022_report()
    public = _values(Client())
    assert (public["count"], public["draft"], public["publication"]["number"]) == (0, False, 1)
    viewer = user_for_role("viewer")
    draft = _values(client_for(viewer))
    assert draft["count"] > 0 and draft["draft"] is True and draft["publication"] is None
    assert {row["office"] for row in draft["items"]} == {submission.office.code}
    assert _values(client_for(viewer), "&view=published")["count"] == 0
    by_token = _values(Client(), **bearer(secret_for(viewer)))
    assert by_token["count"] == draft["count"] and by_token["draft"] is True
    one = draft["items"][0]["url"]
    assert Client().get(one).status_code == 404
    assert client_for(viewer).get(one).json() == draft["items"][0]


def test_a_publication_can_be_pinned(content: None) -> None:
    pinned = Client().get(f"{API}/values?publication=1&limit=1").json()
    assert pinned["publication"]["number"] == 1 and pinned["count"] > 0
    assert Client().get(f"{API}/values?publication=99").status_code == 404


def test_a_token_of_a_member_reads_what_the_member_reads(content: None) -> None:
    """Member-only fields follow the token's owner on public reads too."""
    secret = secret_for(user_for_role("viewer"))
    public = Client().get(f"{API}/partners/demo-city-network").json()
    member = Client().get(f"{API}/partners/demo-city-network", **bearer(secret)).json()
    assert public["member"] is False and "contacts" not in public
    assert member["member"] is True and member["contacts"]
