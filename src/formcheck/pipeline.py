"""The frame loop: poses (with their decoded frames, for a video) through an analyzer, to a result.

Both ``formcheck analyze VIDEO`` and ``formcheck analyze RECORDING`` go through
:func:`run`, so a replay gives the same result as the video run on the same landmarks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from formcheck.analysis.base import Analyzer, ExerciseResult, FrameResult
from formcheck.core.types import PoseFrame
from formcheck.io.landmarks_io import SourceInfo

Observer = Callable[[PoseFrame, FrameResult], None]


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


def run(poses: Iterable[PoseFrame], analyzer: Analyzer, observers: Sequence[Observer] = ()) -> ExerciseResult:
    """Step ``analyzer`` over ``poses``, calling each observer after each frame.

    KeyboardInterrupt propagates; the caller decides how to finish (``analyzer.finish()``
    still returns everything stepped so far).
    """
    for pose in poses:
        frame_result = analyzer.step(pose)
        for observe in observers:
            observe(pose, frame_result)
    return analyzer.finish()


def run_with_frames(pairs: Iterable[tuple[Any, PoseFrame]], analyzer: Analyzer, observers: Sequence[Observer] = (),
                    frame_observers: Sequence[Callable[[Any, PoseFrame, FrameResult], None]] = ()) -> ExerciseResult:
    """:func:`run` over ``(frame, pose)`` pairs: the decoded frame travels with its pose to ``frame_observers``."""
    for frame, pose in pairs:
        frame_result = analyzer.step(pose)
        for observe in observers:
            observe(pose, frame_result)
        for observe_frame in frame_observers:
            observe_frame(frame, pose, frame_result)
    return analyzer.finish()


def analysed_source(template: SourceInfo, stats: StreamStats) -> SourceInfo:
    """The source as analysed: the template's path/fps/size with the frames actually seen."""
    duration = stats.last_t + 1.0 / template.fps if stats.frames else 0.0
    return SourceInfo(template.path, template.fps, stats.frames, duration, template.image_size)

