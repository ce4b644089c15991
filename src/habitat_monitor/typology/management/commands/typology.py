"""`habitat-monitor typology classify|rounds|compare|uses`: the needs typology from the
command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext
from rich.console import Console
from rich.table import Table

from habitat_monitor.core.actors import SYSTEM
from habitat_monitor.core.translated import content_language, pick
from habitat_monitor.plans.framework import PlanFile
from habitat_monitor.plans.planfile import PlanFileError, read
from habitat_monitor.plans.services import DEFAULT_PLAN_FILE
from habitat_monitor.reporting.messages import translate
from habitat_monitor.typology.cli_import import add_import_parser, run_import
from habitat_monitor.typology.files import Entry, UnreadableFile, read_text
from habitat_monitor.typology.hubs import MAX_HUB_SIZE
from habitat_monitor.typology.inputs import AssessmentInvalid, validate
from habitat_monitor.typology.rules import classify


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from None


def _plan(path: str | None) -> PlanFile:
    source = path or str(DEFAULT_PLAN_FILE)
    try:
        _parsed, plan = read(_read(source), source)
    except PlanFileError as error:
        raise CommandError(str(error)) from None
    if plan.typology is None:
        raise CommandError(f"{source} has no typology section: nothing to classify with.")
    return plan


def _codes(plan: PlanFile) -> set[str]:
    return {d.code for d in plan.domains} | {o.code for d in plan.domains for o in d.outcomes}


def classify_entry(entry: Entry, plan: PlanFile, language: str) -> dict[str, Any]:
    """One assessment of a file, classified (or its problems), as plain data."""
    assert plan.typology is not None
    result: dict[str, Any] = {"place": entry.label, "round": entry.round}
    try:
        if entry.problems:
            raise AssessmentInvalid(list(entry.problems))
        place = {k: v for k, v in entry.data.items() if k not in ("country", "place", "city")}
        checked = validate(place, plan.typology, _codes(plan))
    except AssessmentInvalid as error:
        problems = [translate(p.template, p.params, p.message) for p in error.problems]
        return {**result, "category": None, "problems": problems}
    found = classify(checked, plan.typology)
    fired = next((r for r in found.tried if r.code == found.rule), None)
    return {
        **result,
        "category": found.category,
        "rule": found.rule,
        "reason": pick(fired.title, language) if fired else "",
        "secondary": [need.category for need in found.secondary],
        "scores": found.scores,
        "explanation": found.explain(language, gettext).splitlines(),
        "problems": [],
    }


class Command(BaseCommand):
    help = (
        "The human settlements needs typology. `classify FILE` classifies a YAML, JSON "
        "or CSV file of assessments with the rules of the built-in plan (or --plan "
        "FILE) and prints each category with the rule that fired; it touches no "
        "database. `rounds` lists the assessment rounds with their counts by category. "
        "`compare BEFORE AFTER` prints what changed from one round to another. `uses "
        "ROUND` prints the round's service modes and proposed multi-country hubs. "
        "Examples: habitat-monitor typology classify assessments.csv --explain; "
        "habitat-monitor typology rounds --format json; "
        "habitat-monitor typology compare 2019-PILOT 2019-ALL"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        classify_parser = sub.add_parser(
            "classify", help="Classify a file of assessments (no database)."
        )
        classify_parser.add_argument("file", help="YAML, JSON or CSV file of assessments.")
        classify_parser.add_argument(
            "--plan", help="Plan file whose typology rules to use (default: the built-in plan)."
        )
        classify_parser.add_argument(
            "--explain", action="store_true", help="Also print how the rules decided, step by step."
        )
        classify_parser.add_argument(
            "--language",
            choices=["en", "zh"],
            default="en",
            help="Language of the rule titles and explanations (default: en).",
        )
        classify_parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="Output (default: text)."
        )
        rounds = sub.add_parser("rounds", help="List the rounds with counts by category.")
        rounds.add_argument(
            "--format", choices=["text", "json"], default="text", help="Output (default: text)."
        )
        add_import_parser(sub)

        compare = sub.add_parser(
            "compare",
            help="What changed from round BEFORE to round AFTER (final assessments).",
        )
        compare.add_argument("before", help="Code of the earlier round, e.g. 2019-PILOT.")
        compare.add_argument("after", help="Code of the later round, e.g. 2019-ALL.")
        uses = sub.add_parser(
            "uses", help="A round's service modes and proposed multi-country hubs."
        )
        uses.add_argument("round", help="Code of the round, e.g. 2019-ALL.")
        uses.add_argument(
            "--hub-size",
            type=int,
            default=MAX_HUB_SIZE,
            help=f"Countries per hub, at most (1 to 50; default: {MAX_HUB_SIZE}).",
        )
        for parser_ in (compare, uses):
            parser_.add_argument(
                "--language",
                choices=["en", "zh"],
                default="en",
                help="Language of the texts (default: en).",
            )
            parser_.add_argument(
                "--format", choices=["text", "json"], default="text", help="Output (default: text)."
            )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"_{action}")(**options)

    def _import(self, **options: Any) -> None:
        run_import(self, **options)

    def _console(self) -> Console:
        return Console(file=self.stdout, width=120, highlight=False, soft_wrap=True)

    def _classify(
        self, *, file: str, plan: str | None, explain: bool, language: str, format: str, **_: Any
    ) -> None:
        plan_file = _plan(plan)
        with translation.override("zh-hans" if language == "zh" else "en"):
            try:
                entries = read_text(_read(file), file)
            except UnreadableFile as error:
                raise CommandError(translate(error.template, error.params, error.message)) from None
            rows = [
                classify_entry(entry, plan_file, content_language(language)) for entry in entries
            ]
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self._print(rows, explain)
        rejected = sum(1 for row in rows if row["problems"])
        self.stderr.write(f"{len(rows) - rejected} classified, {rejected} rejected")
        if rejected:
            sys.exit(1)

    def _print(self, rows: list[dict[str, Any]], explain: bool) -> None:
        console = self._console()
        rounds = any(row["round"] for row in rows)
        table = Table(
            "Place", *(["Round"] if rounds else []), "Category", "Rule", "Reason", "Secondary"
        )
        for row in rows:
            first = [row["place"], *([row["round"] or ""] if rounds else [])]
            if row["problems"]:
                table.add_row(*first, "rejected", "", "", "")
                continue
            secondary = ", ".join(map(str, row["secondary"])) or "-"
            category = str(row["category"] or "-")
            table.add_row(*first, category, row["rule"] or "-", row["reason"], secondary)
        console.print(table)
        for row in rows:
            if row["problems"]:
                console.print(f"{row['place']}: rejected", markup=False)
                for problem in row["problems"]:
                    console.print(f"  {problem}", markup=False)
            elif explain:
                console.print(f"{row['place']}:", markup=False)
                for line in row["explanation"]:
                    console.print(f"  {line}", markup=False)

    def _rounds(self, *, format: str, **_: Any) -> None:
        from habitat_monitor.typology.queries import round_rows

        data = round_rows(SYSTEM)
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        numbers = [category["number"] for category in data["categories"]]
        table = Table("Round", "Title", "Final", "Drafts", *[f"Cat. {n}" for n in numbers])
        for row in data["rounds"]:
            counts = [str(cell["count"]) for cell in row["by_category"]]
            table.add_row(row["code"], row["title"], str(row["final"]), str(row["drafts"]), *counts)
        self._console().print(table)

    def _compare(self, *, before: str, after: str, language: str, format: str, **_: Any) -> None:
        from habitat_monitor.typology.uses_queries import compare_data

        with translation.override("zh-hans" if language == "zh" else "en"):
            data = compare_data(_round(after), _round(before), None)
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        console = self._console()
        console.print(
            f"Round {data['code']} compared with {data['with']}: "
            f"{data['total_before']} final assessments before, {data['total_after']} after",
            markup=False,
        )
        counts = Table("Category", "Before", "After", "Difference")
        for row in data["by_category"]:
            counts.add_row(
                str(row["category"]),
                str(row["before"]),
                str(row["after"]),
                f"{row['difference']:+d}",
            )
        console.print(counts)
        places = Table("Place", "Before", "After", "Change", "Domains before", "Domains after")
        for row in data["listed"]:
            change = row["change_label"] + ("; domains changed" if row["domains_changed"] else "")
            places.add_row(
                row["place"],
                str(row["before"] or "-"),
                str(row["after"] or "-"),
                change,
                ", ".join(row["domains_before"]) or "-",
                ", ".join(row["domains_after"]) or "-",
            )
        console.print(places)

    def _uses(self, *, round: str, hub_size: int, language: str, format: str, **_: Any) -> None:
        from habitat_monitor.typology.uses_queries import hub_size as checked_size
        from habitat_monitor.typology.uses_queries import uses_data

        if checked_size(hub_size) != hub_size:
            raise CommandError(f"--hub-size must be from 1 to 50, not {hub_size}.")
        with translation.override("zh-hans" if language == "zh" else "en"):
            data = uses_data(_round(round), None, hub_size)
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        console = self._console()
        modes = Table("Place", "Category", "Office", "Programme size", "Service mode", "Reason")
        for row in data["service_modes"]:
            size = row["programme_size"]
            modes.add_row(
                row["place"],
                str(row["category"] or "-"),
                "yes" if row["has_office"] else "no",
                "-" if size is None else str(size),
                row["mode_label"],
                row["reason"],
            )
        console.print(modes)
        hubs = Table("Hub", "Region", "Anchor", "Places", "Expertise needed")
        for hub in data["hubs"]:
            needed = [item["item"] for item in hub["items"] if item["needed"]]
            hubs.add_row(
                hub["code"],
                hub["region"],
                hub["anchor"],
                ", ".join(hub["places"]),
                ", ".join(needed) or "-",
            )
        console.print(hubs)


def _round(code: str) -> Any:
    from habitat_monitor.typology.models import AssessmentRound

    found = AssessmentRound.objects.select_related("plan").filter(code=code).first()
    if found is None:
        raise CommandError(f"There is no assessment round {code}.")
    return found
