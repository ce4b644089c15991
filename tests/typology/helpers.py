"""Typology test helpers: the built-in plan's typology and assessments made from code."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from habitat_monitor.plans.framework import PlanFile, Typology
from habitat_monitor.plans.planfile import read
from habitat_monitor.typology.inputs import AssessmentInput, SectorChallenge, Shock

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PLAN = ROOT / "src" / "habitat_monitor" / "content" / "un_habitat_2020_2023" / "plan.yaml"
DEMO_FILE = ROOT / "src" / "habitat_monitor" / "typology" / "data" / "demo_rounds.yaml"
DRIVERS = ("policy_legislation", "planning_design", "governance", "financing")
ENABLERS = (
    "monitoring_knowledge",
    "innovation",
    "advocacy_outreach",
    "partnerships",
    "capacity_building",
    "systems_processes",
)
CAPACITY = ("capacity_national", "capacity_local")
ITEMS = DRIVERS + ENABLERS + CAPACITY
SOCIAL = "Women's tenure, youth employment, access for persons with disabilities."


@cache
def default_plan() -> PlanFile:
    return read(DEFAULT_PLAN.read_text(encoding="utf-8"), DEFAULT_PLAN.name)[1]


def default_typology() -> Typology:
    typology = default_plan().typology
    assert typology is not None
    return typology


def typology_from(text: str) -> Typology:
    """The typology of a plan file's text (a changed copy of the built-in one)."""
    typology = read(text, "changed.yaml")[1].typology
    assert typology is not None
    return typology


def score_map(
    drivers: tuple[int, ...] = (3, 3, 3, 3),
    enablers: tuple[int, ...] = (3, 3, 3, 3, 3, 3),
    capacity: tuple[int, ...] = (3, 3),
) -> dict[str, int]:
    return dict(zip(ITEMS, (*drivers, *enablers, *capacity), strict=True))


def raw(**changes: Any) -> dict[str, Any]:
    """Assessment data as a file or form gives it: strong everywhere unless changed."""
    data: dict[str, Any] = {
        "scores": score_map(),
        "evidence": {"governance": "Urban policy adopted in 2018."},
        "sector_challenges": [],
        "shocks": [],
        "priorities": ["1", "1.2"],
        "social_inclusion": SOCIAL,
    }
    data.update(changes)
    return data


def checked(
    drivers: tuple[int, ...] = (3, 3, 3, 3),
    enablers: tuple[int, ...] = (3, 3, 3, 3, 3, 3),
    capacity: tuple[int, ...] = (3, 3),
    shocks: tuple[tuple[str, int, bool], ...] = (),
    sectors: tuple[tuple[str, int], ...] = (),
) -> AssessmentInput:
    return AssessmentInput(
        scores=score_map(drivers, enablers, capacity),
        shocks=tuple(Shock(kind, severity, ongoing) for kind, severity, ongoing in shocks),
        sector_challenges=tuple(SectorChallenge(name, severity) for name, severity in sectors),
        social_inclusion=SOCIAL,
    )
