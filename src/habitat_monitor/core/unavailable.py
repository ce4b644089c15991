"""When the database cannot be reached (a restart, a failover, a full connection
pool), say so: 503 with ``Retry-After``, "nothing was saved, try again", instead of
a bare 500 page. The request's transaction was rolled back, so the advice is true.

``server_error`` is the site's ``handler500``: Django calls it inside the ``except``
block of whatever failed (a view or a middleware), so the exception is at hand. The
API answers the same in its JSON problem shape (``api.errors``).
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)
RETRY_SECONDS = "5"
# Lost connections, refused connections, a locked SQLite file, a deadlock: all pass.
TRANSIENT = (OperationalError, InterfaceError)


def is_transient(error: BaseException | None) -> bool:
    return isinstance(error, TRANSIENT)


def detail() -> str:
    return _(
        "The database cannot be reached just now (it may be restarting). Nothing was "
        "saved. Please try again in a few seconds."
    )


def api_problem() -> HttpResponse:
    """The API's answer, in its JSON problem shape (``api.errors``)."""
    body = {"status": 503, "title": _("Service unavailable"), "detail": detail()}
    response = JsonResponse(body, status=503, json_dumps_params={"ensure_ascii": False})
    response["Retry-After"] = RETRY_SECONDS
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if not is_transient(error):
        return defaults.server_error(request)
    logger.warning("database unavailable on %s %s: %s", request.method, request.path, error)
    # The failure may come before LocaleMiddleware: read the language here (from the
    # cookie or Accept-Language, never the session, which lives in the database).
    language = translation.get_language_from_request(request)
    with translation.override(language):
        if request.path.startswith("/api/"):
            return api_problem()
        # Written out here: a template could use the session, the user or the database.
        title = escape(_("Service unavailable"))
        page = (
            f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
            f'<title>{title}</title><meta name="viewport" content="width=device-width, '
            f'initial-scale=1"></head><body><main><h1>{title}</h1><p>{escape(detail())}</p>'
            "</main></body></html>"
        )
    response = HttpResponseServerError(page, status=503)
    response["Retry-After"] = RETRY_SECONDS
    response["Cache-Control"] = "no-store"
    return response
