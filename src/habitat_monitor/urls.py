from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("habitat_monitor.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include("habitat_monitor.api.urls")),
    path("reports/", include("habitat_monitor.reports.urls")),
    path("account/", include("habitat_monitor.api.page_urls")),
    path("", include("habitat_monitor.plans.urls")),
    path("", include("habitat_monitor.reporting.urls")),
    path("", include("habitat_monitor.typology.urls")),
    path("", include("habitat_monitor.progress.urls")),
    path("", include("habitat_monitor.engagement.urls")),
    path("", include("habitat_monitor.interop.urls")),
    path("", include("habitat_monitor.portal.urls")),
]

# A database that cannot be reached answers 503 "try again", not a bare 500.
handler500 = "habitat_monitor.core.unavailable.server_error"
