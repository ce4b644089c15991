"""The language and contrast switches: a link or a GET form, so public pages carry no CSRF token
and can be cached whole (``portal.caching``). Choosing a language changes nothing
but the visitor's own cookie, so a forged request could do no harm."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language

from habitat_monitor.portal.contrast import COOKIE, HIGH


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return HttpResponseRedirect(target)


def contrast(request: HttpRequest) -> HttpResponseRedirect:
    """``?on=1`` (or ``?on=0``) and ``next``: turn the high-contrast theme on or off."""
    response = _back(request)
    if request.GET.get("on") == "1":
        response.set_cookie(COOKIE, HIGH, max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response


def language(request: HttpRequest) -> HttpResponseRedirect:
    """``?language=zh-hans&next=/progress/``: set the language cookie, go back."""
    chosen = request.GET.get("language", "")
    response = _back(request)
    if chosen and check_for_language(chosen):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            chosen,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
