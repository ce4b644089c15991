"""Bilingual plan content: a mapping of language code to text.

Plan content (goal, domains, indicator statements, country names) is data in
several languages, stored as ``{"en": "...", "zh": "..."}``. Django's language
codes (``zh-hans``) are mapped to the content keys (``zh``). A missing
translation falls back to English, then to any language present.
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
