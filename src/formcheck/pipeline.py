"""The frame loop: frames to poses, poses (with their decoded frames) through an analyzer, to a result.

Every command goes through here: ``analyze VIDEO`` and ``extract`` take their poses from
:func:`pose_stream`; ``analyze VIDEO``, ``analyze RECORDING`` and ``extract`` go through :func:`run`
(a replay passes no decoded frames, ``extract`` no analyzer), so a replay gives the same result as
the video run on the same landmarks; ``live`` steps one frame at a time with :func:`step`, the
body of :func:`run`'s loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import overload

from formcheck.analysis.analyzer import SetAnalyzer
from formcheck.analysis.results import ExerciseResult, FrameResult
from formcheck.core.types import Frame, PoseFrame, SourceInfo
from formcheck.pose.protocol import PoseEstimator

Observer = Callable[[PoseFrame, FrameResult], None]
FrameObserver = Callable[[Frame, PoseFrame, FrameResult], None]
"""Called after each analysed video frame with the decoded image too (annotated videos, thumbnails)."""


class RunStatus(StrEnum):
    """How an analysis ended."""

    COMPLETE = "complete"
    TRUNCATED = "truncated"  # the input ended before its announced length (damaged file)
    INTERRUPTED = "interrupted"  # Ctrl-C / SIGTERM: the report covers what was analysed
    SOURCE_LOST = "source_lost"  # a camera stopped delivering frames


@dataclass
class RunOutcome:
    """Result of a run plus how far it got."""

    result: ExerciseResult
    source: SourceInfo
    status: RunStatus = RunStatus.COMPLETE
    notes: list[str] = field(default_factory=list)
    output_failures: list[str] = field(default_factory=list)
    """Files the run itself writes (the landmark recording) that could not be written, one sentence each."""
    pose_every: int = 1
    """Poses were estimated on every ``pose_every``-th frame of the video (see :mod:`formcheck.pose.rate`)."""


@dataclass
class StreamStats:
    """Frames seen and the last timestamp, to describe what was actually analysed."""

    frames: int = 0
    last_t: float = 0.0
    last_index: int = -1


def counted(
    pairs: Iterable[tuple[Frame | None, PoseFrame]], stats: StreamStats
) -> Iterator[tuple[Frame | None, PoseFrame]]:
    """Pass ``(frame, pose)`` pairs through while counting them into ``stats``."""
    for frame, pose in pairs:
        stats.frames += 1
        stats.last_t, stats.last_index = pose.t, pose.index
        yield frame, pose


def pose_stream(frames: Iterable[Frame], estimator: PoseEstimator) -> Iterator[tuple[Frame | None, PoseFrame]]:
    """Each decoded frame with its pose, in order: they travel together from here on."""
    for frame in frames:
        yield frame, estimator.estimate(frame)


def step(
    analyzer: SetAnalyzer,
    frame: Frame | None,
    pose: PoseFrame,
    observers: Sequence[Observer] = (),
    frame_observers: Sequence[FrameObserver] = (),
) -> FrameResult:
    """Advance ``analyzer`` by one pose and tell the observers (``frame`` is None in replays)."""
    frame_result = analyzer.step(pose)
    for observe in observers:
        observe(pose, frame_result)
    if frame is not None:
        for observe_frame in frame_observers:
            observe_frame(frame, pose, frame_result)
    return frame_result


NO_RESULT = FrameResult(0.0, "unknown", 0, {}, {})
"""What the observers of a run without an analyzer (``extract``) are told about each frame."""


@overload
def run(
    pairs: Iterable[tuple[Frame | None, PoseFrame]],
    analyzer: SetAnalyzer,
    observers: Sequence[Observer] = (),
    frame_observers: Sequence[FrameObserver] = (),
) -> ExerciseResult: ...
@overload
def run(
    pairs: Iterable[tuple[Frame | None, PoseFrame]],
    analyzer: None,
    observers: Sequence[Observer] = (),
    frame_observers: Sequence[FrameObserver] = (),
) -> None: ...
def run(
    pairs: Iterable[tuple[Frame | None, PoseFrame]],
    analyzer: SetAnalyzer | None,
    observers: Sequence[Observer] = (),
    frame_observers: Sequence[FrameObserver] = (),
) -> ExerciseResult | None:
    """Step ``analyzer`` over ``(frame, pose)`` pairs (frame None in replays), telling the observers after each.

    Without an analyzer only the observers see the poses (``extract``). KeyboardInterrupt
    propagates; the caller decides how to finish (``analyzer.finish()`` still returns everything
    stepped so far).
    """
    for frame, pose in pairs:
        if analyzer is not None:
            step(analyzer, frame, pose, observers, frame_observers)
        else:
            for observe in observers:
                observe(pose, NO_RESULT)
    return analyzer.finish() if analyzer is not None else None


def replayed(poses: Iterable[PoseFrame]) -> Iterator[tuple[Frame | None, PoseFrame]]:
    """Poses without their decoded frames (a landmark recording), as :func:`run` takes them."""
    return ((None, pose) for pose in poses)


def analyze_poses(poses: Iterable[PoseFrame], analyzer: SetAnalyzer) -> ExerciseResult:
    """Every pose through ``analyzer`` (:func:`run` over a replay); its result."""
    return run(replayed(poses), analyzer)


def analysed_source(template: SourceInfo, stats: StreamStats, decoded: int | None = None) -> SourceInfo:
    """The source as analysed: the template's path/fps/size with the frames actually seen.

    ``decoded``: the frames of the video decoded, when only some of them were estimated
    (:func:`~formcheck.pose.rate.pose_stride`); the frames and duration are then the video's.
    """
    if decoded is None or not stats.frames:
        duration = stats.last_t + 1.0 / template.fps if stats.frames else 0.0
        return SourceInfo(template.path, template.fps, stats.frames, duration, template.image_size)
    duration = stats.last_t + (decoded - stats.last_index) / template.fps
    return SourceInfo(template.path, template.fps, decoded, duration, template.image_size)
