from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "habitat_monitor.interop"
    label = "interop"
    verbose_name = _("Open data and interoperability")
