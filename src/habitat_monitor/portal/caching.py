"""Whole responses of public pages, cached per publication.

What the public sees changes only when something is published (or the plan is
loaded again), so an anonymous page is the same for everyone asking in the same
language and theme for the same address: it is rendered once and served from the
cache until the next publication makes a new key. The middleware sits right after
the static files, so a cached page skips sessions, authentication and the view:
a request without a session cookie is anonymous; the language is found the way
``LocaleMiddleware`` finds it. Views opt in with ``public_page_cache``; a response
that sets a cookie is never stored. Members (signed in) see the live board draft
and are never served from here. The public pages carry no per-visitor content for
this to work: no CSRF token (the language switch is a GET, ``views.language``) and
no messages.

The cache is Django's (``CACHES``): per process by default; several app servers
share one by pointing ``CACHES`` at Redis (the production-stack work).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from habitat_monitor.plans.queries import current_plan
from habitat_monitor.portal.contrast import high_contrast
from habitat_monitor.progress import publishing, visibility

TIMEOUT = 600  # seconds: bounds how long other public content (typology) may lag
STATE_SECONDS = 2
MARK = "_hm_public_page"


def _state() -> str | None:
    """``plan:version:latest publication``, itself kept for ``STATE_SECONDS``: a served
    page then costs no database query. Publishing clears it in its own process; other
    processes see a new publication within ``STATE_SECONDS``."""
    state = cache.get(publishing.STATE_KEY)
    if state is None:
        plan = current_plan()
        if plan is None:
            return None
        publication = publishing.latest(plan)
        state = f"{plan.code}:{plan.version}:{publication.number if publication else 0}"
        cache.set(publishing.STATE_KEY, state, STATE_SECONDS)
    return str(state)


def _key(request: HttpRequest) -> str | None:
    if not (
        settings.PUBLIC_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    ):
        return None
    state = _state()
    if state is None:
        return None
    language = translation.get_language_from_request(request)
    theme = "high" if high_contrast(request) else "default"
    raw = f"{state}:{language}:{theme}:{request.method}:{request.get_full_path()}"
    return "hm:public:" + hashlib.sha256(raw.encode()).hexdigest()


class PublicPageCacheMiddleware:
    """Answers anonymous requests for public pages from the cache, and stores the
    finished answers (headers included) of views marked ``public_page_cache``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _key(request)
        if key is not None:
            found = cache.get(key)
            if found is not None:
                return found
        response = self.get_response(request)
        if (
            key is not None
            and getattr(request, MARK, False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            cache.set(key, response, TIMEOUT)
        return response


def public_page_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let the middleware keep this view's public answers (anonymous visitors only:
    the middleware never stores an answer for a request with a session)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if not getattr(request.user, "is_authenticated", False) and visibility.current().published:
            setattr(request, MARK, True)
        return response

    return wrapper
