"""Structured logs: one JSON object per line, and a log line per request.

``HM_LOG_FORMAT=json`` makes every log record one line of JSON (time, level,
logger, message, and the request's id, method, path, status and duration when
there is one), which log collectors read without parsing rules. ``HM_LOG_REQUESTS``
adds ``RequestLogMiddleware``: one INFO line per request, with an id taken from
the proxy's ``X-Request-ID`` (nginx sets it) or made here, sent back in the answer,
and attached to every other line logged while the request runs.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

_request_id: ContextVar[str] = ContextVar("hm_request_id", default="")
REQUEST_LOGGER = logging.getLogger("habitat_monitor.requests")
# Fields of a record that callers may add with ``extra=``, copied to the JSON line.
EXTRA_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "task", "task_id")
ID_LENGTH = 64


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request being served (empty outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON; Django's own request errors keep their path and status."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in EXTRA_FIELDS:
            value = getattr(record, field, None)
            if value not in (None, ""):
                line[field] = value
        # django.request logs 4xx/5xx with the request and status code as attributes.
        request = getattr(record, "request", None)
        if "path" not in line and isinstance(request, HttpRequest):
            line["method"], line["path"] = request.method, request.path
        if "status" not in line and getattr(record, "status_code", None):
            line["status"] = record.status_code
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _incoming_id(request: HttpRequest) -> str:
    given = request.headers.get("X-Request-ID", "")
    # Only a plain token from the proxy: the id goes into logs and a header.
    if given and len(given) <= ID_LENGTH and all(c.isalnum() or c in "-_" for c in given):
        return given
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """First in the chain: times the whole request, cached pages included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = _incoming_id(request)
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            REQUEST_LOGGER.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _request_id.reset(token)
