"""Needs-typology assessments: rounds, and the assessment of a country or city in one.

An assessment keeps its inputs (scores 0-4 with evidence notes, sector challenges,
shocks, priority domains and outcomes, social-inclusion notes), the category the
plan's rules computed with the explanation, the plan version whose rules were used,
and an optional override (category and reason). Audited (django-simple-history).
Written only through ``typology.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from habitat_monitor.core.translated import pick
from habitat_monitor.geo.models import City, Country
from habitat_monitor.plans.models import Plan, PlanVersion


class AssessmentRound(models.Model):
    """A round of assessments under one plan (the 2019 pilot, then all country offices)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="typology_rounds")
    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.JSONField(_("title"))
    starts = models.DateField(_("starts"), null=True, blank=True)
    ends = models.DateField(_("ends"), null=True, blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts", "code"]
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("typology:round_detail", args=[self.code])

    @property
    def label(self) -> str:
        return pick(self.title, get_language())


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        FINAL = "final", _("final")

    round = models.ForeignKey(AssessmentRound, on_delete=models.PROTECT, related_name="assessments")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    city = models.ForeignKey(City, on_delete=models.PROTECT, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessor"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    scores = models.JSONField(_("scores"), default=dict)
    evidence = models.JSONField(_("evidence notes"), default=dict, blank=True)
    sector_challenges = models.JSONField(_("sector challenges"), default=list, blank=True)
    shocks = models.JSONField(_("shocks"), default=list, blank=True)
    priorities = models.JSONField(_("priority domains and outcomes"), default=list, blank=True)
    social_inclusion = models.TextField(_("social inclusion"))
    plan_version = models.ForeignKey(
        PlanVersion,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("rules of plan version"),
    )
    category = models.PositiveSmallIntegerField(_("computed category"), null=True, blank=True)
    rule = models.CharField(_("rule that fired"), max_length=32, blank=True)
    secondary = models.JSONField(_("secondary needs"), default=list, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    override_category = models.PositiveSmallIntegerField(
        _("override category"), null=True, blank=True
    )
    override_reason = models.TextField(_("override reason"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "country__alpha3", "city"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "country"],
                condition=models.Q(city__isnull=True),
                name="typology_assessment_country_once",
            ),
            models.UniqueConstraint(
                fields=["round", "city"],
                condition=models.Q(city__isnull=False),
                name="typology_assessment_city_once",
            ),
        ]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")

    def __str__(self) -> str:
        return f"{self.round.code} {self.place}"

    def get_absolute_url(self) -> str:
        return reverse("typology:assessment_detail", args=[self.pk])

    @property
    def place(self) -> str:
        return f"{self.country.alpha3} {self.city.label}" if self.city else self.country.alpha3

    @property
    def final_category(self) -> int | None:
        """The category that counts: the override when there is one, else the computed one."""
        return self.override_category or self.category

    @property
    def locked(self) -> bool:
        return self.status == self.Status.FINAL
