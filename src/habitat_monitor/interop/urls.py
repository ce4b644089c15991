from django.urls import path

from habitat_monitor.interop import views

app_name = "interop"
urlpatterns = [
    path("data/", views.open_data, name="open_data"),
    path("data/export/", views.export_chosen, name="export_chosen"),
    path("data/export/<str:fmt>", views.export, name="export"),
]
