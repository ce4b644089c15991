"""The ``habitat-monitor`` command: a thin front to Django's management commands.

``habitat-monitor migrate``, ``habitat-monitor serve``, ``habitat-monitor plan lint``
and every other management command work as they would through ``manage.py``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "habitat_monitor.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "habitat-monitor"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
