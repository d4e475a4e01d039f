"""Options and helpers shared by ``analyze``, ``live`` and ``report`` for the files they write.

Every output is written on its own: one that cannot be written (no space left, no permission,
a folder in the way) gets one line on stderr and leaves no partial file, the others are still
written, the terminal report still prints, and the command exits with
:data:`~formcheck.cli.app.EXIT_OUTPUT`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from formcheck.analysis.base import Analyzer, FrameResult
from formcheck.cli.app import err
from formcheck.core.types import PoseFrame, SourceInfo
from formcheck.errors import FormcheckError, describe_os_error
from formcheck.pipeline import FrameObserver
from formcheck.report.model import Report

HtmlOpt = Annotated[
    Path | None, typer.Option("--html", help="Write a self-contained HTML report (plot, rep table, thumbnails, video).")
]
CsvOpt = Annotated[Path | None, typer.Option("--csv", help="Write one CSV row per rep.")]
FramesCsvOpt = Annotated[Path | None, typer.Option("--frames-csv", help="Write one CSV row per frame.")]


@dataclass
class OutputLog:
    """Which outputs were written and which could not be (one line each on stderr)."""

    failed: list[str] = field(default_factory=list)

    def attempt(self, what: str, path: Path, write: Callable[[], object], *, say_written: bool = True) -> bool:
        """Run ``write``; on an OS error say why in one line and note the failure."""
        try:
            write()
        except OSError as exc:
            self.fail(f"could not write the {what} to {path}: {describe_os_error(exc)}")
            return False
        except FormcheckError as exc:
            self.fail(f"could not write the {what}: {exc}")
            return False
        if say_written:
            err.print(f"written {escape(str(path))}")
        return True

    def failed_about(self, path: Path) -> bool:
        """True when an output at ``path`` could not be written."""
        return any(str(path) in m for m in self.failed)

    def fail(self, message: str) -> None:
        """Note one output that was not written."""
        self.failed.append(message)
        err.print(f"[bold red]error:[/bold red] {escape(message)}")


@dataclass
class FrameOutputs:
    """Frame observers for one video run and what they collected."""

    observers: list[FrameObserver] = field(default_factory=list)
    thumbnails: Mapping[int, bytes] = field(default_factory=dict)


class _SoftAnnotator:
    """Feeds the annotated-video writer; a write failure stops the video, never the analysis."""

    def __init__(self, annotator: Any, log: OutputLog, path: Path) -> None:
        self.annotator, self.log, self.path = annotator, log, path
        self.broken = False

    def __call__(self, frame: Any, pose: PoseFrame, result: FrameResult) -> None:
        if self.broken:
            return
        try:
            self.annotator(frame, pose, result)
        except (OSError, FormcheckError) as exc:
            self.broken = True
            reason = describe_os_error(exc) if isinstance(exc, OSError) else str(exc)
            self.log.fail(f"could not write the annotated video to {self.path}: {reason}")


@contextmanager
def frame_outputs(
    video: SourceInfo, analyzer: Analyzer, *, annotate: Path | None, thumbnails: bool, log: OutputLog
) -> Iterator[FrameOutputs]:
    """Annotated-video writer and rep-thumbnail collector for ``analyze VIDEO``, as requested."""
    from formcheck.render.annotate import RepThumbnails, VideoAnnotator

    outputs = FrameOutputs()
    collector = None
    soft: _SoftAnnotator | None = None
    annotator: VideoAnnotator | None = None
    if annotate is not None:
        try:
            annotator = VideoAnnotator(
                annotate, fps=video.fps, source_size=video.image_size, title=analyzer.title, display=analyzer.display
            )
        except OSError as exc:
            log.fail(f"could not write the annotated video to {annotate}: {describe_os_error(exc)}")
        else:
            soft = _SoftAnnotator(annotator, log, annotate)
            outputs.observers.append(soft)
    if thumbnails:
        collector = RepThumbnails(analyzer.reps_so_far)
        outputs.observers.append(collector)
    try:
        yield outputs
    except BaseException:
        if annotator is not None:
            annotator.discard()  # a crash leaves no half video
        raise
    if annotator is not None and soft is not None and annotate is not None:
        if soft.broken:
            annotator.discard()
        else:
            log.attempt("annotated video", annotate, annotator.close)
    if collector is not None:
        outputs.thumbnails = dict(collector.thumbnails)


def save_outputs(
    report: Report,
    log: OutputLog,
    *,
    html: Path | None,
    csv: Path | None,
    frames_csv: Path | None,
    thumbnails: Mapping[int, bytes] | None = None,
    video: Path | None = None,
) -> None:
    """Write the requested renderings, each on its own (see the module docstring)."""
    from formcheck.report.atomic import write_text_atomic
    from formcheck.report.csv_export import frames_csv as frames_table
    from formcheck.report.csv_export import reps_csv
    from formcheck.report.html import render_html, video_src

    if csv is not None:
        log.attempt("rep CSV", csv, lambda: write_text_atomic(csv, reps_csv(report)))
    if frames_csv is not None:
        log.attempt("frame CSV", frames_csv, lambda: write_text_atomic(frames_csv, frames_table(report)))
    if html is not None:
        playable = video if video is not None and video.is_file() else None

        def write_html() -> None:
            src = video_src(playable, html) if playable is not None else None
            write_text_atomic(html, render_html(report, thumbnails=thumbnails, video_src=src))

        log.attempt("HTML report", html, write_html)
