"""Chapters on progress: status counts by domain of change and outcome (with the two
headline charts), and the table of every indicator's figures for the year.

Every number comes from the progress pages' dict (``Figures.page``, the output of
``framework_data``), so the report and the online platform agree.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from habitat_monitor.reports import charts, formatting
from habitat_monitor.reports.figures import Figures
from habitat_monitor.reports.model import (
    ILLUSTRATIVE_MARK,
    UNAPPROVED_MARK,
    Column,
    Paragraph,
    Row,
    Section,
    Table,
)
from habitat_monitor.reports.sections.common import (
    count_cells,
    count_columns,
    count_params,
    counts_of,
    counts_sentence,
    sentences,
    status_text,
)

LEVEL_GROUPS = {
    "goal": gettext_lazy("Goal-level indicators"),
    "catalytic": gettext_lazy("Catalytic indicators"),
    "cross_cutting": gettext_lazy("Cross-cutting and social-inclusion indicators"),
    "domain": gettext_lazy("Domain-of-change indicators"),
    "outcome": gettext_lazy("Outcome indicators"),
}


def _domain_label(code: str) -> str:
    return _("Domain %(code)s") % {"code": code}


def _plan_wide(page: dict[str, Any]) -> dict[str, int]:
    return counts_of(row["status"] for row in page["indicators"] if row["domain"] is None)


def _domain_table(page: dict[str, Any], language: str) -> Table:
    rows = [
        Row((f"{group['code']}. {group['title']}", *count_cells(group["counts"], language)))
        for group in page["domains"]
    ]
    rows.append(
        Row(
            (
                _("Goal, catalytic and cross-cutting indicators"),
                *count_cells(_plan_wide(page), language),
            )
        )
    )
    rows.append(Row((_("All indicators"), *count_cells(page["counts"], language)), key="total"))
    return Table(
        key="domain-status",
        caption=_("Indicators by status and domain of change, %(year)s") % {"year": page["year"]},
        columns=count_columns(_("Domain of change")),
        rows=tuple(rows),
    )


def _outcome_table(page: dict[str, Any], domain: str, language: str) -> Table:
    outcomes = [o for o in page["outcomes"] if o["code"].split(".")[0] == domain]
    return Table(
        key=f"outcome-status-{domain}",
        caption=_("Indicators by status and outcome, domain of change %(code)s, %(year)s")
        % {"code": domain, "year": page["year"]},
        columns=count_columns(_("Outcome")),
        rows=tuple(
            Row((f"{o['code']} {o['title']}", *count_cells(o["counts"], language)))
            for o in outcomes
        ),
    )


def _domain_section(page: dict[str, Any], group: dict[str, Any], language: str) -> Section:
    counts, year = group["counts"], page["year"]
    text = ngettext(
        "Domain of change %(code)s has %(total)s indicator: in %(year)s, %(on)s on track, "
        "%(risk)s at risk, %(off)s off track, %(no_data)s without data and %(not_due)s not "
        "yet due.",
        "Domain of change %(code)s has %(total)s indicators: in %(year)s, %(on)s on track, "
        "%(risk)s at risk, %(off)s off track, %(no_data)s without data and %(not_due)s not "
        "yet due.",
        counts["total"],
    ) % {"code": group["code"], **count_params(counts, year)}
    off = [
        row["code"]
        for row in page["indicators"]
        if row["domain"] == group["code"] and row["status"] == "off_track"
    ]
    parts = [text]
    if off:
        parts.append(
            ngettext(
                "The indicator off track is %(codes)s.",
                "The indicators off track are %(codes)s.",
                len(off),
            )
            % {"codes": ", ".join(off)}
        )
    parts.append(
        _("%(table)s gives the counts by outcome.")
        % {"table": f"{{table:outcome-status-{group['code']}}}"}
    )
    return Section(
        key=f"domain-{group['code']}",
        title=group["title"],
        blocks=(
            Paragraph(sentences(parts, language)),
            _outcome_table(page, group["code"], language),
        ),
    )


def progress_chapter(figures: Figures, language: str) -> Section:
    """Status counts for the plan, by domain of change and by outcome, with charts."""
    page, year = figures.page, figures.year
    overview = sentences(
        (
            counts_sentence(page["counts"], year),
            _(
                "%(figure)s and %(table)s show the indicators by status in each domain of "
                "change; %(outcomes)s shows them by outcome."
            )
            % {
                "figure": "{figure:domain-status-chart}",
                "table": "{table:domain-status}",
                "outcomes": "{figure:outcome-status-chart}",
            },
        ),
        language,
    )
    domain_rows = [
        {"key": g["code"], "label": _domain_label(g["code"]), "counts": g["counts"]}
        for g in page["domains"]
    ]
    outcome_rows = [
        {"key": o["code"], "label": o["code"], "counts": o["counts"]} for o in page["outcomes"]
    ]
    summary = ngettext(
        "%(on)s of %(total)s indicator on track, %(risk)s at risk, %(off)s off track.",
        "%(on)s of %(total)s indicators on track, %(risk)s at risk, %(off)s off track.",
        page["counts"]["total"],
    ) % {
        "on": page["counts"]["on_track"],
        "total": page["counts"]["total"],
        "risk": page["counts"]["at_risk"],
        "off": page["counts"]["off_track"],
    }
    domain_title = _("Indicators by status and domain of change, %(year)s") % {"year": year}
    outcome_title = _("Indicators by status and outcome, %(year)s") % {"year": year}
    return Section(
        key="progress",
        title=_("Progress by domain of change and outcome"),
        blocks=(
            Paragraph(overview),
            charts.status_figure("domain-status-chart", domain_title, summary, domain_rows),
            _domain_table(page, language),
            charts.status_figure(
                "outcome-status-chart",
                outcome_title,
                _("Each bar is an outcome, by its code; the tables below give the titles."),
                outcome_rows,
            ),
        ),
        subsections=tuple(_domain_section(page, group, language) for group in page["domains"]),
    )


def _projection(row: dict[str, Any], language: str) -> str:
    projection = row["projection"]
    if not projection or projection["projected"] is None:
        return formatting.MISSING
    value = formatting.number(projection["projected"], language)
    # The verdict on a line of its own: a narrow column breaks a long one badly.
    return f"{value}\n{row['likely_label']}" if row["likely_label"] else value


def _code(row: dict[str, Any], unapproved: frozenset[str]) -> str:
    marks = (ILLUSTRATIVE_MARK if row["illustrative"] else "") + (
        UNAPPROVED_MARK if row["code"] in unapproved else ""
    )
    return f"{row['code']}{marks}"


def indicator_rows(figures: Figures, language: str) -> list[Row]:
    """Every indicator, grouped under its domain of change or its level, in plan order."""
    page = figures.page
    titles = {group["code"]: group["title"] for group in page["domains"]}
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in page["indicators"]:
        groups.setdefault(row["domain"] or row["level"], []).append(row)
    rows: list[Row] = []
    for key, members in groups.items():
        if key in titles:
            label = _("Domain of change %(code)s: %(title)s") % {"code": key, "title": titles[key]}
        else:
            label = str(LEVEL_GROUPS.get(key, key))
        rows.append(Row((label,), group=True))
        for row in members:
            baseline_year = figures.progress.indicator(row["code"]).baseline_year
            baseline = formatting.number(row["baseline"], language)
            if row["baseline"] is not None and baseline_year:
                baseline = f"{baseline} ({baseline_year})"
            statement = row["statement"] + (f" ({row['unit']})" if row["unit"] else "")
            cells = (
                _code(row, figures.unapproved_codes),
                statement,
                baseline,
                formatting.number(row["target"], language),
                formatting.number(row["actual"], language),
                formatting.percent(row["achievement"], language),
                status_text(row["status"]),
                _projection(row, language),
            )
            rows.append(Row(cells, key=row["code"]))
    return rows


def indicator_chapter(figures: Figures, language: str) -> Section:
    """One table: baseline, target, actual, achievement, status, projection."""
    year, end = figures.year, figures.end_year or figures.year
    columns = (
        Column(_("Code"), width=0.9, nowrap=True),
        Column(_("Indicator (unit)"), width=4.3),
        Column(_("Baseline (year)"), numeric=True, width=1.2),
        Column(_("Target %(year)s") % {"year": year}, numeric=True, width=1.0),
        Column(_("Actual %(year)s") % {"year": year}, numeric=True, width=1.0),
        Column(_("Achievement"), numeric=True, width=1.1),
        Column(_("Status"), width=1.3),
        Column(_("Projection %(year)s") % {"year": end}, numeric=True, width=1.7),
    )
    notes = [
        _(
            "Achievement: the share of the progress expected from the baseline to the "
            "year's target that was made. Projection: the value expected in %(end)s by "
            "the first projection method, and whether the end target is likely to be met."
        )
        % {"end": end}
    ]
    if any(row["illustrative"] for row in figures.page["indicators"]):
        notes.append(
            _("%(mark)s Illustrative figures, invented for the demonstration.")
            % {"mark": ILLUSTRATIVE_MARK}
        )
    if figures.unapproved_codes:
        notes.append(
            _("%(mark)s The figures include values not yet approved.") % {"mark": UNAPPROVED_MARK}
        )
    text = _(
        "%(table)s gives, for each indicator, its baseline, its target and actual value for "
        "%(year)s, the achievement, the status and the projection to %(end)s. The rules "
        "that work them out are set out in %(annex)s."
    ) % {"table": "{table:indicators}", "year": year, "end": end, "annex": "{annex:methods}"}
    table = Table(
        key="indicators",
        caption=_("Indicator results, %(year)s") % {"year": year},
        columns=columns,
        rows=tuple(indicator_rows(figures, language)),
        notes=tuple(notes),
        compact=True,
    )
    return Section(
        key="indicators",
        title=_("Results by indicator"),
        blocks=(Paragraph(text), table),
    )
