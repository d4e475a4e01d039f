"""Options shared by ``analyze``, ``live`` and ``report`` for the files they write, and the log that says so.

Every output is written on its own (:func:`formcheck.report.outputs.write_outputs`): one that
cannot be written gets one line on stderr and leaves no partial file, the others are still
written, the terminal report still prints, and the command exits with
:data:`~formcheck.cli.app.EXIT_OUTPUT`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from formcheck.cli.app import err
from formcheck.report.outputs import OutputLog

HtmlOpt = Annotated[
    Path | None, typer.Option("--html", help="Write a self-contained HTML report (plot, rep table, thumbnails, video).")
]
CsvOpt = Annotated[Path | None, typer.Option("--csv", help="Write one CSV row per rep.")]
FramesCsvOpt = Annotated[Path | None, typer.Option("--frames-csv", help="Write one CSV row per frame.")]


def terminal_log() -> OutputLog:
    """An :class:`OutputLog` that tells the person on stderr: ``written PATH``, or ``error: why``."""
    return OutputLog(
        say=lambda message: err.print(escape(message)),
        warn=lambda message: err.print(f"[bold red]error:[/bold red] {escape(message)}"),
    )
