from django.urls import path

from habitat_monitor.portal.caching import public_page_cache as cached
from habitat_monitor.portal.views import dashboard, language, publications
from habitat_monitor.portal.views import map as world
from habitat_monitor.portal.views import offices as views

app_name = "portal"
urlpatterns = [
    path("", cached(dashboard.home), name="home"),
    path("index.json", cached(dashboard.home), {"fmt": "json"}, name="home_json"),
    path("index.csv", cached(dashboard.home), {"fmt": "csv"}, name="home_csv"),
    path("language/", language.language, name="language"),
    path("contrast/", language.contrast, name="contrast"),
    path("publications/", publications.publication_list, name="publications"),
    path(
        "publications.json",
        publications.publication_list,
        {"fmt": "json"},
        name="publications_json",
    ),
    path("publications/publish/", publications.publish_now, name="publish"),
    path("publications/<int:number>/open-data.zip", publications.open_data, name="open_data"),
    path("map/", cached(world.map_page), name="map"),
    path("map.json", cached(world.map_page), {"fmt": "json"}, name="map_json"),
    path("map.csv", cached(world.map_page), {"fmt": "csv"}, name="map_csv"),
    path("offices/", views.office_list, name="office_list"),
    path("offices/<str:code>/edit/", views.office_edit, name="office_edit"),
]
