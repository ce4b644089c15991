"""Progress pages, each with its ``.json`` and ``.csv`` twin."""

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, path

from habitat_monitor.portal.caching import public_page_cache
from habitat_monitor.progress.views import actions, pages

app_name = "progress"


def _page(route: str, view: Callable[..., Any], name: str) -> list[URLPattern]:
    """``route`` (ending in ``/``) and its twins ``<route>.json`` and ``<route>.csv``."""
    base = route.rstrip("/")
    view = public_page_cache(view)
    return [
        path(route, view, name=name),
        path(f"{base}.json", view, {"fmt": "json"}, name=f"{name}_json"),
        path(f"{base}.csv", view, {"fmt": "csv"}, name=f"{name}_csv"),
    ]


urlpatterns = [
    *_page("progress/", pages.plan_page, "plan"),
    *_page("progress/attention/", actions.attention_page, "attention"),
    *_page("progress/domains/<str:code>/", pages.domain_page, "domain"),
    *_page("progress/outcomes/<str:code>/", pages.outcome_page, "outcome"),
    *_page("progress/indicators/<str:code>/", actions.indicator_page, "indicator"),
    *_page("progress/offices/<str:code>/", pages.office_page, "office"),
    *_page("progress/countries/<str:alpha3>/", pages.country_page, "country"),
    path("progress/indicators/<str:code>/actions/", actions.record_action, name="record_action"),
    path("progress/actions/<int:pk>/", actions.update_action, name="update_action"),
]
