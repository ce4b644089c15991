"""Every year with approved values, assessed: the series behind open-data files and
exports that list an indicator's status year by year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import duckdb

from habitat_monitor.progress.services import PlanProgress, Scope, progress_from


def each_year(con: duckdb.DuckDBPyConnection, plan: str, today: date) -> Iterator[PlanProgress]:
    """The plan assessed for each year with data, oldest first, as of ``today`` (which
    decides what is due). Raises ``services.UnknownPlan`` for a store without the plan."""
    latest = progress_from(con, plan, Scope(today=today))
    for year in latest.years:
        yield (
            latest
            if year == latest.year
            else progress_from(con, plan, Scope(year=year, today=today))
        )
