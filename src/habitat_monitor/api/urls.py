from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path
from django.urls.resolvers import URLPattern, URLResolver
from django.utils.translation import gettext as _

from habitat_monitor.api.errors import problem_response, register_error_handlers
from habitat_monitor.api.openapi import DESCRIPTION, HabitatAPI
from habitat_monitor.api.routers import (
    engagement,
    offices,
    plans,
    progress,
    submissions,
    typology,
    values,
)
from habitat_monitor.api.views import api_view
from habitat_monitor.interop import api as open_data

api = HabitatAPI(
    title="Habitat Monitor API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
register_error_handlers(api)
for router in (plans, values, offices, submissions, progress, typology, engagement, open_data):
    api.add_router("", router.router)


def _wrapped(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """Every view of the API through ``api_view`` (tokens on reads, ETags, bad text)."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = api_view(pattern.callback)
    return patterns


def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under the API: a JSON problem, not the site's 404 page."""
    return problem_response(404, _("Not found"), _("The API has no such address."))


_patterns, _app, _namespace = api.urls
urlpatterns = [
    path("", (_wrapped(_patterns), _app, _namespace)),
    re_path(r"^(?P<rest>.*)$", unknown),
]
