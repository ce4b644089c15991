"""Writing imported values (DHIS2, Open SDG) through the data-collection workflow.

The codecs turn a file into ``MappedValue`` rows (office, period, indicator, place,
breakdown, value as text) or ``Problem`` rows. This module writes them exactly as a
focal point's spreadsheet would be written:

* Values are grouped by office and reporting period; each group goes into that
  office's submission for the period (a draft is started when there is none) through
  ``reporting.services.values.save_values``: the same permission check (a focal
  point may only write its own offices), the same validation (assigned indicators,
  places the office covers, numbers by measure, breakdowns, parts not above totals),
  the same audit (a value batch naming the file and its SHA-256).
* **All or nothing, across every group**: the whole import is one transaction. Any
  problem in any group (a locked submission, a value the checks refuse, an office
  the user may not write) rolls everything back, and every problem is reported,
  pointing back to its place in the file.
* Imported values are drafts: they reach the pages once the office submits and an
  M&E officer approves (``submit=True`` submits each touched submission at once).
* ``dry_run`` checks everything and writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.core.translated import gettext_noop, render
from habitat_monitor.geo.models import Office
from habitat_monitor.interop.records import MappedValue, Problem
from habitat_monitor.plans.models import Plan
from habitat_monitor.reporting.errors import ValuesRejected, WorkflowError
from habitat_monitor.reporting.messages import translate
from habitat_monitor.reporting.models import ReportingPeriod
from habitat_monitor.reporting.services import workflow
from habitat_monitor.reporting.services.values import open_submission, save_values

# Called with how many groups (office and period) are done, and how many in all.
Progress = Callable[[int, int], None]


@dataclass
class GroupResult:
    office: str
    period: str
    submission: int | None
    added: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclass
class ImportOutcome:
    """What an import did (or, with ``dry_run``, would do). ``problems``: nothing
    was written when there are any."""

    groups: list[GroupResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: int = 0
    dry_run: bool = False

    @property
    def imported(self) -> int:
        return sum(g.added for g in self.groups)

    @property
    def updated(self) -> int:
        return sum(g.changed for g in self.groups)

    @property
    def unchanged(self) -> int:
        return sum(g.unchanged for g in self.groups)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "written": not self.dry_run and not self.problems,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "ignored": self.ignored,
            "submissions": [g.__dict__ for g in self.groups],
            "problems": [shown(p) for p in self.problems],
        }


class _Rollback(Exception):
    """Raised inside the transaction to undo it when any group had a problem."""


def shown(problem: Problem) -> dict[str, str]:
    """A problem in the current language (its English text when it has no template)."""
    reason = translate(problem.template, dict(problem.params), problem.reason)
    return {**problem.as_dict(), "reason": reason}


def _problem(source: str, column: str, value: str, template: str, **params: str) -> Problem:
    return Problem(source, column, value, render(template, params), template, params)


def _cells(value: MappedValue) -> dict[str, str]:
    cells = {"indicator": value.indicator, "value": value.value}
    if value.country:
        cells["country"] = value.country
    if value.city:
        cells["city"] = value.city
    if value.note:
        cells["note"] = value.note
    cells.update(value.breakdown)
    return cells


def import_values(
    values: Sequence[MappedValue],
    *,
    plan: Plan,
    actor: Any,
    source: str,
    sha256: str = "",
    dry_run: bool = False,
    submit: bool = False,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Write ``values`` into their offices' submissions for ``plan``, all or nothing."""
    outcome = ImportOutcome(dry_run=dry_run)
    groups: dict[tuple[str, str], list[MappedValue]] = defaultdict(list)
    for value in values:
        groups[(value.office, value.period)].append(value)
    offices = {o.code: o for o in Office.objects.filter(code__in={k[0] for k in groups})}
    periods = {
        p.code: p
        for p in ReportingPeriod.objects.filter(plan=plan, code__in={k[1] for k in groups})
    }
    try:
        with transaction.atomic():
            for done, ((office_code, period_code), group) in enumerate(sorted(groups.items())):
                office, period = offices.get(office_code), periods.get(period_code)
                if office is None or period is None:
                    outcome.problems += _unknown_place(group, office is None, period is None)
                else:
                    _write_group(office, period, group, outcome, actor, source, sha256)
                if progress is not None:
                    progress(done + 1, len(groups))
            if outcome.problems or dry_run:
                raise _Rollback
            if submit:
                for result in outcome.groups:
                    _submit(result, actor, outcome)
                if outcome.problems:
                    raise _Rollback
    except _Rollback:
        pass
    return outcome


def _unknown_place(
    group: list[MappedValue], office_missing: bool, period_missing: bool
) -> list[Problem]:
    first = group[0]
    if office_missing:
        template = gettext_noop("there is no office %(office)s")
        return [_problem(v.source, "office", v.office, template, office=v.office) for v in group]
    template = gettext_noop("the plan has no reporting period %(period)s")
    return [_problem(v.source, "period", first.period, template, period=v.period) for v in group]


def _write_group(
    office: Office,
    period: ReportingPeriod,
    group: list[MappedValue],
    outcome: ImportOutcome,
    actor: Any,
    source: str,
    sha256: str,
) -> None:
    try:
        submission = open_submission(office, period, actor=actor)
        rows = [(number, _cells(value)) for number, value in enumerate(group, start=1)]
        saved = save_values(
            submission,
            rows,
            actor=actor,
            dry_run=outcome.dry_run,
            reason=f"imported from {source}",
            source=source,
            sha256=sha256,
        )
    except ValuesRejected as rejected:
        for error in rejected.errors:
            where = group[error.row - 1].source if 0 < error.row <= len(group) else source
            problem = Problem(
                where, error.column, error.value, error.reason, error.template, error.params
            )
            outcome.problems.append(problem)
        return
    except (NotAllowed, WorkflowError) as refused:
        template = gettext_noop("office %(office)s, period %(period)s: %(reason)s")
        outcome.problems.append(
            _problem(
                group[0].source,
                "office",
                office.code,
                template,
                office=office.code,
                period=period.code,
                reason=str(refused),
            )
        )
        return
    outcome.groups.append(
        GroupResult(
            office.code,
            period.code,
            submission.pk,
            saved.added,
            saved.changed,
            saved.unchanged,
        )
    )


def _submit(result: GroupResult, actor: Any, outcome: ImportOutcome) -> None:
    from habitat_monitor.reporting.models import Submission

    submission = Submission.objects.get(pk=result.submission)
    if submission.status == Submission.Status.SUBMITTED:
        return
    try:
        workflow.submit_submission(submission, actor=actor)
    except (NotAllowed, WorkflowError) as refused:
        outcome.problems.append(
            _problem(
                result.office,
                "submit",
                result.period,
                gettext_noop("could not submit: %(reason)s"),
                reason=str(refused),
            )
        )


def refused_message(outcome: ImportOutcome) -> str:
    return _("%(count)s problem(s); nothing was written.") % {"count": len(outcome.problems)}
