"""MediaPipe Tasks ``PoseLandmarker`` adapter: frames in, :class:`PoseFrame` out.

mediapipe is imported lazily here, so replaying landmark files never pays its cost.
Landmarks are converted once to pixels and rounded to the precision recordings keep
(see :mod:`formcheck.io.landmarks_io`), so a replay sees exactly what the video run saw.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np

from formcheck.core.landmarks import NUM_LANDMARKS
from formcheck.core.types import Frame, PoseFrame
from formcheck.io.landmarks_io import VIS_DECIMALS, WORLD_DECIMALS, XY_DECIMALS
from formcheck.pose.models import resolve_model
from formcheck.quiet import quiet_native_stderr


class MediaPipePoseEstimator:
    """Pose of the most prominent person in each frame, MediaPipe VIDEO mode.

    Args:
        model: ``lite``, ``full`` or ``heavy`` (bundled, checksum-verified).
        model_dir: optional folder to look in first.
        with_mask: also return the person segmentation mask (costs time; only when an
            analyzer measures the back contour).
        max_people: poses the model looks for; with 2, a second person is reported in
            ``PoseFrame.num_people`` so the analysis can warn.

    """

    def __init__(
        self,
        model: str = "full",
        *,
        model_dir: Path | None = None,
        with_mask: bool = False,
        max_people: int = 2,
        min_detection_confidence: float = 0.5,
    ) -> None:
        from mediapipe.tasks.python import BaseOptions, vision

        self.model = model
        self.model_path = resolve_model(model, model_dir)
        self.with_mask = with_mask
        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(self.model_path)),
            running_mode=vision.RunningMode.VIDEO,
            num_poses=max_people,
            min_pose_detection_confidence=min_detection_confidence,
            min_pose_presence_confidence=0.5,
            min_tracking_confidence=0.5,
            output_segmentation_masks=with_mask,
        )
        with quiet_native_stderr():
            self._landmarker: Any = vision.PoseLandmarker.create_from_options(options)
        self._last_ms = -1
        self._seen_person = False

    def estimate(self, frame: Frame) -> PoseFrame:
        """Pose in ``frame``; ``PoseFrame.missing`` when nobody is detected."""
        import mediapipe as mp

        height, width = frame.image.shape[:2]
        rgb = cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB)  # ~10x faster than a numpy channel flip
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
        # VIDEO mode needs strictly increasing integer milliseconds.
        ts_ms = max(round(frame.t * 1000.0), self._last_ms + 1)
        self._last_ms = ts_ms
        if self._seen_person:
            result = self._landmarker.detect_for_video(image, ts_ms)
        else:  # the first landmark inference logs C++ warnings meant for MediaPipe developers
            with quiet_native_stderr():
                result = self._landmarker.detect_for_video(image, ts_ms)
            self._seen_person = bool(result.pose_landmarks)
        return to_pose_frame(result, frame.index, frame.t, (width, height), with_mask=self.with_mask)

    def close(self) -> None:
        """Free the model."""
        self._landmarker.close()

    def __enter__(self) -> MediaPipePoseEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _largest(poses: list[Any]) -> int:
    """Index of the pose with the largest landmark bounding box (the person nearest the camera)."""
    areas = []
    for lms in poses:
        xs = [p.x for p in lms]
        ys = [p.y for p in lms]
        areas.append((max(xs) - min(xs)) * (max(ys) - min(ys)))
    return int(np.argmax(areas))


def to_pose_frame(
    result: Any, index: int, t: float, image_size: tuple[int, int], *, with_mask: bool = False
) -> PoseFrame:
    """Convert a ``PoseLandmarkerResult`` to pixels (rounded to recording precision)."""
    poses = result.pose_landmarks or []
    if not poses:
        return PoseFrame.missing(index, t, image_size)
    k = _largest(poses)
    width, height = image_size
    lms = poses[k]
    raw = np.array([[p.x * width, p.y * height, p.visibility or 0.0] for p in lms], dtype=np.float64)
    world = None
    if result.pose_world_landmarks and len(result.pose_world_landmarks) > k:
        world = np.round(
            np.array([[p.x, p.y, p.z] for p in result.pose_world_landmarks[k]], dtype=np.float64), WORLD_DECIMALS
        ).astype(np.float64)
    mask = None
    if with_mask and result.segmentation_masks and len(result.segmentation_masks) > k:
        view = np.asarray(result.segmentation_masks[k].numpy_view(), dtype=np.float32)
        mask = view.reshape(view.shape[:2]).copy()  # MediaPipe gives (H, W, 1); PoseFrame documents (H, W)
    if raw.shape[0] != NUM_LANDMARKS:
        return PoseFrame.missing(index, t, image_size)
    return PoseFrame(
        index=index,
        t=t,
        xy=np.round(raw[:, :2], XY_DECIMALS).astype(np.float64),
        visibility=np.round(np.clip(raw[:, 2], 0.0, 1.0), VIS_DECIMALS).astype(np.float64),
        image_size=image_size,
        world=world,
        mask=mask,
        num_people=len(poses),
    )
