"""Structured logs: one JSON object per line, with the request's id, path and status."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client, RequestFactory

from habitat_monitor.core.logging import JsonFormatter, RequestIdFilter, RequestLogMiddleware


def _record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord(
        "habitat_monitor.test", logging.WARNING, __file__, 1, message, args, None
    )
    record.__dict__.update(extra)
    return record


def test_json_line_has_time_level_logger_and_message() -> None:
    """A record becomes one line of JSON with the message formatted."""
    line = JsonFormatter().format(_record("%s values", 500))
    assert "\n" not in line
    found = json.loads(line)
    assert found["level"] == "WARNING"
    assert found["logger"] == "habitat_monitor.test"
    assert found["message"] == "500 values"
    assert found["time"].endswith("+00:00")


def test_json_line_carries_request_fields_and_exceptions() -> None:
    """Request fields given as extra are kept; an exception's traceback is included."""
    try:
        raise ValueError("bad <input> \u4e2d")
    except ValueError:
        import sys

        record = _record("failed", request_id="abc", path="/x", status=500, duration_ms=3.5)
        record.exc_info = sys.exc_info()
    found = json.loads(JsonFormatter().format(record))
    assert (found["request_id"], found["path"], found["status"]) == ("abc", "/x", 500)
    assert found["duration_ms"] == 3.5
    assert "ValueError: bad <input> \u4e2d" in found["exception"]


def test_request_middleware_logs_one_line_per_request(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Each request is logged with the proxy's request id, sent back in the answer."""
    from django.http import HttpResponse

    middleware = RequestLogMiddleware(lambda request: HttpResponse(status=201))
    request = RequestFactory().get("/progress/", HTTP_X_REQUEST_ID="req-42")
    with caplog.at_level(logging.INFO, logger="habitat_monitor.requests"):
        response = middleware(request)
    assert response["X-Request-ID"] == "req-42"
    (record,) = caplog.records
    assert (record.path, record.status, record.request_id) == ("/progress/", 201, "req-42")
    assert RequestIdFilter().filter(_record("outside a request"))


def test_health_is_json_even_without_request_logging(db: None, client: Client) -> None:
    """The default settings log no requests, and /healthz still answers JSON."""
    assert client.get("/healthz")["Content-Type"] == "application/json"
