"""The documentation keeps up with the code: settings, commands, links, demo accounts.

These tests read files and build argument parsers; none touches the database.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.core.management.base import BaseCommand

from habitat_monitor.core.env import SETTINGS, Setting
from habitat_monitor.core.services import DEMO_ACCOUNTS, DemoAccount
from tools.cli_help import help_blocks

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
SRC = ROOT / "src" / "habitat_monitor"
COMMAND_MODULES = sorted(
    path for path in SRC.glob("*/management/commands/*.py") if not path.name.startswith("_")
)
COMMANDS = [path.stem for path in COMMAND_MODULES]
MARKDOWN_FILES = [README, *sorted(DOCS.glob("*.md"))]
# Written by the browser tests; a fresh checkout may not have them yet.
GENERATED = DOCS / "screenshots"

FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _command_class(module_path: Path) -> type[BaseCommand]:
    app = module_path.parents[2].name
    module = importlib.import_module(
        f"habitat_monitor.{app}.management.commands.{module_path.stem}"
    )
    command: type[BaseCommand] = module.Command
    return command


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _links(path: Path) -> list[str]:
    return LINK.findall(FENCE.sub("", _read(path)))


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_every_setting_is_documented(setting: Setting) -> None:
    """Each HM_ variable in the settings table appears, in backticks, in configuration.md."""
    assert f"`{setting.name}`" in _read(DOCS / "configuration.md"), (
        f"{setting.name} is not documented"
    )


def test_commands_are_found() -> None:
    """The command list is not empty, so the command tests below cannot pass vacuously."""
    assert {"content", "serve"} <= set(COMMANDS)


@pytest.mark.parametrize("module_path", COMMAND_MODULES, ids=COMMANDS)
def test_every_command_has_a_section_in_cli_md(module_path: Path) -> None:
    """Each of our management commands has a `## habitat-monitor <name>` heading."""
    heading = re.compile(rf"^## habitat-monitor {re.escape(module_path.stem)}\s*$", re.MULTILINE)
    assert heading.search(_read(DOCS / "cli.md")), f"docs/cli.md has no section for {module_path}"


@pytest.mark.parametrize("module_path", COMMAND_MODULES, ids=COMMANDS)
def test_every_command_has_help_with_an_example(module_path: Path) -> None:
    """Each command's help text is there and shows an example."""
    help_text = _command_class(module_path).help
    assert help_text.strip(), f"{module_path.stem} has no help"
    assert "Example" in help_text, f"{module_path.stem} help has no example"


@pytest.mark.parametrize("module_path", COMMAND_MODULES, ids=COMMANDS)
def test_cli_md_help_blocks_are_current(module_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The help shown in cli.md is what `--help` prints today, at 80 columns."""
    monkeypatch.setenv("COLUMNS", "80")
    cli_md = _read(DOCS / "cli.md")
    for command_line, help_text in help_blocks(module_path.stem).items():
        assert f"$ {command_line}\n{help_text}" in cli_md, (
            f"docs/cli.md: the block for `{command_line}` is missing or stale; "
            f"paste the output of `COLUMNS=80 .venv/bin/{command_line}`"
        )


def test_cli_md_documents_no_missing_command() -> None:
    """Every `## habitat-monitor <name>` section in cli.md is a command that exists."""
    documented = re.findall(r"^## habitat-monitor (\S+)\s*$", _read(DOCS / "cli.md"), re.MULTILINE)
    assert set(documented) <= set(COMMANDS)


def test_readme_starts_with_make_run_and_make_test() -> None:
    """The first lines of the README tell a newcomer how to start and how to test."""
    head = "\n".join(_read(README).splitlines()[:15])
    assert "make run" in head
    assert "make test" in head


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.username)
def test_readme_lists_the_demo_accounts(account: DemoAccount) -> None:
    """The README's demo-account table matches the accounts `content load` creates."""
    readme = _read(README)
    assert f"`{account.username}`" in readme
    assert f"`{account.password}`" in readme


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_relative_links_point_to_existing_files(path: Path) -> None:
    """Every relative link in the README and docs/ leads to a file (and heading) that exists."""
    broken = []
    for target in _links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
            continue  # http(s), mailto and other absolute URLs
        file_part, _hash, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if linked.is_relative_to(GENERATED):
            continue
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md":
            anchors = {_slug(heading) for heading in HEADING.findall(FENCE.sub("", _read(linked)))}
            if anchor not in anchors:
                broken.append(f"{target}: no such heading")
    assert not broken, f"{path.relative_to(ROOT)}: {broken}"
