"""Which figures a request sees: the latest publication, or the live board draft.

The public (and anyone who asks with ``?view=published``) sees the latest
publication, or the one named by ``?publication=N`` (a permanent link); members
with a role see the live figures, the draft of the next publication. The
middleware decides once per request and keeps the answer in a context variable,
so every page, twin and API endpoint that reads progress through
``progress.views.data.run`` agrees without passing the user around. Code outside a
request (commands, tasks, tests) sees the live figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse

PUBLISHED = "published"
DRAFT = "draft"


@dataclass(frozen=True)
class View:
    """``published``: read the latest publication; ``may_see_draft``: the user could
    switch to the live figures."""

    published: bool
    may_see_draft: bool
    pinned: int | None = None


LIVE = View(published=False, may_see_draft=True)
_current: ContextVar[View] = ContextVar("progress_view", default=LIVE)


def view_for(user: Any, asked: str | None = None, pinned: str | None = None) -> View:
    """``asked``: ``?view=published``; ``pinned``: ``?publication=N``, one publication
    (a permanent link to the figures as published then)."""
    may_see_draft = bool(getattr(user, "is_authenticated", False)) and user.has_perm(
        "progress.view_draft"
    )
    number = int(pinned) if pinned and pinned.isdigit() else None
    published = not may_see_draft or asked == PUBLISHED or number is not None
    return View(published=published, may_see_draft=may_see_draft, pinned=number)


def current() -> View:
    return _current.get()


@contextmanager
def seeing(view: View) -> Iterator[None]:
    """Read as ``view`` outside a request: the board report reads the published
    figures by default, even from a command or a background task."""
    token = _current.set(view)
    try:
        yield
    finally:
        _current.reset(token)


class PublicationMiddleware:
    """Sets the request's view (after authentication) and resets it afterwards."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        asked, pinned = request.GET.get("view"), request.GET.get("publication")
        token = _current.set(view_for(request.user, asked, pinned))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
