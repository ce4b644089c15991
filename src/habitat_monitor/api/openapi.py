"""The API object, and its OpenAPI document completed in one place: the error
responses every operation may give (as JSON problems), ``304`` for conditional
reads, and what pagination, filters, tokens and ETags mean (``docs/api.md``)."""

from __future__ import annotations

from typing import Any, Final

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from habitat_monitor.api.pagination import DEFAULT_LIMIT, MAX_LIMIT

DESCRIPTION: Final = f"""
Plans, indicators, targets, approved values, progress, submissions, offices, the
needs typology and the partnership registers of Habitat Monitor.

**Reads** are public for published data: the public sees the latest publication
(`?publication=N` pins one); members with a role (signed in, or with a token) see
the live draft of the next publication. **Writes** need an account with the right
role: the session of the web pages (with its CSRF token), or a personal API token
sent as `Authorization: Bearer hm_...` (`habitat-monitor token create`, or the
*API tokens* page). A token acts with its owner's permissions, no more.

**Lists** are paged: `?limit=` (default {DEFAULT_LIMIT}, at most {MAX_LIMIT}) and
`?offset=`; a page is `{{"items": [...], "count": N, "limit": L, "offset": O}}`,
`count` over all pages. Filters are query parameters, listed with each operation.

**Caching**: every successful read has an `ETag`; send it back in `If-None-Match`
to get `304 Not Modified` when nothing changed.

**Errors** are JSON problems: `{{"status": 404, "title": "Not found", "detail": ...}}`.
Items invented for the demonstration carry `"illustrative": true`.
""".strip()

PROBLEM_SCHEMA: Final[dict[str, Any]] = {
    "title": "Problem",
    "type": "object",
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status code."},
        "title": {"type": "string", "description": "The kind of problem."},
        "detail": {"description": "What was wrong: a text, or a list naming each field."},
    },
    "required": ["status", "title", "detail"],
}
_PROBLEMS: Final = {
    "400": "The request cannot be read (malformed body, text a database cannot store).",
    "401": "No account: sign in or send a valid API token.",
    "403": "Your account may not do this.",
    "404": "There is no such item (or not one you may see).",
    "422": "Invalid input: each problem named; nothing was written.",
}
_WRITE_PROBLEMS: Final = {
    "409": "Conflicts with the item's state; nothing was written.",
    "413": "The body is too large.",
}
_READ_PROBLEMS: Final = {"503": "The figures are being recalculated: try again shortly."}
_METHODS: Final = ("get", "put", "post", "delete", "patch", "head")


def _problem(description: str) -> dict[str, Any]:
    reference = {"$ref": "#/components/schemas/Problem"}
    return {"description": description, "content": {"application/json": {"schema": reference}}}


def complete(schema: OpenAPISchema) -> OpenAPISchema:
    """Add the problem responses and ``304`` to every operation of ``schema``."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            extra = _READ_PROBLEMS if method == "get" else _WRITE_PROBLEMS
            for code, text in {**_PROBLEMS, **extra}.items():
                responses.setdefault(code, _problem(text))
            if method == "get":
                responses.setdefault("304", {"description": "Not modified (If-None-Match)."})
    return schema


class HabitatAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return complete(schema)

    def get_openapi_operation_id(self, operation: Any) -> str:
        return str(operation.view_func.__name__)
