"""`habitat-monitor plan schema|lint|load|diff|export`: plans as code."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from habitat_monitor.plans import services
from habitat_monitor.plans.diff import diff_plans, summary_lines
from habitat_monitor.plans.documents import plan_file_from_database, plan_yaml
from habitat_monitor.plans.framework import json_schema
from habitat_monitor.plans.lint import has_errors, lint_text
from habitat_monitor.plans.models import Plan
from habitat_monitor.plans.planfile import PlanFileError, read
from habitat_monitor.plans.queries import current_plan


class Command(BaseCommand):
    help = (
        "Work with plan files. Examples: habitat-monitor plan lint plan.yaml; "
        "habitat-monitor plan load plan.yaml; habitat-monitor plan diff 1 2; "
        "habitat-monitor plan export -o plan.yaml; habitat-monitor plan schema"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("schema", help="Print the JSON Schema of a plan file.")
        lint = sub.add_parser("lint", help="Check a plan file: SMART and consistency rules.")
        lint.add_argument("file")
        lint.add_argument("--format", choices=["text", "json"], default="text")
        load = sub.add_parser("load", help="Load a plan file in one transaction (new version).")
        load.add_argument("file")
        load.add_argument("--format", choices=["text", "json"], default="text")
        diff = sub.add_parser(
            "diff", help="What changed between A and B: plan files, or version numbers."
        )
        diff.add_argument("a")
        diff.add_argument("b")
        diff.add_argument("--plan", help="Plan code for version numbers (default: current plan).")
        diff.add_argument("--format", choices=["text", "json"], default="text")
        export = sub.add_parser("export", help="Write the plan in the database as a plan file.")
        export.add_argument("--plan", help="Plan code (default: the current plan).")
        export.add_argument("-o", "--output", help="File to write (default: standard output).")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"_{action}")(**options)

    def _schema(self, **options: Any) -> None:
        self.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False))

    def _read(self, path: str) -> str:
        try:
            return Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None

    def _lint(self, *, file: str, format: str, **options: Any) -> None:
        findings = lint_text(self._read(file), file)
        if format == "json":
            self.stdout.write(json.dumps([f.as_dict() for f in findings], ensure_ascii=False))
        else:
            for finding in findings:
                self.stdout.write(f"{finding.format()} [{finding.severity}]")
            errors = sum(1 for f in findings if f.severity == "error")
            self.stderr.write(f"{errors} error(s), {len(findings) - errors} warning(s)")
        if has_errors(findings):
            sys.exit(1)

    def _load(self, *, file: str, format: str, **options: Any) -> None:
        try:
            result = services.load_plan(self._read(file), filename=file)
        except services.PlanLoadError as error:
            for finding in error.findings:
                self.stdout.write(f"{finding.format()} [{finding.severity}]")
            self.stderr.write("Nothing was loaded: fix the errors above and load again.")
            sys.exit(1)
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "plan": result.plan.code,
                        "version": result.version.number,
                        "created": result.created,
                        "changes": result.changes,
                    },
                    ensure_ascii=False,
                )
            )
            return
        if not result.created:
            self.stderr.write(
                f"{result.plan.code}: unchanged, still version {result.version.number}"
            )
            return
        self.stderr.write(f"{result.plan.code}: loaded as version {result.version.number}")
        if result.version.number == 1:
            count = result.plan.indicators.filter(active=True).count()
            self.stdout.write(f"+ new plan with {count} indicators")
        for line in summary_lines(result.changes):
            self.stdout.write(line)

    def _document(self, reference: str, plan_code: str | None) -> dict[str, Any]:
        if Path(reference).exists():
            try:
                _parsed, plan_file = read(self._read(reference), reference)
            except PlanFileError as error:
                raise CommandError(str(error)) from None
            return services.canonical_document(plan_file)
        plan = Plan.objects.filter(code=plan_code).first() if plan_code else current_plan()
        if plan is None:
            raise CommandError("No plan is loaded; name plan files to compare instead.")
        number = reference.lstrip("v")
        version = plan.versions.filter(number=int(number)).first() if number.isdigit() else None
        if version is None:
            raise CommandError(f"{reference} is neither a file nor a version of {plan.code}.")
        return dict(version.document)

    def _diff(self, *, a: str, b: str, plan: str | None, format: str, **options: Any) -> None:
        changes = diff_plans(self._document(a, plan), self._document(b, plan))
        if format == "json":
            self.stdout.write(json.dumps(changes, ensure_ascii=False))
            return
        lines = summary_lines(changes)
        for line in lines:
            self.stdout.write(line)
        if not lines:
            self.stderr.write("No differences.")

    def _export(self, *, plan: str | None, output: str | None, **options: Any) -> None:
        chosen = Plan.objects.filter(code=plan).first() if plan else current_plan()
        if chosen is None:
            raise CommandError(f"No plan {plan!r} is loaded." if plan else "No plan is loaded.")
        text = plan_yaml(plan_file_from_database(chosen))
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {chosen.code} version {chosen.version} to {output}")
        else:
            self.stdout.write(text, ending="")
