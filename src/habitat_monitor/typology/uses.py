"""Uses of a round's results (annex 3 §10): country groups, service mode, summary.

Plain Python: the callers pass one ``Place`` per final assessment (its effective
category: the override when there is one). Texts are English templates marked for
translation; the pages translate them.

- **Country groups**: places sharing a category and the same set of priority
  domains (an outcome code such as ``1.2`` counts as its domain ``1``), each with
  the technical-assistance focus of its category and the knowledge-exchange
  channels.
- **Service mode**: in-country presence when the country is in crisis (category 5),
  or has an office with a programme that is not small; remote support otherwise
  (no office, or an office whose programme is small); with the reason. The
  programme size (how many indicators the country's office reports on) is passed
  in by the caller, so this stays free of the database.
- **Round summary**: counts by category and by region and category.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from habitat_monitor.core.translated import gettext_noop

CRISIS = 5

FOCUS: dict[int, str] = {
    1: gettext_noop(
        "create or realign the drivers of change: policy, legislation, planning, "
        "governance, financing"
    ),
    2: gettext_noop("institutional capacity to implement, national and local"),
    3: gettext_noop(
        "performance enablers: monitoring, innovation, advocacy, partnerships, "
        "capacity building, systems"
    ),
    4: gettext_noop("sector expertise for the named urban sector"),
    5: gettext_noop("risk reduction, crisis response and recovery"),
}
NO_FOCUS = gettext_noop("no focus set for this category")

CHANNELS: tuple[str, ...] = (
    gettext_noop("national urban forums"),
    gettext_noop("the New Urban Agenda platform"),
    gettext_noop("regional events"),
)

PRESENCE = "presence"
REMOTE = "remote"
MODE_LABELS: dict[str, str] = {
    PRESENCE: gettext_noop("in-country presence"),
    REMOTE: gettext_noop("remote support"),
}
REASON_OFFICE_AND_CRISIS = gettext_noop("a country office is there and the country is in crisis")
REASON_OFFICE = gettext_noop("a country office is there")
REASON_CRISIS = gettext_noop("shock or crisis (category 5) needs people on the ground")
REASON_REMOTE = gettext_noop("no country office and no crisis: support from a hub or headquarters")
REASON_OFFICE_LARGE = gettext_noop(
    "a country office is there and the programme is not small "
    "(%(size)s indicators, %(threshold)s or more)"
)
REASON_OFFICE_SMALL = gettext_noop(
    "a country office is there, but the programme is small (%(size)s indicators, fewer than "
    "%(threshold)s) and there is no crisis: remote support from a hub, the office kept light"
)
REASON_REMOTE_LARGE = gettext_noop(
    "no country office, but the programme is not small (%(size)s indicators, %(threshold)s "
    "or more): in-country presence is worth considering"
)
# Below this many indicators a programme is "small". Our reading, not UN-Habitat's:
# the seed names programme size as a factor but gives no number.
SMALL_PROGRAMME_BELOW = 10


@dataclass(frozen=True)
class Place:
    """One final assessment, as the uses need it."""

    country: str
    region: str
    category: int | None
    priorities: tuple[str, ...] = ()
    secondary: tuple[int, ...] = ()
    has_office: bool = False
    name: str = ""
    city: str = ""
    # Item code -> score; a tuple of pairs so that a Place stays hashable.
    scores: tuple[tuple[str, int], ...] = ()
    # Indicators the country's office reports on; None when not known.
    programme_size: int | None = None

    @classmethod
    def scored(cls, scores: Mapping[str, int], **fields: Any) -> Place:
        return cls(scores=tuple(sorted(scores.items())), **fields)

    @property
    def score_map(self) -> dict[str, int]:
        return dict(self.scores)

    @property
    def place(self) -> str:
        return f"{self.country}/{self.city}" if self.city else self.country

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(sorted({code.split(".")[0] for code in self.priorities if code}))


@dataclass
class Group:
    category: int | None
    domains: tuple[str, ...]
    places: list[str] = field(default_factory=list)
    secondary: list[int] = field(default_factory=list)

    @property
    def focus(self) -> str:
        return FOCUS.get(self.category or 0, NO_FOCUS)

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "domains": list(self.domains),
            "places": list(self.places),
            "size": len(self.places),
            "secondary": list(self.secondary),
            "focus": self.focus,
            "channels": list(CHANNELS),
        }


def country_groups(places: list[Place]) -> list[dict[str, Any]]:
    """Places grouped by (category, set of priority domains); largest groups first."""
    groups: dict[tuple[int | None, tuple[str, ...]], Group] = {}
    for place in places:
        key = (place.category, place.domains)
        group = groups.setdefault(key, Group(place.category, place.domains))
        group.places.append(place.place)
        for number in place.secondary:
            if number != place.category and number not in group.secondary:
                group.secondary.append(number)
    ordered = sorted(groups.values(), key=lambda g: (g.category or 99, -len(g.places), g.domains))
    for group in ordered:
        group.places.sort()
        group.secondary.sort()
    return [group.as_dict() for group in ordered]


def service_mode(place: Place, small_below: int = SMALL_PROGRAMME_BELOW) -> dict[str, Any]:
    """In-country presence or remote support for one place, with the reason.

    A crisis always means presence. Otherwise an office keeps presence unless its
    programme is known to be small; a country with no office gets remote support,
    unless its programme is known to be large enough to consider presence."""
    crisis = place.category == CRISIS
    size = place.programme_size
    large = size is not None and size >= small_below
    params: dict[str, str] = {}
    if size is not None:
        params = {"size": str(size), "threshold": str(small_below)}
    if crisis:
        mode = PRESENCE
        reason = REASON_OFFICE_AND_CRISIS if place.has_office else REASON_CRISIS
    elif place.has_office and size is None:
        mode, reason = PRESENCE, REASON_OFFICE
    elif place.has_office:
        mode, reason = (PRESENCE, REASON_OFFICE_LARGE) if large else (REMOTE, REASON_OFFICE_SMALL)
    elif large:
        mode, reason = PRESENCE, REASON_REMOTE_LARGE
    else:
        mode, reason = REMOTE, REASON_REMOTE
    return {
        "place": place.place,
        "name": place.name or place.place,
        "category": place.category,
        "has_office": place.has_office,
        "programme_size": size,
        "mode": mode,
        "mode_label": MODE_LABELS[mode],
        "reason": reason,
        "params": params if "%(" in reason else {},
    }


def round_summary(places: list[Place], categories: list[int]) -> dict[str, Any]:
    """Counts by category and by region and category, over ``categories`` in order."""

    def cells(counts: Counter[int | None]) -> list[dict[str, int]]:
        return [{"category": n, "count": counts.get(n, 0)} for n in categories]

    regions: dict[str, Counter[int | None]] = {}
    for place in places:
        regions.setdefault(place.region or "—", Counter())[place.category] += 1
    return {
        "total": len(places),
        "by_category": cells(Counter(place.category for place in places)),
        "by_region": [
            {"region": region, "by_category": cells(counts)}
            for region, counts in sorted(regions.items())
        ],
    }


def uses(places: list[Place], categories: list[int]) -> dict[str, Any]:
    """Everything the uses page shows, in plain data (texts untranslated)."""
    modes = [service_mode(place) for place in sorted(places, key=lambda p: p.place)]
    return {
        "summary": round_summary(places, categories),
        "groups": country_groups(places),
        "service_modes": modes,
        "modes": dict(Counter(row["mode"] for row in modes)),
    }
