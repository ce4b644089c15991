"""Indicators, their baselines and yearly targets (plan-wide or per office).

Targets are data: one row per year (and optionally per office), editable with
an audit trail. Values invented for a demonstration carry ``illustrative``.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from habitat_monitor.core.translated import pick
from habitat_monitor.plans.models.framework import Dimension, Domain, FrameworkTerm, Outcome, Plan


class Indicator(models.Model):
    class Level(models.TextChoices):
        CATALYTIC = "catalytic", _("catalytic")
        GOAL = "goal", _("goal")
        DOMAIN = "domain", _("domain of change")
        OUTCOME = "outcome", _("outcome")
        CROSS_CUTTING = "cross_cutting", _("cross-cutting")

    class Measure(models.TextChoices):
        COUNT = "count", _("count")
        PERCENT = "percent", _("percent")
        RATIO = "ratio", _("ratio")
        INDEX = "index", _("index")
        BOOLEAN = "boolean", _("yes / no")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("increase")
        DECREASE = "decrease", _("decrease")
        MAINTAIN = "maintain", _("maintain")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("sum")
        MEAN = "mean", _("mean")
        WEIGHTED_MEAN = "weighted_mean", _("weighted mean")
        COUNT_TRUE = "count_true", _("count of yes")
        NONE = "none", _("not aggregated")

    class Cumulation(models.TextChoices):
        NON_CUMULATIVE = "non_cumulative", _("each period stands alone")
        CUMULATIVE_SUM = "cumulative_sum", _("periods add up")
        CUMULATIVE_LATEST = "cumulative_latest", _("latest value is the running total")

    class Frequency(models.TextChoices):
        ANNUAL = "annual", _("annual")
        SEMI_ANNUAL = "semi_annual", _("semi-annual")
        QUARTERLY = "quarterly", _("quarterly")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=32)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, null=True, blank=True)
    outcome = models.ForeignKey(
        Outcome, on_delete=models.PROTECT, null=True, blank=True, related_name="indicators"
    )
    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, null=True, blank=True, related_name="indicators"
    )
    theme = models.ForeignKey(FrameworkTerm, on_delete=models.PROTECT, null=True, blank=True)
    statement = models.JSONField(_("statement"))
    definition = models.JSONField(_("definition"), default=dict, blank=True)
    unit = models.JSONField(_("unit of measure"), default=dict, blank=True)
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    tolerance = models.FloatField(_("tolerance"), null=True, blank=True)
    aggregation = models.CharField(_("aggregation"), max_length=16, choices=Aggregation.choices)
    cumulation = models.CharField(_("cumulation"), max_length=24, choices=Cumulation.choices)
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    method = models.JSONField(_("data-collection method"), default=dict, blank=True)
    source = models.JSONField(_("source"), default=dict, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=Frequency.choices, blank=True
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    sdg = models.JSONField(_("SDG indicators"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in the current version"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_plan_code_unique")
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("plans:indicator_detail", args=[self.code])

    @property
    def label(self) -> str:
        return pick(self.statement, get_language())


class Baseline(models.Model):
    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="baseline")
    year = models.PositiveIntegerField(_("year"))
    value = models.FloatField(_("value"))
    source = models.JSONField(_("source"), default=dict, blank=True)
    note = models.JSONField(_("note"), default=dict, blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value:g}"


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveIntegerField(_("year"))
    office = models.ForeignKey(
        "geo.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="targets"
    )
    value = models.FloatField(_("value"))
    illustrative = models.BooleanField(_("illustrative"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "office", "year"]
        constraints = [
            # Two partial constraints: SQLite cannot treat NULL offices as equal.
            models.UniqueConstraint(
                fields=["indicator", "year", "office"],
                condition=models.Q(office__isnull=False),
                name="target_office_year_unique",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=models.Q(office__isnull=True),
                name="target_plan_year_unique",
            ),
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value:g}"
