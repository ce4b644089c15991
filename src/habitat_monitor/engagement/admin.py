"""Admin for administrators: reference content (partner types, due-diligence items,
flagships, platforms) is edited here; the registers are kept through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from habitat_monitor.engagement import models


@admin.register(models.PartnerType)
class PartnerTypeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "order", "requires_due_diligence"]


@admin.register(models.SopItem)
class SopItemAdmin(SimpleHistoryAdmin):
    list_display = ["code", "order", "active"]


class ContactInline(admin.TabularInline):
    model = models.PartnerContact
    extra = 0


@admin.register(models.Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["code", "acronym", "type", "country", "illustrative"]
    list_filter = ["type", "illustrative"]
    search_fields = ["code", "acronym", "name"]
    inlines = [ContactInline]


@admin.register(models.Engagement)
class EngagementAdmin(SimpleHistoryAdmin):
    list_display = ["partner", "date", "kind", "by"]
    list_filter = ["kind"]


class DueDiligenceInline(admin.TabularInline):
    model = models.DueDiligenceCheck
    extra = 0
    readonly_fields = ["checked_by", "checked_at"]


@admin.register(models.Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partner", "kind", "status", "start", "end", "amount", "currency"]
    list_filter = ["status", "kind", "partner__type"]
    # Status goes through the services, so the due-diligence rule always applies.
    readonly_fields = ["status"]
    inlines = [DueDiligenceInline]


@admin.register(models.Flagship)
class FlagshipAdmin(SimpleHistoryAdmin):
    list_display = ["code", "order"]


@admin.register(models.FlagshipAction)
class FlagshipActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "flagship", "role", "owner", "status", "start", "end"]
    list_filter = ["flagship", "role", "status"]


@admin.register(models.Platform)
class PlatformAdmin(SimpleHistoryAdmin):
    list_display = ["number", "code", "reach_direct", "reach_indirect"]


@admin.register(models.OutreachEvent)
class OutreachEventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "platform", "date", "reach_direct", "reach_indirect"]
    list_filter = ["platform"]


@admin.register(models.OutreachResult)
class OutreachResultAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "date", "country", "platform", "flagship"]
    list_filter = ["kind", "platform", "flagship"]
