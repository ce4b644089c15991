"""Entering values into a submission: from the web form, a spreadsheet or the API.

All three go through ``save_values``: every row is checked first and, if any is
bad, nothing is written (``ValuesRejected`` lists every problem). Good rows are
compared with what the submission holds: new ones are added, different ones
changed, equal ones left alone, each write audited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from habitat_monitor.core.audit import stamp
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.geo.models import City, Office
from habitat_monitor.reporting.errors import UnknownValues, ValuesRejected, WorkflowError
from habitat_monitor.reporting.fastcheck import PlainCsv, check_batches
from habitat_monitor.reporting.models import (
    Assignment,
    ReportingPeriod,
    Submission,
    Value,
    ValueBatch,
)
from habitat_monitor.reporting.services.staging import Stage, record_creations
from habitat_monitor.reporting.validation import CellError, Checker, CleanValue, IndicatorSpec

Row = tuple[int, Mapping[str, str]]
# Called with a stage ("checking" or "writing") and how many rows so far.
Progress = Callable[[str, int], None]
_LOCKED = gettext_lazy("The submission is %(status)s: its values are locked.")


@dataclass
class SaveResult:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "dry_run": self.dry_run,
        }


@transaction.atomic
def open_submission(office: Office, period: ReportingPeriod, *, actor: Any) -> Submission:
    """The office's submission for the period, created as a draft if there is none."""
    submission = Submission.objects.filter(office=office, period=period).first()
    if submission is None:
        submission = Submission(office=office, period=period)
        if not actor.has_perm("reporting.change_submission", submission):
            raise NotAllowed(_("You may not report for this office."))
        stamp(submission, actor=actor, reason="started")
        submission.save()
    elif not actor.has_perm("reporting.view_submission", submission):
        raise NotAllowed(_("You may not see this office's submission."))
    return submission


def checker_for(submission: Submission, *, decimal_comma: bool = False) -> Checker:
    """A row checker that knows the office's assigned indicators, countries and cities."""
    assigned = Assignment.objects.filter(
        office=submission.office, period=submission.period
    ).select_related("indicator")
    specs = {
        a.indicator.code: IndicatorSpec(
            code=a.indicator.code,
            measure=a.indicator.measure,
            disaggregations=frozenset(a.indicator.disaggregations),
            additive=a.indicator.measure == "count" and a.indicator.aggregation == "sum",
        )
        for a in assigned
    }
    countries = frozenset(submission.office.covers.values_list("alpha3", flat=True))
    cities: dict[str, set[str]] = {}
    for city in City.objects.filter(country__alpha3__in=countries).select_related("country"):
        cities.setdefault(city.country.alpha3, set()).add(city.name["en"])
    return Checker(
        specs=specs,
        countries=countries,
        cities={code: frozenset(names) for code, names in cities.items()},
        decimal_comma=decimal_comma,
    )


def _ensure_editable(submission: Submission, actor: Any) -> None:
    if not actor.has_perm("reporting.change_submission", submission):
        raise NotAllowed(_("You may not change this office's values."))
    if submission.locked:
        raise WorkflowError(_LOCKED % {"status": submission.get_status_display()})


def save_values(
    submission: Submission,
    rows: Iterable[Row] | PlainCsv,
    *,
    actor: Any,
    decimal_comma: bool = False,
    dry_run: bool = False,
    reason: str = "",
    source: str = "",
    sha256: str = "",
    illustrative: bool = False,
    progress: Progress | None = None,
    before_commit: Callable[[], None] | None = None,
) -> SaveResult:
    """Check every row, then write all of them or none (ValuesRejected lists every
    problem). ``rows`` may be a stream: rows are staged as they are checked; a
    ``PlainCsv`` file is checked in columns (``fastcheck``) with the same outcome."""
    _ensure_editable(submission, actor)
    checker = checker_for(submission, decimal_comma=decimal_comma)
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.locked:
            raise WorkflowError(_LOCKED % {"status": locked.get_status_display()})
        stage = _stage_for(submission)
        if isinstance(rows, PlainCsv):
            errors = _check_columns(rows, checker, stage, progress)
        else:
            errors = _check_rows(rows, checker, stage, progress)
        stage.flush()
        errors += checker.finish()
        # Into an empty submission every row is new, so the unique index finds any
        # repeated row while inserting: the costly search runs only if it does.
        fresh = not dry_run and not errors and not Value.objects.filter(submission=locked).exists()
        if not fresh:
            errors += stage.duplicates()
        if errors:
            raise ValuesRejected(_in_order(errors))
        added, changed, unchanged = (stage.staged, 0, 0) if fresh else stage.counts()
        result = SaveResult(added, changed, unchanged, dry_run)
        if dry_run:
            stage.drop()
            return result
        if progress is not None:
            progress("writing", added + changed)
        user = actor if getattr(actor, "is_authenticated", False) else None
        batch = ValueBatch.objects.create(
            submission=submission,
            user=user,
            created_at=timezone.now(),
            reason=reason[:200],
            source=source[:255],
            sha256=sha256,
            added=added,
            changed=changed,
            unchanged=unchanged,
        )
        try:
            with transaction.atomic():
                stage.apply(batch, illustrative=illustrative, fresh=fresh)
        except IntegrityError:
            repeated = stage.duplicates()
            if not repeated:
                raise
            raise ValuesRejected(_in_order(repeated)) from None
        stage.drop()
        if before_commit is not None:
            before_commit()
    return result


def remove_values(
    submission: Submission, value_ids: Iterable[int], *, actor: Any, reason: str = ""
) -> int:
    """Remove reported values from an editable submission (an empty cell never clears a
    value: this does). Audited: each value's history ends with who removed it, when
    and why, after its creation record. Raises NotAllowed, WorkflowError or
    UnknownValues (ids not in the submission; nothing removed)."""
    _ensure_editable(submission, actor)
    wanted = sorted(set(value_ids))
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.locked:
            raise WorkflowError(_LOCKED % {"status": locked.get_status_display()})
        found = list(Value.objects.filter(submission=locked, pk__in=wanted))
        if len(found) != len(wanted):
            missing = sorted(set(wanted) - {value.pk for value in found})
            raise UnknownValues(missing)
        marks = ", ".join(["%s"] * len(wanted))
        with connection.cursor() as cursor:
            record_creations(
                cursor, f"SELECT id FROM {Value._meta.db_table} WHERE id IN ({marks})", wanted
            )
        for value in found:
            stamp(value, actor=actor, reason=reason or "removed")
            value.delete()
    return len(found)


def _in_order(errors: list[CellError]) -> list[CellError]:
    return sorted(errors, key=lambda e: (e.row, e.column))


def _check_rows(
    rows: Iterable[Row], checker: Checker, stage: Stage, progress: Progress | None
) -> list[CellError]:
    errors: list[CellError] = []
    for count, (number, cells) in enumerate(rows, start=1):
        result = checker.feed(number, cells)
        if isinstance(result, CleanValue):
            stage.add(result)
        elif result is not None:
            errors.extend(result)
        if progress is not None and count % 10_000 == 0:
            progress("checking", count)
    return errors


def _check_columns(
    source: PlainCsv, checker: Checker, stage: Stage, progress: Progress | None
) -> list[CellError]:
    """A plain CSV file: most rows checked in columns, the rest one by one."""
    errors: list[CellError] = []
    count = 0
    for batch in check_batches(source, checker.specs, stage.indicators, stage.countries):
        stage.add_frame(batch.plain)
        errors += _check_rows(batch.others, checker, stage, None)
        count += batch.rows
        if progress is not None:
            progress("checking", count)
    return errors


def _stage_for(submission: Submission) -> Stage:
    assigned = Assignment.objects.filter(office=submission.office, period=submission.period)
    countries = dict(submission.office.covers.values_list("alpha3", "id"))
    cities = {
        (alpha3, name["en"]): pk
        for alpha3, name, pk in City.objects.filter(country__alpha3__in=countries).values_list(
            "country__alpha3", "name", "id"
        )
    }
    return Stage(
        submission.pk,
        dict(assigned.values_list("indicator__code", "indicator_id")),
        countries,
        cities,
    )
