"""The assessment form: create and change a draft, inline errors, finalise, who may.

A refused write answers 403 and changes nothing, not even the audit trail; a
rejected form shows every problem beside its field and a summary at the top.
"""

from __future__ import annotations

from typing import Any

import pytest

from habitat_monitor.core.roles import Role
from habitat_monitor.geo.models import City, Country
from habitat_monitor.typology.models import Assessment, AssessmentRound
from tests.audit import history_count
from tests.factories import client_for, make_user, user_for_role
from tests.typology.conftest import make_assessment
from tests.typology.helpers import ITEMS, SOCIAL, score_map

pytestmark = pytest.mark.django_db


def _post_data(
    scores: dict[str, Any] | None = None,
    *,
    country: str | None = "KEN",
    city: City | None = None,
    social: str = SOCIAL,
    sectors: list[dict[str, Any]] | None = None,
    shocks: list[dict[str, Any]] | None = None,
    priorities: tuple[str, ...] = ("1", "1.2"),
) -> dict[str, Any]:
    data: dict[str, Any] = {"social_inclusion": social, "priorities": list(priorities)}
    if country:
        data["country"] = Country.objects.get(alpha3=country).pk
        data["city"] = city.pk if city else ""
    for code, score in (score_map() if scores is None else scores).items():
        data[f"score_{code}"] = str(score)
    data["evidence_governance"] = "Urban policy adopted in 2018."
    for prefix, entries, blank in (
        ("sector", sectors or [], {"sector": "", "severity": "", "note": ""}),
        ("shock", shocks or [], {"kind": "", "severity": "", "description": ""}),
    ):
        rows = [*entries, blank, blank]
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for n, row in enumerate(rows):
            data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


def _new(test_round: AssessmentRound) -> str:
    return f"/typology/rounds/{test_round.code}/assessments/new/"


def test_the_form_lists_the_items_of_the_plans_typology(
    test_round: AssessmentRound, assessor: Any
) -> None:
    page = client_for(assessor).get(_new(test_round))
    assert page.status_code == 200
    html = page.content.decode()
    for code in ITEMS:
        assert f'name="score_{code}"' in html
        assert f'name="evidence_{code}"' in html
    assert "Governance" in html  # the item's title, from the plan file
    assert "3 functioning" in html  # the plan's scale
    assert 'name="sector-0-severity"' in html and 'name="shock-0-kind"' in html
    assert 'value="1.2"' in html  # an outcome as a priority


def test_create_a_draft_with_sectors_and_shocks(test_round: AssessmentRound, assessor: Any) -> None:
    nairobi = City.objects.get(country__alpha3="KEN", name__en="Nairobi")
    data = _post_data(
        score_map(drivers=(3, 2, 2, 2), capacity=(2, 1)),
        city=nairobi,
        sectors=[{"sector": "homelessness", "severity": "3", "note": "Street families."}],
        shocks=[{"kind": "natural", "severity": "2", "ongoing": "on", "description": "drought"}],
    )
    response = client_for(assessor).post(_new(test_round), data)
    assessment = Assessment.objects.get(round=test_round)
    assert response.status_code == 302
    assert response["Location"] == f"/typology/assessments/{assessment.pk}/"
    assert (assessment.city, assessment.status, assessment.assessor) == (nairobi, "draft", assessor)
    assert assessment.scores == score_map(drivers=(3, 2, 2, 2), capacity=(2, 1))
    assert assessment.evidence == {"governance": "Urban policy adopted in 2018."}
    assert assessment.sector_challenges == [
        {"sector": "homelessness", "severity": 3, "note": "Street families."}
    ]
    assert assessment.shocks == [
        {"kind": "natural", "severity": 2, "ongoing": True, "description": "drought"}
    ]
    assert assessment.priorities == ["1", "1.2"]
    assert (assessment.category, assessment.rule) == (2, "capacity-weak")
    assert assessment.history.first().history_change_reason == "web form"


def test_problems_are_shown_beside_their_fields_and_nothing_is_saved(
    test_round: AssessmentRound, assessor: Any
) -> None:
    scores = {**score_map(), "governance": "", "financing": "4"}
    data = _post_data(
        scores, social="  ", sectors=[{"sector": "homelessness", "severity": "", "note": ""}]
    )
    page = client_for(assessor).post(_new(test_round), data)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="error-summary"' in html
    assert "3 problems need correcting" in html
    assert "governance: a score from 0 to 4 is required." in html
    assert "notes on social inclusion are required" in html
    assert "the severity must be a whole number from 0 to 4" in html
    # Beside the field, and linked from the summary.
    assert '<td class="has-error"><select name="score_governance"' in html
    assert 'href="#id_score_governance"' in html
    assert 'href="#id_sector-0-severity"' in html
    assert 'value="homelessness"' in html  # what was typed is kept
    assert not Assessment.objects.filter(round=test_round).exists()


def test_a_place_already_assessed_is_refused_on_the_country_field(
    test_round: AssessmentRound, assessor: Any
) -> None:
    make_assessment(test_round, actor=assessor)
    page = client_for(assessor).post(_new(test_round), _post_data())
    assert "is already assessed in round T-2024" in page.content.decode()
    assert Assessment.objects.filter(round=test_round).count() == 1


def test_edit_a_draft_then_a_reviewer_finalises_it(
    test_round: AssessmentRound, assessor: Any, officer: Any
) -> None:
    assessment = make_assessment(
        test_round,
        actor=assessor,
        shocks=[{"kind": "man_made", "severity": 1, "ongoing": False, "description": "unrest"}],
    )
    edit = f"/typology/assessments/{assessment.pk}/edit/"
    page = client_for(assessor).get(edit).content.decode()
    assert 'name="country"' not in page  # the place does not change
    assert 'value="unrest"' in page
    assert '<option value="3" selected>' in page
    assert "Finalise the assessment" not in page  # not by the assessor

    data = _post_data(score_map(enablers=(2, 2, 2, 2, 2, 2)), country=None)
    response = client_for(assessor).post(edit, data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.category, assessment.rule) == (3, "enablers-weak")
    assert assessment.shocks == []  # the shock row was left empty
    assert history_count(assessment) == 2

    reviewer_page = client_for(officer).get(edit).content.decode()
    assert "Finalise the assessment" in reviewer_page
    client_for(officer).post(f"/typology/assessments/{assessment.pk}/finalise/")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.reviewer) == ("final", officer)
    # A final assessment is not changed any more: back to its page.
    again = client_for(officer).post(edit, data)
    assert again.status_code == 302
    assert history_count(assessment) == 3


@pytest.mark.parametrize("role", ["viewer", "focal_other"])
def test_who_may_not_assess_gets_403_and_nothing_is_written(
    role: str, test_round: AssessmentRound, assessor: Any
) -> None:
    existing = make_assessment(test_round, actor=assessor, country="KEN")
    client = client_for(user_for_role(role))
    before = history_count(existing)
    edit = f"/typology/assessments/{existing.pk}/edit/"
    assert client.get(edit).status_code == 403
    data = _post_data(score_map(drivers=(1, 1, 1, 1)), country=None)
    assert client.post(edit, data).status_code == 403
    existing.refresh_from_db()
    assert existing.category == 3 and history_count(existing) == before
    if role == "viewer":
        assert client.get(_new(test_round)).status_code == 403
        assert client.post(_new(test_round), _post_data(country="IND")).status_code == 403
    assert Assessment.objects.filter(round=test_round).count() == 1


def test_a_focal_point_assesses_only_the_countries_of_their_office(
    test_round: AssessmentRound,
) -> None:
    focal = make_user(role=Role.FOCAL_POINT, offices=("KEN",))
    client = client_for(focal)
    page = client.post(_new(test_round), _post_data(country="IND"))
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    assert not Assessment.objects.filter(round=test_round).exists()
    assert client.post(_new(test_round), _post_data(country="KEN")).status_code == 302
    assert Assessment.objects.get(round=test_round).country.alpha3 == "KEN"


def test_anonymous_visitors_are_sent_to_sign_in(test_round: AssessmentRound) -> None:
    response = client_for(None).get(_new(test_round))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_form_speaks_chinese(test_round: AssessmentRound, assessor: Any) -> None:
    page = client_for(assessor).get(_new(test_round), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert "治理" in page.content.decode()  # the plan's Chinese title of governance
