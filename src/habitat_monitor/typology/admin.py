"""Admin for administrators; assessors work through the pages and services.

The admin saves models directly (no classification, no checks): fix data here
only when the pages cannot. django-simple-history still records who and when.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from habitat_monitor.typology.models import Assessment, AssessmentRound


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(SimpleHistoryAdmin):
    list_display = ["code", "plan", "starts", "ends", "illustrative"]
    list_filter = ["plan", "illustrative"]
    search_fields = ["code"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "round",
        "country",
        "city",
        "status",
        "category",
        "rule",
        "override_category",
        "illustrative",
    ]
    list_filter = ["round", "status", "category", "illustrative"]
    search_fields = ["country__alpha3", "rule"]
    raw_id_fields = ["country", "city", "assessor", "reviewer", "plan_version"]
