"""Addresses of the core app: the health check (also answered by its middleware)."""

from django.urls import path

from habitat_monitor.core.health import healthz

app_name = "core"
urlpatterns = [path("healthz", healthz, name="healthz")]
