from collections.abc import Mapping

from django import template
from django.utils.translation import get_language

from habitat_monitor.core.translated import pick

register = template.Library()


@register.filter(name="tr")
def translated_text(value: Mapping[str, str] | str | None) -> str:
    """``{{ domain.title|tr }}``: the content in the active language."""
    return pick(value, get_language())
