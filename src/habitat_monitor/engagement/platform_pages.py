"""The platform pages' data: the 12 platforms and each one's reach over time."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from habitat_monitor.core.translated import pick
from habitat_monitor.engagement.models import Platform
from habitat_monitor.engagement.pages import result_row

Page = dict[str, Any]


def _platform_row(platform: Platform) -> Page:
    language = get_language()
    return {
        "number": platform.number,
        "code": platform.code,
        "name": pick(platform.name, language),
        "kind": pick(platform.kind, language),
        "audience": pick(platform.audience, language),
        "reach_direct": platform.reach_direct,
        "reach_indirect": platform.reach_indirect,
        "frequency": pick(platform.frequency, language),
    }


def platform_list() -> Page:
    platforms = Platform.objects.prefetch_related("events")
    return {"platforms": [_platform_row(p) | {"events": len(p.events.all())} for p in platforms]}


def _sum(values: list[int | None]) -> int | None:
    """The sum of the known figures; None when none is known (unknown is not 0)."""
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def reach_by_year(events: list[Any]) -> list[Page]:
    years: dict[int, list[Any]] = {}
    for event in events:
        years.setdefault(event.date.year, []).append(event)
    return [
        {
            "year": year,
            "events": len(held),
            "reach_direct": _sum([e.reach_direct for e in held]),
            "reach_indirect": _sum([e.reach_indirect for e in held]),
            "illustrative": any(e.illustrative for e in held),
        }
        for year, held in sorted(years.items())
    ]


def platform_detail(platform: Platform) -> Page:
    events = list(platform.events.select_related("country"))
    rows = [
        {
            "title": e.title,
            "date": e.date.isoformat(),
            "place": e.place,
            "country": e.country.alpha3 if e.country else None,
            "reach_direct": e.reach_direct,
            "reach_indirect": e.reach_indirect,
            "illustrative": e.illustrative,
        }
        for e in events
    ]
    results = [result_row(r) for r in platform.results.select_related("country", "flagship")]
    return {
        "platform": _platform_row(platform),
        "reach_by_year": reach_by_year(events),
        "events": rows,
        "results": results,
        "illustrative": any(r["illustrative"] for r in rows + results),
    }
