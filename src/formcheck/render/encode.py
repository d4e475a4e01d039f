"""Video encoding with PyAV: H.264 MP4 that phones and messaging apps play, or VP9 WebM on request.

MP4 is H.264 (libx264, shipped in PyAV's wheels), yuv420p, ``+faststart`` (the index at the
front, so a shared clip starts playing before it has fully downloaded). WebM is VP9
(libvpx-vp9). The frame rate is kept exactly (29.97 as 30000/1001), one output frame per
input frame; given each frame's time, the video keeps the source's own timestamps (a phone's
variable frame rate, a live session's real capture times) in steps of 1/90000 s.
"""

from __future__ import annotations

import os
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from formcheck.errors import FormcheckError

CONTAINERS: dict[str, tuple[str, str, dict[str, str], dict[str, str]]] = {
    ".mp4": ("mp4", "libx264", {"preset": "veryfast", "crf": "23"}, {"movflags": "+faststart"}),
    ".webm": ("webm", "libvpx-vp9", {"crf": "33", "b": "0", "deadline": "realtime", "cpu-used": "8"}, {}),
}
"""Suffix -> (container format, codec, codec options, container options)."""
SUFFIXES = tuple(CONTAINERS)


TIME_BASE = Fraction(1, 90_000)
"""Timestamp unit of the written streams (s): MPEG's 90 kHz clock, exact for every common frame rate."""


def frame_rate(fps: float) -> Fraction:
    """``fps`` as an exact fraction (29.97002997 -> 30000/1001)."""
    return Fraction(fps).limit_denominator(1001)


class VideoEncoder:
    """Writes BGR frames ``(H, W, 3) uint8`` to ``path`` (the format from its suffix: .mp4 or .webm).

    Raises:
        FormcheckError: unsupported suffix, or the encoder cannot be opened (the message says why).

    """

    def __init__(self, path: Path, *, fps: float, size: tuple[int, int], container_format: str | None = None) -> None:
        import av

        suffix = path.suffix.lower() if container_format is None else f".{container_format}"
        if suffix not in CONTAINERS:
            raise FormcheckError(
                f"{path}: videos are written as {' or '.join(SUFFIXES)}, not {path.suffix or '(no suffix)'}"
            )
        fmt, codec, codec_options, container_options = CONTAINERS[suffix]
        self.size = size
        self.frames = 0
        container: Any
        stream: Any
        try:
            container = av.open(str(path), mode="w", format=fmt, options=container_options)
            stream = container.add_stream(codec, rate=frame_rate(fps), options=codec_options)
        except (av.FFmpegError, OSError, ValueError) as exc:
            raise FormcheckError(f"{path}: cannot open a {codec} encoder ({exc})") from exc
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.time_base = TIME_BASE
        stream.codec_context.time_base = TIME_BASE
        self._container, self._stream = container, stream
        self._rate = frame_rate(fps)
        self._t0: float | None = None
        self._last_pts = -1
        self._closed = False

    def write(self, bgr: npt.NDArray[np.uint8], t: float | None = None) -> None:
        """Encode one frame (its size must be ``size``) shown at ``t`` (s; None: one frame period after the last).

        Times count from the first frame written; a time not after the last frame's is moved
        one tick (1/90000 s) after it.
        """
        import av

        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(bgr), format="bgr24")
        if t is None:
            pts = round(self.frames / self._rate / TIME_BASE)
        else:
            self._t0 = t if self._t0 is None else self._t0
            pts = round((t - self._t0) / TIME_BASE)
        pts = max(pts, self._last_pts + 1)
        frame.pts, frame.time_base = pts, TIME_BASE
        self._last_pts = pts
        for packet in self._stream.encode(frame):
            self._container.mux(packet)
        self.frames += 1

    def close(self) -> None:
        """Flush the encoder and finish the file."""
        if self._closed:
            return
        self._closed = True
        try:
            for packet in self._stream.encode(None):
                self._container.mux(packet)
        finally:
            self._container.close()


def encoder_beside(path: Path, *, fps: float, size: tuple[int, int]) -> tuple[Path, VideoEncoder]:
    """A new encoder writing to a hidden temporary file next to ``path`` (moved onto it when finished).

    The file has plain permissions; it is removed again when the encoder cannot be opened.
    """
    from formcheck.report.atomic import plain_permissions

    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix.lower(), dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    plain_permissions(tmp)
    try:
        return tmp, VideoEncoder(tmp, fps=fps, size=size)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
