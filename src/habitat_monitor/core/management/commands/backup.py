from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from habitat_monitor.core.backup import BackupError, write_backup
from habitat_monitor.core.cli_progress import progress_bar


class Command(BaseCommand):
    help = (
        "Back up the install into a new folder: every table (as JSON lines, restorable "
        "on SQLite or PostgreSQL), evidence and import files, publications and reports, "
        "and a manifest with each table's row count and checksum. The analytics store is "
        "left out: restore rebuilds it. Example: habitat-monitor backup -o /srv/backups/2024-05-01"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o", "--output", required=True, type=Path, help="New (or empty) folder to write."
        )

    def handle(self, *args: Any, output: Path, **options: Any) -> None:
        try:
            with progress_bar() as step:
                manifest = write_backup(output, step)
        except BackupError as error:
            raise CommandError(str(error)) from None
        tables = manifest["tables"]
        rows = sum(table["rows"] for table in tables.values())
        files = sum(folder["files"] for folder in manifest["files"].values())
        self.stdout.write(
            f"Backed up {len(tables)} tables, {rows:,} rows and {files:,} files to {output} "
            f"(checksum {manifest['checksum'][:16]})"
        )
