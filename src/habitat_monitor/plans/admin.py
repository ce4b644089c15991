from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from habitat_monitor.plans.models import Dimension, Domain, Outcome, Plan


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["code", "version", "label", "status", "is_current"]
    inlines = [DomainInline]


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "plan"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "domain"]


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "outcome"]
