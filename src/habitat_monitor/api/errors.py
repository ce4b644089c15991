"""Every error of the API as one JSON problem, in one place.

The body is ``{"status": 422, "title": "Invalid input", "detail": ...}`` (the
members of RFC 9457 that we use): ``title`` names the kind of error, ``detail``
says what was wrong, as text or as a list naming each field or row. The codes:
400 unreadable request, 401 no (valid) account or token, 403 not allowed, 404 no
such thing, 409 conflicts with the state (a locked submission, a refused step),
422 invalid input (nothing was written), 503 figures being recalculated or the
database unreachable for a moment (``Retry-After``; nothing was written). Anything
else unexpected is logged and answered 500 in the same shape (never a page).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as InputError

from habitat_monitor.core.unavailable import api_problem as database_problem
from habitat_monitor.progress.views.data import ProgressUnavailable
from habitat_monitor.reporting.errors import ValuesRejected, WorkflowError
from habitat_monitor.reporting.messages import problem_dict, translate
from habitat_monitor.typology.errors import NoTypology, StepRefused
from habitat_monitor.typology.inputs import AssessmentInvalid

logger = logging.getLogger("habitat_monitor.api")


def problem_response(status: int, title: str, detail: object) -> HttpResponse:
    body = {"status": status, "title": title, "detail": detail}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def unauthorized(detail: str) -> HttpResponse:
    response = problem_response(401, _("Unauthorized"), detail)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _titled(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _("Error")


def register_error_handlers(api: NinjaAPI) -> None:
    def handler(kind: type[Exception]) -> Any:
        return api.exception_handler(kind)

    @handler(PermissionDenied)
    def not_allowed(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem_response(403, _("Forbidden"), str(exc) or _("Not allowed."))

    @handler(AuthenticationError)
    def not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return unauthorized(_("Sign in, or send a valid API token (Authorization: Bearer)."))

    @handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        return problem_response(status, _titled(status), str(exc.message))

    @handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(404, _("Not found"), str(exc) or _("There is no such thing."))

    @handler(ObjectDoesNotExist)
    def missing(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return problem_response(404, _("Not found"), _("There is no such thing."))

    @handler(InputError)
    def bad_input(request: HttpRequest, exc: InputError) -> HttpResponse:
        return problem_response(422, _("Invalid input"), exc.errors)

    @handler(ValuesRejected)
    def rejected(request: HttpRequest, exc: ValuesRejected) -> HttpResponse:
        detail = [problem_dict(error) for error in exc.errors]
        return problem_response(422, _("Invalid values: nothing was written"), detail)

    @handler(WorkflowError)
    def conflict(request: HttpRequest, exc: WorkflowError) -> HttpResponse:
        return problem_response(409, _("Conflict"), str(exc))

    @handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return problem_response(422, _("Invalid input"), detail)

    @handler(AssessmentInvalid)
    def assessment_invalid(request: HttpRequest, exc: AssessmentInvalid) -> HttpResponse:
        detail = [
            {"field": p.field, "message": translate(p.template, p.params, p.message)}
            for p in exc.problems
        ]
        return problem_response(422, _("Invalid assessment: nothing was written"), detail)

    @handler(StepRefused)
    def step_refused(request: HttpRequest, exc: StepRefused) -> HttpResponse:
        return problem_response(409, _("Conflict"), str(exc))

    @handler(NoTypology)
    def no_typology(request: HttpRequest, exc: NoTypology) -> HttpResponse:
        return problem_response(409, _("Conflict"), str(exc))

    @handler(ProgressUnavailable)
    def unavailable(request: HttpRequest, exc: ProgressUnavailable) -> HttpResponse:
        detail = exc.detail or _("The progress figures are being recalculated; try again.")
        response = problem_response(503, _("Service unavailable"), detail)
        response["Retry-After"] = "5"
        return response

    @handler(OperationalError)
    @handler(InterfaceError)
    def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
        return database_problem()

    @handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
        detail = _("Something went wrong on our side; it has been logged.")
        return problem_response(500, _("Internal server error"), detail)
