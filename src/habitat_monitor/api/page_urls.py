"""The API tokens page; included by the project's ``urls.py`` as
``path("account/", include("habitat_monitor.api.page_urls"))``."""

from django.urls import path

from habitat_monitor.api import pages

app_name = "api_pages"

urlpatterns = [
    path("tokens/", pages.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.revoke, name="revoke"),
]
