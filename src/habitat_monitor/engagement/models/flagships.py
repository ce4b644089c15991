"""The five flagship programmes and their action plans (annex 2 table 1).

``Flagship.action_points`` holds the plan's own action points per role (table 1,
bilingual reference content); ``FlagshipAction`` rows are the actions taken to
carry them out, each with an owner, dates, a status and what it links to.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from habitat_monitor.core.translated import pick


class Role(models.TextChoices):
    THINK = "think", _("Think")
    ACT = "act", _("Act")
    SHARE = "share", _("Share")
    PARTNER = "partner", _("Partner")


class Flagship(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.JSONField(_("title"))
    # {"think": {"en": ..., "zh": ...}, "act": ..., "share": ..., "partner": ...}
    action_points = models.JSONField(_("action points by role"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("flagship programme")
        verbose_name_plural = _("flagship programmes")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("engagement:flagship_detail", args=[self.code])

    @property
    def label(self) -> str:
        return pick(self.title, get_language())


class FlagshipAction(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    flagship = models.ForeignKey(Flagship, on_delete=models.CASCADE, related_name="actions")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    title = models.CharField(_("title"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    outcomes = models.ManyToManyField("plans.Outcome", blank=True, related_name="+")
    indicators = models.ManyToManyField("plans.Indicator", blank=True, related_name="+")
    partners = models.ManyToManyField(
        "engagement.Partner", blank=True, related_name="flagship_actions"
    )
    countries = models.ManyToManyField("geo.Country", blank=True, related_name="+")
    cities = models.ManyToManyField("geo.City", blank=True, related_name="+")
    illustrative = models.BooleanField(_("illustrative"), default=False)
    history = HistoricalRecords(m2m_fields=[outcomes, indicators, partners, countries, cities])

    class Meta:
        ordering = ["flagship__order", "role", "start", "pk"]
        verbose_name = _("flagship action")
        verbose_name_plural = _("flagship actions")

    def __str__(self) -> str:
        return self.title
