"""Outreach platforms (annex 2 table 2), events held on them and outreach results
(annex 2 §15: policy changes, co-investment catalysed, attitude change, awareness).

A reach of None is unknown (the table says "n/a"), never zero.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from habitat_monitor.core.translated import pick
from habitat_monitor.engagement.models.agreements import validate_currency


class Platform(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.JSONField(_("name"))
    kind = models.JSONField(_("type"), default=dict)
    audience = models.JSONField(_("target audience"), default=dict)
    reach_direct = models.PositiveIntegerField(_("estimated direct reach"), null=True, blank=True)
    reach_indirect = models.PositiveIntegerField(
        _("estimated indirect reach"), null=True, blank=True
    )
    frequency = models.JSONField(_("frequency or status"), default=dict)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("outreach platform")
        verbose_name_plural = _("outreach platforms")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("engagement:platform_detail", args=[self.code])

    @property
    def label(self) -> str:
        return pick(self.name, get_language())


class OutreachEvent(models.Model):
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="events")
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    country = models.ForeignKey(
        "geo.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reach_direct = models.PositiveIntegerField(_("direct reach achieved"), null=True, blank=True)
    reach_indirect = models.PositiveIntegerField(
        _("indirect reach achieved"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["platform__number", "date", "pk"]
        verbose_name = _("outreach event")
        verbose_name_plural = _("outreach events")

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


class OutreachResult(models.Model):
    class Kind(models.TextChoices):
        POLICY_CHANGE = "policy_change", _("policy change")
        CO_INVESTMENT = "co_investment", _("co-investment catalysed")
        ATTITUDE_CHANGE = "attitude_change", _("change in attitude and commitment")
        AWARENESS = "awareness", _("raised awareness")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    country = models.ForeignKey(
        "geo.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField(_("description"))
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    # An attitude change is measured by a survey: the share of respondents (percent).
    survey_result = models.DecimalField(
        _("survey result (percent)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    survey_respondents = models.PositiveIntegerField(_("respondents"), null=True, blank=True)
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, null=True, blank=True, related_name="results"
    )
    flagship = models.ForeignKey(
        "engagement.Flagship",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("outreach result")
        verbose_name_plural = _("outreach results")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    def clean(self) -> None:
        if self.kind == self.Kind.CO_INVESTMENT and (self.amount is None or not self.currency):
            raise ValidationError(
                {"amount": _("A co-investment result needs its amount and currency.")}
            )
        if self.kind == self.Kind.ATTITUDE_CHANGE and self.survey_result is None:
            raise ValidationError(
                {"survey_result": _("An attitude change is measured by a survey result.")}
            )
        if self.survey_result is not None and not 0 <= self.survey_result <= 100:
            raise ValidationError({"survey_result": _("A percentage lies between 0 and 100.")})
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("An amount is zero or more.")})
