"""`habitat-monitor export --format sdmx-csv -o FILE`: published figures in an open format."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from habitat_monitor.core.actors import actor_named
from habitat_monitor.interop.formats import FORMATS, file_name
from habitat_monitor.interop.source import NothingToExport, chosen_publication, dataset
from habitat_monitor.plans.models import Plan
from habitat_monitor.plans.queries import current_plan


class Command(BaseCommand):
    help = (
        "Export published figures as CSV, XLSX, JSON, SDMX-CSV (and its data structure "
        "definition), IATI activity XML, DHIS2 dataValueSets JSON or Open SDG data. "
        "Everything, one indicator (--indicator) or one country (--country). "
        "Example: habitat-monitor export --format sdmx-csv --indicator 1.1.1 -o 1.1.1.csv"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("--indicator", help="Only this indicator's code, e.g. 1.1.1.")
        parser.add_argument("--country", help="Only this country (ISO alpha-3), e.g. KEN.")
        parser.add_argument(
            "-o",
            "--output",
            help="Write to this file or folder (default: a name made of the plan, "
            "publication and filters, in the current folder; '-' for standard output).",
        )
        parser.add_argument(
            "--publication", type=int, help="This publication (default: the latest)."
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="The live board draft instead of a publication (needs a role that may "
            "see drafts; the system may).",
        )
        parser.add_argument("--plan", help="Plan code (default: the current plan).")
        parser.add_argument("--user", help="Act as this user (default: the system).")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = (
            Plan.objects.filter(code=options["plan"]).first() if options["plan"] else current_plan()
        )
        if plan is None:
            raise CommandError("No such plan: check the code (habitat-monitor plan list).")
        fmt = FORMATS[options["format"]]
        try:
            actor = actor_named(options["user"])
        except LookupError as error:
            raise CommandError(str(error)) from None
        try:
            if options["draft"]:
                if not actor.has_perm("progress.view_draft"):
                    raise CommandError("This user may not see the draft; export a publication.")
                publication = None
            else:
                publication = chosen_publication(plan, options["publication"])
            data = dataset(
                plan, publication, indicator=options["indicator"], country=options["country"]
            )
        except NothingToExport as error:
            raise CommandError(str(error)) from None
        body = fmt.write(data)
        name = file_name(data, fmt, indicator=options["indicator"], country=options["country"])
        target = options["output"] or name
        if target == "-":
            sys.stdout.buffer.write(body)
            sys.stdout.flush()
            return
        path = Path(target)
        if path.is_dir():  # a folder: the file goes in it, under its usual name
            path = path / name
        try:
            path.write_bytes(body)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from None
        target = str(path)
        notice = " (includes illustrative figures)" if data.illustrative else ""
        source = f"publication {data.publication}" if data.publication else "the live draft"
        self.stderr.write(
            f"Wrote {target}: {fmt.name}, {len(data.observations)} values from {source}"
            f"{notice}, {len(body):,} bytes."
        )
