"""The chapter on indicators that need attention, with their corrective actions.

An indicator needs attention when it is off track for the year, or when the first
projection method finds its end target unlikely (``progress.services.needs_attention``,
the list the attention page shows). Its corrective actions are those still open and
those recorded for the report's year, whatever their status.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from habitat_monitor.progress import services
from habitat_monitor.progress.models import CorrectiveAction
from habitat_monitor.progress.views import labels
from habitat_monitor.reports import formatting
from habitat_monitor.reports.figures import Figures
from habitat_monitor.reports.model import Column, Paragraph, Row, Section, Table
from habitat_monitor.reports.sections.common import sentences, status_text

OPEN = (CorrectiveAction.Status.PLANNED, CorrectiveAction.Status.IN_PROGRESS)


def _actions(figures: Figures) -> dict[str, list[CorrectiveAction]]:
    found = CorrectiveAction.objects.filter(indicator__plan=figures.plan).filter(
        Q(status__in=OPEN) | Q(year=figures.year)
    )
    by_code: dict[str, list[CorrectiveAction]] = {}
    for action in found.select_related("indicator", "office").order_by("due_date", "pk"):
        by_code.setdefault(action.indicator.code, []).append(action)
    return by_code


def action_codes(figures: Figures) -> list[str]:
    """The indicators with corrective actions the report shows."""
    return list(_actions(figures))


def _action_text(action: CorrectiveAction, language: str) -> str:
    return _("%(action)s (owner: %(owner)s; due %(due)s; %(status)s)") % {
        "action": action.action,
        "owner": action.owner,
        "due": formatting.date_text(action.due_date, language),
        "status": action.get_status_display(),
    }


def _row(
    row: dict[str, Any], reasons: tuple[str, ...], found: list[CorrectiveAction], language: str
) -> Row:
    actions = "\n".join(_action_text(action, language) for action in found)
    return Row(
        (
            row["code"],
            row["statement"],
            status_text(row["status"]),
            "; ".join(labels.reason(reason) for reason in reasons),
            actions or _("None recorded yet"),
        ),
        key=row["code"],
    )


def attention_chapter(figures: Figures, language: str) -> Section:
    year, end = figures.year, figures.end_year or figures.year
    items = services.needs_attention(figures.progress)
    rows = {row["code"]: row for row in figures.page["indicators"]}
    actions = _actions(figures)
    title = _("Indicators that need attention and corrective actions")
    blocks: list[Any] = []
    if not items:
        blocks.append(
            Paragraph(
                _(
                    "No indicator was off track in %(year)s, and none is unlikely to meet "
                    "its target for %(end)s."
                )
                % {"year": year, "end": end}
            )
        )
        return Section(key="attention", title=title, blocks=tuple(blocks))
    off = sum(1 for item in items if item.status.value == "off_track")
    first = ngettext(
        "%(count)s indicator needs attention: it was off track in %(year)s or is unlikely "
        "to meet its target for %(end)s.",
        "%(count)s indicators need attention: they were off track in %(year)s or are "
        "unlikely to meet their target for %(end)s.",
        len(items),
    ) % {"count": len(items), "year": year, "end": end}
    second = ngettext("%(off)s of them was off track.", "%(off)s of them were off track.", off) % {
        "off": off
    }
    third = _("%(table)s lists them with the corrective actions recorded.") % {
        "table": "{table:attention}"
    }
    blocks.append(Paragraph(sentences((first, second, third), language)))
    without = [item.code for item in items if item.code not in actions]
    if without:
        blocks.append(
            Paragraph(
                ngettext(
                    "%(count)s of these indicators has no corrective action recorded yet: "
                    "%(codes)s.",
                    "%(count)s of these indicators have no corrective action recorded yet: "
                    "%(codes)s.",
                    len(without),
                )
                % {"count": len(without), "codes": ", ".join(without)}
            )
        )
    blocks.append(
        Table(
            key="attention",
            caption=_("Indicators that need attention, %(year)s, and corrective actions")
            % {"year": year},
            columns=(
                Column(_("Code"), width=0.9, nowrap=True),
                Column(_("Indicator"), width=3.6),
                Column(_("Status"), width=1.3),
                Column(_("Why"), width=1.6),
                Column(_("Corrective actions"), width=3.6),
            ),
            rows=tuple(
                _row(rows[item.code], item.attention, actions.get(item.code, []), language)
                for item in items
            ),
            compact=True,
        )
    )
    return Section(key="attention", title=title, blocks=tuple(blocks))
