"""Annotated video and rep thumbnails, drawn during the analysis pass (no second decode).

Both are frame observers for :func:`formcheck.runner.analyze_video`: they receive the decoded
frame, its pose and the analyzer's :class:`FrameResult` after every frame.
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType

import cv2
import numpy as np

from formcheck.analysis.display import Display
from formcheck.analysis.results import FrameResult, RepRecord
from formcheck.core.types import Frame, PoseFrame
from formcheck.errors import FormcheckError
from formcheck.render.encode import SUFFIXES, encoder_beside
from formcheck.render.overlay import Image, draw_knee_line, draw_overlay, draw_skeleton

log = logging.getLogger(__name__)

VIDEO_SUFFIX = ".mp4"
"""Annotated videos are H.264 MP4 by default (phones, QuickTime and messaging apps play it); ``.webm`` gives VP9."""

MAX_VIDEO_HEIGHT = 720
"""Taller sources are scaled down to this height (pixels) to keep encoding time and file size sane."""


def video_size(source_size: tuple[int, int], max_height: int = MAX_VIDEO_HEIGHT) -> tuple[int, int]:
    """Output ``(width, height)``: the source size, scaled down to ``max_height``, even numbers."""
    w, h = source_size
    if h > max_height:
        w, h = round(w * max_height / h), max_height
    return w - w % 2, h - h % 2


def scaled_pose(pose: PoseFrame, factor: float) -> PoseFrame:
    """The pose with pixel coordinates multiplied by ``factor`` (for drawing on a resized image)."""
    w, h = pose.image_size
    return dataclasses.replace(pose, xy=pose.xy * factor, image_size=(round(w * factor), round(h * factor)), mask=None)


def person_box(
    pose: PoseFrame, width: int, height: int, *, aspect: float | None = None, margin: float = 0.15
) -> tuple[int, int, int, int]:
    """Crop box ``(x0, y0, x1, y1)`` in pixels around the visible landmarks.

    ``aspect`` is width/height (None: 4:3 across for a body lying wider than tall, a plank, else
    3:4 upright); the box is padded by ``margin`` of the body size on each side and kept inside
    the image. The whole image when nobody is seen.
    """
    seen = pose.xy[(pose.visibility >= 0.5) & np.isfinite(pose.xy).all(axis=1)]
    if not pose.detected or len(seen) < 4:
        return 0, 0, width, height
    (lx, ly), (hx, hy) = seen.min(axis=0), seen.max(axis=0)
    size = max(hy - ly, hx - lx) * (1 + 2 * margin)
    aspect = aspect if aspect is not None else (4 / 3 if hx - lx > hy - ly else 0.75)
    if aspect >= 1:  # across: the body's length sets the width
        w = min(float(width), size)
        h = min(float(height), w / aspect)
    else:
        h = min(float(height), size)
        w = min(float(width), h * aspect)
    cx, cy = (lx + hx) / 2, (ly + hy) / 2
    x0 = int(np.clip(cx - w / 2, 0, width - w))
    y0 = int(np.clip(cy - h / 2, 0, height - h))
    return x0, y0, x0 + max(int(w), 2), y0 + max(int(h), 2)


class VideoAnnotator(AbstractContextManager["VideoAnnotator"]):
    """Writes every analysed frame with the overlay (skeleton, angles, reps, cues) to an MP4 (or WebM) file.

    One output frame per input frame, at the source frame's own time (a variable frame rate is
    kept), so the video runs in step with the source. The file appears at ``path`` only when the
    annotator is closed without an error (an interrupted analysis keeps the part analysed; a crash
    leaves no half file).
    """

    def __init__(self, path: Path, *, fps: float, source_size: tuple[int, int], title: str, display: Display) -> None:
        if path.suffix.lower() not in SUFFIXES:
            raise FormcheckError(f"{path}: annotated videos are {' or '.join(SUFFIXES)}; give a path ending in one")
        self.path = path
        self.title, self.display = title, display
        self.size = video_size(source_size)
        self.frames_written = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp, self._writer = encoder_beside(path, fps=fps, size=self.size)
        # Encoding (libx264 releases the GIL) runs on its own thread, overlapping pose inference.
        self._queue: queue.Queue[tuple[Image, float] | None] = queue.Queue(maxsize=8)
        self._error: BaseException | None = None
        self._finished = False
        self._worker = threading.Thread(target=self._encode, name="formcheck-encode", daemon=True)
        self._worker.start()

    def _encode(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._writer.write(*item)
                except Exception as exc:  # reported to the analysing thread on the next frame
                    self._error = exc
                    log.error("%s: video encoding failed", self.path, exc_info=exc)

    def __call__(self, frame: Frame, pose: PoseFrame, result: FrameResult) -> None:
        """Draw the overlay on a copy of ``frame`` and queue it for encoding."""
        if self._error is not None:
            raise FormcheckError(f"{self.path}: video encoding failed: {self._error}") from self._error
        image = frame.image
        h, w = image.shape[:2]
        if (w, h) != self.size:
            factor = self.size[1] / h
            image = np.asarray(cv2.resize(image, self.size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
            pose = scaled_pose(pose, factor)
        else:
            image = image.copy()
        draw_overlay(image, pose, result, self.display, title=self.title, cue=" / ".join(result.cues))
        self._queue.put((image, frame.t))  # the source's own time: a variable frame rate is kept
        self.frames_written += 1

    def close(self) -> None:
        """Finish and publish the video (raises FormcheckError or OSError when it cannot be written)."""
        self.__exit__(None, None, None)

    def discard(self) -> None:
        """Stop and remove the unfinished video."""
        self.__exit__(RuntimeError, None, None)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Publish the video when the run ended normally and wrote frames; otherwise remove it."""
        if self._finished:
            return
        self._finished = True
        self._queue.put(None)
        self._worker.join()
        try:
            self._writer.close()
        except Exception as close_exc:  # e.g. the disk filled up on the last packets
            self._error = self._error or close_exc
        if exc_type is None and self.frames_written and self._error is None:
            os.replace(self._tmp, self.path)
            return
        self._tmp.unlink(missing_ok=True)
        if exc_type is None and self._error is not None:
            raise FormcheckError(f"{self.path}: video encoding failed: {self._error}") from self._error


ThumbnailSource = Callable[[], Sequence[RepRecord]]


class RepThumbnails:
    """JPEG thumbnail of each rep's top frame, skeleton drawn, collected while analysing.

    Keeps a rolling buffer of small JPEGs of the last ``window_s`` seconds; when the analyzer
    completes a rep (``reps_so_far`` grows), the buffered frame nearest the rep's ``top_s`` is
    kept. Memory stays bounded whatever the video length.
    """

    def __init__(
        self, reps_so_far: ThumbnailSource, *, width: int = 240, window_s: float = 30.0, quality: int = 80
    ) -> None:
        self._reps_so_far = reps_so_far
        self.width = width
        self.window_s = window_s
        self.quality = quality
        self.max_offset_s = 0.25
        self._times: deque[float] = deque()
        self._jpegs: deque[bytes] = deque()
        self._taken = 0
        self.thumbnails: dict[int, bytes] = {}
        self.hold_every_s = 1.0
        self.during_holds: dict[float, bytes] = {}
        self._last_hold_t = -np.inf
        """A thumbnail every ``hold_every_s`` seconds while a hold runs, by time (s): see :func:`hold_thumbnails`."""

    def _thumbnail(self, image: Image, pose: PoseFrame, result: FrameResult) -> bytes:
        x0, y0, x1, y1 = person_box(pose, image.shape[1], image.shape[0])
        crop = image[y0:y1, x0:x1]
        factor = self.width / crop.shape[1]
        small = np.asarray(
            cv2.resize(crop, (self.width, max(2, round(crop.shape[0] * factor))), interpolation=cv2.INTER_AREA),
            dtype=np.uint8,
        )
        pose = dataclasses.replace(scaled_pose(pose, factor), xy=(pose.xy - (x0, y0)) * factor)
        draw_skeleton(small, pose)
        draw_knee_line(small, pose, result.knee_above_hip)
        ok, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, self.quality])
        if not ok:
            raise FormcheckError("could not encode a JPEG thumbnail")
        return bytes(np.asarray(buf).tobytes())

    def __call__(self, frame: Frame, pose: PoseFrame, result: FrameResult) -> None:
        """Buffer this frame's thumbnail; keep the top frame of any rep completed now, and holds once a second."""
        self._times.append(frame.t)
        self._jpegs.append(self._thumbnail(frame.image, pose, result))
        if result.hold_s > 0 and frame.t >= self._last_hold_t + self.hold_every_s:
            self.during_holds[frame.t] = self._jpegs[-1]
            self._last_hold_t = frame.t
        while self._times and self._times[0] < frame.t - self.window_s:
            self._times.popleft()
            self._jpegs.popleft()
        reps = self._reps_so_far()
        for rep in reps[self._taken :]:
            picked = self._nearest(rep.top_s)
            if picked is not None:
                self.thumbnails[rep.number] = picked
        self._taken = len(reps)

    def _nearest(self, t: float) -> bytes | None:
        times = list(self._times)
        if not times or not np.isfinite(t):
            return None
        i = bisect.bisect_left(times, t)
        best = min((j for j in (i - 1, i) if 0 <= j < len(times)), key=lambda j: abs(times[j] - t))
        if abs(times[best] - t) > self.max_offset_s:
            return None  # the top is no longer buffered: better no thumbnail than another moment
        return self._jpegs[best]


def hold_thumbnails(
    holds: Sequence[tuple[float | None, float | None]], during_holds: Mapping[float, bytes]
) -> dict[int, bytes]:
    """The picture nearest the middle of each hold (``(start_s, end_s)``), by hold number (1 = the first)."""
    out: dict[int, bytes] = {}
    for number, (start, end) in enumerate(holds, 1):
        inside = [t for t in during_holds if start is not None and end is not None and start <= t <= end]
        if inside:
            mid = (start + end) / 2  # type: ignore[operator]
            out[number] = during_holds[min(inside, key=lambda t: abs(t - mid))]
    return out
