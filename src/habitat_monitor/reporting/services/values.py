"""Entering values into a submission: from the web form, a spreadsheet or the API.

All three go through ``save_values``: every row is checked first and, if any is
bad, nothing is written (``ValuesRejected`` lists every problem). Good rows are
compared with what the submission holds: new ones are added, different ones
changed, equal ones left alone, each write audited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.geo.models import City, Country, Office
from habitat_monitor.reporting.errors import ValuesRejected, WorkflowError
from habitat_monitor.reporting.models import Assignment, ReportingPeriod, Submission, Value
from habitat_monitor.reporting.validation import Checker, CleanValue, IndicatorSpec

Row = tuple[int, Mapping[str, str]]


@dataclass
class SaveResult:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    dry_run: bool = False
    rows: list[CleanValue] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "dry_run": self.dry_run,
        }


def open_submission(office: Office, period: ReportingPeriod, *, actor: Any) -> Submission:
    """The office's submission for the period, created as a draft if there is none."""
    submission = Submission.objects.filter(office=office, period=period).first()
    if submission is None:
        submission = Submission(office=office, period=period)
        if not actor.has_perm("reporting.change_submission", submission):
            raise NotAllowed("You may not report for this office.")
        submission._history_user = actor
        submission.save()
    elif not actor.has_perm("reporting.view_submission", submission):
        raise NotAllowed("You may not see this office's submission.")
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


def check_rows(checker: Checker, rows: Iterable[Row]) -> list[CleanValue]:
    """Every row checked; ValuesRejected with all problems if any row is bad."""
    clean: list[CleanValue] = []
    errors = []
    for number, cells in rows:
        result = checker.feed(number, cells)
        if isinstance(result, CleanValue):
            clean.append(result)
        elif result is not None:
            errors.extend(result)
    errors.extend(checker.finish())
    if errors:
        raise ValuesRejected(sorted(errors, key=lambda e: (e.row, e.column)))
    return clean


def place_of(country: str, city: str) -> str:
    return f"{country}/{city}" if city else country


def _ensure_editable(submission: Submission, actor: Any) -> None:
    if not actor.has_perm("reporting.change_submission", submission):
        raise NotAllowed("You may not change this office's values.")
    if submission.locked:
        raise WorkflowError(
            f"The submission is {submission.get_status_display()}: its values are locked."
        )


def save_values(
    submission: Submission,
    rows: Iterable[Row],
    *,
    actor: Any,
    decimal_comma: bool = False,
    dry_run: bool = False,
    reason: str = "",
) -> SaveResult:
    _ensure_editable(submission, actor)
    clean = check_rows(checker_for(submission, decimal_comma=decimal_comma), rows)
    return write_values(submission, clean, actor=actor, dry_run=dry_run, reason=reason)


@transaction.atomic
def write_values(
    submission: Submission,
    clean: list[CleanValue],
    *,
    actor: Any,
    dry_run: bool = False,
    reason: str = "",
    before_commit: Callable[[], None] | None = None,
) -> SaveResult:
    """Add and change values to match ``clean`` (already checked); audited.

    ``before_commit`` runs inside the transaction after every write (the import
    command uses it to show that a crash at that point loses nothing)."""
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.locked:
        raise WorkflowError(f"The submission is {locked.get_status_display()}: values are locked.")
    existing = {
        (v.indicator.code, v.place, v.disaggregation): v
        for v in submission.values.select_related("indicator")
    }
    indicators = {
        a.indicator.code: a.indicator
        for a in Assignment.objects.filter(
            office=submission.office, period=submission.period
        ).select_related("indicator")
    }
    countries = {c.alpha3: c for c in Country.objects.filter(alpha3__in={r.country for r in clean})}
    cities = {
        (c.country.alpha3, c.name["en"]): c
        for c in City.objects.filter(country__alpha3__in=set(countries)).select_related("country")
    }
    result = SaveResult(dry_run=dry_run, rows=clean)
    new: list[Value] = []
    changed: list[Value] = []
    for row in clean:
        place = place_of(row.country, row.city)
        current = existing.get((row.indicator, place, row.disaggregation))
        if current is None:
            new.append(
                Value(
                    submission=submission,
                    indicator=indicators[row.indicator],
                    country=countries.get(row.country),
                    city=cities.get((row.country, row.city)),
                    place=place,
                    disaggregation=row.disaggregation,
                    value=row.value,
                    note=row.note,
                )
            )
        elif current.value != row.value or current.note != row.note:
            current.value, current.note = row.value, row.note
            changed.append(current)
        else:
            result.unchanged += 1
    result.added, result.changed = len(new), len(changed)
    if dry_run:
        return result
    user = actor if getattr(actor, "is_authenticated", False) else None
    bulk_create_with_history(
        new, Value, batch_size=2000, default_user=user, default_change_reason=reason or None
    )
    if changed:
        bulk_update_with_history(
            changed,
            Value,
            ["value", "note"],
            batch_size=2000,
            default_user=user,
            default_change_reason=reason or None,
        )
    if before_commit is not None:
        before_commit()
    return result
