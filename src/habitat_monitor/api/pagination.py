"""One pagination for every list of the API: ``?limit=`` (default 100, at most
1000) and ``?offset=`` (default 0). A page is ``{"items": [...], "count": N,
"limit": L, "offset": O}``: ``count`` is the number of items matching the filters
over all pages, so the next page starts at ``offset + limit`` while that is below
``count``. A limit over the maximum is refused (422), never cut silently.

Lists that are not querysets (rows built for a page, rows read from the analytics
store) paginate the same way: a plain list is sliced; an object with
``page(offset, limit) -> (count, items)`` reads only the page it is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT: Final = 100
MAX_LIMIT: Final = 1000
MAX_OFFSET: Final = 1_000_000_000


class Pages(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT,
            ge=1,
            le=MAX_LIMIT,
            description=f"Items per page (1 to {MAX_LIMIT}).",
        )
        offset: int = Field(
            0, ge=0, le=MAX_OFFSET, description="How many items to skip (0 for the first page)."
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Items matching the filters, over all pages.")
        limit: int
        offset: int

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        offset, limit = pagination.offset, min(pagination.limit, MAX_LIMIT)
        if hasattr(queryset, "page"):
            count, items = queryset.page(offset, limit)
        else:
            count, items = self._items_count(queryset), queryset[offset : offset + limit]
        return {"items": items, "count": count, "limit": limit, "offset": offset}


class Mapped:
    """A queryset whose page is turned into rows by ``row`` (only that page is read)."""

    def __init__(self, queryset: Any, row: Callable[[Any], Any]) -> None:
        self.queryset, self.row = queryset, row

    def page(self, offset: int, limit: int) -> tuple[int, list[Any]]:
        items = [self.row(item) for item in self.queryset[offset : offset + limit]]
        return self.queryset.count(), items
