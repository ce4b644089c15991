"""Backups that restore anywhere: every table as canonical JSON lines, files, a manifest.

``write_backup(folder)`` writes:

- ``data/<table>.jsonl.gz``: every row of every table Django manages (audit history,
  accounts and groups, queued tasks included), one JSON array per line in primary-key
  order, each value in one canonical text form (times in UTC ISO 8601, decimals and
  UUIDs as text, JSON with sorted keys). The same rows give the same bytes on SQLite
  and PostgreSQL, so a backup of one restores into the other;
- ``files/media``, ``files/publications``, ``files/reports``: evidence and import
  files, the frozen publications with their open-data ZIPs, the board reports;
- ``manifest.json``: versions, date, applied migrations, and per table its columns,
  row count and the SHA-256 of its lines; per folder its file count and digest.

The analytics store is not in it: it is derived, and ``restore`` rebuilds it (as
``habitat-monitor analytics rebuild`` would). The rows are read in one transaction,
a consistent snapshot while the site keeps running (on SQLite, writers wait).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any
from uuid import UUID

import django
from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_string

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 2000
INTEGER_KEYS = ("AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField")
# Step callback: what is being done, how far, out of how many (None: unknown).
Step = Callable[[str, int, int | None], None]


class BackupError(Exception):
    """A backup that cannot be written, read or trusted; the message says why."""


def file_folders() -> dict[str, Path]:
    """The folders whose files a backup carries, by name."""
    var_dir = Path(settings.VAR_DIR)
    return {
        "media": Path(settings.MEDIA_ROOT),
        "publications": var_dir / "publications",
        "reports": var_dir / "reports",
    }


def backed_up_models() -> list[type[models.Model]]:
    """Every table Django manages (many-to-many tables too), in table-name order."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    return sorted(found, key=lambda model: model._meta.db_table)


def columns_of(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.local_concrete_fields)


def encode(value: Any) -> Any:
    """One canonical, JSON-ready form per value, whatever database it came from."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, timedelta):
        return duration_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict | list):
        return value  # JSONField: canonical through sort_keys when dumped
    raise BackupError(f"Cannot back up a value of type {type(value).__name__}.")


def line_of(row: list[Any]) -> bytes:
    text = json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8") + b"\n"


def _integer_key(model: type[models.Model]) -> bool:
    pk = model._meta.pk
    target = getattr(pk, "target_field", pk)
    return target.get_internal_type() in INTEGER_KEYS


def table_lines(model: type[models.Model]) -> Iterator[bytes]:
    """The table's rows as canonical lines, in primary-key order (compared as the
    canonical values, so the order is the same on every database)."""
    names = [field.attname for field in columns_of(model)]
    rows = model._base_manager.order_by("pk").values_list(*names)
    if _integer_key(model):
        for row in rows.iterator(chunk_size=CHUNK):
            yield line_of([encode(value) for value in row])
        return
    position = names.index(model._meta.pk.attname)
    encoded = [[encode(value) for value in row] for row in rows.iterator(chunk_size=CHUNK)]
    for row in sorted(encoded, key=lambda row: str(row[position])):
        yield line_of(row)


def table_digest(lines: Iterator[bytes]) -> tuple[int, str]:
    digest, count = hashlib.sha256(), 0
    for line in lines:
        digest.update(line)
        count += 1
    return count, digest.hexdigest()


def folder_digest(folder: Path) -> dict[str, Any]:
    """File count, bytes and one SHA-256 over every file's relative path and content."""
    digest, files, size = hashlib.sha256(), 0, 0
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            with path.open("rb") as handle:
                digest.update(hashlib.file_digest(handle, "sha256").digest())
            files, size = files + 1, size + path.stat().st_size
    return {"files": files, "bytes": size, "sha256": digest.hexdigest()}


def overall(tables: dict[str, dict[str, Any]]) -> str:
    digest = hashlib.sha256()
    for name in sorted(tables):
        digest.update(f"{name}:{tables[name]['rows']}:{tables[name]['sha256']}\n".encode())
    return digest.hexdigest()


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def database_state(step: Step | None = None) -> dict[str, dict[str, Any]]:
    """Each table's row count and checksum as the database holds it now."""
    state = {}
    chosen = backed_up_models()
    for number, model in enumerate(chosen):
        if step:
            step(model._meta.db_table, number, len(chosen))
        rows, sha = table_digest(table_lines(model))
        state[model._meta.db_table] = {"rows": rows, "sha256": sha}
    return state


def _dump_table(model: type[models.Model], target: Path) -> dict[str, Any]:
    digest, count = hashlib.sha256(), 0
    # mtime 0: the same rows give the same file, byte for byte.
    with target.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        for line in table_lines(model):
            out.write(line)
            digest.update(line)
            count += 1
    return {
        "model": model._meta.label_lower,
        "columns": [field.attname for field in columns_of(model)],
        "rows": count,
        "sha256": digest.hexdigest(),
        "file": target.relative_to(target.parents[1]).as_posix(),
    }


def _snapshot(outermost: bool) -> None:
    """One consistent view of every table for the length of the dump (PostgreSQL: a
    repeatable-read transaction; SQLite's transaction already is one)."""
    if outermost and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def write_backup(folder: Path, step: Step | None = None) -> dict[str, Any]:
    """Write a backup into ``folder`` (new or empty); returns the manifest."""
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: back up into a new folder.")
    data = folder / "data"
    data.mkdir(parents=True)
    chosen = backed_up_models()
    tables: dict[str, dict[str, Any]] = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        _snapshot(outermost)
        migrations = applied_migrations()
        for number, model in enumerate(chosen):
            if step:
                step(model._meta.db_table, number, len(chosen))
            target = data / f"{model._meta.db_table}.jsonl.gz"
            tables[model._meta.db_table] = _dump_table(model, target)
    files = {}
    for name, source in file_folders().items():
        if step:
            step(f"files: {name}", 0, None)
        if source.is_dir():
            shutil.copytree(source, folder / "files" / name)
        files[name] = folder_digest(folder / "files" / name)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
        "versions": {
            "habitat_monitor": version("habitat-monitor"),
            "django": django.get_version(),
            "database": connection.vendor,
            "database_version": ".".join(map(str, connection.get_database_version())),
        },
        "migrations": migrations,
        "tables": tables,
        "files": files,
        "checksum": overall(tables),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} holds no readable {MANIFEST}: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder}: unknown backup format {manifest.get('format')!r}.")
    return dict(manifest)


def dump_lines(folder: Path, table: dict[str, Any]) -> Iterator[bytes]:
    with gzip.open(folder / table["file"], "rb") as lines:
        yield from lines
