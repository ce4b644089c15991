"""Approved values as the request may see them, read from the analytics store.

The public reads the latest publication's frozen copy of the store (or the one
``?publication=N`` names); members with a role read the live store, the draft of
the next publication (``progress.visibility``, as every progress page). Only the
values of the plan's current indicators are listed, as in the open data. Reads are
paged in SQL: a page costs the same whatever the number of values.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

import duckdb
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from habitat_monitor.plans.models import Plan
from habitat_monitor.progress import publishing
from habitat_monitor.progress.models import Publication
from habitat_monitor.progress.store import reader
from habitat_monitor.progress.store.location import StoreBusy
from habitat_monitor.progress.store.schema import BREAKDOWNS
from habitat_monitor.progress.store.snapshot import SnapshotUnreadable
from habitat_monitor.progress.views.data import ProgressUnavailable
from habitat_monitor.progress.views.published import publication_for

_COLUMNS: Final = (
    "value_id", "indicator", "office", "country", "city", "place", "period", "year",
    "period_start", "period_end", "disaggregation", *BREAKDOWNS, "value", "illustrative",
)  # fmt: skip
_FILTERS: Final = {
    "indicator": "v.indicator = ?",
    "office": "v.office = ?",
    "country": "v.country = ?",
    "year": "v.year = ?",
    "period": "v.period = ?",
    "id": "v.value_id = ?",
}
_ORDER: Final = (
    "i.position, v.indicator, v.year, v.period_start, v.office, v.place, "
    "v.disaggregation, v.value_id"
)


@contextmanager
def _connection(publication: Publication | None) -> Iterator[duckdb.DuckDBPyConnection]:
    try:
        if publication is None:
            with reader() as con:
                yield con
        else:
            with publishing.reading(publication) as con:
                yield con
    except SnapshotUnreadable as error:
        raise ProgressUnavailable(str(error), detail=str(error)) from error
    except (StoreBusy, duckdb.Error) as error:
        raise ProgressUnavailable(str(error)) from error


def _row(found: tuple[Any, ...]) -> dict[str, Any]:
    data = dict(zip(_COLUMNS, found, strict=True))
    value = data["value"]
    return {
        "id": data["value_id"],
        "indicator": data["indicator"],
        "office": data["office"],
        "country": data["country"],
        "city": data["city"],
        "place": data["place"],
        "period": data["period"],
        "year": data["year"],
        "period_start": data["period_start"],
        "period_end": data["period_end"],
        "disaggregation": data["disaggregation"] or "",
        "breakdown": {name: data[name] for name in BREAKDOWNS if data[name]},
        "value": value if value is not None and math.isfinite(value) else None,
        "illustrative": bool(data["illustrative"]),
        "url": reverse("api:get_value", args=[data["value_id"]]),
    }


@dataclass
class StoreValues:
    """The approved values of ``plan`` matching ``filters`` (None: any), from the
    store this request may read. ``totals``: only the totals, no breakdown rows."""

    plan: Plan
    filters: dict[str, Any] = field(default_factory=dict)
    totals: bool = False

    @cached_property
    def publication(self) -> Publication | None:
        return publication_for(self.plan)

    def _where(self) -> tuple[str, list[Any]]:
        clauses, params = ["v.plan = ?", "i.active"], [self.plan.code]
        for name, value in self.filters.items():
            if value is not None and value != "":
                clauses.append(_FILTERS[name])
                params.append(value)
        if self.totals:
            clauses.append("v.disaggregation = ''")
        return " AND ".join(clauses), params

    def page(self, offset: int, limit: int) -> tuple[int, list[dict[str, Any]]]:
        where, params = self._where()
        source = "approved_value v JOIN indicator i ON i.plan = v.plan AND i.code = v.indicator"
        columns = ", ".join(f"v.{name}" for name in _COLUMNS)
        with _connection(self.publication) as con:
            counted = con.execute(f"SELECT count(*) FROM {source} WHERE {where}", params)
            count = int((counted.fetchone() or [0])[0])
            found = con.execute(
                f"SELECT {columns} FROM {source} WHERE {where} ORDER BY {_ORDER} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return count, [_row(row) for row in found]

    def about(self) -> dict[str, Any]:
        """Which figures these are: a publication (number, date) or the live draft."""
        publication = self.publication
        if publication is None:
            return {"draft": True, "publication": None}
        return {
            "draft": False,
            "publication": {
                "number": publication.number,
                "published_at": publication.published_at,
                "url": reverse("portal:publications"),
            },
        }


def one_value(plan: Plan, value_id: int) -> dict[str, Any]:
    _count, rows = StoreValues(plan, {"id": value_id}).page(0, 1)
    if not rows:
        raise Http404(_("There is no approved value with this number in the figures you see."))
    return rows[0]
