"""Domain errors raised by services and mapped to HTTP by views and the API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class NotAllowed(PermissionDenied):
    """The actor may not make this change (HTTP 403, nothing written)."""
