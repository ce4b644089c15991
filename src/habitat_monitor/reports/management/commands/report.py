"""`habitat-monitor report board`: the progress report to the Executive Board."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from habitat_monitor.reports.build import LANGUAGES
from habitat_monitor.reports.figures import ReportError, ReportOptions, plan_for
from habitat_monitor.reports.services import FORMATS, file_name, write_report

STAGES = {
    "figures": "reading the figures",
    "progress": "progress chapters",
    "typology": "needs-typology chapter",
    "engagement": "flagships, outreach, partnerships",
    "writing": "writing the file",
    "done": "done",
}


class Command(BaseCommand):
    help = (
        "Produce a report for the Executive Board. `board`: the progress report for one "
        "year of the plan, in English or Chinese, as HTML, PDF or DOCX. It shows the "
        "published figures unless --draft asks for the live ones; values not yet approved "
        "are left out (and named) unless --include-unapproved. "
        "Example: habitat-monitor report board --year 2022 --lang zh --format pdf "
        "-o board-2022-zh.pdf"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        board = sub.add_parser(
            "board",
            help="The progress report to the Executive Board for one year.",
            description="The progress report to the Executive Board for one year.",
        )
        board.add_argument("--year", type=int, required=True, help="A year of the plan.")
        board.add_argument(
            "--lang", choices=sorted(LANGUAGES), default="en", help="Language (default: en)."
        )
        board.add_argument(
            "--format", choices=FORMATS, default="pdf", help="File format (default: pdf)."
        )
        board.add_argument(
            "-o",
            "--output",
            help="File to write (default: PLAN-board-report-YEAR-LANG.FORMAT here).",
        )
        board.add_argument(
            "--draft",
            action="store_true",
            help="The live figures (approved, not yet published) instead of the published.",
        )
        board.add_argument(
            "--include-unapproved",
            action="store_true",
            help="Also count values submitted and awaiting approval (implies --draft).",
        )
        board.add_argument("--plan", help="Plan code (default: the current plan).")

    def handle(self, *args: Any, **options: Any) -> None:
        report = ReportOptions(
            year=options["year"],
            language=options["lang"],
            draft=options["draft"],
            include_unapproved=options["include_unapproved"],
            plan=options["plan"],
        )
        fmt = options["format"]
        try:
            plan = plan_for(report)
            target = Path(options["output"] or file_name(plan.code, report, fmt))
            written = self._write(report, fmt, target)
        except ReportError as error:
            raise CommandError(str(error)) from None
        figures = f"publication {written.publication}" if written.publication else "live figures"
        notes = [figures, f"{written.left_out:,} unapproved values left out"]
        if written.included:
            notes.append(f"{written.included:,} awaiting approval included")
        if written.illustrative:
            notes.append("holds illustrative values")
        self.stdout.write(
            f"Wrote {written.path} ({written.size / 1024:,.0f} KB, {written.seconds:.1f} s): "
            + "; ".join(notes)
        )

    def _write(self, report: ReportOptions, fmt: str, target: Path) -> Any:
        console = Console(stderr=True)
        columns = (
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("board report", total=100)

            def step(stage: str, percent: int) -> None:
                bar.update(task, completed=percent, description=STAGES.get(stage, stage))

            return write_report(report, fmt, target, step=step)
