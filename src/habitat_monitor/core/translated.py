"""Bilingual plan content: a mapping of language code to text.

Plan content (goal, domains, indicator statements, country names) is data in
several languages, stored as ``{"en": "...", "zh": "..."}``. Django's language
codes (``zh-hans``) are mapped to the content keys (``zh``). A missing
translation falls back to English, then to any language present.

Messages worded by pure modules (no Django) are English templates with named
parameters, ``"not a known city of %(country)s"``, marked with ``gettext_noop``
so that Django's makemessages extracts them; the pages translate them when shown
(``reporting.messages.localized``).
"""

from __future__ import annotations

from collections.abc import Mapping

FALLBACK = "en"
_ALIASES = {"zh-hans": "zh", "zh-cn": "zh", "zh_hans": "zh", "zh-sg": "zh"}


def content_language(language: str | None) -> str:
    """The content key for a Django language code: ``zh-hans`` -> ``zh``."""
    if not language:
        return FALLBACK
    code = language.lower()
    return _ALIASES.get(code, code.split("-")[0])


def pick(text: Mapping[str, str] | str | None, language: str | None) -> str:
    """The text in ``language``, else English, else the first language present."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    key = content_language(language)
    for candidate in (key, FALLBACK):
        value = text.get(candidate)
        if value:
            return value
    return next((value for value in text.values() if value), "")


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation and return it unchanged (a pure module's marker:
    makemessages extracts every call of this name, whatever module defines it)."""
    return message


def render(template: str, params: Mapping[str, str]) -> str:
    """A message template with its named parameters filled in: the English text."""
    return template % dict(params)


class WordedError(Exception):
    """An error worded as ``template`` with ``params`` (to translate when it is shown);
    ``message`` and ``str(error)`` are the English text."""

    def __init__(self, template: str, params: Mapping[str, object] | None = None) -> None:
        self.template = template
        self.params = {name: str(value) for name, value in (params or {}).items()}
        self.message = render(template, self.params)
        super().__init__(self.message)
