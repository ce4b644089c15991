"""A copy of the test database with the default content, restored after a flush.

Browser, worker and command tests need committed data, so their database is
flushed after each test and the content must come back for the next one. Loading
it through the services takes 10-30 s; copying the database takes about a second:
on PostgreSQL a database made from a template, on SQLite a copy of the file.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

from django.db import connection, connections


def admin_connection() -> Any:
    """A connection to the test PostgreSQL server's maintenance database (autocommit)."""
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        host=settings["HOST"],
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )


def _names() -> tuple[str, str]:
    name = str(connection.settings_dict["NAME"])
    return name, f"{name}_snapshot" if connection.vendor == "postgresql" else f"{name}.snapshot"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def take() -> None:
    """Keep a copy of the test database as it is now."""
    name, snapshot = _names()
    connections.close_all()
    if connection.vendor == "postgresql":
        with admin_connection() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {_quoted(snapshot)}")
            admin.execute(f"CREATE DATABASE {_quoted(snapshot)} TEMPLATE {_quoted(name)}")
    else:
        shutil.copyfile(name, snapshot)


def restore() -> bool:
    """Put the copy back; False when there is none or a transaction is open."""
    if connection.in_atomic_block:
        return False
    name, snapshot = _names()
    if connection.vendor == "postgresql":
        connections.close_all()
        with admin_connection() as admin:
            found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [snapshot])
            if found.fetchone() is None:
                return False
            admin.execute(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {_quoted(name)} TEMPLATE {_quoted(snapshot)}")
        return True
    if not Path(snapshot).exists():
        return False
    connections.close_all()
    # SQLite's backup API writes the copy through the database's own locks and log,
    # so a connection another thread still holds (a live server's request thread
    # that has not finished yet) stays valid; replacing the file under it would not.
    source, target = sqlite3.connect(snapshot), sqlite3.connect(name, timeout=30)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return True


def drop() -> None:
    _name, snapshot = _names()
    if connection.vendor == "postgresql":
        connections.close_all()
        with admin_connection() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {_quoted(snapshot)}")
    else:
        Path(snapshot).unlink(missing_ok=True)
