"""Admin for administrators; focal points and M&E officers work through the pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from habitat_monitor.reporting.models import (
    Assignment,
    Evidence,
    ImportJob,
    ReportingPeriod,
    Submission,
    Value,
    ValueBatch,
)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "plan", "frequency", "start", "end"]
    list_filter = ["plan", "frequency"]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "office", "period", "due_date"]
    list_filter = ["period__plan", "office"]
    search_fields = ["indicator__code", "office__code"]


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["office", "period", "status", "submitted_by", "reviewed_by", "illustrative"]
    list_filter = ["status", "period__plan", "illustrative"]
    search_fields = ["office__code", "period__code"]


@admin.register(Value)
class ValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "submission", "place", "disaggregation", "value", "illustrative"]
    list_filter = ["illustrative", "submission__status"]
    search_fields = ["indicator__code", "place"]
    raw_id_fields = ["submission", "indicator", "country", "city"]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "submission", "content_type", "size", "uploaded_by"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "submission", "status", "created_by", "created_at"]
    list_filter = ["status"]


@admin.register(ValueBatch)
class ValueBatchAdmin(admin.ModelAdmin):
    list_display = ["submission", "created_at", "user", "source", "added", "changed", "unchanged"]
    list_filter = ["submission__period__plan"]
    search_fields = ["source", "reason", "sha256"]
