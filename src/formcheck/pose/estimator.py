"""MediaPipe Tasks ``PoseLandmarker`` adapter: frames in, :class:`PoseFrame` out.

mediapipe is imported lazily here, so replaying landmark files never pays its cost.
Landmarks are converted once to pixels and rounded to the precision recordings keep
(see :mod:`formcheck.io.landmarks_io`), so a replay sees exactly what the video run saw.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from formcheck.core.landmarks import NUM_LANDMARKS
from formcheck.core.types import Frame, PoseFrame
from formcheck.io.landmarks_io import VIS_DECIMALS, WORLD_DECIMALS, XY_DECIMALS
from formcheck.pose.masks import keep_near_person
from formcheck.pose.mediapipe_import import pose_tasks
from formcheck.pose.models import resolve_model
from formcheck.quiet import quiet_native_stderr


class MediaPipePoseEstimator:
    """Pose of the most prominent person in each frame, MediaPipe VIDEO mode.

    Args:
        model: ``lite``, ``full`` or ``heavy`` (bundled, checksum-verified).
        model_dir: optional folder to look in first.
        with_mask: also return the person segmentation mask (costs time; only when an
            analyzer measures the back contour).
        max_people: poses the model looks for; 1 on the hot path (a second person costs about
            40 % more time per frame; :mod:`formcheck.pose.following` notices people instead).
        input_width: pictures (or the part looked at) wider than this are scaled down to it
            before inference; landmarks and mask are still in whole-picture pixels. None: never.

    """

    def __init__(
        self,
        model: str = "full",
        *,
        model_dir: Path | None = None,
        with_mask: bool = False,
        max_people: int = 1,
        min_detection_confidence: float = 0.5,
        input_width: int | None = None,
    ) -> None:
        _, BaseOptions, vision = pose_tasks()
        self.model = model
        self.model_path = resolve_model(model, model_dir)
        self.with_mask = with_mask
        self.input_width = input_width
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
            self._landmarker: Any | None = vision.PoseLandmarker.create_from_options(options)
        self._last_ms = -1
        self._seen_person = False

    def estimate(self, frame: Frame, region: tuple[int, int] | None = None) -> PoseFrame:
        """Pose in ``frame``; ``PoseFrame.missing`` when nobody is detected.

        ``region``: columns ``[x0, x1)`` to look at (the rest of the picture is not seen);
        the pose is still in whole-picture pixels, the mask whole-picture sized.
        """
        height, width = frame.image.shape[:2]
        x0, x1 = region if region is not None else (0, width)
        seen = frame.image if (x0, x1) == (0, width) else frame.image[:, x0:x1]
        scaled = self.input_width is not None and seen.shape[1] > self.input_width
        if frame.prepared is not None and seen is frame.image and not scaled:
            image = frame.prepared  # made on the decoding thread: model_input(frame.image)
        else:
            if scaled and self.input_width is not None:
                rows = max(1, round(seen.shape[0] * self.input_width / seen.shape[1]))
                seen = np.asarray(cv2.resize(seen, (self.input_width, rows), interpolation=cv2.INTER_AREA), np.uint8)
            image = model_input(seen)
        # VIDEO mode needs strictly increasing integer milliseconds.
        ts_ms = max(round(frame.t * 1000.0), self._last_ms + 1)
        self._last_ms = ts_ms
        landmarker = self._landmarker
        if landmarker is None:
            raise RuntimeError("the pose estimator was closed")
        if self._seen_person:
            result = landmarker.detect_for_video(image, ts_ms)
        else:  # the first landmark inference logs C++ warnings meant for MediaPipe developers
            with quiet_native_stderr():
                result = landmarker.detect_for_video(image, ts_ms)
            self._seen_person = bool(result.pose_landmarks)
        return to_pose_frame(result, frame.index, frame.t, (width, height), with_mask=self.with_mask, columns=(x0, x1))

    def notes(self) -> list[str]:
        """Nothing to say: this estimator does not choose between people."""
        return []

    def close(self) -> None:
        """Free the model (again: nothing)."""
        if self._landmarker is not None:
            self._landmarker.close()
            self._landmarker = None

    def __enter__(self) -> MediaPipePoseEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def model_input(picture: npt.NDArray[np.uint8]) -> Any:
    """The model's input for a BGR ``(H, W, 3)`` picture: an RGB ``mediapipe.Image`` (a copy)."""
    mp = pose_tasks()[0]
    rgb = cv2.cvtColor(picture, cv2.COLOR_BGR2RGB)  # ~10x faster than a numpy channel flip
    return mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)


def _largest(poses: list[Any]) -> int:
    """Index of the pose with the largest landmark bounding box (the person nearest the camera)."""
    areas = []
    for lms in poses:
        xs = [p.x for p in lms]
        ys = [p.y for p in lms]
        areas.append((max(xs) - min(xs)) * (max(ys) - min(ys)))
    return int(np.argmax(areas))


def to_pose_frame(
    result: Any,
    index: int,
    t: float,
    image_size: tuple[int, int],
    *,
    with_mask: bool = False,
    columns: tuple[int, int] | None = None,
) -> PoseFrame:
    """Convert a ``PoseLandmarkerResult`` to whole-picture pixels (rounded to recording precision).

    ``columns``: the ``[x0, x1)`` part of the picture the result was estimated on.
    """
    poses = result.pose_landmarks or []
    if not poses:
        return PoseFrame.missing(index, t, image_size)
    k = _largest(poses)
    width, height = image_size
    x0, x1 = columns if columns is not None else (0, width)
    raw = np.array([[p.x * (x1 - x0) + x0, p.y * height, p.visibility or 0.0] for p in poses[k]], dtype=np.float64)
    if raw.shape[0] != NUM_LANDMARKS:
        return PoseFrame.missing(index, t, image_size)
    world = None
    if result.pose_world_landmarks and len(result.pose_world_landmarks) > k:
        world = np.round(
            np.array([[p.x, p.y, p.z] for p in result.pose_world_landmarks[k]], dtype=np.float64), WORLD_DECIMALS
        ).astype(np.float64)
    mask = None
    if with_mask and result.segmentation_masks and len(result.segmentation_masks) > k:
        mask = _whole_picture_mask(result.segmentation_masks[k], image_size, x0, x1)
    pose = PoseFrame(
        index=index,
        t=t,
        xy=np.round(raw[:, :2], XY_DECIMALS).astype(np.float64),
        visibility=np.round(np.clip(raw[:, 2], 0.0, 1.0), VIS_DECIMALS).astype(np.float64),
        image_size=image_size,
        world=world,
        num_people=len(poses),
    )
    return pose if mask is None else replace(pose, mask=keep_near_person(mask, pose))


def _whole_picture_mask(mask: Any, image_size: tuple[int, int], x0: int, x1: int) -> npt.NDArray[np.float32]:
    """MediaPipe's ``(h, w, 1)`` mask of the columns ``[x0, x1)`` seen, as ``(H, W)`` of the picture (0 elsewhere).

    A mask of a scaled-down picture is scaled back up to the columns it covers.

    When the whole picture was seen this is a view of MediaPipe's buffer, valid until the next
    inference: :func:`~formcheck.pose.masks.keep_near_person` copies what is kept.
    """
    view = np.asarray(mask.numpy_view(), dtype=np.float32)
    rows, cols = int(view.shape[0]), int(view.shape[1])
    part = view.reshape(rows, cols)
    width, height = image_size
    if (rows, cols) != (height, x1 - x0):  # estimated on a scaled-down picture: back to the picture's size
        rows, cols = height, x1 - x0
        part = np.asarray(cv2.resize(part, (cols, rows), interpolation=cv2.INTER_LINEAR), dtype=np.float32)
    if (rows, cols) == (height, width):
        return part
    whole = np.zeros((height, width), dtype=np.float32)
    whole[:, x0 : x0 + cols] = part
    return whole
