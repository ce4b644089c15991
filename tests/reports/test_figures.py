"""Which figures the report shows and what it says about them: published by default,
live on request, values not yet approved left out and named, or counted on request."""

from __future__ import annotations

import re

import pytest

from habitat_monitor.plans.models import Plan
from habitat_monitor.progress.models import Publication
from habitat_monitor.reporting.models import Submission, Value
from habitat_monitor.reporting.services.workflow import approve_submission
from habitat_monitor.reports.build import build_report
from habitat_monitor.reports.figures import ReportError, ReportOptions, gather
from habitat_monitor.reports.html import render_html
from tests.factories import user_for_role

PLAN = "UNH-SP-2020-2023"


def _plan() -> Plan:
    return Plan.objects.get(code=PLAN)


def _unapproved_values(year: int) -> int:
    return (
        Value.objects.filter(submission__period__plan__code=PLAN, submission__period__year=year)
        .exclude(submission__status=Submission.Status.APPROVED)
        .count()
    )


def test_the_published_report_names_every_report_left_out(content: None) -> None:
    """2022 in the demo: nothing approved; every report is listed, drafts and returned
    ones included, and their values add up to all the year's values."""
    figures = gather(_plan(), ReportOptions(year=2022))
    assert figures.publication is not None and figures.publication.number == 1
    statuses = {(row["office"], row["status"]) for row in figures.pending}
    assert ("KEN", "returned") in statuses and ("IND", "draft") in statuses
    assert sum(row["values"] for row in figures.pending) == _unapproved_values(2022)
    assert not any(row["counted"] for row in figures.pending)
    assert figures.page["counts"]["on_track"] == 0  # no approved 2022 value is published


def test_counting_unapproved_values_uses_the_submitted_ones_and_marks_them(
    content: None,
) -> None:
    """With the submitted values counted, 2022 has actual values; drafts and returned
    reports still do not count; the indicators concerned are marked *."""
    left = gather(_plan(), ReportOptions(year=2022, draft=True))
    counted = gather(_plan(), ReportOptions(year=2022, include_unapproved=True))
    assert counted.live and counted.unapproved_codes
    assert counted.page["counts"]["on_track"] > left.page["counts"]["on_track"]
    included = {(row["office"], row["status"]) for row in counted.pending if row["counted"]}
    assert included and {status for _office, status in included} == {"submitted"}
    report, _figures = build_report(ReportOptions(year=2022, include_unapproved=True))
    codes = [row.cells[0] for row in report.table("indicators").rows if not row.group]
    assert any(code.endswith("*") for code in codes)
    assert "awaiting approval are included" in " ".join(report.summary)


def test_a_value_approved_after_the_publication_is_named_until_published(
    content: None,
) -> None:
    """Approved after publication 1: not in the published report (which names it), in
    the live report."""
    submission = (
        Submission.objects.filter(period__year=2022, status=Submission.Status.SUBMITTED)
        .order_by("office__code")
        .first()
    )
    assert submission is not None
    approve_submission(submission, actor=user_for_role("officer"))
    published = gather(_plan(), ReportOptions(year=2022))
    key = (submission.office.code, submission.period.code)
    late = [(r["office"], r["period"]) for r in published.pending if r["status"] == "approved_late"]
    assert late == [key]
    live = gather(_plan(), ReportOptions(year=2022, draft=True))
    assert key not in {(row["office"], row["period"]) for row in live.pending}
    assert live.page["counts"]["assessed"] >= published.page["counts"]["assessed"]


def test_without_a_publication_the_default_report_asks_for_live_figures(content: None) -> None:
    Publication.objects.all().delete()
    with pytest.raises(ReportError, match="Nothing has been published"):
        gather(_plan(), ReportOptions(year=2021))
    assert gather(_plan(), ReportOptions(year=2021, draft=True)).publication is None


def test_a_year_outside_the_plan_is_refused(content: None) -> None:
    with pytest.raises(ReportError, match="2019 is not a year of the plan"):
        build_report(ReportOptions(year=2019))


def test_the_html_has_no_outside_resources(content: None) -> None:
    """The document loads nothing: no script, no stylesheet or font from elsewhere."""
    report, _figures = build_report(ReportOptions(year=2021))
    html = re.sub(r'xmlns(:\w+)?="[^"]*"', "", render_html(report))
    for forbidden in ("<script", "<link", "http://", "https://", "@import", "url("):
        assert forbidden not in html, forbidden
