"""Shell around the pipeline: open a video or recording, show progress, survive Ctrl-C.

Everything analysed before an interruption, a truncated file or a decode error is kept:
the caller always gets a :class:`RunOutcome` with a status saying how the run ended.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from formcheck import __version__
from formcheck.analysis.analyzer import SetAnalyzer
from formcheck.analysis.results import FrameResult
from formcheck.core.types import PoseFrame, SourceInfo
from formcheck.errors import describe_os_error
from formcheck.io import landmarks_io
from formcheck.io.keyframes import mp4_keyframes
from formcheck.io.landmarks_io import LandmarkWriter, RecordingHeader
from formcheck.pipeline import (
    FrameObserver,
    Observer,
    RunOutcome,
    RunStatus,
    StreamStats,
    analysed_source,
    counted,
    pose_stream,
    replayed,
    run,
)
from formcheck.pose.models import MODEL_SHA256, resolve_model
from formcheck.pose.parallel import Segment, SegmentedPoses, plan_segments, skip_cost
from formcheck.pose.protocol import EstimatorFactory, PoseEstimator, PoseSettings, open_estimator
from formcheck.pose.rate import pose_stride
from formcheck.pose.segments import SegmentedEstimator

if TYPE_CHECKING:
    from formcheck.io.sources import VideoFileSource

Progress = Callable[[int, int], None]
"""Called with (frames done, frames expected or 0)."""


T = TypeVar("T")

DEFAULT_POSE = PoseSettings()


def _with_progress(items: Iterator[T], total: int, progress: Progress | None) -> Iterator[T]:
    for n, item in enumerate(items, start=1):
        yield item
        if progress is not None:
            progress(n, total)


def analyze_recording(
    path: Path, analyzer: SetAnalyzer, *, observers: Sequence[Observer] = (), progress: Progress | None = None
) -> RunOutcome:
    """Replay a landmark recording through ``analyzer`` (no model, no cv2)."""
    header = landmarks_io.read_header(path)
    stats = StreamStats()
    status = RunStatus.COMPLETE
    skipped: list[int] = []
    pairs = _with_progress(
        counted(replayed(landmarks_io.read_frames(path, header, skipped=skipped)), stats),
        header.source.frames,
        progress,
    )
    notes: list[str] = []
    try:
        result = run(pairs, analyzer, observers)
    except KeyboardInterrupt:
        result, status = analyzer.finish(), RunStatus.INTERRUPTED
    except landmarks_io.RecordingTruncated as exc:
        result, status = analyzer.finish(), RunStatus.TRUNCATED
        notes.append(f"{exc}; the report covers the {exc.frames_read} frames before the break")
    if skipped:
        notes.append(landmarks_io.skipped_lines_note(path, skipped))
    return RunOutcome(result, analysed_source(header.source, stats), status, notes)


def analyze_video(
    video: Path | VideoFileSource,
    analyzer: SetAnalyzer,
    *,
    pose: PoseSettings = DEFAULT_POSE,
    make_estimator: EstimatorFactory = open_estimator,
    save_landmarks: Path | None = None,
    observers: Sequence[Observer] = (),
    frame_observers: Sequence[FrameObserver] = (),
    progress: Progress | None = None,
    jobs: int = 1,
    every_frame: bool = False,
) -> RunOutcome:
    """Decode ``video`` (a path, or a source already opened), estimate poses, analyse; optionally record.

    Poses are estimated at the rate the counting needs (:func:`~formcheck.pose.rate.pose_stride`:
    every second frame of a 60 fps video), or on every frame with ``every_frame`` (an annotated
    video draws every frame); the outcome's ``pose_every`` says which.

    ``frame_observers`` also get the decoded frame, in the same single decode pass. The
    mask is estimated only when ``analyzer`` uses it, whatever ``pose.with_mask`` says.
    A video of two segments or more (:func:`~formcheck.pose.parallel.plan_segments`, about
    20 s and longer) is estimated segment by segment, each by a fresh estimator; ``jobs`` > 1
    estimates the segments in up to that many worker processes, with the same poses
    (:mod:`formcheck.pose.parallel`; not with ``frame_observers``, which need every decoded
    frame here, nor with a custom ``make_estimator``). A video of one segment with ``jobs`` > 1
    is estimated by one worker that decodes ahead, so this process analyses each pose while the
    next ones are estimated (the same poses again). In this process, a source that prefetches
    also makes the model's input on its decoding thread.

    Raises SourceError / ModelNotFoundError before any frame when the input or model is
    unusable. After the first frame nothing is lost: a decode failure, a truncated file or
    Ctrl-C ends the run with the matching status and the result so far.
    """
    from formcheck.io.sources import VideoFileSource

    source = video if isinstance(video, VideoFileSource) else VideoFileSource(video)
    stats = StreamStats()
    failures: list[str] = []
    settings = replace(pose, with_mask=analyzer.uses_mask)
    source.stride = stride = pose_stride(source.fps, every_frame=every_frame)
    plan = video_segments(source)
    if jobs > 1 and not frame_observers and make_estimator is open_estimator:
        with source:
            return _analyze_in_workers(source, analyzer, settings, plan, jobs, save_landmarks, observers, progress)
    _prepare_while_decoding(source, make_estimator)
    with source, _estimator_for(plan, make_estimator, settings) as estimator:
        recorder = _Recorder.open(save_landmarks, source.info, estimator.model, failures)
        observer_list: list[Observer] = [*([recorder] if recorder is not None else []), *observers]
        expected = -(-source.announced_frames // stride)  # the frames estimated
        pairs = _with_progress(counted(pose_stream(source, estimator), stats), expected, progress)
        try:
            status, notes = RunStatus.COMPLETE, []
            result = run(pairs, analyzer, observer_list, frame_observers)
        except KeyboardInterrupt:
            status, notes, result = RunStatus.INTERRUPTED, [_interrupted(stats)], analyzer.finish()
        status = _check_whole(source.ended_early, source.announced_frames, stats, status, notes, recorder)
        notes = [*estimator.notes(), *notes]
    decoded = source.frames_decoded if stride > 1 else None
    outcome = RunOutcome(result, analysed_source(source.info, stats, decoded), status, notes, pose_every=stride)
    outcome.output_failures = failures
    return outcome


def _prepare_while_decoding(source: VideoFileSource, make_estimator: EstimatorFactory) -> None:
    """Have the decoding thread also make MediaPipe's input of each frame (off the inference's path)."""
    if make_estimator is open_estimator and source.prefetches:
        from formcheck.pose.estimator import model_input

        source.prepare = model_input


def video_segments(source: VideoFileSource) -> list[Segment]:
    """The segments whose poses are estimated each by a fresh estimator (see :mod:`formcheck.pose.parallel`)."""
    return plan_segments(
        source.announced_frames,
        source.fps,
        keyframes=mp4_keyframes(source.path),
        skip_cost=skip_cost(source.image_size) * source.stride,
    )


def _estimator_for(plan: list[Segment], make_estimator: EstimatorFactory, settings: PoseSettings) -> PoseEstimator:
    """One estimator for the whole stream: starting afresh at every segment of ``plan``."""
    return SegmentedEstimator(make_estimator, settings, plan) if len(plan) > 1 else make_estimator(settings)


def _analyze_in_workers(
    source: VideoFileSource,
    analyzer: SetAnalyzer,
    settings: PoseSettings,
    plan: list[Segment],
    jobs: int,
    save_landmarks: Path | None,
    observers: Sequence[Observer],
    progress: Progress | None,
) -> RunOutcome:
    """:func:`analyze_video` with the segments' poses estimated in up to ``jobs`` worker processes."""
    resolve_model(settings.model, settings.model_dir)  # a missing model fails here, before any process starts
    total = source.announced_frames
    expected = -(-total // source.stride)  # the frames estimated
    poses = SegmentedPoses(
        source.path,
        settings,
        plan,
        announced_frames=total,
        jobs=jobs,
        progress=None if progress is None else lambda done: progress(done, expected),
        stride=source.stride,
    )
    stats, failures = StreamStats(), list[str]()
    recorder = _Recorder.open(save_landmarks, source.info, settings.model, failures)
    try:
        status, notes = RunStatus.COMPLETE, list[str]()
        result = run(
            counted(replayed(poses), stats), analyzer, [*([recorder] if recorder is not None else []), *observers]
        )
    except KeyboardInterrupt:
        status, notes, result = RunStatus.INTERRUPTED, [_interrupted(stats)], analyzer.finish()
    status = _check_whole(poses.ended_early, total, stats, status, notes, recorder)
    decoded = poses.frames_decoded if source.stride > 1 else None
    outcome = RunOutcome(
        result, analysed_source(source.info, stats, decoded), status, [*poses.notes, *notes], pose_every=source.stride
    )
    outcome.output_failures = failures
    return outcome


def extract_video(
    path: Path,
    output: Path,
    *,
    pose: PoseSettings = DEFAULT_POSE,
    make_estimator: EstimatorFactory = open_estimator,
    progress: Progress | None = None,
) -> ExtractOutcome:
    """Record the landmarks of every frame of ``path`` to ``output``, through the same frame loop as analyze.

    The recording is published under ``output`` only when the whole video was read;
    an interrupted or truncated run leaves ``<output>.part`` and says so.
    """
    from formcheck.io.sources import VideoFileSource

    source = VideoFileSource(path)
    stats = StreamStats()
    failures: list[str] = []
    detected = 0

    def seen(found: PoseFrame, _result: FrameResult) -> None:
        nonlocal detected
        detected += found.detected

    status, notes = RunStatus.COMPLETE, list[str]()
    _prepare_while_decoding(source, make_estimator)
    with source, _estimator_for(video_segments(source), make_estimator, pose) as estimator:
        recorder = _Recorder.open(output, source.info, estimator.model, failures)
        try:
            pairs = _with_progress(counted(pose_stream(source, estimator), stats), source.announced_frames, progress)
            run(pairs, None, [seen, *([recorder] if recorder is not None else [])])
        except KeyboardInterrupt:
            status, notes = RunStatus.INTERRUPTED, [_interrupted(stats, "the frames read so far are kept")]
        status = _check_whole(source.ended_early, source.announced_frames, stats, status, notes, recorder)
        notes = [*estimator.notes(), *notes]
    return ExtractOutcome(analysed_source(source.info, stats), status, detected, notes, failures)


@dataclass
class ExtractOutcome:
    """What ``extract`` wrote: the frames read, in how many a person was found, how the run ended."""

    source: SourceInfo
    status: RunStatus
    detected: int
    notes: list[str]
    output_failures: list[str]


def _interrupted(stats: StreamStats, kept: str = "the report covers that part") -> str:
    return f"interrupted after {stats.frames} frames ({stats.last_t:.1f} s); {kept}"


def _check_whole(
    ended_early: bool,
    announced: int,
    stats: StreamStats,
    status: RunStatus,
    notes: list[str],
    recorder: _Recorder | None,
) -> RunStatus:
    """Close the recording (published only when the run was whole); a short video makes the run truncated."""
    if status is RunStatus.COMPLETE and ended_early:
        status = RunStatus.TRUNCATED
        notes.append(
            f"the video ended after {stats.frames} of {announced} announced frames "
            f"({stats.last_t:.1f} s): the file is truncated or damaged; the report covers the part decoded"
        )
    if recorder is not None:
        recorder.close(complete=status is RunStatus.COMPLETE)
        if recorder.unpublished:
            notes.append(f"the landmarks read so far are in {recorder.path}.part, not published as a whole recording")
    return status


class _Recorder:
    """Writes the landmark recording as the run goes; a failed write stops the recording, not the run."""

    def __init__(self, path: Path, header: RecordingHeader, failures: list[str]) -> None:
        self.path, self.failures = path, failures
        self.writer: LandmarkWriter | None = None
        self.unpublished = False
        """True when the run did not finish and the recording was left as ``<path>.part``."""
        try:
            self.writer = LandmarkWriter(path, header)
        except OSError as exc:
            self._fail(exc)

    def _fail(self, exc: OSError) -> None:
        self.failures.append(f"could not write the landmark recording to {self.path}: {describe_os_error(exc)}")
        if self.writer is not None:
            self.writer.discard()
        self.writer = None

    @classmethod
    def open(cls, path: Path | None, source: SourceInfo, model: str, failures: list[str]) -> _Recorder | None:
        """A recorder for ``path`` (None when no recording was asked for); ``model``: the pose model's name."""
        if path is None:
            return None
        header = RecordingHeader(source, model, MODEL_SHA256[model], __version__)
        return cls(path, header, failures)

    def __call__(self, pose: PoseFrame, frame_result: FrameResult) -> None:
        self.write(pose)

    def write(self, pose: PoseFrame) -> None:
        """Append one frame; a failed write ends the recording (listed in ``failures``)."""
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
            self.unpublished = True
