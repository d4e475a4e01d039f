"""``live --record``: every frame of the session, overlay drawn, at its real capture time.

H.264 MP4 (``+faststart``: phones and messaging apps play it before it has fully arrived) or VP9
WebM, through the same encoder as annotated videos (:mod:`formcheck.render.encode`). Each frame
keeps the time it was captured, so a session that ran 14.5 s plays for 14.5 s whatever the
analysis kept up with. The file appears only when the session ends; a crash leaves none.
"""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from formcheck.errors import FormcheckError
from formcheck.render.encode import SUFFIXES, encoder_beside

Image = npt.NDArray[np.uint8]


class SessionRecorder:
    """Writes ``(image, t)`` frames (``t``: capture time, s) to ``path``; :meth:`close` publishes the video."""

    def __init__(self, path: Path, *, fps: float, size: tuple[int, int]) -> None:
        from formcheck.render.annotate import video_size

        if path.suffix.lower() not in SUFFIXES:
            raise FormcheckError(f"{path}: recordings are {' or '.join(SUFFIXES)}; give a path ending in one")
        self.path, self.size = path, video_size(size)
        self.frames = 0
        if not path.parent.is_dir():
            raise FormcheckError(f"{path}: the folder {path.parent} does not exist")
        self._tmp, self._encoder = encoder_beside(path, fps=fps, size=self.size)

    def __call__(self, image: Image, t: float) -> None:
        """Encode one frame shown at ``t`` seconds."""
        h, w = image.shape[:2]
        if (w, h) != self.size:
            image = np.asarray(cv2.resize(image, self.size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
        self._encoder.write(image, t)
        self.frames += 1

    def close(self) -> None:
        """Finish the video and move it into place (nothing is published without a frame)."""
        try:
            self._encoder.close()
        except BaseException:
            self._tmp.unlink(missing_ok=True)
            raise
        if self.frames:
            os.replace(self._tmp, self.path)
        else:
            self._tmp.unlink(missing_ok=True)
