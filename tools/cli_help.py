"""Print the `--help` blocks of one of our commands, as docs/cli.md shows them.

Usage: .venv/bin/python tools/cli_help.py plan           (print the blocks)
       .venv/bin/python tools/cli_help.py --update        (refresh every block in docs/cli.md)
tests/test_docs.py fails while a block in docs/cli.md is stale.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from argparse import _SubParsersAction
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "habitat_monitor"


def help_blocks(name: str) -> dict[str, str]:
    """Each `--help` text of a command and its subcommands, keyed by the command line
    (set COLUMNS=80 first, as docs/cli.md shows them)."""
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
    return blocks


def update(cli_md: Path) -> int:
    """Replace each ```$ habitat-monitor X --help``` block with the current help."""
    text = cli_md.read_text(encoding="utf-8")
    pattern = re.compile(r"```\n\$ (habitat-monitor (\S+)(?: \S+)? --help)\n.*?```", re.DOTALL)
    cache: dict[str, dict[str, str]] = {}

    def fresh(match: re.Match[str]) -> str:
        command_line, name = match.group(1), match.group(2)
        blocks = cache.setdefault(name, help_blocks(name))
        return (
            f"```\n$ {command_line}\n{blocks[command_line]}```"
            if command_line in blocks
            else match.group(0)
        )

    cli_md.write_text(pattern.sub(fresh, text), encoding="utf-8")
    return 0


def main(args: list[str]) -> int:
    os.environ["COLUMNS"] = "80"
    if args == ["--update"]:
        return update(SRC.parents[1] / "docs" / "cli.md")
    for command_line, text in help_blocks(args[0]).items():
        print(f"```\n$ {command_line}\n{text}```\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
