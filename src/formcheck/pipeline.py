"""The frame loop: frames to poses, poses (with their decoded frames) through an analyzer, to a result.

Every command goes through here: ``analyze VIDEO`` and ``extract`` take their poses from
:func:`pose_stream`; ``analyze VIDEO`` and ``analyze RECORDING`` step the analyzer with
:func:`run_with_frames` / :func:`run`, so a replay gives the same result as the video run on
the same landmarks; ``live`` steps one frame at a time with :func:`step`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from formcheck.analysis.base import Analyzer, ExerciseResult, FrameResult
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


@dataclass
class StreamStats:
    """Frames seen and the last timestamp, to describe what was actually analysed."""

    frames: int = 0
    last_t: float = 0.0


def counted(poses: Iterable[PoseFrame], stats: StreamStats) -> Iterator[PoseFrame]:
    """Pass poses through while counting them into ``stats``."""
    for pose in poses:
        stats.frames += 1
        stats.last_t = pose.t
        yield pose


def pose_stream(frames: Iterable[Frame], estimator: PoseEstimator) -> Iterator[tuple[Frame, PoseFrame]]:
    """Each decoded frame with its pose, in order: they travel together from here on."""
    for frame in frames:
        yield frame, estimator.estimate(frame)


def step(
    analyzer: Analyzer,
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


def run(poses: Iterable[PoseFrame], analyzer: Analyzer, observers: Sequence[Observer] = ()) -> ExerciseResult:
    """Step ``analyzer`` over ``poses``, calling each observer after each frame.

    KeyboardInterrupt propagates; the caller decides how to finish (``analyzer.finish()``
    still returns everything stepped so far).
    """
    for pose in poses:
        step(analyzer, None, pose, observers)
    return analyzer.finish()


def run_with_frames(
    pairs: Iterable[tuple[Frame, PoseFrame]],
    analyzer: Analyzer,
    observers: Sequence[Observer] = (),
    frame_observers: Sequence[FrameObserver] = (),
) -> ExerciseResult:
    """:func:`run` over ``(frame, pose)`` pairs: the decoded frame travels with its pose to ``frame_observers``."""
    for frame, pose in pairs:
        step(analyzer, frame, pose, observers, frame_observers)
    return analyzer.finish()


def analysed_source(template: SourceInfo, stats: StreamStats) -> SourceInfo:
    """The source as analysed: the template's path/fps/size with the frames actually seen."""
    duration = stats.last_t + 1.0 / template.fps if stats.frames else 0.0
    return SourceInfo(template.path, template.fps, stats.frames, duration, template.image_size)
