"""Print the `--help` blocks of one of our commands, as docs/cli.md shows them.

Usage: .venv/bin/python tools/cli_help.py plan
Paste the output into docs/cli.md; tests/test_docs.py fails while a block is stale.
"""

from __future__ import annotations

import importlib
import os
import sys
from argparse import _SubParsersAction
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "habitat_monitor"


def main(name: str) -> int:
    os.environ["COLUMNS"] = "80"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "habitat_monitor.settings")
    import django

    django.setup()
    [module_path] = SRC.glob(f"*/management/commands/{name}.py")
    module = importlib.import_module(
        ".".join(module_path.relative_to(SRC.parent).with_suffix("").parts)
    )
    parser = module.Command().create_parser("habitat-monitor", name)
    blocks = {f"habitat-monitor {name} --help": parser.format_help()}
    for action in parser._actions:
        if isinstance(action, _SubParsersAction):
            for sub_name, sub_parser in action.choices.items():
                blocks[f"habitat-monitor {name} {sub_name} --help"] = sub_parser.format_help()
    for command_line, text in blocks.items():
        print(f"```\n$ {command_line}\n{text}```\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
