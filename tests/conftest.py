"""Test fixtures built from code: the default content loads through the product's
own loader once per test database, and again after a browser test flushes it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from habitat_monitor.core.services import load_default_content
from tests import snapshot


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        load_default_content(demo_values=True)
        snapshot.take()
    yield
    with django_db_blocker.unblock():
        snapshot.drop()


@pytest.fixture(autouse=True)
def _fresh_page_cache_and_language() -> Iterator[None]:
    """Each test starts with no cached public page (``portal.caching``: a page cached
    by an earlier test's data would hide this test's) and in the default language (a
    request through ``LocaleMiddleware`` leaves its language active in the thread)."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield


def ensure_content() -> None:
    """Load the default content and demo values unless they are there."""
    from habitat_monitor.plans.models import Plan

    if not Plan.objects.filter(code="UNH-SP-2020-2023").exists() and not snapshot.restore():
        load_default_content(demo_values=True)


@pytest.fixture
def content(db: None) -> None:
    """The default places, offices and plan (reloaded if a flush removed them)."""
    ensure_content()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: their live server flushes the database afterwards,
    and every test before them shares the content loaded once."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


def database_url() -> str:
    """The test database as an HM_DATABASE_URL, for another process (a worker, a command)."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
