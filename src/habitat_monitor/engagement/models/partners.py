"""Partners: their type (8, annex 4), public entry, private contacts, engagement log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from habitat_monitor.core.translated import pick


class PartnerType(models.Model):
    """One of the partner types of annex 4, with its objectives and engagement
    strategies (annex 4 table 1) as editable bilingual content: lists of {en, zh}."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.JSONField(_("title"))
    objectives = models.JSONField(_("objectives"), default=list, blank=True)
    strategies = models.JSONField(_("engagement strategies"), default=list, blank=True)
    # The standard operating procedure (annex 4 §17) is enforced for these types only.
    requires_due_diligence = models.BooleanField(_("requires due diligence"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("partner type")
        verbose_name_plural = _("partner types")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick(self.title, get_language())


class Partner(models.Model):
    """A partner's public entry: everything here may be shown to the public."""

    type = models.ForeignKey(PartnerType, on_delete=models.PROTECT, related_name="partners")
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.JSONField(_("name"))
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    country = models.ForeignKey(
        "geo.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("public description"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["type__order", "code"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick(self.name, get_language())


class PartnerContact(models.Model):
    """A person to contact at a partner: never public."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partner", "name"]
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")

    def __str__(self) -> str:
        return self.name


class Engagement(models.Model):
    """One entry of a partner's engagement log (a meeting, a call...): members only."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("meeting")
        CALL = "call", _("call")
        CORRESPONDENCE = "correspondence", _("correspondence")
        EVENT = "event", _("event")
        VISIT = "visit", _("visit")
        OTHER = "other", _("other")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="engagements")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.TextField(_("note"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self) -> str:
        return f"{self.partner.code} {self.date} {self.kind}"
