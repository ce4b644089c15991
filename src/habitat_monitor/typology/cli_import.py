"""`habitat-monitor typology import FILE --round CODE`: the round's spreadsheet, from a shell.

Registered by ``management/commands/typology.py``; the import itself is
``services.imports.import_assessments``, the same as the page's.
"""

from __future__ import annotations

import json
import sys
from argparse import _SubParsersAction
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from habitat_monitor.core.actors import actor_named
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.reporting.messages import problem_dict
from habitat_monitor.typology.errors import NoTypology
from habitat_monitor.typology.models import AssessmentRound
from habitat_monitor.typology.services.imports import ImportRejected, import_assessments


def add_import_parser(sub: _SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "import",
        help="Import a round's filled-in XLSX template (all rows or none).",
        description=(
            "Check every row of the workbook, then create or update the round's draft "
            "assessments, all or none; every problem is printed with its row and column "
            "and the exit status is then 1. Rows equal to what is stored change nothing. "
            "Example: habitat-monitor typology import filled.xlsx --round 2019-ALL"
        ),
    )
    parser.add_argument("file", help="The round's XLSX template, filled in.")
    parser.add_argument(
        "--round", required=True, dest="round_code", metavar="CODE", help="Code of the round."
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="Check and count only; write nothing."
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="Sign the changes as this user, with their permissions (default: the system).",
    )
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="Output (default: text)."
    )


def _actor(username: str | None) -> Any:
    try:
        return actor_named(username)
    except LookupError as error:
        raise CommandError(str(error)) from None


def run_import(
    command: BaseCommand,
    *,
    file: str,
    round_code: str,
    dry_run: bool,
    user: str | None,
    format: str,
    **_: Any,
) -> None:
    assessment_round = AssessmentRound.objects.select_related("plan").filter(code=round_code)
    if not assessment_round.exists():
        raise CommandError(f"No assessment round has the code {round_code}.")
    path = Path(file)
    if not path.is_file():
        raise CommandError(f"Cannot read {file}: no such file.")
    try:
        result = import_assessments(
            assessment_round.get(),
            path,
            actor=_actor(user),
            dry_run=dry_run,
            source=path.name,
        )
    except (NotAllowed, NoTypology) as error:
        raise CommandError(str(error)) from None
    except ImportRejected as rejected:
        problems = [problem_dict(error) for error in rejected.errors]
        if format == "json":
            command.stdout.write(json.dumps({"problems": problems}, ensure_ascii=False, indent=2))
        for p in problems:
            line = f"row {p['row']}, column {p['column'] or '-'}: {p['value']!r}: {p['reason']}"
            command.stderr.write(line)
        command.stderr.write(f"{len(problems)} problem(s): nothing was imported")
        sys.exit(1)
    if format == "json":
        command.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    for row in (row for row in result.rows if row["action"] != "unchanged"):
        command.stdout.write(f"row {row['row']}: {row['place']} {row['action']}")
    prefix = "Dry run, nothing written: " if dry_run else ""
    command.stdout.write(
        f"{prefix}{result.added} added, {result.changed} changed, {result.unchanged} "
        f"unchanged, {result.skipped} rows with nothing to import."
    )
