"""`habitat-monitor analytics rebuild|status`: the analytics store (a DuckDB file)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from habitat_monitor.core.cli_progress import progress_bar
from habitat_monitor.progress.store.build import build_store
from habitat_monitor.progress.store.freshness import store_status
from habitat_monitor.progress.store.location import StoreBusy


class Command(BaseCommand):
    help = (
        "The analytics store: approved values in a DuckDB file, refreshed on each "
        "approval. `rebuild` builds it again from the database (safe at any time: "
        "readers keep the old file until the new one is complete); `status` says "
        "where it is, how big, and whether it is fresh. "
        "Example: habitat-monitor analytics rebuild"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="Build the store again from the database.")
        status = sub.add_parser("status", help="Where the store is and whether it is fresh.")
        for command in (rebuild, status):
            command.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            if action == "rebuild":
                self._rebuild(options["format"])
            else:
                self._status(options["format"])
        except StoreBusy as error:
            raise CommandError(str(error)) from None

    def _rebuild(self, fmt: str) -> None:
        with progress_bar("rebuilding", unit="values") as step:
            result = build_store(lambda done, total: step("rebuilding", done, total))
        if fmt == "json":
            self.stdout.write(json.dumps(result.as_dict()))
            return
        self.stdout.write(
            f"{result.rows:,} values from {result.submissions:,} approved submissions "
            f"in {result.seconds:.1f} s: {result.path}"
        )

    def _status(self, fmt: str) -> None:
        status = store_status()
        if fmt == "json":
            self.stdout.write(json.dumps(status.as_dict()))
            return
        state = "fresh" if status.fresh else f"stale: {status.reason}"
        if not status.exists:
            state = "missing: it is built on the first read, or by `analytics rebuild`"
        lines = [("path", str(status.path)), ("state", state)]
        if status.exists:
            lines += [
                ("built at", status.built_at or "unknown"),
                ("values", f"{status.rows:,}"),
                ("submissions", f"{status.submissions:,}"),
                ("size", f"{status.size / 2**20:.1f} MB"),
            ]
        for name, value in lines:
            self.stdout.write(f"{name + ':':<13}{value}")
