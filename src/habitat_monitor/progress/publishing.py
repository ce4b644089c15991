"""Publishing: what the public sees, frozen. One service per change, audited.

``publish`` freezes the analytics store (``store.snapshot``), works out what changed
since the previous publication, writes the open-data ZIP from the frozen copy (in
the worker with Celery: ``ensure_open_data``) and records a ``Publication``. The
files go first, under a new folder name, and the row last: if anything fails the
folder is removed and nothing was published.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from habitat_monitor.core.audit import stamp
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.plans.models import Plan
from habitat_monitor.progress import background
from habitat_monitor.progress.models import Publication
from habitat_monitor.progress.services import PlanProgress, Scope, progress_from
from habitat_monitor.progress.store import snapshot

OPEN_DATA_NAME = "open-data.zip"
# The cached "which publication is the latest" of portal.caching: cleared on publishing.
STATE_KEY = "hm:public:state"


def publications_dir() -> Path:
    return Path(settings.VAR_DIR) / "publications"


def folder_of(publication: Publication) -> Path:
    return publications_dir() / publication.folder


def snapshot_of(publication: Publication) -> Path:
    return folder_of(publication) / snapshot.FILE_NAME


def open_data_of(publication: Publication) -> Path:
    return folder_of(publication) / OPEN_DATA_NAME


def latest(plan: Plan) -> Publication | None:
    return Publication.objects.filter(plan=plan).order_by("-number").first()


@contextmanager
def reading(publication: Publication) -> Iterator[duckdb.DuckDBPyConnection]:
    """The publication's frozen figures (``snapshot.SnapshotUnreadable`` if gone)."""
    with snapshot.frozen(snapshot_of(publication)) as con:
        yield con


def _facts(con: duckdb.DuckDBPyConnection, plan: str) -> tuple[int, datetime | None]:
    count = con.execute("SELECT count(*) FROM approved_value WHERE plan = ?", [plan]).fetchone()
    newest = con.execute("SELECT max(updated_at) FROM submission WHERE plan = ?", [plan])
    last = (newest.fetchone() or [None])[0]
    return int(count[0] if count else 0), datetime.fromisoformat(last) if last else None


def _state(progress: PlanProgress) -> dict[str, dict[str, Any]]:
    return {
        item.code: {"status": item.status.value, "actual": item.actual}
        for item in progress.indicators
    }


def compare(before: PlanProgress | None, after: PlanProgress) -> list[dict[str, Any]]:
    """Indicators whose actual or status for ``after.year`` differs from ``before``."""
    old = _state(before) if before else {}
    changed = []
    for code, now in _state(after).items():
        then = old.get(code, {"status": None, "actual": None})
        if then != now:
            changed.append({"indicator": code, "before": then, "after": now})
    return changed


def _changes(
    previous: Publication | None, plan: Plan, after: PlanProgress, values: int
) -> dict[str, Any]:
    if previous is None:
        return {"previous": None, "year": after.year, "values_before": 0, "values_after": values,
                "indicators": compare(None, after)}  # fmt: skip
    with reading(previous) as con:
        before = progress_from(con, plan.code, Scope(year=after.year))
        count, _newest = _facts(con, plan.code)
    return {
        "previous": previous.number,
        "year": after.year,
        "values_before": count,
        "values_after": values,
        "indicators": compare(before, after),
    }


def publish(plan: Plan, *, actor: Any, note: str = "") -> Publication:
    """Publish the approved figures of ``plan`` as they are now. M&E officers only."""
    from habitat_monitor.progress.opendata import write_open_data
    from habitat_monitor.progress.tasks import write_publication_open_data

    if not actor.has_perm("progress.add_publication"):
        raise NotAllowed(_("Only M&E officers publish the figures."))
    with transaction.atomic():
        # The lock on the plan row makes concurrent publications take turns.
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        previous = latest(plan)
        number = previous.number + 1 if previous else 1
        folder = f"{number:04d}-{secrets.token_hex(4)}"
        target = publications_dir() / folder
        try:
            frozen_path = snapshot.freeze(target / snapshot.FILE_NAME)
            now = timezone.now()
            with snapshot.frozen(frozen_path) as con:
                progress = progress_from(con, plan.code, Scope())
                values, approved_through = _facts(con, plan.code)
                if not background.in_worker():
                    write_open_data(
                        target / OPEN_DATA_NAME, con, plan=plan, number=number, published_at=now
                    )
            publication = Publication(
                plan=plan,
                number=number,
                published_at=now,
                published_by=actor if getattr(actor, "is_authenticated", False) else None,
                note=note,
                folder=folder,
                data_year=progress.year if progress.years else None,
                approved_through=approved_through,
                value_count=values,
                changes=_changes(previous, plan, progress, values),
            )
            stamp(publication, actor=actor, reason=note or "published")
            publication.save()
            if background.in_worker():
                background.after_commit(write_publication_open_data, publication.pk)
            cache.delete(STATE_KEY)
            transaction.on_commit(lambda: cache.delete(STATE_KEY))
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
    return publication


def ensure_open_data(publication: Publication) -> Path:
    """The publication's open-data ZIP, written from its frozen copy if not there yet.

    With a Celery worker the ZIP is written after the publication is out; a download
    that comes first (or after a worker failure) writes it here. ``write_open_data``
    renames a finished file into place, so readers never see half a ZIP.
    """
    from habitat_monitor.progress.opendata import write_open_data

    path = open_data_of(publication)
    if path.exists():
        return path
    with reading(publication) as con, _open_data_lock(publication):
        if not path.exists():  # another process may have written it while we waited
            write_open_data(
                path,
                con,
                plan=publication.plan,
                number=publication.number,
                published_at=publication.published_at,
            )
    return path


@contextmanager
def _open_data_lock(publication: Publication) -> Iterator[None]:
    import fcntl

    lock_path = folder_of(publication) / ".open-data.lock"
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish_demo(plan: Plan, *, actor: Any) -> int:
    """The demo's first publication (the illustrative 2020-2021 figures); 0 if any."""
    if latest(plan) is not None:
        return 0
    publish(plan, actor=actor, note="Illustrative demo figures, 2020-2021")
    return 1
