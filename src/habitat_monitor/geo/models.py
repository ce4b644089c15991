"""Places (countries, UN M49 areas, regional groupings, cities) and offices.

Names are bilingual content (``{"en": ..., "zh": ...}``), like plan content.
Offices are audited: who changed which office, when, and what it was before.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from habitat_monitor.core.translated import pick


class NamedMixin:
    name: dict[str, str]

    @property
    def label(self) -> str:
        return pick(self.name, get_language())


class OrgRegion(NamedMixin, models.Model):
    """A regional grouping of the organisation (UN-Habitat: Africa, Arab States...)."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.JSONField(_("name"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("regional grouping")
        verbose_name_plural = _("regional groupings")

    def __str__(self) -> str:
        return self.label


class M49Area(NamedMixin, models.Model):
    """A UN M49 region, sub-region or intermediate region."""

    class Kind(models.TextChoices):
        REGION = "region", _("region")
        SUBREGION = "subregion", _("sub-region")
        INTERMEDIATE = "intermediate", _("intermediate region")

    code = models.CharField(_("M49 code"), max_length=3, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.JSONField(_("name"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("M49 area")
        verbose_name_plural = _("M49 areas")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Country(NamedMixin, models.Model):
    """A country or territory of ISO 3166-1."""

    alpha2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    alpha3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO numeric / M49"), max_length=3, unique=True)
    name = models.JSONField(_("name"))
    m49_region = models.ForeignKey(
        M49Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    m49_subregion = models.ForeignKey(
        M49Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    m49_intermediate = models.ForeignKey(
        M49Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    org_region = models.ForeignKey(
        OrgRegion, on_delete=models.PROTECT, null=True, blank=True, related_name="countries"
    )

    class Meta:
        ordering = ["alpha3"]
        verbose_name = _("country or territory")
        verbose_name_plural = _("countries and territories")

    def __str__(self) -> str:
        return self.label


class City(NamedMixin, models.Model):
    name = models.JSONField(_("name"))
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cities")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)

    class Meta:
        ordering = ["country__alpha3", "id"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return self.label


class Office(NamedMixin, models.Model):
    """An office that reports: headquarters, regional, country office or hub."""

    class Kind(models.TextChoices):
        HQ = "hq", _("headquarters")
        REGIONAL = "regional", _("regional office")
        COUNTRY = "country", _("country office")
        HUB = "hub", _("multi-country hub")

    code = models.CharField(_("code"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.JSONField(_("name"))
    city = models.ForeignKey(City, on_delete=models.PROTECT, null=True, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="offices_here"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    covers = models.ManyToManyField(
        Country, blank=True, related_name="offices", verbose_name=_("countries covered")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="offices", verbose_name=_("members")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"
