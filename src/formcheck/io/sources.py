"""Frame sources: video files and webcams, decoded with OpenCV.

A source is an iterable of :class:`Frame` and a context manager. Video files are
decoded on a background thread (OpenCV releases the GIL while decoding), so decoding
overlaps with pose inference on a second core.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt

os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # FFmpeg's own lines ("[h264 @ 0x..] ..."): ours say more
import cv2

from formcheck.core.types import Frame, SourceInfo
from formcheck.errors import SourceError
from formcheck.io import PREFETCH
from formcheck.quiet import quiet_native_stderr

_END = object()
INCOMPLETE_COPY = (
    "an incomplete copy of a video: its index, which is written last, is missing (the copy or the "
    "recording did not finish); copy it again from the original"
)


def stream_time(cap: cv2.VideoCapture, index: int, last_t: float, fps: float) -> float:
    """Timestamp (s) of the frame just read: the stream's own, kept strictly increasing.

    Rounded to microseconds, the precision recordings keep, so replays see the same times.
    """
    t = float(cap.get(cv2.CAP_PROP_POS_MSEC)) / 1000.0
    if not np.isfinite(t) or t <= last_t:
        t = max(index / fps, last_t + 1e-3)
    return round(t, 6)


def fell_short(frames_read: int, announced: int) -> bool:
    """Decoding stopped before the container's announced frame count (a truncated or damaged file).

    Containers announce approximate counts; only a shortfall of more than 2 % counts.
    """
    return bool(announced) and frames_read < 0.98 * announced - 1


class VideoFileSource:
    """Frames of a video file, with timestamps from the stream.

    Args:
        path: any container OpenCV's FFmpeg backend decodes.
        prefetch: frames decoded ahead on a background thread; 0 decodes in the caller's
            thread (one core: nothing to overlap with).
        start: index of the first frame to deliver (a seek; frame indices and timestamps are
            those of the whole file).
        stop: index one past the last frame to deliver (None: to the end).
        decode_threads: FFmpeg decoding threads; 0 lets FFmpeg choose (several on a multi-core
            machine), 1 when every core already runs its own video or segment.
        prepare: made from each delivered picture on the decoding thread and carried as
            ``Frame.prepared`` (the pose model's input: its colour conversion and copy then
            run beside the inference of the frame before, not after it). None: nothing.
        stride: deliver only the frames whose index is a multiple of ``stride`` (see
            :func:`~formcheck.pose.rate.pose_stride`); the others are decoded but never
            converted to pictures (``grab`` without ``retrieve``), and the frames delivered keep
            their indices and timestamps in the whole file.

    Raises:
        SourceError: the file is missing, not a video, or has no decodable frame.

    After iteration, ``ended_early`` tells whether decoding stopped before the frame
    count the container announced (a truncated or damaged file); ``frames_read`` counts the
    frames delivered, ``frames_decoded`` every frame decoded (skipped ones too).

    """

    def __init__(
        self,
        path: str | Path,
        *,
        prefetch: int = PREFETCH,
        start: int = 0,
        stop: int | None = None,
        decode_threads: int = 0,
        stride: int = 1,
        prepare: Callable[[npt.NDArray[np.uint8]], object] | None = None,
    ) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise SourceError(f"{self.path}: no such file")
        if self.path.is_dir():
            raise SourceError(f"{self.path}: is a directory, expected a video file")
        with quiet_native_stderr():  # FFmpeg's own log lines ("moov atom not found") say less than ours
            params = [cv2.CAP_PROP_N_THREADS, decode_threads] if decode_threads > 0 else []
            self._cap = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG, params)
        if not self._cap.isOpened():
            from formcheck.io.keyframes import missing_index

            if missing_index(self.path):
                raise SourceError(f"{self.path}: {INCOMPLETE_COPY}")
            raise SourceError(f"{self.path}: cannot be opened as a video (not a video file, or damaged)")
        fps = float(self._cap.get(cv2.CAP_PROP_FPS))
        self.fps = fps if np.isfinite(fps) and fps > 0 else 30.0
        self.announced_frames = max(int(self._cap.get(cv2.CAP_PROP_FRAME_COUNT)), 0)
        width = int(self._cap.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(self._cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        if width <= 0 or height <= 0:
            self._cap.release()
            raise SourceError(f"{self.path}: no video stream found")
        self.image_size = (width, height)
        self.frames_read = 0
        self.frames_decoded = 0
        self.last_t = 0.0
        self.last_index = -1
        self.ended_early = False
        self.stride = max(1, stride)
        self.prepare = prepare
        self._prefetch = prefetch
        self._stop = threading.Event()
        self.start, self.stop = start, stop
        if start:
            self._seek(start)

    @property
    def prefetches(self) -> bool:
        """True when frames are decoded ahead on a background thread."""
        return self._prefetch > 0

    def _seek(self, start: int) -> None:
        """Position the decoder on frame ``start``: a seek, or reading up to it where seeking is inexact."""
        self._cap.set(cv2.CAP_PROP_POS_FRAMES, start)
        if int(self._cap.get(cv2.CAP_PROP_POS_FRAMES)) == start:
            return
        self._cap.release()
        with quiet_native_stderr():
            self._cap = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        for _ in range(start):
            if not self._cap.grab():
                break

    @property
    def info(self) -> SourceInfo:
        """Source metadata; ``frames``/``duration_s`` are what was decoded once iteration ended."""
        frames = self.frames_decoded or self.announced_frames
        after_last = self.start + self.frames_decoded - self.last_index  # frames from the last delivered to the end
        duration = (self.last_t + after_last / self.fps) if self.frames_read else frames / self.fps
        return SourceInfo(str(self.path), self.fps, frames, duration, self.image_size)

    def _decoded(self) -> Generator[Frame]:
        """Frames straight from the decoder, in this thread (those of the stride; the others only decoded)."""
        last_t = -1.0
        index = self.start
        while not self._stop.is_set() and (self.stop is None or index < self.stop):
            if index % self.stride:
                if not self._cap.grab():
                    return
                self.frames_decoded += 1
                index += 1
                continue
            ok, image = self._cap.read()
            if not ok or image is None:
                return
            self.frames_decoded += 1
            t = last_t = stream_time(self._cap, index, last_t, self.fps)
            picture = np.asarray(image, dtype=np.uint8)
            yield Frame(index, t, picture, self.prepare(picture) if self.prepare is not None else None)
            index += 1

    def _decode(self, out: queue.Queue[object]) -> None:
        try:
            for frame in self._decoded():
                while not self._stop.is_set():
                    try:
                        out.put(frame, timeout=0.1)
                        break
                    except queue.Full:
                        continue
        finally:
            out.put(_END)

    def _prefetched(self) -> Generator[Frame]:
        """Frames decoded ahead on a background thread (OpenCV releases the GIL while decoding)."""
        q: queue.Queue[object] = queue.Queue(maxsize=self._prefetch)
        worker = threading.Thread(target=self._decode, args=(q,), name="formcheck-decode", daemon=True)
        worker.start()
        try:
            while True:
                item = q.get()
                if item is _END:
                    return
                assert isinstance(item, Frame)
                yield item
        finally:
            self._stop.set()
            worker.join(timeout=5)

    def __iter__(self) -> Iterator[Frame]:
        frames = self._prefetched() if self._prefetch > 0 else self._decoded()
        try:
            for frame in frames:
                self.frames_read += 1
                self.last_t, self.last_index = frame.t, frame.index
                yield frame
        finally:
            frames.close()
        if self.frames_read == 0:
            where = f" from frame {self.start}" if self.start else ""
            raise SourceError(f"{self.path}: no frame could be decoded{where} (empty or damaged video)")
        if self.stop is not None:
            self.ended_early = self.start + self.frames_decoded < self.stop
        else:
            self.ended_early = fell_short(self.start + self.frames_decoded, self.announced_frames)

    def close(self) -> None:
        """Release the decoder."""
        self._stop.set()
        self._cap.release()

    def __enter__(self) -> VideoFileSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def camera_indices() -> list[int]:
    """Indices of the video devices this machine has (Linux ``/dev/videoN``; empty elsewhere)."""
    return sorted(int(p.name[5:]) for p in Path("/dev").glob("video*") if p.name[5:].isdigit())


def camera_problem(index: int) -> str:
    """Why camera ``index`` did not open and what to try, in one sentence."""
    found = camera_indices()
    others = [i for i in found if i != index]
    try_other = f"try --camera {others[0]}" if others else "or use --source FILE to analyse a video"
    if Path("/dev").is_dir() and index not in found:
        have = f"this machine has camera(s) {', '.join(map(str, found))}" if found else "no camera was found"
        return f"camera {index} not found ({have}; check the cable, {try_other})"
    return (
        f"camera {index} cannot be opened: it may be busy (close any other program using it) or need "
        f"permission (the 'video' group on Linux); {try_other}"
    )


class CameraSource:
    """Live frames from a webcam, or from a video file standing in for one.

    Args:
        device: camera index (``0`` = first webcam) or a video file path.
        max_width: frames wider than this (px) are scaled down to it once, here, on the
            capture thread, before anything else touches them: pose inference, the overlay,
            the window and ``--record`` all work on the smaller picture (the pose model sees
            the person at 256x256 whatever the picture size, so 720 rows lose nothing).
            None keeps the camera's size.

    Timestamps are seconds since the first frame: a monotonic clock for a camera, the
    stream's own timestamps for a file (the same ones :class:`VideoFileSource` gives, so a
    file played as a camera yields the same analysis). Pacing a file in real time is the
    caller's job. Raises SourceError when the device cannot be opened.

    """

    def __init__(self, device: int | str | Path, *, max_width: int | None = None) -> None:
        self.is_file = not isinstance(device, int)
        self.device = device
        if self.is_file and not Path(str(device)).exists():
            raise SourceError(f"{device}: no such file")
        with quiet_native_stderr():  # OpenCV/V4L2 warnings say less than the message below
            if isinstance(device, int):
                self._cap = cv2.VideoCapture(device)
            else:
                self._cap = cv2.VideoCapture(str(device), cv2.CAP_FFMPEG)
        if not self._cap.isOpened():
            if isinstance(device, int):
                raise SourceError(camera_problem(device))
            raise SourceError(f"{device} cannot be opened (not a video file, or damaged)")
        fps = float(self._cap.get(cv2.CAP_PROP_FPS))
        self.fps = fps if np.isfinite(fps) and 0 < fps < 240 else 30.0
        width, height = int(self._cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(self._cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        self.camera_size = (width, height)
        """What the device delivers (px); ``image_size`` is what the frames are."""
        self._scale = max_width / width if max_width and width > max_width else None
        self.image_size = (max_width, round(height * self._scale)) if max_width and self._scale else (width, height)
        self.announced_frames = max(int(self._cap.get(cv2.CAP_PROP_FRAME_COUNT)), 0) if self.is_file else 0
        self.frames_read = 0
        self._last_t = -1.0
        self._t0 = 0.0

    @property
    def name(self) -> str:
        """What to call the source in messages and reports."""
        return f"camera {self.device}" if not self.is_file else str(self.device)

    def read(self) -> Frame | None:
        """Next frame, or None when the device stopped delivering (unplugged, end of file)."""
        ok, image = self._cap.read()
        if not ok or image is None:
            return None
        if self.is_file:
            t = stream_time(self._cap, self.frames_read, self._last_t, self.fps)
        else:
            now = time.monotonic()
            if self.frames_read == 0:
                self._t0 = now
            t = round(max(now - self._t0, self._last_t + 1e-6), 6)
        self._last_t = t
        if self._scale is not None:
            image = cv2.resize(image, self.image_size, interpolation=cv2.INTER_AREA)
        frame = Frame(self.frames_read, t, np.asarray(image, dtype=np.uint8))
        self.frames_read += 1
        return frame

    def ended_early(self) -> bool:
        """For a file: decoding stopped well before the announced frame count (truncated)."""
        return fell_short(self.frames_read, self.announced_frames)

    def close(self) -> None:
        """Release the device."""
        self._cap.release()

    def __enter__(self) -> CameraSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
