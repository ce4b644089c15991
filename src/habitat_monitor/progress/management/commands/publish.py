from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from habitat_monitor.core.actors import actor_named
from habitat_monitor.core.errors import NotAllowed
from habitat_monitor.plans.models import Plan
from habitat_monitor.plans.queries import current_plan
from habitat_monitor.progress import publishing
from habitat_monitor.progress.models import Publication


class Command(BaseCommand):
    help = (
        "Publish the approved figures: the public pages, API and open data then show "
        "them. Without --now, list the publications. "
        'Example: habitat-monitor publish --now --note "2022 annual figures"'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Publish now.")
        parser.add_argument("--note", default="", help="Why, or what this publication holds.")
        parser.add_argument("--plan", help="Plan code (default: the current plan).")
        parser.add_argument("--user", help="Publish as this user (default: the system).")

    def handle(self, *args: Any, now: bool, note: str, **options: Any) -> None:
        plan = (
            Plan.objects.filter(code=options["plan"]).first() if options["plan"] else current_plan()
        )
        if plan is None:
            raise CommandError("No such plan: check the code (habitat-monitor plan list).")
        if not now:
            for row in Publication.objects.filter(plan=plan).order_by("number"):
                self.stdout.write(
                    f"{row.number:>4}  {row.published_at:%Y-%m-%d %H:%M}  "
                    f"{row.value_count:>10} values  data to {row.data_year or '-'}  {row.note}"
                )
            return
        try:
            actor = actor_named(options["user"])
        except LookupError as error:
            raise CommandError(str(error)) from None
        try:
            publication = publishing.publish(plan, actor=actor, note=note)
        except NotAllowed as error:
            raise CommandError(str(error)) from None
        changed = len((publication.changes or {}).get("indicators", []))
        # With a Celery worker the ZIP may not be written yet: the path printed must exist.
        open_data = publishing.ensure_open_data(publication)
        self.stdout.write(
            f"Published {plan.code} #{publication.number}: {publication.value_count} values, "
            f"{changed} indicators changed, open data in {open_data}"
        )
