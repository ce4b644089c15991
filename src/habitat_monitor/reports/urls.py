from django.urls import path

from habitat_monitor.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_page, name="index"),
    path("jobs/<int:pk>/", views.job_page, name="job"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/download/", views.download, name="download"),
]
