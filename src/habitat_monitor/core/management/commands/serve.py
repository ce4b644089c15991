from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Serve Habitat Monitor on http://127.0.0.1:8000 (or ADDRPORT). "
        "Example: habitat-monitor serve 127.0.0.1:8080"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, addrport: str, **options: Any) -> None:
        call_command("runserver", addrport, use_reloader=False, skip_checks=False)
