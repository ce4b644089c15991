"""Assessment services: classify on write, audit, draft → final, override, rounds."""

from __future__ import annotations

from typing import Any

import pytest

from habitat_monitor.core.actors import SYSTEM
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.geo.models import City, Country
from habitat_monitor.plans.models import Plan
from habitat_monitor.plans.services import DEFAULT_PLAN_FILE, load_plan
from habitat_monitor.typology.errors import StepRefused
from habitat_monitor.typology.inputs import AssessmentInvalid
from habitat_monitor.typology.models import Assessment, AssessmentRound
from habitat_monitor.typology.services.assessments import (
    create_assessment,
    finalise_assessment,
    override_category,
    update_assessment,
)
from habitat_monitor.typology.services.demo import load_demo_rounds
from habitat_monitor.typology.services.rounds import compare_rounds, create_round
from tests.audit import assert_audited, history_count
from tests.typology.conftest import make_assessment
from tests.typology.helpers import raw, score_map

pytestmark = pytest.mark.django_db


def test_create_classifies_and_stores_the_explanation(
    test_round: AssessmentRound, assessor: Any
) -> None:
    scores = score_map(drivers=(3, 2, 2, 2), capacity=(2, 1))
    assessment = make_assessment(test_round, actor=assessor, scores=scores)
    assert (assessment.category, assessment.rule) == (2, "capacity-weak")
    assert assessment.status == "draft"
    assert assessment.assessor == assessor
    assert assessment.plan_version is not None
    assert assessment.plan_version.number == test_round.plan.version
    assert assessment.explanation["rule"] == "capacity-weak"
    assert assessment.history.first().history_user == assessor


def test_invalid_input_writes_nothing(test_round: AssessmentRound, assessor: Any) -> None:
    with pytest.raises(AssessmentInvalid) as caught:
        make_assessment(test_round, actor=assessor, scores={**score_map(), "governance": 5})
    assert "governance" in str(caught.value)
    assert not Assessment.objects.filter(round=test_round).exists()


def test_a_place_is_assessed_once_per_round(test_round: AssessmentRound, assessor: Any) -> None:
    make_assessment(test_round, actor=assessor)
    with pytest.raises(StepRefused):
        make_assessment(test_round, actor=assessor)


def test_a_city_and_its_country_are_assessed_apart(
    test_round: AssessmentRound, assessor: Any
) -> None:
    kenya = Country.objects.get(alpha3="KEN")
    nairobi = City.objects.get(country=kenya, name__en="Nairobi")
    make_assessment(test_round, actor=assessor)
    city = create_assessment(test_round, actor=assessor, country=kenya, city=nairobi, data=raw())
    assert city.place == "KEN Nairobi"
    mumbai = City.objects.get(name__en="Mumbai")
    with pytest.raises(AssessmentInvalid, match="not a city of KEN"):
        create_assessment(test_round, actor=assessor, country=kenya, city=mumbai, data=raw())


def test_update_reclassifies_and_is_audited(test_round: AssessmentRound, assessor: Any) -> None:
    assessment = make_assessment(test_round, actor=assessor)
    assert assessment.category == 3
    shocks = [{"kind": "natural", "severity": 4, "ongoing": True}]
    update_assessment(assessment, actor=assessor, data=raw(shocks=shocks), reason="cyclone")
    assessment.refresh_from_db()
    assert (assessment.category, assessment.rule) == (5, "shock-or-crisis")
    assert_audited(assessment, by=assessor, changed={"category": (3, 5)}, reason="cyclone")


def test_finalise_needs_another_reviewer(
    test_round: AssessmentRound, assessor: Any, officer: Any
) -> None:
    assessment = make_assessment(test_round, actor=assessor)
    with pytest.raises(NotAllowed, match="they assessed"):
        finalise_assessment(assessment, actor=assessor)
    finalise_assessment(assessment, actor=officer)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.reviewer) == ("final", officer)
    assert_audited(assessment, by=officer, changed={"status": ("draft", "final")})
    with pytest.raises(StepRefused, match="already final"):
        finalise_assessment(assessment, actor=officer)
    with pytest.raises(StepRefused, match="overridden"):
        update_assessment(assessment, actor=assessor, data=raw())


def test_override_needs_a_reason_and_a_defined_category(
    test_round: AssessmentRound, assessor: Any, officer: Any
) -> None:
    assessment = make_assessment(test_round, actor=assessor)
    before = history_count(assessment)
    with pytest.raises(AssessmentInvalid, match="say why"):
        override_category(assessment, actor=officer, category=4, reason=" ")
    with pytest.raises(AssessmentInvalid, match="9 is not a category"):
        override_category(assessment, actor=officer, category=9, reason="typo")
    assert history_count(assessment) == before
    override_category(assessment, actor=officer, category=4, reason="housing crisis in Nairobi")
    assessment.refresh_from_db()
    assert (assessment.final_category, assessment.category) == (4, 3)
    assert_audited(
        assessment,
        by=officer,
        changed={"override_category": (None, 4)},
        reason="override: housing crisis in Nairobi",
    )


def test_only_staff_override_and_focal_points_assess_their_own_countries(
    test_round: AssessmentRound, content: None
) -> None:
    from habitat_monitor.core.roles import Role
    from tests.factories import make_user

    focal = make_user(role=Role.FOCAL_POINT, offices=("KEN",))
    kenya = make_assessment(test_round, actor=focal)
    assert kenya.assessor == focal
    with pytest.raises(NotAllowed):
        make_assessment(test_round, actor=focal, country="IND")
    with pytest.raises(NotAllowed):
        override_category(kenya, actor=focal, category=1, reason="no")
    with pytest.raises(NotAllowed):
        finalise_assessment(kenya, actor=make_user(role=Role.VIEWER))


def test_a_plan_without_typology_cannot_be_assessed(content: None) -> None:
    from habitat_monitor.typology.errors import NoTypology
    from tests.typology.helpers import ROOT

    small = ROOT / "tests" / "plans" / "data" / "small-plan.yaml"
    plan = load_plan(small.read_text(encoding="utf-8"), filename="small-plan.yaml").plan
    other = create_round(plan, actor=SYSTEM, code="SMALL-1", title={"en": "Small"})
    with pytest.raises(NoTypology):
        make_assessment(other, actor=SYSTEM)


def test_changed_thresholds_in_a_new_plan_version_change_the_result(
    test_round: AssessmentRound, assessor: Any
) -> None:
    """Loading the plan with the crisis threshold at 2 (a new version, no code) makes an
    updated assessment with an ongoing shock of severity 2 a category 5; the assessment
    records the version whose rules it used."""
    shocks = [{"kind": "natural", "severity": 2, "ongoing": True}]
    assessment = make_assessment(test_round, actor=assessor, shocks=shocks)
    assert assessment.category == 3
    text = DEFAULT_PLAN_FILE.read_text(encoding="utf-8")
    old = "        - {of: shocks, stat: max, at_least: 3}\n"
    result = load_plan(
        text.replace(old, "        - {of: shocks, stat: max, at_least: 2}\n"), filename="v2.yaml"
    )
    assert result.created
    assert "rule shock-or-crisis" in result.changes["typology"]["changed"]
    update_assessment(assessment, actor=assessor, data=raw(shocks=shocks))
    assessment.refresh_from_db()
    assert (assessment.category, assessment.plan_version) == (5, result.version)


def test_loading_the_plan_again_changes_nothing(content: None) -> None:
    plan = Plan.objects.get(code="UNH-SP-2020-2023")
    text = DEFAULT_PLAN_FILE.read_text(encoding="utf-8")
    result = load_plan(text, filename="plan.yaml")
    assert not result.created
    assert result.version.document["typology"]["rules"][0]["code"] == "shock-or-crisis"
    assert plan.versions.count() == result.version.number


def test_demo_rounds_are_loaded_once_through_the_services(content: None) -> None:
    """The content fixture loaded them: both rounds, illustrative, with real audit rows."""
    pilot = AssessmentRound.objects.get(code="2019-PILOT")
    full = AssessmentRound.objects.get(code="2019-ALL")
    assert (pilot.assessments.count(), full.assessments.count()) == (4, 16)
    assert {a.country.alpha3 for a in pilot.assessments.all()} == {"IND", "KEN", "EGY", "COL"}
    assert not Assessment.objects.filter(round__in=[pilot, full], illustrative=False).exists()
    assert pilot.illustrative and full.illustrative
    jordan = full.assessments.get(country__alpha3="JOR")
    assert (jordan.category, jordan.final_category) == (2, 5)
    assert jordan.history.filter(history_change_reason__startswith="override:").exists()
    assert full.assessments.get(country__alpha3="PHL").status == "draft"
    reviewer = Assessment.objects.get(round=pilot, country__alpha3="KEN").reviewer
    assert load_demo_rounds(pilot.plan, reviewer=reviewer) == 0


def test_compare_rounds_lists_changes(content: None) -> None:
    pilot = AssessmentRound.objects.get(code="2019-PILOT")
    full = AssessmentRound.objects.get(code="2019-ALL")
    rows = {row["place"]: row for row in compare_rounds(pilot, full)}
    india = {key: rows["IND"][key] for key in ("place", "name", "before", "after", "change")}
    assert india == {"place": "IND", "name": "India", "before": 2, "after": 3, "change": "changed"}
    assert (rows["IND"]["domains_before"], rows["IND"]["domains_changed"]) == (["1", "3"], False)
    assert rows["KEN"]["change"] == "same"
    assert rows["BRA"]["change"] == "new"
    assert "PHL" not in rows  # a draft is not compared
    back = {row["place"]: row["change"] for row in compare_rounds(full, pilot)}
    assert back["BRA"] == "gone"


def test_round_codes_are_unique_and_dates_ordered(officer: Any, content: None) -> None:
    from datetime import date

    plan = Plan.objects.get(code="UNH-SP-2020-2023")
    with pytest.raises(StepRefused):
        create_round(plan, actor=officer, code="2019-ALL", title={"en": "again"})
    with pytest.raises(StepRefused):
        create_round(
            plan,
            actor=officer,
            code="X",
            title={"en": "x"},
            starts=date(2024, 2, 1),
            ends=date(2024, 1, 1),
        )


@pytest.mark.parametrize("role", ["viewer", "focal_own"])
def test_only_staff_open_rounds(content: None, role: str) -> None:
    from tests.factories import user_for_role

    plan = Plan.objects.get(code="UNH-SP-2020-2023")
    with pytest.raises(NotAllowed):
        create_round(plan, actor=user_for_role(role), code="NO-1", title={"en": "no"})
    assert not AssessmentRound.objects.filter(code="NO-1").exists()
