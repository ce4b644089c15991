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
