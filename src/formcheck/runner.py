"""Shell around the pipeline: open a video or recording, show progress, survive Ctrl-C.

Everything analysed before an interruption, a truncated file or a decode error is kept:
the caller always gets a :class:`RunOutcome` with a status saying how the run ended.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from formcheck import __version__
from formcheck.analysis.base import Analyzer, ExerciseResult, FrameResult
from formcheck.core.types import PoseFrame
from formcheck.errors import describe_os_error
from formcheck.io import landmarks_io
from formcheck.io.landmarks_io import LandmarkWriter, RecordingHeader
from formcheck.pipeline import (
    Observer,
    RunOutcome,
    RunStatus,
    StreamStats,
    analysed_source,
    counted,
    run,
    run_with_frames,
)
from formcheck.pose.models import MODEL_SHA256

if TYPE_CHECKING:
    from formcheck.io.sources import Frame

Progress = Callable[[int, int], None]
"""Called with (frames done, frames expected or 0)."""

FrameObserver = Callable[["Frame", PoseFrame, FrameResult], None]
"""Called after each analysed video frame with the decoded image too (annotated videos, thumbnails)."""


T = TypeVar("T")


def _with_progress(items: Iterator[T], total: int, progress: Progress | None) -> Iterator[T]:
    for n, item in enumerate(items, start=1):
        yield item
        if progress is not None:
            progress(n, total)


def analyze_recording(
    path: Path, analyzer: Analyzer, *, observers: Sequence[Observer] = (), progress: Progress | None = None
) -> RunOutcome:
    """Replay a landmark recording through ``analyzer`` (no model, no cv2)."""
    header = landmarks_io.read_header(path)
    stats = StreamStats()
    status = RunStatus.COMPLETE
    poses = _with_progress(counted(landmarks_io.read_frames(path), stats), header.source.frames, progress)
    notes: list[str] = []
    try:
        result = run(poses, analyzer, observers)
    except KeyboardInterrupt:
        result, status = analyzer.finish(), RunStatus.INTERRUPTED
    except landmarks_io.RecordingTruncated as exc:
        result, status = analyzer.finish(), RunStatus.TRUNCATED
        notes.append(f"{exc}; the report covers the {exc.frames_read} frames before the break")
    return RunOutcome(result, analysed_source(header.source, stats), status, notes)


def analyze_video(
    path: Path,
    analyzer: Analyzer,
    *,
    model: str = "full",
    model_dir: Path | None = None,
    save_landmarks: Path | None = None,
    observers: Sequence[Observer] = (),
    frame_observers: Sequence[FrameObserver] = (),
    progress: Progress | None = None,
) -> RunOutcome:
    """Decode ``path``, estimate poses, analyse; optionally record the landmarks.

    ``frame_observers`` also get the decoded frame, in the same single decode pass.

    Raises SourceError / ModelNotFoundError before any frame when the input or model is
    unusable. After the first frame nothing is lost: a decode failure, a truncated file or
    Ctrl-C ends the run with the matching status and the result so far.
    """
    from formcheck.io.sources import VideoFileSource
    from formcheck.pose.estimator import MediaPipePoseEstimator

    source = VideoFileSource(path)
    stats = StreamStats()
    failures: list[str] = []
    with source, MediaPipePoseEstimator(model, model_dir=model_dir, with_mask=analyzer.uses_mask) as estimator:
        recorder = _Recorder(save_landmarks, RecordingHeader(source.info, model, MODEL_SHA256[model], __version__),
                             failures) if save_landmarks is not None else None
        observer_list: list[Observer] = [*([recorder] if recorder is not None else []), *observers]

        def estimated() -> Iterator[tuple[Frame, PoseFrame]]:
            for frame in source:
                yield frame, estimator.estimate(frame)

        pairs = _with_progress(_counted_pairs(estimated(), stats), source.announced_frames, progress)
        status, notes, result = _run_video(pairs, analyzer, observer_list, frame_observers, stats)
        if recorder is not None:  # only a whole run publishes a recording that looks whole
            recorder.close(complete=status is RunStatus.COMPLETE and not source.ended_early)
        if status is RunStatus.COMPLETE and source.ended_early:
            status = RunStatus.TRUNCATED
            notes.append(
                f"the video ended after {stats.frames} of {source.announced_frames} announced frames "
                f"({stats.last_t:.1f} s): the file is truncated or damaged; the report covers the part decoded"
            )
    outcome = RunOutcome(result, analysed_source(source.info, stats), status, notes)
    outcome.output_failures = failures
    return outcome


def _counted_pairs(pairs: Iterator[tuple[Frame, PoseFrame]], stats: StreamStats) -> Iterator[tuple[Frame, PoseFrame]]:
    for frame, pose in pairs:
        stats.frames += 1
        stats.last_t = pose.t
        yield frame, pose


def _run_video(pairs: Iterator[tuple[Frame, PoseFrame]], analyzer: Analyzer, observers: Sequence[Observer],
               frame_observers: Sequence[FrameObserver], stats: StreamStats,
               ) -> tuple[RunStatus, list[str], ExerciseResult]:
    """The frame loop of a video run; Ctrl-C ends it with the result so far."""
    try:
        return RunStatus.COMPLETE, [], run_with_frames(pairs, analyzer, observers, frame_observers)
    except KeyboardInterrupt:
        note = f"interrupted after {stats.frames} frames ({stats.last_t:.1f} s); the report covers that part"
        return RunStatus.INTERRUPTED, [note], analyzer.finish()


class _Recorder:
    """Writes the landmark recording as the run goes; a failed write stops the recording, not the run."""

    def __init__(self, path: Path, header: RecordingHeader, failures: list[str]) -> None:
        self.path, self.failures = path, failures
        self.writer: LandmarkWriter | None = None
        try:
            self.writer = LandmarkWriter(path, header)
        except OSError as exc:
            self._fail(exc)

    def _fail(self, exc: OSError) -> None:
        self.failures.append(f"could not write the landmark recording to {self.path}: {describe_os_error(exc)}")
        if self.writer is not None:
            self.writer.discard()
        self.writer = None

    def __call__(self, pose: PoseFrame, frame_result: FrameResult) -> None:
        if self.writer is None:
            return
        try:
            self.writer.write(pose)
        except OSError as exc:
            self._fail(exc)

    def close(self, *, complete: bool) -> None:
        """Publish the recording when the run was whole; otherwise keep it as ``<path>.part``."""
        if self.writer is None:
            return
        try:
            self.writer.close(complete=complete)
        except OSError as exc:
            self._fail(exc)
            return
        if not complete:
            self.failures.append(f"the run did not finish: the landmarks read so far are in {self.path}.part, "
                                 "not published as a whole recording")
