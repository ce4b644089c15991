"""Backup and restore: a backup of the demo install restores, whole, into an empty one.

The restore runs as the real command in another process, with another database (a
second SQLite file, or a second database on the same PostgreSQL server) and another
data folder, as it would on a new machine.
"""

from __future__ import annotations

import gzip
import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import database_url
from tests.snapshot import admin_connection

ROOT = Path(__file__).resolve().parents[2]
COMMAND = str(Path(sys.executable).with_name("habitat-monitor"))


def _run(*args: str, url: str, var_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HM_DATABASE_URL": url, "HM_VAR_DIR": str(var_dir)}
    return subprocess.run(
        [COMMAND, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[Any]:
    """Makes empty databases of the test database's kind; yields a function returning
    each one's URL. PostgreSQL ones are dropped afterwards."""
    made: list[str] = []

    def make() -> str:
        name = f"hm_restore_{secrets.token_hex(4)}"
        if connection.vendor == "sqlite":
            return f"sqlite:///{tmp_path / name}.sqlite3"
        with admin_connection() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        base = database_url().rsplit("/", 1)[0]
        return f"{base}/{name}"

    yield make
    if made:
        with admin_connection() as admin:
            for name in made:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def backup(content: None, tmp_path: Path, settings: Any) -> Path:
    """A backup of the test database with the demo content, an evidence file and a
    publication folder of its own (the shared data folder holds other tests' files)."""
    settings.VAR_DIR = tmp_path / "var-a"
    settings.MEDIA_ROOT = settings.VAR_DIR / "media"
    (settings.MEDIA_ROOT / "evidence").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "report.pdf").write_bytes(b"%PDF-1.4 evidence")
    (settings.VAR_DIR / "publications" / "0001-test").mkdir(parents=True)
    (settings.VAR_DIR / "publications" / "0001-test" / "open-data.zip").write_bytes(b"PK\x05\x06")
    folder = tmp_path / "backup"
    call_command("backup", "-o", str(folder))
    return folder


def _tables(manifest_path: Path) -> dict[str, tuple[int, str]]:
    manifest = json.loads(manifest_path.read_text())
    return {name: (t["rows"], t["sha256"]) for name, t in manifest["tables"].items()}


def test_restore_gives_back_every_row_and_file(
    backup: Path, empty_database: Any, tmp_path: Path
) -> None:
    """Restored into an empty install, every table has the same row count and the same
    checksum of all its values (read back by a backup of the restored install), and
    the files are there; a second restore into it is refused and changes nothing."""
    url, var_dir = empty_database(), tmp_path / "var-b"
    restored = _run("restore", str(backup), url=url, var_dir=var_dir)
    assert restored.returncode == 0, restored.stderr
    assert "Restored and verified" in restored.stdout
    again = _run("backup", "-o", str(tmp_path / "again"), url=url, var_dir=var_dir)
    assert again.returncode == 0, again.stderr
    original, copy = _tables(backup / "manifest.json"), _tables(tmp_path / "again/manifest.json")
    assert copy == original
    assert sum(rows for rows, _sha in original.values()) > 5000
    assert original["reporting_value"][0] > 0 and original["auth_user"][0] > 0
    assert (var_dir / "media/evidence/report.pdf").read_bytes() == b"%PDF-1.4 evidence"
    assert (var_dir / "publications/0001-test/open-data.zip").exists()
    assert (var_dir / "analytics.duckdb").exists()

    refused = _run("restore", str(backup), url=url, var_dir=var_dir)
    assert refused.returncode != 0
    assert "not empty" in refused.stderr and "Nothing was changed" in refused.stderr
    unchanged = _run("restore", "--verify-only", str(backup), url=url, var_dir=var_dir)
    assert unchanged.returncode == 0, unchanged.stderr


def test_tampered_backup_is_refused(backup: Path, empty_database: Any, tmp_path: Path) -> None:
    """One value changed in a table's dump: the restore stops before writing anything."""
    dump = backup / "data" / "plans_indicator.jsonl.gz"
    lines = gzip.decompress(dump.read_bytes()).decode().splitlines(keepends=True)
    row = json.loads(lines[0])
    index = next(i for i, value in enumerate(row) if isinstance(value, str) and value)
    row[index] = row[index] + " (changed)"
    lines[0] = json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    dump.write_bytes(gzip.compress("".join(lines).encode()))
    url, var_dir = empty_database(), tmp_path / "var-c"
    refused = _run("restore", str(backup), url=url, var_dir=var_dir)
    assert refused.returncode != 0
    assert "plans_indicator.jsonl.gz does not match the manifest" in refused.stderr
    assert not (var_dir / "media").exists()


def test_a_postgresql_backup_restores_into_sqlite(backup: Path, tmp_path: Path) -> None:
    """The dump is the same canonical text on both databases: a PostgreSQL backup
    restores into SQLite with every table's checksum unchanged (moving a small
    install off, or onto, PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("run by the PostgreSQL suite: it restores its backup into SQLite")
    url, var_dir = f"sqlite:///{tmp_path / 'moved.sqlite3'}", tmp_path / "var-d"
    restored = _run("restore", str(backup), url=url, var_dir=var_dir)
    assert restored.returncode == 0, restored.stderr
    again = _run("backup", "-o", str(tmp_path / "from-sqlite"), url=url, var_dir=var_dir)
    assert again.returncode == 0, again.stderr
    assert _tables(tmp_path / "from-sqlite/manifest.json") == _tables(backup / "manifest.json")
