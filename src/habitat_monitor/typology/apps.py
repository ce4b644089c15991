from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TypologyConfig(AppConfig):
    name = "habitat_monitor.typology"
    label = "typology"
    verbose_name = _("Needs typology")

    def ready(self) -> None:
        # Permissions live in permissions.py: this app's rules.py is the pure
        # classification module (DESIGN §3), which `rules` autodiscovery imports too.
        from habitat_monitor.typology import permissions  # noqa: F401
