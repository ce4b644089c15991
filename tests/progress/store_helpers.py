"""Shared by the analytics store tests: a store file of the test's own, and its rows."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from habitat_monitor.progress.store import build_store, ensure_fresh
from habitat_monitor.progress.store.location import FILE_NAME, reading

TABLES = ("approved_value", "place_total", "submission", "indicator", "target", "plan")


@pytest.fixture
def store(settings: Any, tmp_path: Path, content: None) -> Path:
    """A fresh store file of the test's own: a copy of the one the demo content load
    built (cheaper than building one per test), brought up to date if it is not."""
    built = Path(settings.VAR_DIR) / FILE_NAME
    path = tmp_path / FILE_NAME
    if built.exists():
        shutil.copyfile(built, path)
    settings.ANALYTICS_PATH = str(path)
    ensure_fresh()
    return path


def contents(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but ``meta``, in a stable order."""
    with reading(path) as con:
        return {
            table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in TABLES
        }


def rebuilt(tmp_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What a rebuild from scratch holds now, in a file of its own."""
    other = tmp_path / "rebuilt.duckdb"
    build_store(path=other)
    return contents(other)
