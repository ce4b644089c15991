"""The results framework: plan, its versions, domains, outcomes, dimensions.

A plan keeps its identity (code) across versions; loading a changed plan file
updates the framework in place (audited) and records a PlanVersion with the
file's canonical content and what changed. Rows a new version drops are kept
but marked inactive, so values reported against them stay attached.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from habitat_monitor.plans.models.base import TitledMixin


class Plan(TitledMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    code = models.CharField(_("code"), max_length=64, unique=True)
    title = models.JSONField(_("title"))
    organisation = models.JSONField(_("organisation"), default=dict, blank=True)
    vision = models.JSONField(_("vision"), default=dict, blank=True)
    mission = models.JSONField(_("mission"), default=dict, blank=True)
    goal = models.JSONField(_("goal"), default=dict, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    years = models.JSONField(_("years"), default=list)
    status_bands = models.JSONField(_("status bands"), default=dict)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    version = models.PositiveIntegerField(_("current version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.label} (v{self.version})"


class PlanVersion(models.Model):
    """One loaded plan file: canonical content, its hash, and the changes it made."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    document = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")
        ]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")

    def __str__(self) -> str:
        return f"{self.plan.code} v{self.number}"


class FrameworkNode(TitledMixin, models.Model):
    code = models.CharField(_("code"), max_length=32)
    title = models.JSONField(_("title"))
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in the current version"), default=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Domain(FrameworkNode):
    """A domain of change."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="domains")

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="domain_plan_code_unique")
        ]
        verbose_name = _("domain of change")
        verbose_name_plural = _("domains of change")


class Outcome(FrameworkNode):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="outcomes")

    class Meta:
        ordering = ["domain__order", "order"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def get_absolute_url(self) -> str:
        return reverse("plans:framework") + f"#outcome-{self.code}"


class Dimension(FrameworkNode):
    """A part of an outcome measured on its own (e.g. 1.2: land; housing)."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="dimensions")

    class Meta:
        ordering = ["outcome", "order"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")


class FrameworkTerm(FrameworkNode):
    """A cross-cutting theme, driver of change or performance enabler."""

    class Kind(models.TextChoices):
        THEME = "theme", _("cross-cutting theme")
        DRIVER = "driver", _("driver of change")
        ENABLER = "enabler", _("performance enabler")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="terms")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    class Meta:
        ordering = ["plan", "kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "code"], name="term_plan_code_unique")
        ]
        verbose_name = _("framework term")
        verbose_name_plural = _("framework terms")
