"""The benchmark's baseline (``orm_source``, no analytics store) gives the store's
answers on the demo data: statuses, actuals, values at every level, breakdowns and
the counts up the framework, for every year of the plan; and the pages serve the
same numbers with ``ANALYTICS_BACKEND = "orm"``."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from habitat_monitor.progress.orm_source import progress_from_orm
from habitat_monitor.progress.services import PLACE_LEVELS, Scope, UnknownPlan, progress_from
from habitat_monitor.progress.store.location import reading
from tests.factories import client_for, user_for_role
from tests.progress.store_helpers import store

pytestmark = pytest.mark.django_db
__all__ = ["store"]  # a fixture
PLAN = "UNH-SP-2020-2023"
YEARS = (2020, 2021, 2022, 2023)


def same(left: Any, right: Any, where: str = "") -> None:
    """Equal, floats within rounding (the store sums in DuckDB, the baseline in Python)."""
    if isinstance(left, float) and isinstance(right, float):
        assert math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-12), where
    elif isinstance(left, dict) and isinstance(right, dict):
        assert left.keys() == right.keys(), where
        for key in left:
            same(left[key], right[key], f"{where}.{key}")
    elif isinstance(left, list) and isinstance(right, list):
        assert len(left) == len(right), where
        for n, (a, b) in enumerate(zip(left, right, strict=True)):
            same(a, b, f"{where}[{n}]")
    else:
        assert left == right, where


@pytest.mark.parametrize("year", YEARS)
def test_the_baseline_gives_the_store_answers_each_year(store: Path, year: int) -> None:
    scope = Scope(year=year, levels=PLACE_LEVELS, breakdowns=True, today=date(2024, 6, 1))
    with reading(store) as con:
        expected = progress_from(con, PLAN, scope)
    found = progress_from_orm(PLAN, scope)
    assert (found.year, found.years, found.end_year) == (year, (2020, 2021), 2023)
    assert [i.code for i in found.indicators] == [i.code for i in expected.indicators]
    assert [i.status for i in found.indicators] == [i.status for i in expected.indicators]
    for mine, theirs in zip(found.indicators, expected.indicators, strict=True):
        same(mine.actual, theirs.actual, mine.code)
        assert len(mine.places) == len(theirs.places) and len(mine.breakdowns) == len(
            theirs.breakdowns
        ), mine.code
    assert found.rollup == expected.rollup
    assert expected.rollup.plan.assessed > 0 or year > 2021
    same(found.as_dict(), expected.as_dict())


def test_the_default_year_and_an_indicator_subset_follow_the_store(store: Path) -> None:
    scope = Scope(indicators=("G1", "1.1.3"), levels=("org_region",))
    with reading(store) as con:
        expected = progress_from(con, PLAN, scope)
    found = progress_from_orm(PLAN, scope)
    assert found.year == expected.year == 2021
    same(found.as_dict(), expected.as_dict())


def test_an_unknown_plan_is_refused(content: None) -> None:
    with pytest.raises(UnknownPlan):
        progress_from_orm("NO-SUCH-PLAN")


@pytest.mark.parametrize("url", ["/index.json", "/progress/indicators/1.1.3.json"])
def test_the_pages_serve_the_same_numbers_from_the_orm(
    store: Path, settings: Any, url: str
) -> None:
    """A member sees the live figures: the same with the store and without it."""
    client = client_for(user_for_role("officer"))
    with_store = client.get(url)
    settings.ANALYTICS_BACKEND = "orm"
    without = client.get(url)
    assert with_store.status_code == without.status_code == 200
    same(without.json(), with_store.json())
