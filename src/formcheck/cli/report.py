"""``formcheck report``: re-render a saved JSON report (no video, no model)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.app import EXIT_OUTPUT, app, errors_to_exit, fail, out
from formcheck.cli.outputs import CsvOpt, FramesCsvOpt, HtmlOpt, terminal_log
from formcheck.report.outputs import OutputRequest, write_outputs
from formcheck.report.terminal import render


@app.command("report")
def report_cmd(
    report_path: Annotated[Path, typer.Argument(metavar="REPORT.json", help="A report saved with analyze --json.")],
    html: HtmlOpt = None,
    csv: CsvOpt = None,
    frames_csv: FramesCsvOpt = None,
    video: Annotated[
        Path | None,
        typer.Option("--video", help="An annotated .mp4 or .webm (from analyze --annotate) to show in the HTML."),
    ] = None,
) -> None:
    """Re-render a saved report as HTML/CSV; prints the table when no output is asked for."""
    from formcheck.report.build import load_report

    if video is not None and not video.is_file():
        fail(f"{video}: no such file")
    with errors_to_exit():
        try:
            report = load_report(report_path)
        except FileNotFoundError:
            fail(f"{report_path}: no such file")
        except (ValueError, UnicodeDecodeError) as exc:  # json.JSONDecodeError is a ValueError
            fail(f"{report_path}: not a formcheck report ({exc})")
        if html is None and csv is None and frames_csv is None:
            render(report, out)
            return
        log = terminal_log()
        write_outputs(report, OutputRequest(html=html, csv=csv, frames_csv=frames_csv, video=video), log)
        if log.failed:
            raise typer.Exit(EXIT_OUTPUT)
