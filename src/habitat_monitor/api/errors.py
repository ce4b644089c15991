"""Domain errors to HTTP problem responses, in one place."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from habitat_monitor.reporting.errors import ValuesRejected, WorkflowError
from habitat_monitor.reporting.messages import problem_dict, translate
from habitat_monitor.typology.errors import NoTypology, StepRefused
from habitat_monitor.typology.inputs import AssessmentInvalid


def _problem(
    api: NinjaAPI, request: HttpRequest, status: int, title: str, detail: object
) -> HttpResponse:
    return api.create_response(
        request, {"status": status, "title": title, "detail": detail}, status=status
    )


def register_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(PermissionDenied)
    def not_allowed(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _problem(api, request, 403, "Forbidden", str(exc) or "Not allowed.")

    @api.exception_handler(ValuesRejected)
    def rejected(request: HttpRequest, exc: ValuesRejected) -> HttpResponse:
        detail = [problem_dict(error) for error in exc.errors]
        return _problem(api, request, 422, "Invalid values: nothing was written", detail)

    @api.exception_handler(WorkflowError)
    def conflict(request: HttpRequest, exc: WorkflowError) -> HttpResponse:
        return _problem(api, request, 409, "Conflict", str(exc))

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return _problem(api, request, 422, "Invalid input", detail)

    @api.exception_handler(AssessmentInvalid)
    def assessment_invalid(request: HttpRequest, exc: AssessmentInvalid) -> HttpResponse:
        detail = [
            {"field": p.field, "message": translate(p.template, p.params, p.message)}
            for p in exc.problems
        ]
        return _problem(api, request, 422, "Invalid assessment: nothing was written", detail)

    @api.exception_handler(StepRefused)
    def step_refused(request: HttpRequest, exc: StepRefused) -> HttpResponse:
        return _problem(api, request, 409, "Conflict", str(exc))

    @api.exception_handler(NoTypology)
    def no_typology(request: HttpRequest, exc: NoTypology) -> HttpResponse:
        return _problem(api, request, 409, "Conflict", str(exc))
