from django.urls import path
from ninja import NinjaAPI

from habitat_monitor.api.errors import register_error_handlers
from habitat_monitor.api.routers import engagement, offices, progress, submissions, typology

api = NinjaAPI(
    title="Habitat Monitor API",
    version="1",
    description="Plans, indicators, targets, values, progress and the needs typology. "
    "Reads are public for published data; writes need a signed-in account with the "
    "right role.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
register_error_handlers(api)
api.add_router("", offices.router)
api.add_router("", submissions.router)
api.add_router("", progress.router)
api.add_router("", typology.router)
api.add_router("", engagement.router)

urlpatterns = [path("", api.urls)]
