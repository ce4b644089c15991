from __future__ import annotations

from django.utils.translation import get_language

from habitat_monitor.core.translated import pick


class TitledMixin:
    title: dict[str, str]

    @property
    def label(self) -> str:
        return pick(self.title, get_language())
