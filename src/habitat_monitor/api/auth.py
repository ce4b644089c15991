"""Who is calling: a personal API token (``Authorization: Bearer hm_...``) or the
signed-in session.

``member_auth`` is the ``auth`` of every operation that needs an account: the token
first (no CSRF check: a token is not sent by browsers on their own), then the
session (with ninja's CSRF check on writes). A valid token makes the request act as
its owner: ``request.user`` is that user, so the same permission rules as the pages
apply, and audited changes name them.

Reads that anyone may make also honour a token (``bearer_user``, called by the
view wrapper in ``api.views``): a member's token then shows what the member sees
(the live draft of the figures, partner contacts...). An ``Authorization: Bearer``
header with a token that is unknown, expired or revoked is refused (401) everywhere
rather than silently read as anonymous.
"""

from __future__ import annotations

from typing import Any, Final

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from habitat_monitor.api import services

_RESOLVED: Final = "_hm_token_user"
_MISSING: Final = object()


def bearer_secret(request: HttpRequest) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    scheme, _space, secret = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return secret.strip()


def bearer_user(request: HttpRequest) -> Any | None:
    """The owner of the request's bearer token (set as ``request.user``), or None
    when the request has no valid one. Looked up once per request."""
    found = getattr(request, _RESOLVED, _MISSING)
    if found is not _MISSING:
        return found
    secret = bearer_secret(request)
    user = services.user_for_secret(secret) if secret else None
    if user is not None:
        request.user = user
    setattr(request, _RESOLVED, user)
    return user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: a personal API token (see ``docs/api.md``)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        return bearer_user(request)


token_auth = TokenAuth()
member_auth = [token_auth, django_auth]
