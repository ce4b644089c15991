"""Indicator values computed from the registers land in a submission and follow the
approval workflow; running again is idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.core.roles import Role
from habitat_monitor.engagement.errors import NothingToCompute
from habitat_monitor.engagement.models import Partner, PartnerType, Platform
from habitat_monitor.engagement.services.agreements import (
    change_agreement_status,
    create_agreement,
)
from habitat_monitor.engagement.services.feeding import (
    compute_engagement_values,
    read_mapping,
)
from habitat_monitor.engagement.services.registers import record_event, record_result
from habitat_monitor.geo.models import Country, Office
from habitat_monitor.plans.models import Plan
from habitat_monitor.plans.services import load_plan
from habitat_monitor.reporting.errors import WorkflowError
from habitat_monitor.reporting.models import ReportingPeriod, Value
from habitat_monitor.reporting.services.assignments import assign_indicators
from habitat_monitor.reporting.services.workflow import (
    approve_submission,
    reopen_submission,
    submit_submission,
)
from tests.factories import make_office, make_user, user_for_role

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
MAP = read_mapping(DATA / "indicator-map.yaml")["ENG-TEST"]


@pytest.fixture
def setup(content: None) -> dict[str, Any]:
    """The test plan assigned to an office covering Kenya, with registers for 2021."""
    officer = user_for_role("officer")
    text = (DATA / "engagement-plan.yaml").read_text(encoding="utf-8")
    plan = load_plan(text, filename="engagement-plan.yaml").plan
    office = make_office(code="ENGT")
    office.covers.add(Country.objects.get(alpha3="KEN"))
    assign_indicators(plan.indicators.all(), [office], actor=officer)
    period = ReportingPeriod.objects.get(plan=plan, code="2021")
    bank = Partner.objects.get(code="adb")
    agreement = create_agreement(
        bank, actor=officer, title="Loan", kind="contribution", start=date(2021, 2, 1)
    )
    change_agreement_status(agreement, "active", actor=officer)
    wuf = Platform.objects.get(code="wuf")
    record_event(wuf, actor=officer, title="WUF", date=date(2021, 6, 1), reach_direct=1200)
    record_result(
        actor=officer,
        kind="co_investment",
        date=date(2021, 5, 1),
        description="pledge",
        amount=Decimal("1000"),
        currency="EUR",
    )
    record_result(actor=officer, kind="policy_change", date=date(2021, 9, 1), description="law")
    clerk = make_user(role=Role.FOCAL_POINT, offices=("ENGT",))
    return {"plan": plan, "period": period, "office": office, "officer": officer, "clerk": clerk}


def _baseline(period: ReportingPeriod) -> dict[str, float]:
    """What the registers already hold for the period (the shared demo content)."""
    from habitat_monitor.engagement.measures import Period, compute
    from habitat_monitor.engagement.queries import register_rows

    span, rows = Period(period.start, period.end), register_rows()
    return {
        entry["indicator"]: compute(entry["computation"], rows, span, entry.get("params")).value
        or 0.0
        for entry in MAP
    }


def _run(s: dict[str, Any], actor: Any = None) -> dict[str, Any]:
    return compute_engagement_values(
        s["plan"], s["period"], actor=actor or s["clerk"], office=s["office"], mapping=MAP
    )


def test_values_land_in_the_offices_submission(setup: dict[str, Any]) -> None:
    """Each mapped indicator gets its computed value, with the reason and a note."""
    expected = _baseline(setup["period"])
    result = _run(setup)
    assert result["added"] == 4 and result["changed"] == 0
    values = {
        v.indicator.code: v
        for v in Value.objects.filter(submission_id=result["submission"]).select_related(
            "indicator"
        )
    }
    assert set(values) == {"P.1.1", "P.1.2", "P.1.3", "P.1.4"}
    for code, value in values.items():
        assert value.value == round(expected[code])
        assert value.note.startswith("computed from the engagement registers: ")
    assert values["P.1.2"].value >= 1100  # 1000 EUR at 1.1
    assert values["P.1.4"].value >= 1200


def test_running_again_is_idempotent(setup: dict[str, Any]) -> None:
    """A second run adds and changes nothing; a new register row changes one value."""
    _run(setup)
    again = _run(setup)
    assert (again["added"], again["changed"], again["unchanged"]) == (0, 0, 4)
    record_result(
        actor=setup["officer"], kind="policy_change", date=date(2021, 10, 1), description="x"
    )
    third = _run(setup)
    assert (third["added"], third["changed"]) == (0, 1)


def test_values_go_through_the_approval_workflow(setup: dict[str, Any]) -> None:
    """Submitted by the office's focal point, approved by an officer; a rerun after
    approval that changes nothing is accepted, one that would change is refused."""
    result = _run(setup)
    from habitat_monitor.reporting.models import Submission

    submission = Submission.objects.get(pk=result["submission"])
    submit_submission(submission, actor=setup["clerk"])
    approved = approve_submission(submission, actor=setup["officer"])
    assert approved.status == "approved"
    assert _run(setup)["unchanged"] == 4
    record_result(
        actor=setup["officer"], kind="policy_change", date=date(2021, 10, 1), description="x"
    )
    with pytest.raises(WorkflowError):
        _run(setup)
    reopen_submission(approved, actor=setup["officer"], reason="new policy change recorded")
    assert _run(setup)["changed"] == 1


@pytest.mark.parametrize("role", ["anonymous", "viewer", "officer", "author", "focal_other"])
def test_only_who_reports_for_the_office_may_compute(setup: dict[str, Any], role: str) -> None:
    """Reading the registers is not enough: the values are the office's report, so
    only its focal points (and administrators) write them; nothing is written."""
    actor = user_for_role(role)
    if actor is None:
        from django.contrib.auth.models import AnonymousUser

        actor = AnonymousUser()
    with pytest.raises(NotAllowed):
        _run(setup, actor)
    assert not Value.objects.filter(submission__office=setup["office"]).exists()


def test_admin_may_compute(setup: dict[str, Any]) -> None:
    assert _run(setup, user_for_role("admin"))["added"] == 4


def test_unassigned_or_unknown_indicators_are_named(setup: dict[str, Any]) -> None:
    """A mapping naming an indicator the plan lacks, or one not assigned, is refused."""
    with pytest.raises(NothingToCompute, match=r"Z\.9"):
        compute_engagement_values(
            setup["plan"],
            setup["period"],
            actor=setup["clerk"],
            office=setup["office"],
            mapping=[{"indicator": "Z.9", "computation": "active_partnerships"}],
        )
    other = make_office(code="ENGU")
    with pytest.raises(NothingToCompute, match="ENGU"):
        compute_engagement_values(
            setup["plan"], setup["period"], actor=user_for_role("admin"), office=other, mapping=MAP
        )


def test_the_built_in_plan_computes_its_partnership_indicators(content: None) -> None:
    """C4-C7 of the UN-Habitat plan come from the registers: the demo's headquarters
    reports hold exactly what computing gives, flagged illustrative, through the
    workflow (2021 approved and published); computing again changes nothing."""
    from habitat_monitor.reporting.models import Submission, Value

    assert [e["indicator"] for e in read_mapping()["UNH-SP-2020-2023"]] == [
        "C4",
        "C5",
        "C6",
        "C7",
    ]
    plan = Plan.objects.get(code="UNH-SP-2020-2023")
    period = ReportingPeriod.objects.get(plan=plan, code="2021")
    report = Submission.objects.get(office__kind="hq", period=period)
    assert report.status == Submission.Status.APPROVED and report.illustrative
    stored = {v.indicator.code: v.value for v in Value.objects.filter(submission=report)}
    again = compute_engagement_values(plan, period, actor=user_for_role("admin"))
    assert again["unchanged"] == 4 and again["added"] == again["changed"] == 0
    assert stored == {item["indicator"]: item["value"] for item in again["values"]}
    assert stored["C7"] == 1120 and stored["C4"] == 2
    assert all(Value.objects.filter(submission=report).values_list("illustrative", flat=True))
    assert {v.place for v in Value.objects.filter(submission=report)} == {""}


def test_a_plan_that_maps_no_indicator_says_so(content: None) -> None:
    plan = Plan.objects.get(code="UNH-SP-2020-2023")
    period = ReportingPeriod.objects.get(plan=plan, code="2021")
    with pytest.raises(NothingToCompute):
        compute_engagement_values(plan, period, actor=user_for_role("admin"), mapping=[])


def test_headquarters_receives_the_values(setup: dict[str, Any]) -> None:
    """By default the values go to headquarters' submission."""
    admin = user_for_role("admin")
    hq = Office.objects.get(kind="hq")
    assign_indicators(setup["plan"].indicators.all(), [hq], actor=admin)
    result = compute_engagement_values(setup["plan"], setup["period"], actor=admin, mapping=MAP)
    assert result["office"] == "HQ" and result["added"] == 4


def test_every_partner_type_code_used_in_maps_exists(content: None) -> None:
    """Mapping parameters name partner types that exist."""
    codes = set(PartnerType.objects.values_list("code", flat=True))
    for entries in read_mapping().values():
        for entry in entries:
            assert entry.get("params", {}).get("partner_type", "governments") in codes
