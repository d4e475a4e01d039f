"""Every core on one video: the video in segments, a worker process each, stitched back in order.

MediaPipe's VIDEO mode follows a person from frame to frame, so a pose depends on every frame
before it; two runs that start at different frames stay about a pixel apart for good, and a
rep near a threshold can count differently. So a long video is cut into **segments that
depend only on the video** (:func:`plan_segments`: about every :data:`SEGMENT_S` seconds, at
most :data:`MAX_SEGMENTS`), each estimated by a fresh estimator that starts :data:`OVERLAP_S`
early to warm the tracker up. One process estimates them one after the other
(:class:`~formcheck.pose.segments.SegmentedEstimator`); with ``--jobs N`` up to N worker
processes estimate them side by side (:class:`SegmentedPoses`, spawned, one landmarker each).
Both give the same poses, frame for frame, so the report does not depend on the number of
jobs or the machine. The parent yields the poses in frame order as soon as each is next, and
the analysis runs once over the whole stream. A video of one segment goes to one worker too
when there is a core to spare: it decodes ahead (:data:`formcheck.io.PREFETCH` frames) while this process analyses,
so the analysis does not wait in line with the inference.

Segmentation masks are large (a 1080p frame is 8 MB); a worker sends only the part around
the person, quantised to 8 bits and compressed (:class:`~formcheck.pose.masks.PackedMask`), which the lower-back
measurements, sampling inside that part, read back unchanged to within 1/255.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing as mp
import os
import queue
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import numpy as np

from formcheck.core.types import PoseFrame
from formcheck.errors import FormcheckError, SourceError
from formcheck.io import PREFETCH
from formcheck.pose.masks import MaskToSend, PackedMask, pack_pose, unpack_pose
from formcheck.pose.protocol import PoseSettings
from formcheck.workers import STALL_S

OVERLAP_S = 1.0
"""Warm-up before each segment but the first (s): the tracker has found the person and settled."""
SEGMENT_S = 10.0
"""Target segment length (s) of a long video."""
MIN_SPLIT_S = 20.0
"""A video this long or longer is cut into at least two segments. Cutting 8-20 s sets in two (both cores on
a short clip) was measured to move counts at the seam (banded mountain climbers 6 -> 7, and 6 -> 8 again on
2026-12-07, the tracker restarting there; the other 14 labelled clips of 8-20 s kept their counts within
their tolerance), so short sets stay one segment."""
MAX_SEGMENTS = 8
"""At most this many segments (so at most 7 warm-ups however long the video)."""
BATCH = 8
"""Poses per message from a worker."""

log = logging.getLogger(__name__)


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class Segment:
    """Frames ``[start, stop)`` (``stop`` None: to the end), estimated from ``warm_from`` on."""

    number: int
    warm_from: int
    start: int
    stop: int | None


def plan_segments(
    frames: int, fps: float, *, keyframes: list[int] | None = None, skip_cost: float = 0.0
) -> list[Segment]:
    """The segments of a ``frames``-long video: a function of the video alone, never of the jobs.

    Under :data:`MIN_SPLIT_S` one segment; from it on at least two, one every :data:`SEGMENT_S`
    seconds of a longer video, at most :data:`MAX_SEGMENTS`.
    """
    seconds = frames / fps if frames > 0 and fps > 0 else 0.0
    count = 1 if seconds < MIN_SPLIT_S else max(2, min(MAX_SEGMENTS, int(seconds / SEGMENT_S)))
    return split_segments(frames, fps, count, keyframes=keyframes, skip_cost=skip_cost)


def split_segments(
    frames: int, fps: float, count: int, *, keyframes: list[int] | None = None, skip_cost: float = 0.0
) -> list[Segment]:
    """``count`` consecutive segments of a ``frames``-long video, carrying equal work.

    Every segment after the first also estimates its warm-up, and seeks to it, decoding the
    frames from the keyframe before (``keyframes``: frame indices, None when unknown), each
    costing ``skip_cost`` of an estimated frame; so later segments are shorter than the first.
    """
    count = max(1, min(count, frames)) if frames > 0 else 1
    overlap = round(OVERLAP_S * fps) if count > 1 else 0
    bounds = [round(i * frames / count) for i in range(count)] + [frames]
    for _ in range(4):  # the seek costs move with the bounds: settle them
        seeks = [0.0] + [skip_cost * _frames_since_keyframe(b - overlap, keyframes) for b in bounds[1:-1]]
        share = (frames + (count - 1) * overlap + sum(seeks)) / count
        ends = itertools.accumulate(share - (overlap + seek if k else 0.0) for k, seek in enumerate(seeks))
        bounds = [0] + [min(max(round(e), 1), frames - 1) for e in list(ends)[:-1]] + [frames]
    return [
        Segment(i, max(bounds[i] - (overlap if i else 0), 0), bounds[i], bounds[i + 1] if i < count - 1 else None)
        for i in range(count)
    ]


def skip_cost(image_size: tuple[int, int]) -> float:
    """Cost of decoding and dropping one frame of this size, as a fraction of estimating one.

    Measured at 1920x1080 on this project's machines: decoding on one thread about 4.5 ms a
    frame, decoding and estimating about 22 ms; decoding scales with the pixels, the model does not.
    """
    width, height = image_size
    return 0.2 * width * height / (1920 * 1080)


def _frames_since_keyframe(index: int, keyframes: list[int] | None) -> int:
    """Frames a seek to ``index`` decodes and drops (0 when the keyframes are unknown or all are)."""
    if not keyframes:
        return 0
    return index - max((k for k in keyframes if k <= index), default=0)


def estimate_segment(
    path: str,
    segment: Segment,
    settings: PoseSettings,
    out: Any,
    attempt: int = 0,
    stride: int = 1,
    parent_pid: int | None = None,
    prefetch: int = 0,
) -> None:
    """Worker process: estimate the poses of ``segment`` (every ``stride``-th frame) and send them to ``out``.

    ``prefetch`` > 0 (a worker alone on the machine with a core to spare) decodes ahead on a
    thread that also makes the model's input; 0 decodes in line (one core per worker).

    Messages, each tagged ``(kind, segment number, attempt)``: ``("warm", .., [poses])`` (the
    warm-up, without masks, for the seam check), ``("poses", .., [...])``, then
    ``("done", .., frames_decoded, ended_early, notes)`` or ``("failed", .., exception, traceback)``
    (the traceback formatted, for the parent's log file). Ctrl-C is the parent's to handle; the
    worker ends when ``parent_pid`` dies (:func:`~formcheck.workers.die_with_parent`).
    """
    if parent_pid is not None:
        from formcheck.workers import die_with_parent

        die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from formcheck.io.sources import VideoFileSource
    from formcheck.pose.estimator import model_input
    from formcheck.pose.protocol import open_estimator

    tag = (segment.number, attempt)
    try:
        with (
            VideoFileSource(
                path,
                start=segment.warm_from,
                stop=segment.stop,
                prefetch=prefetch,
                decode_threads=1,
                stride=stride,
                prepare=model_input if prefetch > 0 else None,
            ) as source,
            open_estimator(settings) as estimator,
        ):
            warm: list[PoseFrame] = []
            batch: list[tuple[PoseFrame, PackedMask | MaskToSend | None]] = []
            for frame in source:
                pose = estimator.estimate(frame)
                if frame.index < segment.start:
                    warm.append(replace(pose, mask=None))
                    continue
                if warm:
                    out.put(("warm", *tag, warm))
                    warm = []
                batch.append(pack_pose(pose, when_sent=prefetch > 0))  # a lone worker: read as fast as sent
                if len(batch) >= BATCH:
                    out.put(("poses", *tag, batch))
                    batch = []
            out.put(("warm", *tag, warm))
            out.put(("poses", *tag, batch))
            out.put(("done", *tag, source.frames_decoded, source.ended_early, estimator.notes()))
    except BaseException as exc:  # the parent reports it; a worker never prints a traceback
        out.put(("failed", *tag, _one_line(exc, path, segment), traceback.format_exc().rstrip()))


def _one_line(exc: BaseException, path: str, segment: Segment) -> FormcheckError:
    """What the user is told of a worker's failure (the traceback goes to the log file)."""
    if isinstance(exc, FormcheckError):
        return exc
    return SourceError(f"{path}: pose estimation failed in frames from {segment.start} ({type(exc).__name__}: {exc})")


def same_person(before: list[PoseFrame], warm: list[PoseFrame], min_overlap: float = 0.5) -> bool:
    """True unless the warm-up poses follow somebody else than ``before`` (the same frames, the segment before).

    Compared on frames where both found a person: the median overlap of their landmark boxes.
    Fewer than 3 such frames cannot tell, and count as the same person.
    """
    from formcheck.pose.following import pose_box

    boxes = {p.index: pose_box(p) for p in before}
    overlaps = [a.overlap(b) for p in warm if (a := pose_box(p)) is not None and (b := boxes.get(p.index)) is not None]
    return len(overlaps) < 3 or float(np.median(overlaps)) >= min_overlap


@dataclass
class _SegmentState:
    poses: deque[tuple[PoseFrame, PackedMask | None]] = field(default_factory=deque)
    warm: list[PoseFrame] = field(default_factory=list)
    attempt: int = 0
    done: bool = False
    short: bool = False
    failure: BaseException | None = None
    notes: list[str] = field(default_factory=list)
    heard: float = field(default_factory=time.monotonic)
    """When its worker last sent a message (or was started): ``time.monotonic()`` seconds."""


class SegmentedPoses:
    """The poses of a whole video, its segments estimated in up to ``jobs`` worker processes, in frame order.

    Each segment's worker chooses whom to follow on its own. With several people in view it
    may choose somebody else than the segment before it did; the seam check
    (:func:`same_person`, on the warm-up frames both estimated) notices, and that segment is
    estimated again, told where the person followed so far stood at its first frame (what
    :class:`~formcheck.pose.segments.SegmentedEstimator` tells it from the start).

    ``stride``: estimate every ``stride``-th frame of the video (:func:`~formcheck.pose.rate.pose_stride`).
    A worker that sends nothing for ``stall_s`` seconds is hung: it is stopped and the report
    covers the frames before its segment (one line says so).

    After iteration: ``ended_early`` (the video broke off), ``notes`` (what the estimators said,
    and where a segment failed), ``redone`` (segments estimated twice), ``frames_decoded``
    (the frames of the video decoded up to the end of the last segment finished).
    """

    def __init__(
        self,
        path: Path,
        settings: PoseSettings,
        segments: list[Segment],
        *,
        announced_frames: int,
        jobs: int | None = None,
        progress: Callable[[int], None] | None = None,
        stride: int = 1,
        stall_s: float = STALL_S,
    ) -> None:
        self.path, self.settings, self.segments = path, settings, segments
        self.stride = stride
        self.stall_s = stall_s
        self.frames_decoded = 0
        self.jobs = max(1, jobs or len(segments))
        self._prefetch = PREFETCH if len(segments) < self.jobs else 0
        """Frames a worker decodes ahead: only when there are more cores than segments."""
        self.announced_frames = announced_frames
        self.progress = progress
        self.ended_early = False
        self.notes: list[str] = []
        self.delivered = 0
        self.redone: list[int] = []
        self._states = [_SegmentState() for _ in segments]
        self._queue: Any = None
        self._ctx: Any = None
        self._procs: dict[int, BaseProcess] = {}
        self._retired: list[BaseProcess] = []
        self._recent: deque[PoseFrame] = deque(maxlen=max(c.start - c.warm_from for c in segments) + 1)

    def __iter__(self) -> Iterator[PoseFrame]:
        self._ctx = mp.get_context("spawn")
        self._queue = self._ctx.Queue()
        self._refill()
        try:
            yield from self._in_order()
        finally:
            self._stop()
            said = next((st.notes for st in self._states if st.notes), [])
            self.notes[:0] = said  # whom the estimators followed, from the first segment that says

    def _start_next(self) -> None:
        """Start the first segment not started yet (in order: the stream needs them in order)."""
        number = next((n for n in range(len(self.segments)) if n not in self._procs), None)
        if number is not None:
            self._procs[number] = self._process(self.segments[number], self.settings, 0)

    def _running(self) -> int:
        return sum(1 for n in self._procs if not (self._states[n].done or self._states[n].failure))

    def _process(self, segment: Segment, settings: PoseSettings, attempt: int) -> BaseProcess:
        proc: BaseProcess = self._ctx.Process(
            target=estimate_segment,
            name=f"formcheck-segment-{segment.number}",
            args=(str(self.path), segment, settings, self._queue, attempt, self.stride, os.getpid(), self._prefetch),
            daemon=True,
        )
        proc.start()
        self._states[segment.number].heard = time.monotonic()
        return proc

    def _in_order(self) -> Iterator[PoseFrame]:
        for number in range(len(self.segments)):
            checked = number == 0
            while True:
                state = self._states[number]  # a new one when the segment is estimated again
                if not checked and (state.poses or state.done):
                    checked = self._seam_holds(number)
                    continue
                while checked and state.poses:
                    pose = self._handed_over(number, unpack_pose(state.poses.popleft()))
                    self._recent.append(pose)
                    self.delivered += 1
                    yield pose
                    if self.progress is not None:
                        self.progress(self.delivered)
                if state.failure is not None or (state.done and checked and not state.poses):
                    break
                self._receive()
            if not self._segment_whole(number, state):
                return

    def _handed_over(self, number: int, pose: PoseFrame) -> PoseFrame:
        """``pose`` of segment ``number``, faded into the next segment's warm-up pose of its frame (as in one process).

        Waits for that warm-up pose; a next segment that failed, or sent no pose for that frame,
        leaves the pose as it is.
        """
        from formcheck.pose.seams import cross_fade, handover_weight

        if number + 1 >= len(self.segments):
            return pose
        weight = handover_weight(pose.index, self.segments[number + 1])
        if weight is None:
            return pose
        while True:
            after = self._states[number + 1]
            warm = next((p for p in after.warm if p.index == pose.index), None)
            if warm is not None:
                return cross_fade(pose, warm, weight)
            if (
                after.poses
                or after.done
                or after.failure is not None
                or (after.warm and after.warm[-1].index > pose.index)
            ):
                return pose  # its warm-up is all here and has no pose for this frame
            self._receive()

    def _seam_holds(self, number: int) -> bool:
        """Check segment ``number`` follows the person delivered so far; if not, estimate it again (False)."""
        from formcheck.pose.following import pose_box

        state, segment = self._states[number], self.segments[number]
        before = [p for p in self._recent if p.index >= segment.warm_from]
        if state.attempt > 0 or same_person(before, state.warm):
            return True
        where = next((pose_box(p) for p in before if p.index == segment.warm_from), None)
        if where is None:  # nobody at its first frame: nothing to tell the worker (as in one process)
            return True
        self._procs[number].terminate()
        self._retired.append(self._procs[number])
        self._states[number] = _SegmentState(attempt=1)
        self.redone.append(number)
        self._procs[number] = self._process(segment, replace(self.settings, follow_first=where.as_tuple()), 1)
        return False

    def _segment_whole(self, number: int, state: _SegmentState) -> bool:
        """True when the stream goes on after segment ``number``; else say why it stopped."""
        if state.failure is not None:
            if self.delivered == 0:
                raise state.failure
            self.ended_early = True
            self.notes.append(f"{state.failure}; the report covers the {self.delivered} frames before it")
            return False
        if state.short and number < len(self.segments) - 1:
            self.ended_early = True
            return False
        if number == len(self.segments) - 1:
            self.ended_early = state.short
        return True

    def _receive(self) -> None:
        """Take one message from the workers (noticing a worker that died without a word)."""
        while True:
            try:
                kind, number, attempt, *body = self._queue.get(timeout=1.0)
            except queue.Empty:
                self._check_alive()
                continue
            state = self._states[number]
            if attempt == state.attempt:  # else from a worker whose segment is being estimated again
                state.heard = time.monotonic()
                break
        if kind == "warm":
            state.warm.extend(body[0])
        elif kind == "poses":
            state.poses.extend(body[0])
        elif kind == "done":
            state.done = True
            self._refill()
            segment = self.segments[number]
            self.frames_decoded = max(self.frames_decoded, segment.warm_from + int(body[0]))
            state.short = bool(body[1])
            if segment.stop is None:
                from formcheck.io.sources import fell_short

                state.short = fell_short(segment.warm_from + body[0], self.announced_frames)
            state.notes = list(body[2])
        else:
            state.failure = body[0]
            log.error("the pose worker of segment %d of %s failed: %s\n%s", number, self.path, *body)
            self._refill()

    def _refill(self) -> None:
        """Start segments, in order, until ``jobs`` are being estimated or none is left."""
        while self._running() < self.jobs and len(self._procs) < len(self.segments):
            self._start_next()

    def _check_alive(self) -> None:
        """Fail the segment of a worker that died without a word, or that has been silent for ``stall_s``."""
        now = time.monotonic()
        for number, proc in self._procs.items():
            state, segment = self._states[number], self.segments[number]
            if state.done or state.failure is not None:
                continue
            if proc.exitcode not in (None, 0):
                state.failure = SourceError(
                    f"{self.path}: the pose worker for the frames from {segment.start} "
                    f"stopped (exit code {proc.exitcode}; out of memory?)"
                )
            elif now - state.heard > self.stall_s:
                proc.kill()
                state.failure = SourceError(
                    f"{self.path}: the pose worker for the frames from {segment.start} sent nothing for "
                    f"{self.stall_s:g} s (hung) and was stopped"
                )
                log.error("the pose worker of segment %d of %s hung and was killed", number, self.path)
                self._refill()

    def _stop(self) -> None:
        procs = [*self._retired, *self._procs.values()]
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join(timeout=5)
        if self._queue is not None:
            self._queue.cancel_join_thread()
            self._queue.close()
