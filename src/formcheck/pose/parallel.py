"""Every core on one video: overlapping chunks, a worker process each, stitched back in order.

A long video is cut into ``jobs`` consecutive chunks. Each chunk is decoded and its poses
estimated in its own spawned process (one landmarker each, decoding on a thread beside
it); every chunk after the first starts :data:`OVERLAP_S` early, and the poses of that
overlap only warm up the tracker (MediaPipe's VIDEO mode follows a person from frame to
frame, so a cold start would differ from a continuous run). The parent yields the poses in
frame order, as soon as each is next, and the analysis runs once over the whole stream.

Segmentation masks are large (a 1080p frame is 8 MB); a worker sends only the part around
the person, quantised to 8 bits and compressed (:class:`PackedMask`), which the lower-back
measurements, sampling inside that part, read back unchanged to within 1/255.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing as mp
import os
import queue
import signal
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from formcheck.core.types import PoseFrame
from formcheck.errors import FormcheckError, SourceError
from formcheck.pose.protocol import PoseSettings

OVERLAP_S = 1.0
"""Warm-up before each chunk but the first (s): the tracker and smoothing settle well within it."""
MIN_CHUNK_S = 6.0
"""Chunks shorter than this are not worth a process (start-up costs about 1.5 s of one core)."""
BATCH = 8
"""Poses per message from a worker."""


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class Chunk:
    """Frames ``[start, stop)`` (``stop`` None: to the end), estimated from ``warm_from`` on."""

    number: int
    warm_from: int
    start: int
    stop: int | None


def plan_chunks(frames: int, fps: float, jobs: int, *, keyframes: list[int] | None = None,
                skip_cost: float = 0.0) -> list[Chunk]:
    """Up to ``jobs`` chunks of a ``frames``-long video, none shorter than :data:`MIN_CHUNK_S`.

    The chunks carry equal work: every chunk after the first also estimates its warm-up, and
    seeks to it, decoding the frames from the keyframe before (``keyframes``: frame indices,
    None when unknown), each costing ``skip_cost`` of an estimated frame. So later chunks are
    shorter than the first. The plan only balances the workers; what a chunk delivers does
    not depend on it.
    """
    count = max(1, min(jobs, int(frames / (MIN_CHUNK_S * fps)))) if frames > 0 and fps > 0 else 1
    overlap = round(OVERLAP_S * fps) if count > 1 else 0
    bounds = [round(i * frames / count) for i in range(count)] + [frames]
    for _ in range(4):  # the seek costs move with the bounds: settle them
        seeks = [0.0] + [skip_cost * _frames_since_keyframe(b - overlap, keyframes) for b in bounds[1:-1]]
        share = (frames + (count - 1) * overlap + sum(seeks)) / count
        ends = itertools.accumulate(share - (overlap + seek if k else 0.0) for k, seek in enumerate(seeks))
        bounds = [0] + [min(max(round(e), 1), frames - 1) for e in list(ends)[:-1]] + [frames]
    return [Chunk(i, max(bounds[i] - (overlap if i else 0), 0), bounds[i], bounds[i + 1] if i < count - 1 else None)
            for i in range(count)]


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


@dataclass(frozen=True, slots=True)
class PackedMask:
    """A segmentation mask cut to the rows/columns ``[y0, y1) x [x0, x1)``, 8-bit, zlib-compressed."""

    shape: tuple[int, int]
    box: tuple[int, int, int, int]
    data: bytes

    @classmethod
    def pack(cls, mask: npt.NDArray[np.float32], pose: PoseFrame, margin: float = 0.35) -> PackedMask:
        """Keep the part of ``mask`` around the person (landmark box grown by ``margin`` of its size)."""
        height, width = mask.shape
        xy = pose.xy[np.isfinite(pose.xy).all(axis=1)]
        if len(xy) == 0:
            box = (0, 0, width, height)
        else:
            (ax, ay), (bx, by) = xy.min(axis=0), xy.max(axis=0)
            gx, gy = margin * (bx - ax) + 20, margin * (by - ay) + 20
            box = (max(int(ax - gx), 0), max(int(ay - gy), 0), min(int(bx + gx) + 1, width),
                   min(int(by + gy) + 1, height))
        x0, y0, x1, y1 = box
        part = np.rint(np.clip(mask[y0:y1, x0:x1], 0.0, 1.0) * 255.0).astype(np.uint8)
        return cls((height, width), box, zlib.compress(part.tobytes(), 1))

    def unpack(self) -> npt.NDArray[np.float32]:
        """The ``(H, W)`` mask, zero outside the kept part."""
        x0, y0, x1, y1 = self.box
        whole = np.zeros(self.shape, dtype=np.float32)
        part = np.frombuffer(zlib.decompress(self.data), dtype=np.uint8).reshape(y1 - y0, x1 - x0)
        whole[y0:y1, x0:x1] = part.astype(np.float32) / 255.0
        return whole


def _pack(pose: PoseFrame) -> tuple[PoseFrame, PackedMask | None]:
    if pose.mask is None:
        return pose, None
    return replace(pose, mask=None), PackedMask.pack(pose.mask, pose)


def _unpack(item: tuple[PoseFrame, PackedMask | None]) -> PoseFrame:
    pose, packed = item
    return pose if packed is None else replace(pose, mask=packed.unpack())


def estimate_chunk(path: str, chunk: Chunk, settings: PoseSettings, out: Any, attempt: int = 0) -> None:
    """Worker process: estimate the poses of ``chunk`` and send them to ``out`` in batches.

    Messages, each tagged ``(kind, chunk number, attempt)``: ``("warm", .., [poses])`` (the
    warm-up, without masks, for the seam check), ``("poses", .., [...])``, then
    ``("done", .., frames_read, ended_early, notes)`` or ``("failed", .., exception)``.
    Ctrl-C is the parent's to handle.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from formcheck.io.sources import VideoFileSource
    from formcheck.pose.protocol import open_estimator

    tag = (chunk.number, attempt)
    try:
        with VideoFileSource(path, start=chunk.warm_from, stop=chunk.stop, prefetch=0, decode_threads=1) as source, \
                open_estimator(settings) as estimator:
            warm: list[PoseFrame] = []
            batch: list[tuple[PoseFrame, PackedMask | None]] = []
            for frame in source:
                pose = estimator.estimate(frame)
                if frame.index < chunk.start:
                    warm.append(replace(pose, mask=None))
                    continue
                if warm:
                    out.put(("warm", *tag, warm))
                    warm = []
                batch.append(_pack(pose))
                if len(batch) >= BATCH:
                    out.put(("poses", *tag, batch))
                    batch = []
            out.put(("warm", *tag, warm))
            out.put(("poses", *tag, batch))
            out.put(("done", *tag, source.frames_read, source.ended_early, estimator.notes()))
    except BaseException as exc:  # the parent reports it; a worker never prints a traceback
        out.put(("failed", *tag, exc if isinstance(exc, FormcheckError) else SourceError(
            f"{path}: pose estimation failed in frames from {chunk.start} ({type(exc).__name__}: {exc})")))


def same_person(before: list[PoseFrame], warm: list[PoseFrame], min_overlap: float = 0.5) -> bool:
    """True unless the warm-up poses follow somebody else than ``before`` (the same frames, the chunk before).

    Compared on frames where both found a person: the median overlap of their landmark boxes.
    Fewer than 3 such frames cannot tell, and count as the same person.
    """
    from formcheck.pose.following import pose_box

    boxes = {p.index: pose_box(p) for p in before}
    overlaps = [a.overlap(b) for p in warm if (a := pose_box(p)) is not None and (b := boxes.get(p.index)) is not None]
    return len(overlaps) < 3 or float(np.median(overlaps)) >= min_overlap


@dataclass
class _ChunkState:
    poses: deque[tuple[PoseFrame, PackedMask | None]] = field(default_factory=deque)
    warm: list[PoseFrame] = field(default_factory=list)
    attempt: int = 0
    done: bool = False
    short: bool = False
    failure: BaseException | None = None
    notes: list[str] = field(default_factory=list)


class ChunkedPoses:
    """The poses of a whole video, estimated chunk by chunk in parallel, in frame order.

    Each chunk's worker chooses whom to follow on its own. With several people in view it may
    choose somebody else than the chunk before it did; the seam check (:func:`same_person`, on
    the warm-up frames both estimated) notices, and that chunk is estimated again, told where
    the person followed so far stands.

    After iteration: ``ended_early`` (the video broke off), ``notes`` (what the estimators said,
    and where a chunk failed), ``redone`` (chunks estimated twice).
    """

    def __init__(self, path: Path, settings: PoseSettings, chunks: list[Chunk], *, announced_frames: int,
                 progress: Callable[[int], None] | None = None) -> None:
        self.path, self.settings, self.chunks = path, settings, chunks
        self.announced_frames = announced_frames
        self.progress = progress
        self.ended_early = False
        self.notes: list[str] = []
        self.delivered = 0
        self.redone: list[int] = []
        self._states = [_ChunkState() for _ in chunks]
        self._queue: Any = None
        self._ctx: Any = None
        self._procs: list[BaseProcess] = []
        self._retired: list[BaseProcess] = []
        self._recent: deque[PoseFrame] = deque(maxlen=max(c.start - c.warm_from for c in chunks) + 1)

    def __iter__(self) -> Iterator[PoseFrame]:
        self._ctx = mp.get_context("spawn")
        self._queue = self._ctx.Queue()
        self._procs = [self._process(c, self.settings, 0) for c in self.chunks]
        try:
            yield from self._in_order()
        finally:
            self._stop()
            said = next((st.notes for st in self._states if st.notes), [])
            self.notes[:0] = said  # whom the estimators followed, from the first chunk that says

    def _process(self, chunk: Chunk, settings: PoseSettings, attempt: int) -> BaseProcess:
        proc: BaseProcess = self._ctx.Process(target=estimate_chunk, name=f"formcheck-chunk-{chunk.number}",
                                              args=(str(self.path), chunk, settings, self._queue, attempt),
                                              daemon=True)
        proc.start()
        return proc

    def _in_order(self) -> Iterator[PoseFrame]:
        for number in range(len(self.chunks)):
            checked = number == 0
            while True:
                state = self._states[number]  # a new one when the chunk is estimated again
                if not checked and (state.poses or state.done):
                    checked = self._seam_holds(number)
                    continue
                while checked and state.poses:
                    pose = _unpack(state.poses.popleft())
                    self._recent.append(pose)
                    self.delivered += 1
                    yield pose
                    if self.progress is not None:
                        self.progress(self.delivered)
                if state.failure is not None or (state.done and checked and not state.poses):
                    break
                self._receive()
            if not self._chunk_whole(number, state):
                return

    def _seam_holds(self, number: int) -> bool:
        """Check chunk ``number`` follows the person delivered so far; if not, estimate it again (False)."""
        state, chunk = self._states[number], self.chunks[number]
        before = [p for p in self._recent if p.index >= chunk.warm_from]
        if state.attempt > 0 or same_person(before, state.warm):
            return True
        from formcheck.pose.following import pose_box

        where = next((b for p in before if (b := pose_box(p)) is not None), None)
        if where is None:
            return True
        self._procs[number].terminate()
        self._retired.append(self._procs[number])
        self._states[number] = _ChunkState(attempt=1)
        self.redone.append(number)
        settings = replace(self.settings, follow_first=(where.x0, where.y0, where.x1, where.y1))
        self._procs[number] = self._process(chunk, settings, 1)
        return False

    def _chunk_whole(self, number: int, state: _ChunkState) -> bool:
        """True when the stream goes on after chunk ``number``; else say why it stopped."""
        if state.failure is not None:
            if self.delivered == 0:
                raise state.failure
            self.ended_early = True
            self.notes.append(f"{state.failure}; the report covers the {self.delivered} frames before it")
            return False
        if state.short and number < len(self.chunks) - 1:
            self.ended_early = True
            return False
        if number == len(self.chunks) - 1:
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
            if attempt == state.attempt:  # else from a worker whose chunk is being estimated again
                break
        if kind == "warm":
            state.warm.extend(body[0])
        elif kind == "poses":
            state.poses.extend(body[0])
        elif kind == "done":
            state.done = True
            chunk = self.chunks[number]
            state.short = bool(body[1])
            if chunk.stop is None:
                from formcheck.io.sources import fell_short

                state.short = fell_short(chunk.warm_from + body[0], self.announced_frames)
            state.notes = list(body[2])
        else:
            state.failure = body[0]

    def _check_alive(self) -> None:
        for proc, state, chunk in zip(self._procs, self._states, self.chunks, strict=True):
            if proc.exitcode not in (None, 0) and not state.done and state.failure is None:
                state.failure = SourceError(f"{self.path}: the pose worker for the frames from {chunk.start} "
                                            f"stopped (exit code {proc.exitcode}; out of memory?)")

    def _stop(self) -> None:
        for proc in [*self._retired, *self._procs]:
            if proc.is_alive():
                proc.terminate()
        for proc in [*self._retired, *self._procs]:
            proc.join(timeout=5)
        if self._queue is not None:
            self._queue.cancel_join_thread()
            self._queue.close()


def worth_chunking(frames: int, fps: float, jobs: int) -> bool:
    """True when ``jobs`` > 1 and the video is long enough for two or more chunks."""
    return jobs > 1 and len(plan_chunks(frames, fps, jobs)) > 1 and math.isfinite(fps)
