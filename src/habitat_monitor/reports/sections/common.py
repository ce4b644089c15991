"""Pieces several chapters share: status columns and counts, in the report language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from habitat_monitor.progress.views import labels
from habitat_monitor.reports import formatting
from habitat_monitor.reports.model import Column

STATUSES = labels.STATUSES


def status_text(status: str | None) -> str:
    """A status with its symbol, never by colour alone: ``▲ At risk``."""
    if status is None:
        return formatting.MISSING
    found = labels.status(status)
    return f"{found['status_symbol']} {found['status_label']}"


def count_columns(first: str, width: float = 3.2) -> tuple[Column, ...]:
    """The first column, one per status (symbol and word), and the total."""
    statuses = tuple(Column(status_text(key), numeric=True) for key in STATUSES)
    return (Column(first, width=width), *statuses, Column(_("Total"), numeric=True))


def count_cells(counts: Mapping[str, Any], language: str) -> tuple[str, ...]:
    numbers = [counts.get(key, 0) for key in STATUSES] + [counts.get("total", 0)]
    return tuple(formatting.number(value, language, decimals=0) for value in numbers)


def counts_of(statuses: Iterable[str]) -> dict[str, int]:
    found = Counter(statuses)
    return {key: found.get(key, 0) for key in STATUSES} | {"total": sum(found.values())}


def sentences(parts: Iterable[str], language: str) -> str:
    """Sentences run together: Chinese sentences end with a full-width stop and take
    no space after it; English ones a space."""
    return ("" if language == "zh" else " ").join(part for part in parts if part)


def count_params(counts: Mapping[str, Any], year: int) -> dict[str, Any]:
    """The status counts as the parameters of a counts sentence."""
    return {
        "total": counts["total"],
        "year": year,
        "on": counts["on_track"],
        "risk": counts["at_risk"],
        "off": counts["off_track"],
        "no_data": counts["no_data"],
        "not_due": counts["not_yet_due"],
    }


def counts_sentence(counts: Mapping[str, Any], year: int) -> str:
    """``Of the 45 indicators in 2021: 17 on track, ...`` (a whole sentence; the status
    counts take no verb, so that one count or many read alike)."""
    return ngettext(
        "Of the %(total)s indicator in %(year)s: %(on)s on track, %(risk)s at risk, "
        "%(off)s off track, %(no_data)s without data and %(not_due)s not yet due.",
        "Of the %(total)s indicators in %(year)s: %(on)s on track, %(risk)s at risk, "
        "%(off)s off track, %(no_data)s without data and %(not_due)s not yet due.",
        counts["total"],
    ) % count_params(counts, year)
