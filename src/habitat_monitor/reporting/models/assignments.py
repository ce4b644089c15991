"""Reporting periods and assignments: which office reports which indicator when."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReportingPeriod(models.Model):
    class Frequency(models.TextChoices):
        ANNUAL = "annual", _("annual")
        SEMI_ANNUAL = "semi_annual", _("semi-annual")
        QUARTERLY = "quarterly", _("quarterly")

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="periods")
    code = models.CharField(_("code"), max_length=16)
    year = models.PositiveIntegerField(_("year"))
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        ordering = ["plan", "start", "end"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="period_plan_code_unique")
        ]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")

    def __str__(self) -> str:
        return self.code


class Assignment(models.Model):
    """An office is to report an indicator for a period, by a due date."""

    indicator = models.ForeignKey(
        "plans.Indicator", on_delete=models.CASCADE, related_name="assignments"
    )
    office = models.ForeignKey("geo.Office", on_delete=models.CASCADE, related_name="assignments")
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="assignments"
    )
    due_date = models.DateField(_("due date"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "office", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "office", "period"], name="assignment_unique"
            )
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.office.code} {self.indicator.code} {self.period.code}"
