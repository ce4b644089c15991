"""The high-contrast theme: chosen once, kept in a cookie, used by pages and charts.

A cookie (not JavaScript) carries the choice so that the server draws the charts in
the theme's palette too, and pages work the same without scripts. Public pages are
cached per theme (``portal.caching``)."""

from __future__ import annotations

from django.http import HttpRequest

COOKIE = "hm_contrast"
HIGH = "high"


def high_contrast(request: HttpRequest | None) -> bool:
    return request is not None and request.COOKIES.get(COOKIE) == HIGH
