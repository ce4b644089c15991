"""Restore a backup (``core.backup``) into an empty install, then prove it is whole.

In order, each step stopping everything when it fails:

1. the backup is checked against its manifest (every table's row count and SHA-256),
   so a damaged or altered backup is refused before anything is written;
2. the install must be empty: no row in any table but those ``migrate`` fills
   (content types, permissions), no file in the data folders. A non-empty install
   is refused and left as it was;
3. the tables are created (``migrate``) and must be at the backup's migrations;
4. the files are copied, then every row is loaded in one transaction (all or
   nothing; the content types and permissions ``migrate`` made are replaced by the
   backup's, so the ids other rows point to stay right); PostgreSQL's id sequences
   are moved past the loaded ids;
5. the analytics store is rebuilt from the restored rows;
6. every table is read back and compared with the manifest: row count and checksum.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

from habitat_monitor.core.backup import (
    BackupError,
    Step,
    applied_migrations,
    backed_up_models,
    database_state,
    dump_lines,
    file_folders,
    folder_digest,
    read_manifest,
    table_digest,
)

# Filled by ``migrate`` itself: replaced by the backup's rows rather than counted.
MIGRATE_FILLS = ("django_content_type", "auth_permission")
BATCH = 1000


@dataclass
class Verification:
    """What the restored install holds compared with the manifest."""

    tables: int = 0
    rows: int = 0
    mismatched: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatched


def check_backup(folder: Path, manifest: dict[str, Any], step: Step | None = None) -> None:
    """Every dump file holds the rows the manifest says, unaltered."""
    tables = manifest["tables"]
    for number, (name, table) in enumerate(sorted(tables.items())):
        if step:
            step(f"checking {name}", number, len(tables))
        try:
            rows, sha = table_digest(dump_lines(folder, table))
        except (OSError, EOFError) as error:
            raise BackupError(f"{table['file']} cannot be read: {error}") from None
        if (rows, sha) != (table["rows"], table["sha256"]):
            raise BackupError(
                f"{table['file']} does not match the manifest ({rows} rows, expected "
                f"{table['rows']}; checksum differs: {sha != table['sha256']}): the "
                "backup is damaged or was changed. Nothing was restored."
            )
    for name, expected in manifest["files"].items():
        if folder_digest(folder / "files" / name) != expected:
            raise BackupError(f"files/{name} does not match the manifest. Nothing was restored.")


def occupied() -> list[str]:
    """Tables with rows and data folders with files: what makes an install non-empty."""
    existing = set(connection.introspection.table_names())
    found = []
    for model in backed_up_models():
        table = model._meta.db_table
        if table in existing and table not in MIGRATE_FILLS and model._base_manager.exists():
            found.append(table)
    for name, folder in file_folders().items():
        if folder.is_dir() and any(path.is_file() for path in folder.rglob("*")):
            found.append(f"{name} folder {folder}")
    return found


def _decoded(fields: list[models.Field[Any, Any]], row: list[Any]) -> dict[str, Any]:
    values = {}
    for column, value in zip(fields, row, strict=True):
        if value is not None and column.get_internal_type() not in ("JSONField",):
            value = column.to_python(value)
        values[column.attname] = value
    return values


def _objects(folder: Path, model: type[models.Model], table: dict[str, Any]) -> Iterator[Any]:
    by_name = {column.attname: column for column in model._meta.local_concrete_fields}
    missing = [name for name in table["columns"] if name not in by_name]
    if missing or len(by_name) != len(table["columns"]):
        raise BackupError(
            f"{model._meta.db_table}: the backup's columns differ from this version's; "
            "restore with the version that made the backup, then upgrade."
        )
    fields = [by_name[name] for name in table["columns"]]
    for line in dump_lines(folder, table):
        yield model(**_decoded(fields, json.loads(line)))


def _insert(model: type[models.Model], rows: list[Any]) -> None:
    """Insert rows as they are: raw, like ``loaddata``, so ``auto_now`` fields keep their
    backed-up times (``bulk_create`` would stamp them with now)."""
    fields = list(model._meta.local_concrete_fields)
    size = max(1, min(BATCH, connection.ops.bulk_batch_size(fields, rows)))
    for start in range(0, len(rows), size):
        model._base_manager._insert(rows[start : start + size], fields=fields, raw=True)


def _load_tables(folder: Path, manifest: dict[str, Any], step: Step | None) -> None:
    chosen = {model._meta.db_table: model for model in backed_up_models()}
    unknown = sorted(set(manifest["tables"]) - set(chosen))
    if unknown:
        raise BackupError(f"This version has no tables {', '.join(unknown)}.")
    with connection.cursor() as cursor:
        for table in reversed(MIGRATE_FILLS):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
    total = len(manifest["tables"])
    for number, (name, table) in enumerate(sorted(manifest["tables"].items())):
        if step:
            step(f"loading {name}", number, total)
        model, batch = chosen[name], []
        for instance in _objects(folder, model, table):
            batch.append(instance)
            if len(batch) >= BATCH:
                _insert(model, batch)
                batch = []
        if batch:
            _insert(model, batch)
    statements = connection.ops.sequence_reset_sql(no_style(), list(chosen.values()))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _copy_files(folder: Path) -> list[Path]:
    copied = []
    for name, target in file_folders().items():
        source = folder / "files" / name
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
            copied.append(target)
    return copied


def verify(manifest: dict[str, Any], step: Step | None = None) -> Verification:
    """Compare what the database and data folders hold with the manifest."""
    result = Verification()
    state = database_state(step)
    for name, expected in sorted(manifest["tables"].items()):
        found = state.get(name)
        result.tables += 1
        result.rows += found["rows"] if found else 0
        if found != {"rows": expected["rows"], "sha256": expected["sha256"]}:
            result.mismatched.append(name)
    for name, folder in file_folders().items():
        expected = manifest["files"].get(name)
        if expected is not None and folder_digest(folder) != expected:
            result.mismatched.append(f"files/{name}")
    return result


def restore_backup(folder: Path, step: Step | None = None) -> Verification:
    """Restore ``folder`` into this (empty) install; see the module docstring."""
    manifest = read_manifest(folder)
    check_backup(folder, manifest, step)
    busy = occupied()
    if busy:
        raise BackupError(
            "The install is not empty ("
            + ", ".join(busy[:5])
            + (", ..." if len(busy) > 5 else "")
            + "): restore only into a new, empty database and data folder. Nothing was changed."
        )
    if step:
        step("creating the tables", 0, None)
    call_command("migrate", interactive=False, verbosity=0)
    if applied_migrations() != manifest["migrations"]:
        raise BackupError(
            "This version's migrations differ from the backup's: restore with the version "
            "that made the backup (see its manifest.json), then upgrade."
        )
    copied = _copy_files(folder)
    try:
        with transaction.atomic():
            _load_tables(folder, manifest, step)
    except BaseException:
        for target in copied:
            shutil.rmtree(target, ignore_errors=True)
        raise
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    if step:
        step("rebuilding the analytics store", 0, None)
    from habitat_monitor.progress.store import build_store

    build_store()
    return verify(manifest, step)
