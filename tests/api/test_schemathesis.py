"""Schemathesis over the whole OpenAPI document, against the Django WSGI application
in this process, with the demo content: no operation may answer with a server error;
status codes, content types, headers and bodies must be the documented ones; input
that breaks the schema must be refused (4xx).

Two runs over every operation: anonymous (reads answer 200 or a documented problem,
writes 401), with the boundary values of every parameter (the coverage phase) and a
few random examples; and with an administrator's API token (the most permissive role
reaches the most code: writes, member reads), random examples only. A few examples
per operation keep the file under a minute on SQLite; the examples come from a fixed
seed, so a failure replays. Writes happen inside each test's transaction and are
rolled back (the analytics store is refreshed only after a commit).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.helpers import secret_for
from tests.factories import user_for_role

MAX_EXAMPLES = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]
SEED = 20260101


def _schema(*, coverage: bool) -> Any:
    """The API's own OpenAPI document (as ``/api/v1/openapi.json`` serves it), run
    against the WSGI application of this process. ``coverage``: also the boundary
    values of every parameter (schemathesis's coverage phase), besides the random
    examples."""
    from habitat_monitor.api.urls import api
    from habitat_monitor.wsgi import application

    config = {
        "seed": SEED,
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none", "deterministic": True},
        "phases": {"coverage": {"enabled": coverage}, "stateful": {"enabled": False}},
    }
    loaded = schemathesis.openapi.from_dict(
        api.get_openapi_schema(), config=SchemathesisConfig.from_dict(config)
    )
    loaded.app = application
    return loaded


@pytest.fixture(autouse=True)
def _served_in_process(content: None, settings: Any) -> Iterator[None]:
    """The demo content; requests from schemathesis's WSGI client accepted, and (as
    Django's test client does) the end of a request not closing the test's database
    connection, and with it the test's transaction."""
    settings.ALLOWED_HOSTS = [*django_settings.ALLOWED_HOSTS, "localhost"]
    settings.SECURE_SSL_REDIRECT = False
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


public_schema = _schema(coverage=True)
member_schema = _schema(coverage=False)
FAST = hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@public_schema.parametrize()
@FAST
def test_anonymous(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


@pytest.fixture
def admin_token(db: None) -> str:
    return secret_for(user_for_role("admin"))


@member_schema.parametrize()
@FAST
def test_with_a_token(case: Any, admin_token: str) -> None:
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {admin_token}"}, checks=CHECKS
    )
    assert response.status_code != 401, "the token was not accepted"
