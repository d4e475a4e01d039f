"""Who is in the picture: a second, occasional look for people, off the one-person hot path.

MediaPipe's person detector sees the picture letterboxed to 224x224, so in a wide picture
people become small and are missed. The scout looks at the whole picture and, when it is
wider than 2:1 (letterboxed, it would lose more than half its height), at its left and right
60 % as well; each look is a ``PoseLandmarker`` in IMAGE mode (lite model, up to two poses) on
a copy at most 480 pixels across. A look costs about 22 ms of one core on this project's
machines (a 16:9 picture gets one look, a 2:1 one three) and runs once a second, on its own thread.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from formcheck.pose.mediapipe_import import pose_tasks
from formcheck.pose.models import resolve_model
from formcheck.pose.people import Box
from formcheck.quiet import quiet_native_stderr

Image = npt.NDArray[np.uint8]
SCOUT_MODEL = "lite"
LOOK_SIZE = 480
"""Longest side (px) of the copy each look runs on."""


def looks(width: int, height: int) -> list[tuple[int, int]]:
    """Column ranges ``[x0, x1)`` the scout looks at: the whole picture, plus both sides when over 2:1."""
    spans = [(0, width)]
    if width > 2 * height:
        side = int(width * 0.6)
        spans += [(0, side), (width - side, width)]
    return spans


class PeopleScout:
    """Finds the people in a frame (boxes in pixels); :meth:`submit` runs it on a worker thread."""

    def __init__(self, model_dir: Path | None = None) -> None:
        mp, BaseOptions, vision = pose_tasks()
        self._mp: Any = mp
        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(resolve_model(SCOUT_MODEL, model_dir))),
            running_mode=vision.RunningMode.IMAGE,
            num_poses=2,
            min_pose_detection_confidence=0.5,
            min_pose_presence_confidence=0.5,
        )
        with quiet_native_stderr():
            self._landmarker: Any = vision.PoseLandmarker.create_from_options(options)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="formcheck-scout")
        self._closed = False
        self.seen_person = False
        """True once a look found somebody (from then on looks run beside the hot path)."""

    def people(self, image: Image) -> list[Box]:
        """Boxes of every person found in ``image`` (BGR), possibly the same person twice (see merge)."""
        mp = self._mp
        height, width = image.shape[:2]
        found: list[Box] = []
        for x0, x1 in looks(width, height):
            part: npt.NDArray[Any] = image[:, x0:x1]
            scale = min(1.0, LOOK_SIZE / max(x1 - x0, height))
            if scale < 1.0:
                part = cv2.resize(part, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            rgb = cv2.cvtColor(part, cv2.COLOR_BGR2RGB)
            result = self._detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb))
            for lms in result.pose_landmarks or []:
                xs = np.clip([p.x for p in lms], 0.0, 1.0) * (x1 - x0) + x0
                ys = np.clip([p.y for p in lms], 0.0, 1.0) * height
                found.append(Box(float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())))
        return found

    def _detect(self, image: Any) -> Any:
        if self.seen_person:
            return self._landmarker.detect(image)
        # The first landmarks log C++ warnings meant for MediaPipe developers. Silencing file descriptor 2
        # is process-wide, so only looks before anybody was seen are silenced, and the caller waits for those.
        with quiet_native_stderr():
            result = self._landmarker.detect(image)
        self.seen_person = bool(result.pose_landmarks)
        return result

    def submit(self, image: Image) -> Future[list[Box]]:
        """Look at ``image`` on the scout's thread."""
        return self._pool.submit(self.people, image)

    def close(self) -> None:
        """Stop the thread and free the model (again: nothing)."""
        self._pool.shutdown(wait=True)
        if not self._closed:
            self._closed = True
            self._landmarker.close()
