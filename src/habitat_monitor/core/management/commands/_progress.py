"""A rich progress bar on stderr for the backup and restore commands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from habitat_monitor.core.backup import Step


@contextmanager
def progress_bar() -> Iterator[Step]:
    console = Console(stderr=True)
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def step(what: str, done: int, total: int | None) -> None:
            bar.update(task, description=what[:60], completed=done, total=total)

        yield step
