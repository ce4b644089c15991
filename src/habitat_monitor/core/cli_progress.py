"""The rich progress bar of long commands (backup, restore, analytics rebuild), on
stderr so that stdout stays the command's result."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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

# What is being done, how far, out of how many (None: unknown).
Step = Callable[[str, int, int | None], None]


@contextmanager
def progress_bar(first: str = "starting", unit: str = "") -> Iterator[Step]:
    """Yields ``step(what, done, total)``, which moves the bar; gone when finished."""
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn(), TextColumn(unit), TimeElapsedColumn()]  # fmt: skip
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(first, total=None)

        def step(what: str, done: int, total: int | None) -> None:
            bar.update(task, description=what[:60], completed=done, total=total)

        yield step
