from django.urls import path

from habitat_monitor.typology import views
from habitat_monitor.typology.entry_urls import entry_patterns

app_name = "typology"
urlpatterns = [
    path("typology/", views.index, name="index"),
    path("typology.json", views.index_json, name="index_json"),
    path("typology/rounds/<str:code>/", views.round_detail, name="round_detail"),
    path("typology/rounds/<str:code>.json", views.round_json, name="round_json"),
    path("typology/rounds/<str:code>/uses/", views.round_uses, name="round_uses"),
    path("typology/rounds/<str:code>/uses.json", views.round_uses_json, name="round_uses_json"),
    path("typology/rounds/<str:code>/compare/", views.round_compare, name="round_compare"),
    path(
        "typology/rounds/<str:code>/compare.json",
        views.round_compare_json,
        name="round_compare_json",
    ),
    path("typology/assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("typology/assessments/<int:pk>.json", views.assessment_json, name="assessment_json"),
    path("typology/assessments/<int:pk>/override/", views.override, name="override"),
    path("typology/assessments/<int:pk>/finalise/", views.finalise, name="finalise"),
]
urlpatterns += entry_patterns
