"""Progress bar on stderr and SIGTERM-as-Ctrl-C, for long analyses."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn

from formcheck.cli.app import err
from formcheck.runner import Progress as ProgressFn


def progress_columns() -> tuple[ProgressColumn, ...]:
    """The columns of every progress bar: what, the bar, done of total, time left."""
    return TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()


@contextmanager
def progress_bar(description: str, *, enabled: bool = True) -> Iterator[ProgressFn | None]:
    """Yield a ``(done, total)`` callback that drives a bar on stderr (None when disabled)."""
    if not enabled:
        yield None
        return
    with Progress(*progress_columns(), console=err, transient=True) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            if done % 5 == 0 or done == total:
                bar.update(task, completed=done, total=total or None)

        yield update


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C so a killed run still writes its report."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not in the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
