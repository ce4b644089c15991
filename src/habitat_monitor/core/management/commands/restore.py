from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from habitat_monitor.core.backup import BackupError, read_manifest
from habitat_monitor.core.cli_progress import progress_bar
from habitat_monitor.core.restore import restore_backup, verify


class Command(BaseCommand):
    help = (
        "Restore a backup made by `habitat-monitor backup` into an empty install (a new "
        "database and data folder), rebuild the analytics store, and check every table's "
        "row count and checksum against the backup's manifest. A non-empty install is "
        "refused and left unchanged. --verify-only compares an install with a backup. "
        "Example: habitat-monitor restore /srv/backups/2024-05-01"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="The backup folder (with manifest.json).")
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="Restore nothing: compare this install with the backup.",
        )

    def handle(self, *args: Any, folder: Path, verify_only: bool, **options: Any) -> None:
        try:
            with progress_bar() as step:
                if verify_only:
                    result = verify(read_manifest(folder), step)
                else:
                    result = restore_backup(folder, step)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if not result.ok:
            raise CommandError(
                f"Verification failed: {len(result.mismatched)} of {result.tables} tables or "
                f"folders differ from the backup: {', '.join(result.mismatched[:10])}"
            )
        done = "Verified" if verify_only else "Restored and verified"
        self.stdout.write(
            f"{done}: {result.tables} tables, {result.rows:,} rows, every row count and "
            "checksum as in the backup."
        )
