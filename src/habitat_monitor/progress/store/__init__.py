"""The analytics store: approved values in a DuckDB file, derived and rebuildable.

The relational database is the source of truth; the store is a columnar copy of
the approved values joined to the framework and places, for rollups in SQL. It is
refreshed one submission at a time when a submission is approved or reopened, and
rebuilt from scratch by ``habitat-monitor analytics rebuild``, or on demand by the
first reader that finds it missing or stale. Deleting it loses nothing.

Public API (imported lazily, so importing the workflow does not load DuckDB):

- ``reader()``: a read-only DuckDB connection to a fresh store (context manager);
- ``build_store(progress=None) -> BuildResult``: full rebuild;
- ``refresh_submission(submission_id) -> int | None``: one submission, now;
- ``refresh_on_commit(submission_id)``: the same, after the current commit;
- ``deferred_refreshes()``: collect refreshes in a block (bulk loads), rebuild once;
- ``ensure_fresh() -> str``, ``store_status() -> StoreStatus``, ``store_path()``;
- ``StoreBusy``: raised when another process holds the store too long.

Modules: ``schema`` (tables), ``location`` (file, locks, connections), ``source``
(reads from the relational database), ``loading`` (writes into DuckDB), ``build``,
``refresh``, ``hooks`` (for the workflow), ``freshness``, ``queries`` (rollup SQL).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "reader": "freshness",
    "ensure_fresh": "freshness",
    "store_status": "freshness",
    "StoreStatus": "freshness",
    "build_store": "build",
    "BuildResult": "build",
    "refresh_submission": "refresh",
    "mark_stale": "refresh",
    "refresh_on_commit": "hooks",
    "deferred_refreshes": "hooks",
    "store_path": "location",
    "StoreBusy": "location",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
    return getattr(module, name)
