"""The cover, the summary, the introduction and the annex on data sources and methods:
what the report says about its own figures (which ones, their cut-off date, the
values left out, invented values) and how they were worked out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from habitat_monitor.core.translated import pick
from habitat_monitor.reports import formatting
from habitat_monitor.reports.figures import Figures, local_date
from habitat_monitor.reports.model import (
    ILLUSTRATIVE_MARK,
    UNAPPROVED_MARK,
    Block,
    Column,
    Cover,
    Paragraph,
    Row,
    Section,
    Table,
)
from habitat_monitor.reports.sections.common import sentences


def _date(moment: datetime | None, language: str) -> str:
    return formatting.date_text(local_date(moment), language)


def figures_line(figures: Figures, language: str) -> str:
    """Which figures, in a few words (cover and introduction)."""
    cutoff = _date(figures.cutoff, language)
    if figures.publication is not None:
        return _("publication %(number)s of %(date)s, the figures the public sees") % {
            "number": figures.publication.number,
            "date": cutoff,
        }
    if figures.unapproved_codes or any(row["counted"] for row in figures.pending):
        return _("live figures of %(date)s, including values not yet approved (not published)") % {
            "date": cutoff
        }
    return _("live figures of %(date)s, the draft of the next publication (not published)") % {
        "date": cutoff
    }


def pending_sentences(figures: Figures, language: str) -> str:
    """Which values reported for the year are not in the figures, and which are
    included although not approved."""
    left = [row for row in figures.pending if not row["counted"]]
    counted = [row for row in figures.pending if row["counted"]]
    parts = []
    if not figures.pending:
        parts.append(
            _("Every value reported for %(year)s had been approved by the data cut-off date.")
            % {"year": figures.year}
        )
    if left:
        values = sum(row["values"] for row in left)
        parts.append(
            ngettext(
                "%(values)s value reported for %(year)s is not in these figures: it had not "
                "been approved, or not published, by the data cut-off date. %(table)s names "
                "the reports concerned.",
                "%(values)s values reported for %(year)s are not in these figures: they had "
                "not been approved, or not published, by the data cut-off date. %(table)s "
                "names the reports concerned.",
                values,
            )
            % {"values": values, "year": figures.year, "table": "{table:pending}"}
        )
    if counted:
        values = sum(row["values"] for row in counted)
        parts.append(
            ngettext(
                "%(values)s value submitted and awaiting approval is included at the author's "
                "request; the indicators concerned are marked %(mark)s and their figures may "
                "still change.",
                "%(values)s values submitted and awaiting approval are included at the "
                "author's request; the indicators concerned are marked %(mark)s and their "
                "figures may still change.",
                values,
            )
            % {"values": values, "mark": UNAPPROVED_MARK}
        )
    return sentences(parts, language)


def cover(figures: Figures, language: str, *, organisation: str, title: str) -> Cover:
    left = sum(row["values"] for row in figures.pending if not row["counted"])
    counted = sum(row["values"] for row in figures.pending if row["counted"])
    unapproved = _("%(left)s left out, %(counted)s included") % {"left": left, "counted": counted}
    return Cover(
        organisation=organisation,
        addressee=_("Executive Board"),
        title=title,
        subtitle=_("Progress report for %(year)s") % {"year": figures.year},
        facts=(
            (_("Figures"), figures_line(figures, language)),
            (_("Data cut-off date"), _date(figures.cutoff, language)),
            (_("Values reported for the year but not approved"), unapproved),
            (_("Prepared on"), _date(timezone.now(), language)),
        ),
    )


def introduction(
    figures: Figures, language: str, chapters: list[Section], illustrative: bool
) -> Section:
    page = figures.page
    plan = pick(figures.plan.title, language)
    first = _(
        "The present report sets out the progress made in %(year)s in implementing the "
        "%(plan)s, as recorded by the results-based monitoring and evaluation system."
    ) % {"year": figures.year, "plan": plan}
    approved = _date(figures.approved_through, language)
    cutoff = _date(figures.cutoff, language)
    if figures.publication is not None:
        which = _(
            "The figures are those of publication %(number)s, published on %(date)s: the "
            "values reported by the offices and approved by monitoring and evaluation "
            "officers up to %(approved)s. The data cut-off date is %(date)s."
        ) % {"number": figures.publication.number, "date": cutoff, "approved": approved}
    else:
        which = _(
            "The figures are the live figures as at %(date)s, the data cut-off date: the "
            "values approved by monitoring and evaluation officers up to %(approved)s. They "
            "have not been published and may still change."
        ) % {"date": cutoff, "approved": approved}
    bands = page["bands"]
    method = _(
        "Each indicator's actual value for the year is compared with its target for the "
        "year, from its baseline: the indicator is on track when it has made at least "
        "%(on)s of the expected progress, at risk from %(risk)s, and off track below that "
        "(%(annex)s)."
    ) % {
        "on": formatting.percent(bands["on_track"], language),
        "risk": formatting.percent(bands["at_risk"], language),
        "annex": "{annex:methods}",
    }
    outline = [
        _("%(chapter)s: %(title)s") % {"chapter": f"{{chapter:{c.key}}}", "title": c.title}
        for c in chapters
    ]
    outline.append(
        _("%(annex)s: %(title)s")
        % {"annex": "{annex:methods}", "title": _("Data sources and methods")}
    )
    blocks: list[Block] = [
        Paragraph(first),
        Paragraph(sentences((which, pending_sentences(figures, language)), language)),
        Paragraph(method),
        Paragraph(_("The report is organised as follows:"), items=tuple(outline)),
    ]
    if illustrative:
        blocks.append(Paragraph(illustrative_sentence()))
    return Section(key="introduction", title=_("Introduction"), blocks=tuple(blocks))


def illustrative_sentence() -> str:
    return _(
        "Some values in this report are illustrative: they were invented to demonstrate the "
        "system and are not official figures. Indicators with such values are marked "
        "%(mark)s, and a notice on every page recalls it."
    ) % {"mark": ILLUSTRATIVE_MARK}


def _pending_groups(figures: Figures) -> list[dict[str, Any]]:
    """The reports left out (or included), one line per office and status."""
    groups: dict[tuple[str, str, bool], dict[str, Any]] = {}
    for row in figures.pending:
        key = (row["office"], row["status"], row["counted"])
        found = groups.setdefault(
            key, row | {"periods": [], "values": 0, "updated": row["updated"]}
        )
        found["periods"].append(row["period"])
        found["values"] += row["values"]
        found["updated"] = max(found["updated"], row["updated"])
    return list(groups.values())


def _pending_table(figures: Figures, language: str) -> Table:
    yes, no = _("yes"), _("no")
    return Table(
        key="pending",
        caption=_("Reports for %(year)s whose values are not approved or not published")
        % {"year": figures.year},
        columns=(
            Column(_("Office"), width=3.0),
            Column(_("Reporting periods"), width=1.6),
            Column(_("Report status"), width=1.6),
            Column(_("Values"), numeric=True, width=0.8),
            Column(_("Last change"), width=1.9, nowrap=True),
            Column(_("In these figures"), width=1.1),
        ),
        rows=tuple(
            Row(
                (
                    f"{row['office']} {row['office_name']}",
                    ", ".join(row["periods"]),
                    row["status_label"],
                    formatting.number(row["values"], language, decimals=0),
                    _date(row["updated"], language),
                    yes if row["counted"] else no,
                ),
                key=row["office"],
            )
            for row in _pending_groups(figures)
        ),
    )


def methods_annex(figures: Figures, language: str, illustrative: bool) -> Section:
    page = figures.page
    about = page["about"]
    methods = ", ".join(item["label"] for item in about["projection_methods"])
    blocks: list[Block] = [
        Paragraph(
            sentences(
                (
                    about["source"],
                    _("The results framework is that of the %(plan)s, version %(version)s.")
                    % {"plan": page["plan"]["title"], "version": page["plan"]["version"]},
                ),
                language,
            )
        ),
        Paragraph(
            _("The status of an indicator for the year follows the plan's rules:"),
            items=tuple(page["rule"]),
        ),
        Paragraph(
            _(
                "The actual value compared with a year's target depends on the indicator: "
                "for an indicator whose periods stand alone it is the value of that year; "
                "for one whose periods add up, the sum of the values so far; for one whose "
                "latest value is the running total, that latest value. The values of "
                "several offices are combined by each indicator's aggregation rule."
            )
        ),
        Paragraph(
            _(
                "Projections to %(end)s use these methods, in this order: %(methods)s. The "
                "first decides whether the end target is likely to be met."
            )
            % {"end": figures.end_year or figures.year, "methods": methods}
        ),
        Paragraph(
            sentences(
                (
                    _("The report shows %(figures)s.")
                    % {"figures": figures_line(figures, language)},
                    pending_sentences(figures, language),
                ),
                language,
            )
        ),
    ]
    if figures.pending:
        blocks.append(_pending_table(figures, language))
    if illustrative:
        blocks.append(Paragraph(illustrative_sentence()))
    blocks.append(
        Paragraph(
            _(
                "The charts are drawn from the same chart definitions as the online platform. "
                "Each status is shown by a symbol and a word as well as by a colour."
            )
        )
    )
    blocks.append(
        Paragraph(
            _(
                "This document was produced by Habitat Monitor on %(date)s. The DOCX version "
                "may be edited by the secretariat; the PDF and HTML versions show the figures "
                "as they were produced."
            )
            % {"date": _date(timezone.now(), language)}
        )
    )
    return Section(key="methods", title=_("Data sources and methods"), blocks=tuple(blocks))
