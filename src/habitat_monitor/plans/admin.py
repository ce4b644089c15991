"""Admin for administrators: plan content normally changes by loading a plan file."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from habitat_monitor.plans.models import (
    Baseline,
    Dimension,
    Domain,
    FrameworkTerm,
    Indicator,
    Milestone,
    Outcome,
    PerformancePlan,
    Plan,
    PlanVersion,
    Target,
)


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "version", "status"]


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "source_name", "loaded_by", "loaded_at"]
    readonly_fields = ["plan", "number", "document", "content_hash", "changes", "loaded_by"]


@admin.register(Domain, Outcome, Dimension, FrameworkTerm)
class FrameworkNodeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "active"]
    list_filter = ["active"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "level", "measure", "direction", "active"]
    list_filter = ["level", "measure", "active"]
    search_fields = ["code", "statement"]
    inlines = [TargetInline]


@admin.register(Baseline, Target, PerformancePlan, Milestone)
class IndicatorPartAdmin(SimpleHistoryAdmin):
    pass
