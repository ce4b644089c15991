from django.urls import path

from habitat_monitor.portal.views import offices as views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("index.json", views.home_json, name="home_json"),
    path("offices/", views.office_list, name="office_list"),
    path("offices/<str:code>/edit/", views.office_edit, name="office_edit"),
]
