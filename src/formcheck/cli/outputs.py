"""Options and helpers shared by ``analyze`` and ``report`` for the file renderings."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from formcheck.analysis.base import Analyzer
from formcheck.cli.app import err
from formcheck.errors import FormcheckError
from formcheck.runner import FrameObserver

HtmlOpt = Annotated[Path | None, typer.Option(
    "--html", help="Write a self-contained HTML report (plot, rep table, thumbnails, video).")]
CsvOpt = Annotated[Path | None, typer.Option("--csv", help="Write one CSV row per rep.")]
FramesCsvOpt = Annotated[Path | None, typer.Option("--frames-csv", help="Write one CSV row per frame.")]


@dataclass
class FrameOutputs:
    """Frame observers for one video run and what they collected."""

    observers: list[FrameObserver] = field(default_factory=list)
    thumbnails: Mapping[int, bytes] = field(default_factory=dict)


@contextmanager
def frame_outputs(video: Path, analyzer: Analyzer, *, annotate: Path | None,
                  thumbnails: bool) -> Iterator[FrameOutputs]:
    """Annotated-video writer and rep-thumbnail collector for ``analyze VIDEO``, as requested."""
    from formcheck.io.sources import VideoFileSource
    from formcheck.render.annotate import RepThumbnails, VideoAnnotator

    outputs = FrameOutputs()
    collector = None
    with ExitStack() as stack:
        if annotate is not None:
            with VideoFileSource(video) as probe:
                fps, size = probe.fps, probe.image_size
            outputs.observers.append(stack.enter_context(
                VideoAnnotator(annotate, fps=fps, source_size=size, title=analyzer.title)))
        if thumbnails:
            collector = RepThumbnails(analyzer.reps_so_far)
            outputs.observers.append(collector)
        yield outputs
    if collector is not None:
        outputs.thumbnails = dict(collector.thumbnails)


def save_outputs(report: dict[str, Any], *, html: Path | None, csv: Path | None, frames_csv: Path | None,
                 thumbnails: Mapping[int, bytes] | None = None, video: Path | None = None) -> None:
    """Write the requested renderings and say where; OS errors become a clear message."""
    from formcheck.report.outputs import write_outputs

    try:
        written = write_outputs(report, html=html, csv=csv, frames_csv_path=frames_csv,
                                thumbnails=thumbnails, video=video)
    except OSError as exc:
        raise FormcheckError(f"cannot write the report: {exc}") from exc
    for path in written:
        err.print(f"written {path}")
