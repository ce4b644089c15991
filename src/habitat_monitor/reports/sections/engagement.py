"""The chapter on flagship programmes, outreach and partnerships in the report's year.

The rules, in words (a year runs from 1 January to 31 December, both included):

* **Flagship actions under way**: an action of a flagship's Think / Act / Share /
  Partner plan whose dates overlap the year (an action without dates counts);
  *completed* are those of them with status done.
* **Outreach**: the events held in the year on each platform, with their reach;
  an unknown reach is left out of the sum and, when no event's reach is known,
  shown as missing (never 0). Outreach results are counted by kind by their date.
* **Partnerships**: partners with an agreement in force in the year and co-investment
  agreed in the year, by the registers' own rules (``engagement.measures``), by
  partner type; amounts are added per currency, never converted.

A part with nothing in the registers at all is left out; with no part, no chapter.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from habitat_monitor.core.translated import pick
from habitat_monitor.engagement import measures
from habitat_monitor.engagement.models import (
    Flagship,
    FlagshipAction,
    OutreachEvent,
    OutreachResult,
    PartnerType,
    Platform,
)
from habitat_monitor.engagement.models.flagships import Role
from habitat_monitor.engagement.platform_pages import reach_by_year
from habitat_monitor.engagement.queries import register_rows
from habitat_monitor.reports import formatting
from habitat_monitor.reports.model import Block, Column, Paragraph, Row, Section, Table
from habitat_monitor.reports.sections.common import sentences


def _n(value: float | None, language: str) -> str:
    return formatting.number(value, language, decimals=0)


def _money(totals: dict[str, Decimal], language: str) -> str:
    if not totals:
        return formatting.MISSING
    return "; ".join(
        formatting.money(total, code, language) for code, total in sorted(totals.items())
    )


def _flagships(year: int, language: str) -> tuple[list[Block], bool]:
    period = measures.Period(date(year, 1, 1), date(year, 12, 31))
    actions = [
        a
        for a in FlagshipAction.objects.select_related("flagship")
        if (a.start is None or a.start <= period.end) and (a.end is None or a.end >= period.start)
    ]
    results = OutreachResult.objects.filter(date__year=year).exclude(flagship=None)
    counted = Counter((a.flagship_id, a.role) for a in actions)
    done = Counter(a.flagship_id for a in actions if a.status == FlagshipAction.Status.DONE)
    attributed = Counter(results.values_list("flagship_id", flat=True))
    rows = tuple(
        Row(
            (
                pick(flagship.title, get_language()),
                *(_n(counted[(flagship.pk, role.value)], language) for role in Role),
                _n(done[flagship.pk], language),
                _n(attributed[flagship.pk], language),
            )
        )
        for flagship in Flagship.objects.all()
    )
    text = ngettext(
        "In %(year)s, %(actions)s action of the flagship programmes' action plans was under "
        "way (completed: %(done)s); outreach results attributed to a flagship programme: "
        "%(results)s (%(table)s).",
        "In %(year)s, %(actions)s actions of the flagship programmes' action plans were under "
        "way (completed: %(done)s); outreach results attributed to a flagship programme: "
        "%(results)s (%(table)s).",
        len(actions),
    ) % {
        "year": year,
        "actions": len(actions),
        "done": sum(done.values()),
        "results": sum(attributed.values()),
        "table": "{table:flagships}",
    }
    table = Table(
        key="flagships",
        caption=_("Flagship programmes: actions under way by role, and results, %(year)s")
        % {"year": year},
        columns=(
            Column(_("Flagship programme"), width=3.4),
            *(Column(str(role.label), numeric=True) for role in Role),
            Column(_("Completed"), numeric=True, width=1.2),
            Column(_("Results"), numeric=True),
        ),
        rows=rows,
    )
    invented = any(a.illustrative for a in actions) or results.filter(illustrative=True).exists()
    return [Paragraph(text), table], invented


def _outreach(year: int, language: str) -> tuple[list[Block], bool]:
    events = list(OutreachEvent.objects.filter(date__year=year).select_related("platform"))
    by_platform: dict[int, list[Any]] = defaultdict(list)
    for event in events:
        by_platform[event.platform_id].append(event)
    rows = []
    for platform in Platform.objects.filter(pk__in=by_platform):
        [line] = reach_by_year(by_platform[platform.pk])
        rows.append(
            Row(
                (
                    pick(platform.name, get_language()),
                    _n(line["events"], language),
                    _n(line["reach_direct"], language),
                    _n(line["reach_indirect"], language),
                )
            )
        )
    results = OutreachResult.objects.filter(date__year=year)
    kinds = Counter(results.values_list("kind", flat=True))
    amounts: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for result in results.exclude(amount=None):
        found = amounts[result.kind]
        found[result.currency] = found.get(result.currency, Decimal(0)) + result.amount
    text = ngettext(
        "In %(year)s, %(events)s outreach event was held (platforms: %(platforms)s; "
        "%(table)s); outreach results recorded: %(results)s (%(kinds)s).",
        "In %(year)s, %(events)s outreach events were held (platforms: %(platforms)s; "
        "%(table)s); outreach results recorded: %(results)s (%(kinds)s).",
        len(events),
    ) % {
        "year": year,
        "events": len(events),
        "platforms": len(rows),
        "table": "{table:outreach-reach}",
        "results": sum(kinds.values()),
        "kinds": "{table:outreach-results}",
    }
    reach = Table(
        key="outreach-reach",
        caption=_("Outreach events and their reach by platform, %(year)s") % {"year": year},
        columns=(
            Column(_("Platform"), width=3.4),
            Column(_("Events"), numeric=True),
            Column(_("Direct reach"), numeric=True, width=1.3),
            Column(_("Indirect reach"), numeric=True, width=1.3),
        ),
        rows=tuple(rows),
        notes=(_("A reach that is not known is left out of the sums, never counted as 0."),),
    )
    kind_rows = tuple(
        Row((str(label), _n(kinds[kind], language), _money(amounts.get(kind, {}), language)))
        for kind, label in OutreachResult.Kind.choices
    )
    by_kind = Table(
        key="outreach-results",
        caption=_("Outreach results by kind, %(year)s") % {"year": year},
        columns=(
            Column(_("Kind of result"), width=3.4),
            Column(_("Results"), numeric=True),
            Column(_("Amounts"), numeric=True, width=1.8),
        ),
        rows=kind_rows,
    )
    invented = any(e.illustrative for e in events) or results.filter(illustrative=True).exists()
    return [Paragraph(text), reach, by_kind], invented


def _partnerships(year: int, language: str) -> tuple[list[Block], bool]:
    registers = register_rows()
    period = measures.Period(date(year, 1, 1), date(year, 12, 31))
    rows = []
    for kind in PartnerType.objects.all():
        params = {"partner_type": kind.code}
        active = measures.compute("active_partnerships", registers, period, params)
        agreed: dict[str, Decimal] = {}
        for row in registers.agreements:
            if (
                row.partner_type == kind.code
                and row.kind == "co_investment"
                and row.status in measures.IN_FORCE
                and period.holds(row.start)
                and row.amount is not None
            ):
                agreed[row.currency] = agreed.get(row.currency, Decimal(0)) + row.amount
        registered = kind.partners.count()
        rows.append(
            Row(
                (
                    pick(kind.title, get_language()),
                    _n(registered, language),
                    _n(active.value, language),
                    _money(agreed, language),
                )
            )
        )
    overall = measures.compute("active_partnerships", registers, period, {})
    text = ngettext(
        "%(partners)s partner had agreements in force in %(year)s (agreements: "
        "%(agreements)s; %(table)s).",
        "%(partners)s partners had agreements in force in %(year)s (agreements: "
        "%(agreements)s; %(table)s).",
        int(overall.value or 0),
    ) % {**overall.params, "year": year, "table": "{table:partnerships}"}
    table = Table(
        key="partnerships",
        caption=_("Partners by type, agreements in force and co-investment agreed, %(year)s")
        % {"year": year},
        columns=(
            Column(_("Partner type"), width=3.4),
            Column(_("Partners"), numeric=True),
            Column(_("With agreements in force"), numeric=True, width=1.3),
            Column(_("Co-investment agreed"), numeric=True, width=1.8),
        ),
        rows=tuple(rows),
    )
    return [Paragraph(text), table], overall.illustrative


def engagement_chapter(year: int, language: str) -> tuple[Section | None, bool]:
    """The chapter (None when the registers are empty) and whether it is illustrative."""
    parts = []
    invented = False
    if FlagshipAction.objects.exists() or OutreachResult.objects.exclude(flagship=None).exists():
        blocks, flag = _flagships(year, language)
        parts.append(Section(key="flagships", title=_("Flagship programmes"), blocks=tuple(blocks)))
        invented |= flag
    if OutreachEvent.objects.exists() or OutreachResult.objects.exists():
        blocks, flag = _outreach(year, language)
        parts.append(
            Section(key="outreach", title=_("Outreach and communication"), blocks=tuple(blocks))
        )
        invented |= flag
    if PartnerType.objects.filter(partners__isnull=False).exists():
        blocks, flag = _partnerships(year, language)
        parts.append(Section(key="partnerships", title=_("Partnerships"), blocks=tuple(blocks)))
        invented |= flag
    if not parts:
        return None, False
    intro = Paragraph(
        sentences(
            (
                _(
                    "This chapter reports on the flagship programmes, the outreach platforms "
                    "and the partnerships in %(year)s, from the registers kept by the "
                    "partnerships and communications teams."
                )
                % {"year": year},
            ),
            language,
        )
    )
    section = Section(
        key="engagement",
        title=_("Flagship programmes, outreach and partnerships"),
        blocks=(intro,),
        subsections=tuple(parts),
    )
    return section, invented
