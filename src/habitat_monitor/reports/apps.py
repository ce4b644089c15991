from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "habitat_monitor.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from habitat_monitor.reports import checks  # noqa: F401  (registers hm.W010)
