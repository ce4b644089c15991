"""``/healthz``: is this app server fit to serve? For load balancers and monitoring.

Answers JSON ``{"status": "ok" | "degraded" | "down", "checks": {...}}``: HTTP 503
when the database or the cache cannot be reached (the server cannot serve pages, so
a load balancer should send visitors elsewhere), 200 otherwise. A stale analytics
store or background tasks that are not being picked up make it ``degraded``: the
pages still work (the store is repaired on the next read) but someone should look.

Each check is cheap: one ``SELECT 1``, one cache write and read, the store's
freshness fingerprints (a handful of aggregate queries) and one count of waiting
tasks. ``HealthCheckMiddleware`` answers before any other middleware, so the answer
comes even when sessions or the page cache would fail, and is never cached.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

PATH = "/healthz"
# Tasks queued longer than this with nobody running them: is a worker up?
WAITING_LIMIT = timedelta(minutes=10)
Check = dict[str, Any]


def _timed(check: Callable[[], Check]) -> Check:
    started = time.perf_counter()
    try:
        found = check()
    except Exception as error:  # any failure is the answer, not a crash of the probe
        found = {"status": "down", "error": f"{type(error).__name__}: {error}"[:300]}
    found["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return found


def check_database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "vendor": connection.vendor}


def check_cache() -> Check:
    nonce = secrets.token_hex(8)
    cache.set("hm:healthz", nonce, 30)
    backend = "redis" if settings.CACHE_URL else "local"
    if cache.get("hm:healthz") != nonce:
        return {"status": "down", "backend": backend, "error": "value written was not read back"}
    return {"status": "ok", "backend": backend}


def check_store() -> Check:
    from habitat_monitor.progress.store import store_status

    status = store_status()
    age = None
    if status.built_at:
        built = datetime.fromisoformat(status.built_at)
        age = int((datetime.now(UTC) - built).total_seconds())
    found: Check = {"status": "ok" if status.fresh else "degraded", "fresh": status.fresh}
    found |= {"built_at": status.built_at, "age_seconds": age}
    if not status.fresh:
        found["reason"] = status.reason
    return found


def _broker_queue_length() -> int:
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2)
    try:
        return int(client.llen("celery"))
    finally:
        client.close()


def check_tasks() -> Check:
    if settings.TASKS_BACKEND == "celery":
        if not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://", "unix://")):
            return {"status": "ok", "backend": "celery"}
        return {"status": "ok", "backend": "celery", "queued": _broker_queue_length()}
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    waiting = ready.filter(run_after__lt=timezone.now() - WAITING_LIMIT).count()
    found: Check = {"status": "ok", "backend": "db", "queued": ready.count()}
    if waiting:
        found |= {"status": "degraded", "waiting_over_10_minutes": waiting}
    return found


def health() -> tuple[str, dict[str, Check]]:
    checks = {"database": _timed(check_database), "cache": _timed(check_cache)}
    if checks["database"]["status"] == "ok":
        checks["analytics_store"] = _timed(check_store)
        checks["tasks"] = _timed(check_tasks)
    else:
        skipped = {"status": "unknown", "error": "database unreachable"}
        checks["analytics_store"], checks["tasks"] = dict(skipped), dict(skipped)
    for name in ("analytics_store", "tasks"):  # these make the server degraded, never down
        if checks[name]["status"] == "down":
            checks[name]["status"] = "degraded"
    states = {check["status"] for check in checks.values()}
    status = "down" if "down" in states else "degraded" if states - {"ok"} else "ok"
    return status, checks


def healthz(request: HttpRequest) -> HttpResponse:
    status, checks = health()
    response = JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "down" else 200
    )
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """First in the chain, so no other middleware (sessions, page cache) can fail it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == PATH and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
