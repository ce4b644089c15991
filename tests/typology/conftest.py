"""Typology fixtures: a round of the built-in plan and assessments reached through services."""

from __future__ import annotations

from typing import Any

import pytest

from habitat_monitor.core.roles import Role
from habitat_monitor.geo.models import Country
from habitat_monitor.plans.models import Plan
from habitat_monitor.typology.models import Assessment, AssessmentRound
from habitat_monitor.typology.services.assessments import create_assessment
from habitat_monitor.typology.services.rounds import create_round
from tests.factories import make_user
from tests.typology.helpers import raw


@pytest.fixture
def officer(content: None) -> Any:
    return make_user(role=Role.ME_OFFICER)


@pytest.fixture
def assessor(content: None) -> Any:
    return make_user(role=Role.PLAN_AUTHOR)


@pytest.fixture
def test_round(officer: Any) -> AssessmentRound:
    plan = Plan.objects.get(code="UNH-SP-2020-2023")
    return create_round(plan, actor=officer, code="T-2024", title={"en": "Test round"})


def make_assessment(
    assessment_round: AssessmentRound, *, actor: Any, country: str = "KEN", **data: Any
) -> Assessment:
    return create_assessment(
        assessment_round,
        actor=actor,
        country=Country.objects.get(alpha3=country),
        data=raw(**data),
    )
