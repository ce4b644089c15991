"""The performance measurement plan (PMP) entry of each indicator."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from habitat_monitor.plans.models.indicators import Indicator


class PerformancePlan(models.Model):
    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="pmp")
    components = models.JSONField(_("components"), default=list, blank=True)
    office_roles = models.JSONField(_("what each office does"), default=list, blank=True)
    partners = models.JSONField(_("partners"), default=list, blank=True)
    tools = models.JSONField(_("tools"), default=list, blank=True)
    coordination = models.JSONField(_("coordination"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("performance measurement plan entry")
        verbose_name_plural = _("performance measurement plan entries")

    def __str__(self) -> str:
        return f"PMP {self.indicator.code}"


class Milestone(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DELAYED = "delayed", _("delayed")
        CANCELLED = "cancelled", _("cancelled")

    pmp = models.ForeignKey(PerformancePlan, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    description = models.JSONField(_("description"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pmp", "order"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.pmp.indicator.code} {self.date}"
