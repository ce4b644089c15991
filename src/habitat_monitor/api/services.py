"""API tokens: create, revoke, and recognise them. Every change is audited.

A token is ``hm_`` followed by 43 random URL-safe characters (256 bits). Only its
SHA-256 digest is stored, with the first characters (``prefix``) to tell tokens
apart in lists; the token itself is returned once by ``create_token``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from habitat_monitor.api.models import ApiToken
from habitat_monitor.core.audit import stamp
from habitat_monitor.core.errors import NotAllowed

SCHEME: Final = "hm_"
PREFIX_LENGTH: Final = 10
MAX_DAYS: Final = 3650
# ``last_used_at`` is written at most this often per token (a read costs no write).
TOUCH_EVERY: Final = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A new token: the row, and the secret to hand over once (never stored)."""

    token: ApiToken
    secret: str


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(
    user: Any, *, actor: Any, name: str = "", days: int | None = None, reason: str = ""
) -> IssuedToken:
    """A new token for ``user``, valid ``days`` days (None: until revoked)."""
    if not actor.has_perm("api.add_apitoken", user):
        raise NotAllowed(_("You may create tokens for your own account only."))
    if not user.is_active:
        raise ValidationError({"user": _("This account is disabled.")})
    if days is not None and not 1 <= days <= MAX_DAYS:
        message = _("A token lasts from 1 to %(max)d days.") % {"max": MAX_DAYS}
        raise ValidationError({"days": message})
    name = name.strip()
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": _("The name is too long (100 characters at most).")})
    secret = SCHEME + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        digest=digest_of(secret),
        created_at=now,
        expires_at=now + timedelta(days=days) if days is not None else None,
    )
    with transaction.atomic():
        stamp(token, actor=actor, reason=reason or "API token created")
        token.save()
    return IssuedToken(token=token, secret=secret)


def revoke_token(token: ApiToken, *, actor: Any, reason: str = "") -> ApiToken:
    """Revoke ``token`` now (a token already revoked stays as it is)."""
    if not actor.has_perm("api.change_apitoken", token):
        raise NotAllowed(_("You may revoke your own tokens only."))
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            stamp(locked, actor=actor, reason=reason or "API token revoked")
            locked.save()
    return locked


def user_for_secret(secret: str) -> Any | None:
    """The active owner of an active token, or None (unknown, expired or revoked
    token; disabled account). Marks the token as used."""
    if not secret.startswith(SCHEME) or len(secret) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest_of(secret)).first()
    now = timezone.now()
    if token is None or token.state(now) != "active" or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
