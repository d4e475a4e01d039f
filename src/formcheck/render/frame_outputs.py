"""What is made from the decoded frames while a video is analysed: the annotated video and the rep thumbnails.

Both are frame observers of the one decode pass (:func:`formcheck.pipeline.run`). Writing the
annotated video can fail (a full disk): that stops the video, never the analysis, and is one
line in the :class:`~formcheck.report.outputs.OutputLog`; a crash leaves no half video.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formcheck.analysis.analyzer import ExerciseAnalyzer
from formcheck.analysis.results import FrameResult
from formcheck.core.types import PoseFrame, SourceInfo
from formcheck.errors import FormcheckError, describe_os_error
from formcheck.pipeline import FrameObserver
from formcheck.report.outputs import OutputLog


@dataclass
class FrameOutputs:
    """Frame observers for one video run and what they collected."""

    observers: list[FrameObserver] = field(default_factory=list)
    thumbnails: Mapping[int, bytes] = field(default_factory=dict)
    during_holds: Mapping[float, bytes] = field(default_factory=dict)
    """Thumbnails taken while a hold ran, by time (s), to pick each hold's from (see ``hold_thumbnails``)."""


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
    video: SourceInfo, analyzer: ExerciseAnalyzer, *, annotate: Path | None, thumbnails: bool, log: OutputLog
) -> Iterator[FrameOutputs]:
    """Annotated-video writer and rep-thumbnail collector for one video run, as requested."""
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
        outputs.during_holds = dict(collector.during_holds)
