"""Whole responses of public pages, cached per publication.

What the public sees changes only when something is published (or the plan is
loaded again), so an anonymous page is the same for everyone asking in the same
language for the same address: it is rendered once and served from the cache until
the next publication makes a new key. Members (signed in) see the live board draft
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
from django.utils.translation import get_language

from habitat_monitor.plans.queries import current_plan
from habitat_monitor.portal.contrast import high_contrast
from habitat_monitor.progress import publishing, visibility

TIMEOUT = 600  # seconds: bounds how long other public content (typology) may lag
STATE_SECONDS = 2


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


def _key(request: HttpRequest, args: Any, kwargs: Any) -> str | None:
    state = _state()
    if state is None:
        return None
    theme = "high" if high_contrast(request) else "default"
    raw = f"{state}:{get_language()}:{theme}:{request.get_full_path()}:"
    raw += f"{args!r}:{sorted(kwargs.items())!r}"
    return "hm:public:" + hashlib.sha256(raw.encode()).hexdigest()


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and visibility.current().published
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
    )


def public_page_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the public (anonymous) answer of ``view`` from the cache when it has one."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request, args, kwargs)
        if key is None:
            return view(request, *args, **kwargs)
        found = cache.get(key)
        if found is not None:
            return found
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, TIMEOUT)
        return response

    return wrapper
