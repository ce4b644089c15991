"""`habitat-monitor assignments defaults`: who reports what, for a plan."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from habitat_monitor.plans.models import Plan
from habitat_monitor.plans.queries import current_plan
from habitat_monitor.reporting.services.assignments import assign_plan_defaults


class Command(BaseCommand):
    help = (
        "Create reporting periods and assignments for a plan. `defaults` assigns every "
        "indicator that adds up across offices to every country office and hub, and "
        "plan-wide indicators to headquarters; safe to run again. "
        "Example: habitat-monitor assignments defaults --plan UNH-SP-2020-2023"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        defaults = sub.add_parser("defaults", help="Assign by the default rule.")
        defaults.add_argument("--plan", help="Plan code (default: the current plan).")

    def handle(self, *args: Any, action: str, plan: str | None = None, **options: Any) -> None:
        chosen = Plan.objects.filter(code=plan).first() if plan else current_plan()
        if chosen is None:
            raise CommandError(f"No plan {plan!r} is loaded." if plan else "No plan is loaded.")
        created = assign_plan_defaults(chosen)
        self.stdout.write(f"{created} new assignments for {chosen.code}")
