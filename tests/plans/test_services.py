"""Loading plan files: one transaction, versions, diffs, round trips, audit."""

from __future__ import annotations

from pathlib import Path

import pytest

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.core.roles import Role
from habitat_monitor.plans.documents import plan_file_from_database, plan_yaml
from habitat_monitor.plans.models import Indicator, Plan, PlanVersion, Target
from habitat_monitor.plans.services import PlanLoadError, load_plan
from tests.audit import assert_audited
from tests.factories import make_user

SMALL_PLAN = (Path(__file__).parent / "data" / "small-plan.yaml").read_text(encoding="utf-8")


def _row_counts() -> tuple[int, ...]:
    return (
        Plan.objects.count(),
        PlanVersion.objects.count(),
        Indicator.objects.count(),
        Target.objects.count(),
        Target.history.count(),
    )


def test_invalid_file_changes_nothing(content: None) -> None:
    """A plan with a lint error raises, names the line, and writes no row at all."""
    before = _row_counts()
    broken = SMALL_PLAN.replace("values: {2022: 42, 2023: 44, 2024: 46}", "values: {2022: 42}")
    with pytest.raises(PlanLoadError) as raised:
        load_plan(broken, filename="broken.yaml")
    codes = {finding.code for finding in raised.value.findings}
    assert codes == {"HM106"}
    assert _row_counts() == before


def test_format_error_changes_nothing(content: None) -> None:
    """A misspelt field is a format error (HM002) with its line; nothing is written."""
    before = _row_counts()
    with pytest.raises(PlanLoadError) as raised:
        load_plan(
            SMALL_PLAN.replace("    measure: percent", "    meassure: percent", 1),
            filename="typo.yaml",
        )
    finding = raised.value.findings[0]
    assert finding.code == "HM002" and "unknown field" in finding.message
    assert finding.line == SMALL_PLAN.splitlines().index("    measure: percent") + 1
    assert _row_counts() == before


def test_load_twice_is_one_version(content: None) -> None:
    """The same file twice: one version, no second round of audit rows."""
    first = load_plan(SMALL_PLAN, filename="small-plan.yaml")
    history = Target.history.count()
    second = load_plan(SMALL_PLAN, filename="small-plan.yaml")
    assert first.created and not second.created
    assert second.version.number == 1
    assert Target.history.count() == history


def test_export_round_trip(content: None) -> None:
    """load -> export -> load gives the same content: no new version."""
    result = load_plan(SMALL_PLAN, filename="small-plan.yaml")
    exported = plan_yaml(plan_file_from_database(result.plan))
    again = load_plan(exported, filename="exported.yaml")
    assert not again.created
    assert (
        plan_file_from_database(result.plan).model_dump()
        == plan_file_from_database(again.plan).model_dump()
    )


def test_default_plan_round_trips(content: None) -> None:
    """The built-in UN-Habitat plan exports to a file that loads as the same version."""
    plan = Plan.objects.get(code="UNH-SP-2020-2023")
    again = load_plan(plan_yaml(plan_file_from_database(plan)), filename="export.yaml")
    assert not again.created


def test_changed_file_makes_a_new_version_with_a_diff(content: None) -> None:
    """Changing a target and removing an indicator: version 2, changes recorded, audited."""
    author = make_user(role=Role.PLAN_AUTHOR)
    load_plan(SMALL_PLAN, filename="small-plan.yaml", actor=author)
    kept = Indicator.objects.get(plan__code="TEST-PLAN", code="A.1.1")
    start = SMALL_PLAN.index('  - code: "X.1"')
    changed = SMALL_PLAN[:start].replace("2024: 20}", "2024: 25}")
    result = load_plan(changed, filename="v2.yaml", actor=author)
    assert result.created and result.version.number == 2
    assert result.changes["indicators"]["removed"] == ["X.1"]
    assert result.changes["targets"]["A.1.1"] == {"2024": [20.0, 25.0]}
    kept_now = Indicator.objects.get(pk=kept.pk)
    assert kept_now.code == "A.1.1"  # same row: values stay attached to it
    removed = Indicator.objects.get(plan__code="TEST-PLAN", code="X.1")
    assert removed.active is False
    target = Target.objects.get(indicator=kept, year=2024, office__isnull=True)
    assert_audited(
        target,
        by=author,
        changed={"value": (20.0, 25.0)},
        reason="plan file v2.yaml loaded as version 2",
    )


def test_viewer_may_not_load_a_plan(content: None) -> None:
    """The service itself refuses a user without the plan-author role."""
    with pytest.raises(NotAllowed):
        load_plan(SMALL_PLAN, filename="x.yaml", actor=make_user(role=Role.VIEWER))
    assert not Plan.objects.filter(code="TEST-PLAN").exists()


def test_unknown_office_is_an_error(content: None) -> None:
    """A target for an office the install does not have is refused (HM209)."""
    with pytest.raises(PlanLoadError) as raised:
        load_plan(SMALL_PLAN.replace("office: KEN, year", "office: XXX, year"), filename="o.yaml")
    assert [f.code for f in raised.value.findings] == ["HM209"]


def test_default_plan_content(content: None) -> None:
    """The built-in plan: 4 domains, 12 outcomes, at least 40 indicators on all five levels,
    every baseline and target marked illustrative."""
    plan = Plan.objects.get(code="UNH-SP-2020-2023")
    assert plan.domains.count() == 4
    assert sum(domain.outcomes.count() for domain in plan.domains.all()) == 12
    indicators = plan.indicators.filter(active=True)
    assert indicators.count() >= 40
    assert set(indicators.values_list("level", flat=True)) == {
        "catalytic",
        "goal",
        "domain",
        "outcome",
        "cross_cutting",
    }
    assert not Target.objects.filter(indicator__plan=plan, illustrative=False).exists()
    assert all(i.baseline.illustrative for i in indicators.select_related("baseline"))


def test_another_organisations_plan_loads(content: None) -> None:
    """The city plan in docs/examples loads beside the default plan, with no code change."""
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "city-plan.yaml"
    result = load_plan(example.read_text(encoding="utf-8"), filename="city-plan.yaml")
    assert result.created and result.plan.code == "KSM-CIDP-2024-2026"
    assert result.plan.years == [2024, 2025, 2026]
    assert result.plan.indicators.count() >= 8
    assert Plan.objects.filter(code="UNH-SP-2020-2023").exists()
