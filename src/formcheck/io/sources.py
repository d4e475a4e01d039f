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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")
import cv2

from formcheck.errors import SourceError
from formcheck.io.landmarks_io import SourceInfo

_END = object()


@dataclass(frozen=True, slots=True)
class Frame:
    """One decoded frame: ``image`` is ``(H, W, 3)`` uint8 BGR, ``t`` seconds from the source start."""

    index: int
    t: float
    image: npt.NDArray[np.uint8]


class VideoFileSource:
    """Frames of a video file, with timestamps from the stream.

    Args:
        path: any container OpenCV's FFmpeg backend decodes.
        prefetch: frames decoded ahead on the background thread.

    Raises:
        SourceError: the file is missing, not a video, or has no decodable frame.

    After iteration, ``ended_early`` tells whether decoding stopped before the frame
    count the container announced (a truncated or damaged file).

    """

    def __init__(self, path: str | Path, *, prefetch: int = 8) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise SourceError(f"{self.path}: no such file")
        if self.path.is_dir():
            raise SourceError(f"{self.path}: is a directory, expected a video file")
        self._cap = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        if not self._cap.isOpened():
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
        self.last_t = 0.0
        self.ended_early = False
        self._prefetch = prefetch
        self._stop = threading.Event()

    @property
    def info(self) -> SourceInfo:
        """Source metadata; ``frames``/``duration_s`` are what was decoded once iteration ended."""
        frames = self.frames_read or self.announced_frames
        duration = (self.last_t + 1.0 / self.fps) if self.frames_read else frames / self.fps
        return SourceInfo(str(self.path), self.fps, frames, duration, self.image_size)

    def _decode(self, out: queue.Queue[object]) -> None:
        last_t = -1.0
        index = 0
        try:
            while not self._stop.is_set():
                ok, image = self._cap.read()
                if not ok or image is None:
                    break
                t = float(self._cap.get(cv2.CAP_PROP_POS_MSEC)) / 1000.0
                if not np.isfinite(t) or t <= last_t:
                    t = max(index / self.fps, last_t + 1e-3)
                t = round(t, 6)  # the precision recordings keep: replays see the same times
                last_t = t
                while not self._stop.is_set():
                    try:
                        out.put(Frame(index, t, np.asarray(image, dtype=np.uint8)), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                index += 1
        finally:
            out.put(_END)

    def __iter__(self) -> Iterator[Frame]:
        q: queue.Queue[object] = queue.Queue(maxsize=self._prefetch)
        worker = threading.Thread(target=self._decode, args=(q,), name="formcheck-decode", daemon=True)
        worker.start()
        try:
            while True:
                item = q.get()
                if item is _END:
                    break
                assert isinstance(item, Frame)
                self.frames_read += 1
                self.last_t = item.t
                yield item
        finally:
            self._stop.set()
            worker.join(timeout=5)
        if self.frames_read == 0:
            raise SourceError(f"{self.path}: no frame could be decoded (empty or damaged video)")
        # Containers announce approximate counts; a shortfall of more than 2 % is a broken file.
        if self.announced_frames and self.frames_read < 0.98 * self.announced_frames - 1:
            self.ended_early = True

    def close(self) -> None:
        """Release the decoder."""
        self._stop.set()
        self._cap.release()

    def __enter__(self) -> VideoFileSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class CameraSource:
    """Live frames from a webcam, or from a video file standing in for one.

    Args:
        device: camera index (``0`` = first webcam) or a video file path.
        realtime: for a file, deliver frames at the file's own pace, as a camera would.

    Timestamps are seconds since the first frame, from a monotonic clock for a camera and
    from the stream for a file. Raises SourceError when the device cannot be opened.

    """

    def __init__(self, device: int | str | Path, *, realtime: bool = True) -> None:
        self.is_file = not isinstance(device, int)
        self.device = device
        if self.is_file and not Path(str(device)).exists():
            raise SourceError(f"{device}: no such file")
        target: int | str = device if isinstance(device, int) else str(device)
        self._cap = cv2.VideoCapture(target)
        if not self._cap.isOpened():
            what = f"camera {device}" if isinstance(device, int) else str(device)
            raise SourceError(
                f"{what} cannot be opened: check it is connected and not used by another program"
                + (" (try --camera 0, or --source FILE)" if isinstance(device, int) else "")
            )
        fps = float(self._cap.get(cv2.CAP_PROP_FPS))
        self.fps = fps if np.isfinite(fps) and 0 < fps < 240 else 30.0
        self.image_size = (int(self._cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(self._cap.get(cv2.CAP_PROP_FRAME_HEIGHT)))
        self.realtime = realtime
        self.frames_read = 0

    def read(self) -> Frame | None:
        """Next frame, or None when the device stopped delivering (unplugged, end of file)."""
        ok, image = self._cap.read()
        if not ok or image is None:
            return None
        if self.is_file:
            t = self.frames_read / self.fps
        else:
            now = time.monotonic()
            if self.frames_read == 0:
                self._t0 = now
            t = now - self._t0
        frame = Frame(self.frames_read, round(t, 6), np.asarray(image, dtype=np.uint8))
        self.frames_read += 1
        return frame

    def close(self) -> None:
        """Release the device."""
        self._cap.release()

    def __enter__(self) -> CameraSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
