"""Reporting fixtures: a fresh draft for Egypt's 2023 report, reached through services."""

from __future__ import annotations

from typing import Any

import pytest

from habitat_monitor.core.roles import Role
from habitat_monitor.geo.models import Office
from habitat_monitor.reporting.models import ReportingPeriod, Submission
from habitat_monitor.reporting.services.values import open_submission
from tests.factories import make_user


@pytest.fixture
def focal(content: None) -> Any:
    return make_user(role=Role.FOCAL_POINT, offices=("EGY",))


@pytest.fixture
def officer(content: None) -> Any:
    return make_user(role=Role.ME_OFFICER)


@pytest.fixture
def draft(focal: Any) -> Submission:
    """Egypt's 2023 submission, opened (empty) by its focal point."""
    period = ReportingPeriod.objects.get(plan__code="UNH-SP-2020-2023", code="2023")
    return open_submission(Office.objects.get(code="EGY"), period, actor=focal)


def rows(*cells: dict[str, str]) -> list[tuple[int, dict[str, str]]]:
    """Rows as a file would give them: numbered from 2 (row 1 is the header)."""
    return [(number, dict(c)) for number, c in enumerate(cells, start=2)]
