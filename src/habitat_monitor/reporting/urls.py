from django.urls import path

from habitat_monitor.reporting.views import entry, history, jobs, start, submissions

app_name = "reporting"
urlpatterns = [
    path("reporting/", start.start_page, name="start"),
    path("reporting/review/", start.review_page, name="review"),
    path("reporting/open/<str:office>/<str:period>/", submissions.open_page, name="open"),
    path("reporting/submissions/<int:pk>/", submissions.detail, name="submission_detail"),
    path("reporting/submissions/<int:pk>.json", submissions.detail_json, name="submission_json"),
    path("reporting/submissions/<int:pk>/step/", submissions.step, name="submission_step"),
    path(
        "reporting/submissions/<int:pk>/values/<int:value>/remove/",
        submissions.remove_value,
        name="value_remove",
    ),
    path("reporting/submissions/<int:pk>/edit/", entry.edit, name="submission_edit"),
    path("reporting/submissions/<int:pk>/import/", entry.import_file, name="submission_import"),
    path(
        "reporting/submissions/<int:pk>/template.<str:kind>",
        entry.template_file,
        name="submission_template",
    ),
    path("reporting/submissions/<int:pk>/evidence/", entry.upload_evidence, name="evidence_upload"),
    path("reporting/evidence/<int:pk>/", entry.download_evidence, name="evidence_download"),
    path("reporting/imports/<int:pk>/", jobs.job_page, name="import_job"),
    path("reporting/imports/<int:pk>/status/", jobs.job_status, name="import_job_status"),
    path(
        "reporting/submissions/<int:pk>/history/",
        history.submission_history,
        name="submission_history",
    ),
    path("reporting/values/<int:pk>/history/", history.value_history, name="value_history"),
]
