"""Illustrative demo rounds: the 2019 pilot (India, Kenya, Egypt, Colombia) and the
round in every country office, from ``typology/data/demo_rounds.yaml``.

Every score and result is invented and marked illustrative (rounds and
assessments). They are made through the services, so their audit trails are
real: a demo assessor assesses, the demo reviewer finalises (all but those the
file marks ``status: draft``) and overrides where the file says so. Loading again
changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from habitat_monitor.core.actors import SYSTEM
from habitat_monitor.core.roles import Role, ensure_groups
from habitat_monitor.geo.models import City, Country
from habitat_monitor.plans.models import Plan
from habitat_monitor.typology.files import read_text
from habitat_monitor.typology.models import AssessmentRound
from habitat_monitor.typology.queries import plan_typology
from habitat_monitor.typology.services.assessments import (
    create_assessment,
    finalise_assessment,
    override_category,
)
from habitat_monitor.typology.services.rounds import create_round

DEMO_FILE = Path(__file__).resolve().parents[1] / "data" / "demo_rounds.yaml"
REASON = "illustrative demo data"


def demo_assessor() -> Any:
    """The demo assessor (an M&E officer without a password)."""
    ensure_groups()
    user, created = get_user_model().objects.get_or_create(username="demo.assessor")
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=Role.ME_OFFICER.value))
    return user


def _round(plan: Plan, header: dict[str, Any]) -> AssessmentRound:
    return create_round(
        plan,
        actor=SYSTEM,
        code=header["code"],
        title=header["title"],
        starts=header.get("starts"),
        ends=header.get("ends"),
        illustrative=True,
    )


@transaction.atomic
def load_demo_rounds(plan: Plan, *, reviewer: Any) -> int:
    """Create the demo rounds and assessments; returns how many assessments it created
    (0 when the rounds exist, or when the plan has no typology)."""
    document = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    codes = [header["code"] for header in document["rounds"]]
    if plan_typology(plan) is None or AssessmentRound.objects.filter(code__in=codes).exists():
        return 0
    assessor = demo_assessor()
    rounds = {header["code"]: _round(plan, header) for header in document["rounds"]}
    countries = {c.alpha3: c for c in Country.objects.filter(alpha3__in=_countries(document))}
    created = 0
    for entry in read_text(DEMO_FILE.read_text(encoding="utf-8"), DEMO_FILE.name):
        data = dict(entry.data)
        country = countries[data.pop("country")]
        city_name = data.pop("city", None)
        city = City.objects.get(country=country, name__en=city_name) if city_name else None
        assessment = create_assessment(
            rounds[str(entry.round)],
            actor=assessor,
            country=country,
            city=city,
            data=data,
            reason=REASON,
            illustrative=True,
        )
        created += 1
        if entry.extra.get("status") == "draft":
            continue
        finalise_assessment(assessment, actor=reviewer)
        override = entry.extra.get("override")
        if override:
            override_category(
                assessment, actor=reviewer, category=override["category"], reason=override["reason"]
            )
    return created


def _countries(document: dict[str, Any]) -> set[str]:
    return {a["country"] for header in document["rounds"] for a in header["assessments"]}
