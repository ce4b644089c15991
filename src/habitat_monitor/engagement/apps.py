from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "habitat_monitor.engagement"
    label = "engagement"
    verbose_name = _("Partnerships and outreach")
