from django.urls import path

from habitat_monitor.plans import views

app_name = "plans"
urlpatterns = [
    path("framework/", views.framework, name="framework"),
    path("framework.json", views.framework_json, name="framework_json"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<str:code>.json", views.indicator_json, name="indicator_json"),
    path("plans/upload/", views.plan_upload, name="plan_upload"),
]
