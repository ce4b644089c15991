"""``habitat-monitor import --format dhis2|open-sdg FILE [--mapping MAP]``: the command's
side of ``reading.read_values``, with a progress bar on stderr and the summary (or
every problem) on stdout; exit status 1 when anything was wrong."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from habitat_monitor.core.actors import actor_named
from habitat_monitor.interop.reading import MAX_BYTES, FileRefused, read_values
from habitat_monitor.plans.models import Plan
from habitat_monitor.plans.queries import current_plan


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"No file at {path}.")
    if path.stat().st_size > MAX_BYTES:
        raise CommandError(f"{path} is over {MAX_BYTES >> 20} MB: split it.")
    plan = Plan.objects.filter(code=options["plan"]).first() if options["plan"] else current_plan()
    if plan is None:
        raise CommandError("No such plan: check the code (habitat-monitor plan list).")
    mapping = Path(options["mapping"]) if options["mapping"] else None
    if mapping is not None and not mapping.is_file():
        raise CommandError(f"No mapping file at {mapping}.")
    try:
        actor = actor_named(options["user"])
    except LookupError as error:
        raise CommandError(str(error)) from None
    body = path.read_bytes()
    console = Console(stderr=True)
    columns = (
        TextColumn("writing"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} reports"),
    )
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("import", total=None)
        try:
            summary = read_values(
                options["format"],
                body,
                file_name=path.name,
                mapping_text=mapping.read_text(encoding="utf-8") if mapping else None,
                plan=plan,
                actor=actor,
                sha256=hashlib.sha256(body).hexdigest(),
                dry_run=options["dry_run"],
                submit=options["submit"],
                office=options["office"],
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        except FileRefused as refused:
            summary = refused.summary
    _report(command, summary, options["output"])
    if summary["problems"]:
        sys.exit(1)


def _report(command: BaseCommand, summary: dict[str, Any], output: str) -> None:
    if output == "json":
        command.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        for item in summary["problems"]:
            command.stdout.write(
                f"{item['source']}, {item['field']} = {item['value']!r}: {item['reason']}"
            )
        counts = (
            f"{summary['imported']} added, {summary['updated']} changed, "
            f"{summary['unchanged']} unchanged, {summary['ignored']} ignored"
        )
        reports = ", ".join(f"{g['office']} {g['period']}" for g in summary["submissions"])
        if summary["problems"]:
            command.stdout.write(f"{len(summary['problems'])} problem(s): nothing was written.")
        elif summary["dry_run"]:
            command.stdout.write(f"{counts} (a dry run: nothing was written; reports {reports})")
        else:
            command.stdout.write(f"{counts} (written to {reports})")
