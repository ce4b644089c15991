"""Reporting periods, derived from the plan's years and each indicator's frequency.

- annual: one period a year, code ``2021``, 1 January to 31 December;
- semi-annual: ``2021-S1`` (January-June) and ``2021-S2`` (July-December);
- quarterly: ``2021-Q1`` ... ``2021-Q4``.

A period's report is due a number of days after it ends (45 by default, a
setting of the caller). Pure Python: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

FREQUENCIES = {"annual": 1, "semi_annual": 2, "quarterly": 4}
_SUFFIX = {"semi_annual": "S", "quarterly": "Q"}
_CODE = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>[SQ])(?P<index>\d))?$")


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    code: str
    year: int
    frequency: str
    index: int

    def due(self, grace_days: int = 45) -> date:
        return self.end + timedelta(days=grace_days)


def _period(year: int, frequency: str, index: int) -> Period:
    parts = FREQUENCIES[frequency]
    months = 12 // parts
    first_month = (index - 1) * months + 1
    start = date(year, first_month, 1)
    next_start = date(year + 1, 1, 1) if index == parts else date(year, first_month + months, 1)
    code = str(year) if parts == 1 else f"{year}-{_SUFFIX[frequency]}{index}"
    return Period(start, next_start - timedelta(days=1), code, year, frequency, index)


def periods_for(years: Sequence[int], frequency: str) -> list[Period]:
    """Every period of ``frequency`` in ``years``, in time order."""
    if frequency not in FREQUENCIES:
        raise ValueError(f"unknown frequency {frequency!r}: use one of {', '.join(FREQUENCIES)}")
    return [
        _period(year, frequency, index)
        for year in years
        for index in range(1, FREQUENCIES[frequency] + 1)
    ]


def parse_period(code: str) -> Period:
    """``2021`` -> the annual period; ``2021-S2``, ``2021-Q3`` likewise. ValueError otherwise."""
    match = _CODE.match(code.strip())
    if not match:
        raise ValueError(f"{code!r} is not a period: write 2021, 2021-S1 or 2021-Q3")
    year = int(match["year"])
    if match["kind"] is None:
        return _period(year, "annual", 1)
    frequency = "semi_annual" if match["kind"] == "S" else "quarterly"
    index = int(match["index"])
    if not 1 <= index <= FREQUENCIES[frequency]:
        raise ValueError(f"{code!r} is not a period: {match['kind']}{index} does not exist")
    return _period(year, frequency, index)
