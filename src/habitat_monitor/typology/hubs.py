"""Multi-country hubs (annex 3 §10 (c)): a proposed grouping and the capacity each needs.

Plain Python, like ``uses``: the callers pass one ``Place`` per final assessment
(with its scores) and the plan's items (code -> group). Texts are English
templates with string parameters, marked for translation; the pages translate them.

How countries are grouped (a proposal for people to discuss, not a decision):

1. A hub never crosses a region: regional offices and events already work by region.
2. A region with at most ``max_size`` countries is one hub. A larger region is split
   into as few hubs as fit, of balanced sizes.
3. Each hub has an **anchor**: a country with a country office when there is one
   (the office can host the hub), else an assessed country. The first anchor is
   the country with the largest programme; each next one is the country least
   like the anchors chosen so far, so that the hubs differ in what they need.
4. In a split region, the other countries join the hub with room whose anchor they
   are most like (shared categories count twice, shared priority domains once); the
   countries most like some anchor choose first, ties by country code.

A country's cities (assessed on their own) go with the country.

What each hub needs, from its places' results:

- the **category mix** and the technical-assistance focus of each category in it;
- **expertise by domain of change**: each domain its places name as a priority;
- **expertise by item** (performance enablers, and drivers of change and
  institutional capacity too): needed when the hub's mean score is below
  ``weak_below`` (3, "functioning", by default); the places scoring below it are named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from math import ceil
from typing import Any

from habitat_monitor.core.translated import gettext_noop
from habitat_monitor.typology.uses import FOCUS, NO_FOCUS, Place

MAX_HUB_SIZE = 4
WEAK_BELOW = 3.0
GROUP_ORDER = ("enabler", "driver", "capacity")

REASON_REGION = gettext_noop("countries of one region (%(region)s)")
REASON_SPLIT = gettext_noop(
    "%(region)s has %(count)s countries, more than %(size)s per hub: split into "
    "%(hubs)s hubs by shared categories and priority domains"
)
REASON_ANCHOR_OFFICE = gettext_noop("anchored in %(country)s, which has a country office")
REASON_ANCHOR_NO_OFFICE = gettext_noop(
    "anchored in %(country)s; no country of this hub has a country office, so the hub "
    "needs one set up or support from the regional office"
)
REASON_MEMBER_ALIKE = gettext_noop(
    "%(country)s shares with the anchor %(anchor)s categories: %(categories)s; "
    "priority domains: %(domains)s"
)
REASON_MEMBER_ROOM = gettext_noop(
    "%(country)s shares no category or priority domain with any anchor: placed in a hub with room"
)
REASON_MEMBER_FULL = gettext_noop(
    "%(country)s is most like the anchor %(better)s, whose hub was full: placed in a hub with room"
)
REASON_DOMAIN = gettext_noop("named as a priority by %(count)s of %(total)s places: %(places)s")
REASON_ITEM_WEAK = gettext_noop(
    "mean score %(mean)s over %(count)s places, below %(threshold)s; weakest: %(places)s"
)
REASON_ITEM_STRONG_BUT = gettext_noop(
    "mean score %(mean)s over %(count)s places, %(threshold)s or more; still below it: %(places)s"
)
REASON_ITEM_STRONG = gettext_noop(
    "mean score %(mean)s over %(count)s places, %(threshold)s or more"
)
REASON_ITEM_UNSCORED = gettext_noop("no place of the hub has a score for it")


@dataclass
class Unit:
    """One country of a region, with its places (the country and its cities)."""

    country: str
    places: list[Place]

    @property
    def categories(self) -> set[int]:
        return {p.category for p in self.places if p.category is not None}

    @property
    def domains(self) -> set[str]:
        return {d for p in self.places for d in p.domains}

    @property
    def label(self) -> str:
        """The country's name (from its country-level assessment), else its code."""
        names = [p.name for p in self.places if not p.city and p.name]
        return names[0] if names else self.country

    @property
    def has_office(self) -> bool:
        return any(p.has_office for p in self.places)

    @property
    def size(self) -> int:
        return max((p.programme_size or 0 for p in self.places), default=0)


@dataclass
class Hub:
    region: str
    anchor: Unit
    members: list[Unit] = field(default_factory=list)
    reasons: list[dict[str, Any]] = field(default_factory=list)


def _reason(template: str, **params: object) -> dict[str, Any]:
    return {"template": template, "params": {k: str(v) for k, v in params.items()}}


def _shared(a: Unit, b: Unit) -> tuple[list[int], list[str]]:
    return sorted(a.categories & b.categories), sorted(a.domains & b.domains)


def _score(a: Unit, b: Unit) -> int:
    categories, domains = _shared(a, b)
    return 2 * len(categories) + len(domains)


def _anchors(units: list[Unit], count: int) -> list[Unit]:
    """``count`` anchors: offices first; the largest programme, then the least alike."""

    def preference(unit: Unit) -> tuple[bool, int, str]:
        return (not unit.has_office, -unit.size, unit.country)

    pool = sorted(units, key=preference)
    chosen = [pool.pop(0)]
    while len(chosen) < count:
        best = min(
            pool,
            key=lambda u: (not u.has_office, max(_score(u, a) for a in chosen), preference(u)),
        )
        pool.remove(best)
        chosen.append(best)
    return chosen


def _region_hubs(region: str, units: list[Unit], max_size: int) -> list[Hub]:
    count = ceil(len(units) / max_size)
    room = ceil(len(units) / count)
    hubs = [Hub(region, anchor, [anchor]) for anchor in _anchors(units, count)]
    for hub in hubs:
        hub.reasons.append(_reason(REASON_REGION, region=region))
        if count > 1:
            hub.reasons.append(
                _reason(REASON_SPLIT, region=region, count=len(units), size=max_size, hubs=count)
            )
        template = REASON_ANCHOR_OFFICE if hub.anchor.has_office else REASON_ANCHOR_NO_OFFICE
        hub.reasons.append(_reason(template, country=hub.anchor.label))
    if count > 1:
        members = [unit for unit in units if all(unit is not hub.anchor for hub in hubs)]
        _assign(members, hubs, room)
    else:
        hubs[0].members.extend(unit for unit in units if unit is not hubs[0].anchor)
    return hubs


def _assign(units: list[Unit], hubs: list[Hub], room: int) -> None:
    """Each unit to the hub with room whose anchor it is most like; the units most like
    some anchor choose first, so that a weak match does not take a strong one's place."""

    def best(unit: Unit) -> Hub:
        return min(hubs, key=lambda h: (-_score(unit, h.anchor), h.anchor.country))

    for unit in sorted(units, key=lambda u: (-_score(u, best(u).anchor), u.country)):
        open_hubs = [hub for hub in hubs if len(hub.members) < room]
        hub = min(
            open_hubs,
            key=lambda h: (-_score(unit, h.anchor), len(h.members), h.anchor.country),
        )
        hub.members.append(unit)
        categories, domains = _shared(unit, hub.anchor)
        wanted = best(unit)
        if categories or domains:
            reason = _reason(
                REASON_MEMBER_ALIKE,
                country=unit.label,
                anchor=hub.anchor.label,
                categories=", ".join(map(str, categories)) or "—",
                domains=", ".join(domains) or "—",
            )
        elif _score(unit, wanted.anchor) > 0:
            reason = _reason(REASON_MEMBER_FULL, country=unit.label, better=wanted.anchor.label)
        else:
            reason = _reason(REASON_MEMBER_ROOM, country=unit.label)
        hub.reasons.append(reason)


def _mean(values: Sequence[int]) -> float:
    return round(sum(values) / len(values), 2)


def _number(value: float) -> str:
    return f"{value:g}"


def _item_need(code: str, group: str, places: list[Place], weak_below: float) -> dict[str, Any]:
    scored = [(p.place, p.score_map[code]) for p in places if code in p.score_map]
    if not scored:
        return {
            "item": code,
            "group": group,
            "count": 0,
            "mean": None,
            "lowest": None,
            "weak_places": [],
            "needed": False,
            "reason": _reason(REASON_ITEM_UNSCORED),
        }
    mean = _mean([score for _place, score in scored])
    weak = sorted((score, place) for place, score in scored if score < weak_below)
    weak_places = [place for _score, place in weak]
    params: dict[str, object] = {
        "mean": _number(mean),
        "count": len(scored),
        "threshold": _number(weak_below),
        "places": ", ".join(f"{place} {score}" for score, place in weak),
    }
    needed = mean < weak_below
    if needed:
        reason = _reason(REASON_ITEM_WEAK, **params)
    elif weak:
        reason = _reason(REASON_ITEM_STRONG_BUT, **params)
    else:
        reason = _reason(
            REASON_ITEM_STRONG,
            mean=params["mean"],
            count=len(scored),
            threshold=params["threshold"],
        )
    return {
        "item": code,
        "group": group,
        "count": len(scored),
        "mean": mean,
        "lowest": min(score for _place, score in scored),
        "weak_places": weak_places,
        "needed": needed,
        "reason": reason,
    }


def hub_capacity(
    places: list[Place], items: Mapping[str, str], weak_below: float = WEAK_BELOW
) -> dict[str, Any]:
    """What a hub serving ``places`` needs: category mix and focus, domains, items."""
    categories = Counter(p.category for p in places)
    mix = [
        {"category": n, "count": categories[n], "focus": FOCUS.get(n or 0, NO_FOCUS)}
        for n in sorted(categories, key=lambda n: n or 99)
    ]
    named: dict[str, list[str]] = {}
    for place in places:
        for domain in place.domains:
            named.setdefault(domain, []).append(place.place)
    domains = [
        {
            "domain": domain,
            "count": len(names),
            "places": sorted(names),
            "reason": _reason(
                REASON_DOMAIN,
                count=len(names),
                total=len(places),
                places=", ".join(sorted(names)),
            ),
        }
        for domain, names in sorted(named.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    order = {group: i for i, group in enumerate(GROUP_ORDER)}
    codes = sorted(items, key=lambda code: order.get(items[code], len(order)))
    needs = [_item_need(code, items[code], places, weak_below) for code in codes]
    return {"category_mix": mix, "domains": domains, "items": needs}


def propose_hubs(
    places: Sequence[Place],
    items: Mapping[str, str],
    *,
    max_size: int = MAX_HUB_SIZE,
    weak_below: float = WEAK_BELOW,
) -> list[dict[str, Any]]:
    """Hubs over the countries of ``places`` (see the module's notes), numbered from 1
    by region, then by anchor; each with its countries, places, reasons and needs."""
    if max_size < 1:
        raise ValueError("max_size must be at least 1")
    regions: dict[str, dict[str, Unit]] = {}
    for place in places:
        units = regions.setdefault(place.region or "—", {})
        units.setdefault(place.country, Unit(place.country, [])).places.append(place)
    hubs: list[Hub] = []
    for region, units in sorted(regions.items()):
        found = _region_hubs(region, list(units.values()), max_size)
        hubs.extend(sorted(found, key=lambda h: h.anchor.country))
    result = []
    for number, hub in enumerate(hubs, start=1):
        members = sorted(hub.members, key=lambda u: u.country)
        hub_places = sorted((p for u in members for p in u.places), key=lambda p: p.place)
        result.append(
            {
                "number": number,
                "code": f"H{number}",
                "region": hub.region,
                "anchor": hub.anchor.country,
                "anchor_has_office": hub.anchor.has_office,
                "countries": [u.country for u in members],
                "places": [p.place for p in hub_places],
                "size": len(members),
                "reasons": hub.reasons,
                **hub_capacity(hub_places, items, weak_below),
            }
        )
    return result
