"""Admin for administrators; M&E officers record actions through the pages and API."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from habitat_monitor.progress.models import CorrectiveAction


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "office", "owner", "due_date", "status"]
    list_filter = ["status", "indicator__plan"]
    search_fields = ["indicator__code", "owner", "action", "cause"]
