"""A board report built in the background for a page visitor, and the file it made.

The row records what was asked (year, language, format, which figures), who asked,
how far the build has got, and where the file is (under ``HM_VAR_DIR/reports/``).
Audited (django-simple-history): who produced which report of which figures, when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Format(models.TextChoices):
        PDF = "pdf", _("PDF (to print or share)")
        DOCX = "docx", _("DOCX (to edit)")
        HTML = "html", _("HTML (one web page)")

    class Language(models.TextChoices):
        EN = "en", "English"
        ZH = "zh", "中文"

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    draft = models.BooleanField(_("live figures (not published)"), default=False)
    include_unapproved = models.BooleanField(_("values awaiting approval included"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=32, blank=True)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    path = models.CharField(_("file path"), max_length=500, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    illustrative = models.BooleanField(_("holds illustrative values"), default=False)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("board report")
        verbose_name_plural = _("board reports")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.year} {self.language} {self.format}"

    def get_absolute_url(self) -> str:
        return reverse("reports:job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
