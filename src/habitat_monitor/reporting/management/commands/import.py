"""`habitat-monitor import FILE --office CODE --period 2021`: a spreadsheet into a
submission; `--format dhis2|open-sdg FILE [--mapping MAP]`: another system's file into
the reports of the offices it names (``interop.cli_import``)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from habitat_monitor.core.actors import actor_named
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.geo.models import Office
from habitat_monitor.plans.models import Plan
from habitat_monitor.plans.queries import current_plan
from habitat_monitor.reporting.errors import ValuesRejected, WorkflowError
from habitat_monitor.reporting.messages import localized, problem_dict
from habitat_monitor.reporting.models import ReportingPeriod
from habitat_monitor.reporting.services.imports import import_file
from habitat_monitor.reporting.services.values import open_submission


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file of values into an office's submission for a period, or "
        "a DHIS2 dataValueSets JSON or Open SDG CSV/ZIP file (--format) into the reports "
        "of the offices its mapping names. Every row is checked first; any problem: "
        "nothing is written and every problem is listed (row, column, value, reason). "
        "Example: habitat-monitor import kenya-2021.xlsx --office KEN --period 2021 --dry-run"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--format",
            choices=["spreadsheet", "dhis2", "open-sdg"],
            default="spreadsheet",
            help="spreadsheet: CSV or XLSX for one office and period (default); dhis2: a "
            "dataValueSets JSON file; open-sdg: a data CSV or a ZIP of them.",
        )
        parser.add_argument(
            "--office",
            help="Office code, e.g. KEN (spreadsheets: required; open-sdg: the office of "
            "files without an Office column).",
        )
        parser.add_argument(
            "--period", help="Period code: 2021, 2021-S1, 2021-Q3 (spreadsheets: required)."
        )
        parser.add_argument(
            "--mapping",
            help="dhis2/open-sdg: a YAML or JSON file mapping their codes to ours "
            "(default: the file uses our own codes, as our exports do).",
        )
        parser.add_argument(
            "--submit",
            action="store_true",
            help="dhis2/open-sdg: submit each report written to for review at once.",
        )
        parser.add_argument("--plan", help="Plan code (default: the current plan).")
        parser.add_argument("--user", help="Import as this user (default: the system).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count; write nothing."
        )
        parser.add_argument("--decimal-comma", action="store_true", help="Read 12,5 as 12.5.")
        parser.add_argument(
            "--output", choices=["text", "json"], default="text", help="How to print the result."
        )
        parser.add_argument(
            "--hold-before-commit",
            type=float,
            default=0,
            metavar="SECONDS",
            help="Keep the transaction open this long after writing, before committing "
            "(for testing that a crash loses nothing).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["format"] != "spreadsheet":
            from habitat_monitor.interop.cli_import import run

            run(self, options)
            return
        if not options["office"] or not options["period"]:
            raise CommandError("A spreadsheet import needs --office and --period.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        plan = (
            Plan.objects.filter(code=options["plan"]).first() if options["plan"] else current_plan()
        )
        office = Office.objects.filter(code=options["office"]).first()
        period = ReportingPeriod.objects.filter(plan=plan, code=options["period"]).first()
        if plan is None or office is None or period is None:
            raise CommandError("Unknown plan, office or period: check the codes.")
        try:
            actor = actor_named(options["user"])
        except LookupError as error:
            raise CommandError(str(error)) from None
        try:
            submission = open_submission(office, period, actor=actor)
        except NotAllowed as error:
            raise CommandError(str(error)) from None
        console = Console(stderr=True)
        columns = (
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,} rows"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=False) as bar:
            task = bar.add_task("checking", total=None)

            def progress(stage: str, done: int) -> None:
                bar.update(task, description=stage, completed=done)
                if stage == "writing":
                    console.print(f"writing {done:,} values")

            hold = options["hold_before_commit"]

            def before_commit() -> None:
                if hold:
                    console.print(f"all rows written; holding the transaction {hold:g} s")
                    time.sleep(hold)

            try:
                result = import_file(
                    submission,
                    path,
                    actor=actor,
                    decimal_comma=options["decimal_comma"],
                    dry_run=options["dry_run"],
                    progress=progress,
                    before_commit=before_commit,
                )
            except ValuesRejected as rejected:
                self._problems(rejected, options["output"])
                sys.exit(1)
            except (WorkflowError, NotAllowed) as error:
                raise CommandError(str(error)) from None
        if options["output"] == "json":
            self.stdout.write(json.dumps(result.as_dict()))
        else:
            counts = f"{result.added} added, {result.changed} changed, {result.unchanged} unchanged"
            if result.dry_run:
                where = f"(a dry run: nothing was written to {office.code} {period.code})"
            elif result.added or result.changed:
                where = f"(written to {office.code} {period.code})"
            else:
                where = f"({office.code} {period.code} already held these values)"
            self.stdout.write(f"{counts} {where}")

    def _problems(self, rejected: ValuesRejected, fmt: str) -> None:
        if fmt == "json":
            self.stdout.write(
                json.dumps([problem_dict(e) for e in rejected.errors], ensure_ascii=False)
            )
        else:
            for error in rejected.errors:
                self.stdout.write(
                    f"row {error.row}, {error.column} = {error.value!r}: {localized(error)}"
                )
        self.stderr.write(f"{len(rejected.errors)} problem(s): nothing was written.")
