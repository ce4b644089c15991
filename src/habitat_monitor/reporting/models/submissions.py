"""Submissions and the values they hold, with evidence files.

Workflow: draft -> submitted -> approved, or returned (with a comment) ->
submitted again. Approved values are locked; an M&E officer may reopen a
submission with a reason. Every transition and value change is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from habitat_monitor.reporting.models.assignments import ReportingPeriod


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")

    office = models.ForeignKey("geo.Office", on_delete=models.PROTECT, related_name="submissions")
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "office"]
        constraints = [
            models.UniqueConstraint(fields=["office", "period"], name="submission_office_period")
        ]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.office.code} {self.period.code}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:submission_detail", args=[self.pk])

    @property
    def locked(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.APPROVED)


class ValueBatch(models.Model):
    """One write of values into a submission (a form save, an import, an API call).

    The audit record of the values it added: who, when, why, from which file, and
    the counts. Values keep the batch that created them; a value's own history rows
    start at its first change (the creation record is written then, from the batch).
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="batches")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    added = models.PositiveIntegerField(_("added"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("batch of values")
        verbose_name_plural = _("batches of values")

    def __str__(self) -> str:
        return f"{self.submission} {self.created_at:%Y-%m-%d %H:%M} +{self.added} ~{self.changed}"


def _reference(to: str, **options: object) -> models.ForeignKey:  # type: ignore[type-arg]
    """A foreign key without a database constraint or index: values are written in
    bulk from ids the database itself handed out, and a million deferred constraint
    checks and index updates cost more than the rest of an import. The ORM still
    protects the rows they point to."""
    return models.ForeignKey(
        to,
        on_delete=models.PROTECT,
        db_constraint=False,
        db_index=False,
        related_name="+",
        **options,
    )


class Value(models.Model):
    """One reported number: indicator x place x breakdown, in a submission."""

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="values",
        db_constraint=False,
        db_index=False,  # the unique constraint below starts with it
    )
    indicator = _reference("plans.Indicator")
    country = _reference("geo.Country", null=True, blank=True)
    city = _reference("geo.City", null=True, blank=True)
    # Canonical breakdown text ("age=15-24;sex=female"), empty for the total.
    disaggregation = models.CharField(_("breakdown"), max_length=200, blank=True)
    # Canonical place text (alpha-3, or alpha-3/city), so uniqueness works with NULLs.
    place = models.CharField(_("place"), max_length=120, blank=True)
    value = models.FloatField(_("value"))
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    batch = models.ForeignKey(
        ValueBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=_("added in"),
    )
    history = HistoricalRecords(excluded_fields=["batch"])

    class Meta:
        ordering = ["submission", "indicator__order", "place", "disaggregation"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator", "place", "disaggregation"],
                name="value_unique_cell",
            )
        ]
        verbose_name = _("value")
        verbose_name_plural = _("values")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.place} {self.disaggregation}: {self.value:g}"


class Evidence(models.Model):
    """A file supporting a submission (report, photo, list), checked by content."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name
