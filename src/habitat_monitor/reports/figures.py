"""Which figures a board report shows, and what it must say about them.

The rules, in words:

* **Published by default**: the report shows the latest publication, the figures the
  public sees (``progress.publishing``), read through the same code as the public
  pages (``progress.views.data.framework_data``). Without a publication there is no
  default report: the author must ask for the live figures.
* **Live figures** (``draft``): the approved values as they are now, the board draft
  of the next publication that members see when signed in.
* **Unapproved values are excluded** unless asked for (``include_unapproved``, which
  implies live figures): then the values of reports *submitted and awaiting
  approval* count as well, by the same rules (``progress.orm_source``); drafts and
  returned reports never count. Either way the report names every report of the
  year whose values are not in its figures (``pending``): drafts, submitted,
  returned, and, for a publication, reports approved after it was published.
* **Data cut-off date**: the publication's date, or the time the live report is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from habitat_monitor.core.translated import pick
from habitat_monitor.plans.models import Plan
from habitat_monitor.plans.queries import current_plan
from habitat_monitor.progress import publishing, visibility
from habitat_monitor.progress.models import Publication
from habitat_monitor.progress.orm_source import progress_from_orm
from habitat_monitor.progress.services import PlanProgress, Scope, UnknownPlan
from habitat_monitor.progress.views import data
from habitat_monitor.reporting.models import Submission, Value

PUBLISHED = visibility.View(published=True, may_see_draft=False)
COUNTED_WITH_UNAPPROVED = (Submission.Status.APPROVED.value, Submission.Status.SUBMITTED.value)


class ReportError(Exception):
    """The report cannot be built as asked; ``str()`` says why, for the reader."""


@dataclass(frozen=True)
class ReportOptions:
    """What to report: the plan's ``year`` in ``language`` (``en`` or ``zh``).
    ``plan``: a plan code (default: the current plan)."""

    year: int
    language: str = "en"
    draft: bool = False
    include_unapproved: bool = False
    plan: str | None = None

    @property
    def live(self) -> bool:
        return self.draft or self.include_unapproved


@dataclass(frozen=True)
class Figures:
    """The figures and the facts the report states about them."""

    plan: Plan
    year: int
    page: dict[str, Any]
    progress: PlanProgress
    publication: Publication | None
    cutoff: datetime
    approved_through: datetime | None
    pending: list[dict[str, Any]]
    unapproved_codes: frozenset[str]
    view: visibility.View

    @property
    def live(self) -> bool:
        return self.publication is None

    @property
    def end_year(self) -> int | None:
        return self.progress.end_year


def plan_for(options: ReportOptions) -> Plan:
    plan = Plan.objects.filter(code=options.plan).first() if options.plan else current_plan()
    if plan is None:
        raise ReportError(_("There is no such plan: check the plan code."))
    if options.year not in plan.years:
        years = ", ".join(str(year) for year in plan.years)
        raise ReportError(
            _("%(year)s is not a year of the plan %(plan)s: choose one of %(years)s.")
            % {"year": options.year, "plan": plan.code, "years": years}
        )
    return plan


def _pending(
    plan: Plan, year: int, publication: Publication | None, included: bool
) -> list[dict[str, Any]]:
    """Every report of the year whose values are not (or not yet finally) in the figures."""
    reports = (
        Submission.objects.filter(period__plan=plan, period__year=year)
        .select_related("office", "period")
        .annotate(value_count=Count("values"))
        .order_by("office__code", "period__start")
    )
    rows = []
    for report in reports:
        approved = report.status == Submission.Status.APPROVED
        late = (
            approved
            and publication is not None
            and report.reviewed_at is not None
            and report.reviewed_at > publication.published_at
        )
        if approved and not late:
            continue
        counted = included and report.status == Submission.Status.SUBMITTED
        rows.append(
            {
                "office": report.office.code,
                "office_name": pick(report.office.name, get_language()),
                "period": report.period.code,
                "status": "approved_late" if late else report.status,
                "status_label": _("approved after the publication")
                if late
                else str(report.get_status_display()),
                "values": report.value_count,
                "updated": report.updated_at,
                "counted": counted,
                "illustrative": report.illustrative,
            }
        )
    return rows


def _unapproved_codes(plan: Plan, year: int) -> tuple[frozenset[str], frozenset[str]]:
    """Indicators whose figures include submitted values (up to ``year``), and those
    of them whose submitted values are illustrative."""
    values = Value.objects.filter(
        submission__period__plan=plan,
        submission__period__year__lte=year,
        submission__status=Submission.Status.SUBMITTED,
    )
    codes = frozenset(values.values_list("indicator__code", flat=True).distinct())
    invented = values.filter(illustrative=True).values_list("indicator__code", flat=True)
    return codes, frozenset(invented.distinct())


def _progress(plan: Plan, options: ReportOptions) -> PlanProgress:
    scope = Scope(year=options.year)
    try:
        if options.include_unapproved:
            return progress_from_orm(plan.code, scope, submission_statuses=COUNTED_WITH_UNAPPROVED)
        return data.run(plan, scope)
    except (UnknownPlan, Http404) as error:
        raise ReportError(_("This plan has no progress figures.")) from error
    except data.ProgressUnavailable as error:
        raise ReportError(
            _("The progress figures cannot be read now: try again in a minute. (%(detail)s)")
            % {"detail": error.detail or error}
        ) from error


def gather(plan: Plan, options: ReportOptions) -> Figures:
    """The figures of ``options.year`` as the options ask (``ReportError`` if none)."""
    publication = None if options.live else publishing.latest(plan)
    if not options.live and publication is None:
        raise ReportError(
            _(
                "Nothing has been published yet, and the report shows published figures by "
                "default: publish the approved figures first, or ask for the live figures."
            )
        )
    view = visibility.LIVE if options.live else PUBLISHED
    with visibility.seeing(view):
        progress = _progress(plan, options)
        page = data.framework_data(plan, options.year, progress=progress)
        last = data.about(plan, progress)["last_approved"]
    codes: frozenset[str] = frozenset()
    if options.include_unapproved:
        codes, invented = _unapproved_codes(plan, options.year)
        for row in page["indicators"]:
            row["illustrative"] = row["illustrative"] or row["code"] in invented
        page["illustrative"] = any(row["illustrative"] for row in page["indicators"])
    cutoff = publication.published_at if publication else timezone.now()
    return Figures(
        plan=plan,
        year=options.year,
        page=page,
        progress=progress,
        publication=publication,
        cutoff=cutoff,
        approved_through=datetime.fromisoformat(last) if last else None,
        pending=_pending(plan, options.year, publication, options.include_unapproved),
        unapproved_codes=codes,
        view=view,
    )


def local_date(moment: datetime | None) -> date | None:
    """The calendar date of a stored time, in the site's time zone."""
    return timezone.localtime(moment).date() if moment is not None else None
