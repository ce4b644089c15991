"""The results framework: plan, domains of change, outcomes, dimensions.

Plan content is bilingual data (``{"en": ..., "zh": ...}``), not gettext.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from habitat_monitor.core.translated import pick


class TitledMixin:
    title: dict[str, str]

    @property
    def label(self) -> str:
        return pick(self.title, get_language())


class Plan(TitledMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    code = models.CharField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.JSONField(_("title"))
    organisation = models.JSONField(_("organisation"), default=dict, blank=True)
    vision = models.JSONField(_("vision"), default=dict, blank=True)
    mission = models.JSONField(_("mission"), default=dict, blank=True)
    goal = models.JSONField(_("goal"), default=dict, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    years = models.JSONField(_("years"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    is_current = models.BooleanField(_("current version"), default=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="plan_code_version_unique")
        ]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.label} (v{self.version})"

    @property
    def goal_text(self) -> str:
        return pick(self.goal, get_language())


class Domain(TitledMixin, models.Model):
    """A domain of change."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(_("code"), max_length=32)
    title = models.JSONField(_("title"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="domain_plan_code_unique")
        ]
        verbose_name = _("domain of change")
        verbose_name_plural = _("domains of change")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Outcome(TitledMixin, models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(_("code"), max_length=32)
    title = models.JSONField(_("title"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["domain", "order"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Dimension(TitledMixin, models.Model):
    """A part of an outcome measured on its own (e.g. 1.2: land; housing)."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="dimensions")
    code = models.CharField(_("code"), max_length=32)
    title = models.JSONField(_("title"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["outcome", "order"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"
