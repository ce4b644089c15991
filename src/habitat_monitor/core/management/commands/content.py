from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from habitat_monitor.core.services import create_demo_users, load_default_content


class Command(BaseCommand):
    help = (
        "Load the default content: countries, regions, cities, offices and the "
        "UN-Habitat Strategic Plan 2020-2023. Safe to run again: nothing is "
        "duplicated. Example: habitat-monitor content load --demo"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load or refresh the default content.")
        load.add_argument(
            "--demo",
            action="store_true",
            help="Also create one demo account per role (printing the passwords) and "
            "illustrative submissions for 2020-2022 in every workflow state.",
        )

    def handle(self, *args: Any, action: str, demo: bool = False, **options: Any) -> None:
        summary = load_default_content(demo_values=demo)
        for name, count in summary.items():
            self.stderr.write(f"{name}: {count}")
        if demo:
            self.stdout.write("Demo accounts (local use only):")
            for account in create_demo_users():
                self.stdout.write(
                    f"  {account.username:<14} {account.password:<22} {account.description}"
                )
