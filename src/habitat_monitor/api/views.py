"""What every API request goes through around its operation, applied once to the
URL patterns of the API (``api.urls``): text the database cannot store refused
(400), a bearer token recognised (401 when it is not valid) with the figures the
token's owner may see, and conditional GET (``api.etags``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any, Final

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from habitat_monitor.api.auth import bearer_secret, bearer_user
from habitat_monitor.api.errors import problem_response, unauthorized
from habitat_monitor.api.etags import conditional
from habitat_monitor.progress.visibility import PublicationMiddleware

# NUL cannot be stored by PostgreSQL; lone surrogates cannot be encoded as UTF-8.
_UNSTORABLE: Final = re.compile("[\x00\ud800-\udfff]")
_MAX_DEPTH: Final = 64

View = Callable[..., HttpResponse]


def _texts(value: Any, depth: int = 0) -> Iterator[str]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _texts(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, depth + 1)


def _body_texts(request: HttpRequest) -> Iterator[str]:
    if "json" not in request.content_type or not request.body:
        return
    try:
        data = json.loads(request.body)
    except (ValueError, RecursionError):
        return  # the operation answers 400 for a body it cannot read
    yield from _texts(data)


def unstorable_text(request: HttpRequest) -> bool:
    """The path, query or JSON body holds a NUL character or a lone surrogate."""
    texts = [request.path, *request.GET.keys()]
    texts += [value for values in request.GET.lists() for value in values[1]]
    if any(_UNSTORABLE.search(text) for text in texts):
        return True
    return any(_UNSTORABLE.search(text) for text in _body_texts(request))


def _not_allowed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Django's bare 405 as a problem, keeping its ``Allow`` header."""
    allowed = response.get("Allow", "")
    detail = _("%(method)s is not allowed here; allowed: %(allowed)s.") % {
        "method": request.method,
        "allowed": allowed,
    }
    problem = problem_response(405, _("Method not allowed"), detail)
    problem["Allow"] = allowed
    return problem


def api_view(view: View) -> View:
    """Wrap one view of the API's URL patterns (see the module docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            unstorable = unstorable_text(request)
        except RequestDataTooBig:
            return problem_response(413, _("Payload too large"), _("The body is too large."))
        if unstorable:
            detail = _("Text may not contain NUL characters or unpaired surrogates.")
            return problem_response(400, _("Bad request"), detail)
        if bearer_secret(request) is not None:
            if bearer_user(request) is None:
                return unauthorized(_("The API token is unknown, expired or revoked."))
            # The figures the token's owner may see (the middleware decided for anonymous).
            visible = PublicationMiddleware(lambda request: view(request, *args, **kwargs))
            response = visible(request)
        else:
            response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            response = _not_allowed(request, response)
        member = bool(getattr(request.user, "is_authenticated", False))
        return conditional(request, response, member=member)

    return wrapper
