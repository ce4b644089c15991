"""Changes between two rounds (annex 3 §10, the board summary; issue 7 "compare rounds").

Plain Python, like ``uses``: the callers pass the final assessments of each round
as ``Place``s (the category that counts: the override when there is one). Places
are paired by ``Place.place`` (the country, or country/city).

Each place is ``same``, ``changed`` (its category), ``new`` (assessed only in the
later round) or ``gone`` (only in the earlier one); separately, its priority
domains may have changed (an outcome such as ``1.2`` counts as its domain ``1``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from habitat_monitor.typology.uses import Place

SAME, CHANGED, NEW, GONE = "same", "changed", "new", "gone"
KINDS = (CHANGED, NEW, GONE, SAME)


def _change(old: Place | None, new: Place | None) -> str:
    if old is None:
        return NEW
    if new is None:
        return GONE
    return SAME if old.category == new.category else CHANGED


def _row(old: Place | None, new: Place | None) -> dict[str, Any]:
    either = new or old
    assert either is not None
    before = list(old.domains) if old else []
    after = list(new.domains) if new else []
    both = old is not None and new is not None
    return {
        "place": either.place,
        "name": either.name or either.place,
        "region": either.region,
        "before": old.category if old else None,
        "after": new.category if new else None,
        "change": _change(old, new),
        "domains_before": before,
        "domains_after": after,
        "domains_added": sorted(set(after) - set(before)) if both else [],
        "domains_removed": sorted(set(before) - set(after)) if both else [],
        "domains_changed": both and before != after,
    }


def compare_places(
    earlier: Sequence[Place], later: Sequence[Place], categories: Sequence[int]
) -> dict[str, Any]:
    """What changed from ``earlier`` to ``later``: a row per place of either round
    (ordered by place), the places by kind of change, and the counts by category
    before and after (over ``categories`` in order)."""
    before = {p.place: p for p in earlier}
    after = {p.place: p for p in later}
    rows = [_row(before.get(key), after.get(key)) for key in sorted(set(before) | set(after))]
    old_counts = Counter(p.category for p in earlier)
    new_counts = Counter(p.category for p in later)
    return {
        "rows": rows,
        # What a reader looks for first: every place with something to report.
        "listed": [r for r in rows if r["change"] != SAME or r["domains_changed"]],
        "counts": {kind: sum(1 for r in rows if r["change"] == kind) for kind in KINDS}
        | {"domains_changed": sum(1 for r in rows if r["domains_changed"])},
        "changed": [r["place"] for r in rows if r["change"] == CHANGED],
        "new": [r["place"] for r in rows if r["change"] == NEW],
        "gone": [r["place"] for r in rows if r["change"] == GONE],
        "domains_changed": [r["place"] for r in rows if r["domains_changed"]],
        "by_category": [
            {
                "category": n,
                "before": old_counts.get(n, 0),
                "after": new_counts.get(n, 0),
                "difference": new_counts.get(n, 0) - old_counts.get(n, 0),
            }
            for n in categories
        ],
        "total_before": len(before),
        "total_after": len(after),
    }
