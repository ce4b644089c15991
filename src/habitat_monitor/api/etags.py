"""Conditional GET for the whole API: an ``ETag`` on every successful read, ``304 Not
Modified`` when the client already holds it, and a ``Cache-Control`` that says who
may keep the answer.

The ETag is a SHA-256 of the body (the first 32 hex digits), so it changes exactly
when the answer does: a new publication, a loaded plan version, an approved value,
another language (``Accept-Language``) or page. The body is still built on each
request; a ``304`` saves the transfer and the client's parsing.

``Cache-Control``: an anonymous read is what everyone sees (published figures and
public registers), so ``public, max-age=60`` (a shared cache may keep it a minute,
then revalidates with ``If-None-Match``); a signed-in or token read may hold the
live draft and member-only fields, so ``private, no-cache`` (only the caller's
own cache keeps it, and asks again every time). Both vary on ``Authorization`` and
``Cookie`` as well as the language.
"""

from __future__ import annotations

import hashlib
from typing import Final

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers, quote_etag

PUBLIC_MAX_AGE: Final = 60
SAFE_METHODS: Final = ("GET", "HEAD")


def etag_of(content: bytes) -> str:
    return quote_etag(hashlib.sha256(content).hexdigest()[:32])


def conditional(request: HttpRequest, response: HttpResponse, *, member: bool) -> HttpResponse:
    """``response`` with its ETag and caching headers, or a ``304`` in its place."""
    if request.method not in SAFE_METHODS:
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response
    patch_vary_headers(response, ("Accept-Language", "Authorization", "Cookie"))
    if response.status_code != 200 or response.streaming:
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response
    response["Cache-Control"] = (
        "private, no-cache" if member else f"public, max-age={PUBLIC_MAX_AGE}"
    )
    response["ETag"] = etag_of(response.content)
    return get_conditional_response(request, etag=response["ETag"], response=response)
