from django.urls import path

from habitat_monitor.typology import views

app_name = "typology"
urlpatterns = [
    path("typology/", views.index, name="index"),
    path("typology.json", views.index_json, name="index_json"),
    path("typology/rounds/<str:code>/", views.round_detail, name="round_detail"),
    path("typology/rounds/<str:code>.json", views.round_json, name="round_json"),
    path("typology/rounds/<str:code>/uses/", views.round_uses, name="round_uses"),
    path("typology/rounds/<str:code>/uses.json", views.round_uses_json, name="round_uses_json"),
    path("typology/assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("typology/assessments/<int:pk>.json", views.assessment_json, name="assessment_json"),
    path("typology/assessments/<int:pk>/override/", views.override, name="override"),
    path("typology/assessments/<int:pk>/finalise/", views.finalise, name="finalise"),
]
