"""Corrective actions: what an M&E officer decides when an indicator is off track.

An action names the cause, what will be done, who owns it, by when, its status and
the follow-up. Every change is audited (who, when, before/after, why).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CorrectiveAction(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    indicator = models.ForeignKey(
        "plans.Indicator", on_delete=models.PROTECT, related_name="corrective_actions"
    )
    office = models.ForeignKey(
        "geo.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    year = models.PositiveIntegerField(_("year assessed"), null=True, blank=True)
    cause = models.TextField(_("cause"))
    action = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=200)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    follow_up = models.TextField(_("follow-up"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.action[:60]}"

    @property
    def open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)


class Publication(models.Model):
    """A frozen copy of the approved figures that the public may see.

    Publishing copies the analytics store into ``HM_VAR_DIR/publications/<folder>/``
    with the open-data ZIP beside it; the files never change afterwards, so what the
    public saw on a date can always be shown again. Signed-in members see the live
    figures (the board draft of the next publication).
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="publications")
    number = models.PositiveIntegerField(_("number"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    folder = models.CharField(_("folder"), max_length=100)
    data_year = models.PositiveIntegerField(_("latest year with data"), null=True, blank=True)
    approved_through = models.DateTimeField(_("approved through"), null=True, blank=True)
    value_count = models.PositiveBigIntegerField(_("values"), default=0)
    changes = models.JSONField(_("changes since the previous publication"), default=dict)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="publication_number_unique")
        ]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return f"{self.plan.code} #{self.number}"
