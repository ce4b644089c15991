"""Reads for the reporting pages and API, as plain rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language, gettext

from habitat_monitor.core.translated import pick
from habitat_monitor.geo.models import Office
from habitat_monitor.reporting.disaggregation import CATEGORIES, breakdown_label
from habitat_monitor.reporting.models import Assignment, Submission, Value, ValueBatch
from habitat_monitor.reporting.validation import DERIVED


def visible_submissions(user: Any) -> QuerySet[Submission]:
    """The submissions the user may see (the same rule as reporting.view_submission)."""
    submissions = Submission.objects.select_related("office", "period", "submitted_by")
    if (
        user.has_perm("reporting.review_submission")
        or user.groups.filter(name="plan_author").exists()
    ):
        return submissions
    if not user.is_authenticated:
        return submissions.none()
    if user.groups.filter(name="focal_point").exists():
        return submissions.filter(office__members=user)
    if user.groups.filter(name="viewer").exists():
        return submissions.filter(status=Submission.Status.APPROVED)
    return submissions.none()


def _state(submission: Submission | None, due: date, today: date) -> str:
    if submission is None or submission.status == Submission.Status.DRAFT:
        if due < today:
            return "overdue"
        return "due" if submission is None else "draft"
    return str(submission.status)


def start_rows(user: Any, *, today: date) -> list[dict[str, Any]]:
    """For each of the user's offices and each period: what is due and in what state."""
    offices = (
        Office.objects.filter(members=user) if user.is_authenticated else Office.objects.none()
    )
    assignments = (
        Assignment.objects.filter(office__in=offices)
        .select_related("office", "period")
        .order_by("period__start", "office__code")
    )
    groups: dict[tuple[int, int], dict[str, Any]] = {}
    for assignment in assignments:
        key = (assignment.office_id, assignment.period_id)
        group = groups.setdefault(
            key,
            {
                "office": assignment.office.code,
                "office_name": assignment.office.label,
                "office_id": assignment.office_id,
                "period": assignment.period.code,
                "period_id": assignment.period_id,
                "due": assignment.due_date,
                "indicators": 0,
            },
        )
        group["indicators"] += 1
        group["due"] = min(group["due"], assignment.due_date)
    submissions = {
        (s.office_id, s.period_id): s for s in Submission.objects.filter(office__in=offices)
    }
    rows = []
    for key, group in groups.items():
        submission = submissions.get(key)
        group["submission_id"] = submission.pk if submission else None
        group["values"] = submission.values.count() if submission else 0
        group["state"] = _state(submission, group["due"], today)
        group["comment"] = submission.review_comment if submission else ""
        rows.append(group)
    return rows


def review_queue() -> QuerySet[Submission]:
    """Submissions waiting for an M&E officer, oldest first."""
    return (
        Submission.objects.filter(status=Submission.Status.SUBMITTED)
        .select_related("office", "period", "submitted_by")
        .order_by("submitted_at")
    )


def submission_values(submission: Submission) -> list[dict[str, Any]]:
    language = get_language()
    values = Value.objects.filter(submission=submission).select_related("indicator")
    return [
        {
            "id": value.pk,
            "indicator": value.indicator.code,
            "statement": pick(value.indicator.statement, language),
            "place": value.place,
            "breakdown": value.disaggregation,
            "breakdown_label": breakdown_label(value.disaggregation, language),
            "value": value.value,
            "note": value.note,
            "illustrative": value.illustrative,
        }
        for value in values
    ]


def entry_grid(submission: Submission) -> list[dict[str, Any]]:
    """The web form's grid: per assigned indicator and covered country, a total line
    and one line per category of each dimension the indicator is broken down by."""
    language = get_language()
    # An office covering no country (headquarters) reports plan-wide: one block each,
    # with the country left empty, as validation expects.
    countries: list[tuple[str, str]] = [
        (country.alpha3, pick(country.name, language))
        for country in submission.office.covers.order_by("alpha3")
    ] or [("", gettext("plan-wide"))]
    current = {(v.indicator_id, v.place, v.disaggregation): v for v in submission.values.all()}
    grid = []
    assignments = Assignment.objects.filter(
        office=submission.office, period=submission.period
    ).select_related("indicator")
    for assignment in assignments:
        indicator = assignment.indicator
        for alpha3, country_name in countries:
            lines = [("", "")] + [
                (f"{dimension}={category}", breakdown_label(f"{dimension}={category}", language))
                for dimension in indicator.disaggregations
                if dimension in CATEGORIES and dimension not in DERIVED
                for category in CATEGORIES[dimension]
            ]
            grid.append(
                {
                    "indicator": indicator.code,
                    "indicator_id": indicator.pk,
                    "statement": pick(indicator.statement, language),
                    "unit": pick(indicator.unit, language),
                    "measure": indicator.measure,
                    "country": alpha3,
                    "country_name": country_name,
                    "lines": [
                        {
                            "breakdown": key,
                            "label": label,
                            "value": getattr(
                                current.get((indicator.pk, alpha3, key)), "value", None
                            ),
                            "note": getattr(current.get((indicator.pk, alpha3, key)), "note", ""),
                        }
                        for key, label in lines
                    ],
                }
            )
    return grid


SUBMISSION_FIELDS = ("status", "review_comment")
VALUE_FIELDS = ("value", "note")


def audit_entries(records: Any, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """Each history record: when, who, kind, reason, the changed fields before and
    after, and a snapshot of ``fields``."""
    entries = []
    for record in records:
        previous = record.prev_record
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, included_fields=list(fields))
            changes = [{"field": c.field, "before": c.old, "after": c.new} for c in delta.changes]
        entries.append(
            {
                "when": record.history_date,
                "who": str(record.history_user or ""),
                "kind": {"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                "reason": record.history_change_reason or "",
                "changes": changes,
                "snapshot": {field: getattr(record, field) for field in fields},
            }
        )
    return entries


def submission_audit(submission: Submission) -> dict[str, Any]:
    """The audit trail of a submission: its workflow steps and every value change."""
    steps = audit_entries(submission.history.order_by("history_date"), SUBMISSION_FIELDS)
    records = Value.history.filter(submission_id=submission.pk).order_by("history_date")
    values = [
        {
            **entry,
            "value_id": record.id,
            "indicator_id": record.indicator_id,
            "place": record.place,
            "breakdown": record.disaggregation,
        }
        for record, entry in zip(records, audit_entries(records, VALUE_FIELDS), strict=True)
    ]
    batches = [batch_entry(batch) for batch in submission.batches.select_related("user")]
    return {"submission_id": submission.pk, "steps": steps, "batches": batches, "values": values}


def batch_entry(batch: ValueBatch) -> dict[str, Any]:
    """A write of many values at once: who, when, why, from which file, and counts."""
    return {
        "batch_id": batch.pk,
        "when": batch.created_at,
        "who": str(batch.user or ""),
        "kind": "batch",
        "reason": batch.reason,
        "source": batch.source,
        "sha256": batch.sha256,
        "added": batch.added,
        "changed": batch.changed,
        "unchanged": batch.unchanged,
    }


def value_audit(value: Value) -> list[dict[str, Any]]:
    """Every change of one value. A value added in a batch and never changed has no
    history row of its own: its creation is the batch's record."""
    entries = audit_entries(value.history.order_by("history_date", "history_id"), VALUE_FIELDS)
    if entries or value.batch is None:
        return entries
    batch = value.batch
    return [
        {
            "when": batch.created_at,
            "who": str(batch.user or ""),
            "kind": "created",
            "reason": batch.reason,
            "changes": [],
            "snapshot": {field: getattr(value, field) for field in VALUE_FIELDS},
        }
    ]
