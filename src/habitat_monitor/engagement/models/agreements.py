"""Agreements with partners and their due-diligence checklist (annex 4 §17).

Status runs pipeline -> active -> closed (a pipeline agreement may also be closed
without starting). A private-sector agreement becomes active only once every item
of the standard operating procedure is checked (``services.agreements``).
"""

from __future__ import annotations

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from habitat_monitor.core.translated import pick


def validate_currency(code: str) -> None:
    """An ISO 4217 alphabetic code (``USD``, ``EUR``, ``KES``)."""
    if pycountry.currencies.get(alpha_3=code) is None:
        raise ValidationError(
            _("%(code)s is not an ISO 4217 currency code."), params={"code": code}
        )


class SopItem(models.Model):
    """An item of the due-diligence checklist, kept as editable content."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.JSONField(_("title"))
    active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("due-diligence item")
        verbose_name_plural = _("due-diligence items")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick(self.title, get_language())


class Agreement(models.Model):
    class Kind(models.TextChoices):
        CO_INVESTMENT = "co_investment", _("co-investment")
        CONTRIBUTION = "contribution", _("contribution")

    class Status(models.TextChoices):
        PIPELINE = "pipeline", _("pipeline")
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    partner = models.ForeignKey(
        "engagement.Partner", on_delete=models.PROTECT, related_name="agreements"
    )
    title = models.CharField(_("title"), max_length=300)
    flagship = models.ForeignKey(
        "engagement.Flagship",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    outcomes = models.ManyToManyField(
        "plans.Outcome", blank=True, related_name="+", verbose_name=_("outcomes served")
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PIPELINE
    )
    illustrative = models.BooleanField(_("illustrative"), default=False)
    history = HistoricalRecords(m2m_fields=[outcomes])

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.amount is not None and not self.currency:
            raise ValidationError({"currency": _("Give the currency of the amount.")})
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("An amount is zero or more.")})
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end comes after the start.")})


class DueDiligenceCheck(models.Model):
    """One checklist item checked for an agreement: who checked it, when, and a note."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="due_diligence")
    item = models.ForeignKey(SopItem, on_delete=models.PROTECT, related_name="+")
    checked = models.BooleanField(_("checked"), default=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "item"], name="due_diligence_unique")
        ]
        verbose_name = _("due-diligence check")
        verbose_name_plural = _("due-diligence checks")

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.item.code}: {self.checked}"
