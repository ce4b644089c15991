from django.urls import path

from habitat_monitor.engagement import views

app_name = "engagement"
urlpatterns = [
    path("partners/", views.partner_list, name="partner_list"),
    path("partners.<str:fmt>", views.partner_list, name="partner_list_data"),
    path("partners/<slug:code>/", views.partner_detail, name="partner_detail"),
    path("partners/<slug:code>.<str:fmt>", views.partner_detail, name="partner_detail_data"),
    path("flagships/", views.flagship_list, name="flagship_list"),
    path("flagships.<str:fmt>", views.flagship_list, name="flagship_list_data"),
    path("flagships/<slug:code>/", views.flagship_detail, name="flagship_detail"),
    path("flagships/<slug:code>.<str:fmt>", views.flagship_detail, name="flagship_detail_data"),
    path("platforms/", views.platform_list, name="platform_list"),
    path("platforms.<str:fmt>", views.platform_list, name="platform_list_data"),
    path("platforms/<slug:code>/", views.platform_detail, name="platform_detail"),
    path("platforms/<slug:code>.<str:fmt>", views.platform_detail, name="platform_detail_data"),
]
