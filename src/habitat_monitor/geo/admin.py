from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from habitat_monitor.geo.models import City, Country, M49Area, Office, OrgRegion


@admin.register(OrgRegion)
class OrgRegionAdmin(admin.ModelAdmin):
    list_display = ["code", "label"]


@admin.register(M49Area)
class M49AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "kind", "parent"]
    list_filter = ["kind"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["alpha3", "alpha2", "numeric", "label", "org_region", "m49_subregion"]
    list_filter = ["org_region", "m49_region"]
    search_fields = ["alpha2", "alpha3", "name"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["label", "country", "population"]
    search_fields = ["name"]
    autocomplete_fields = ["country"]


@admin.register(Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    filter_horizontal = ["covers", "members"]
