"""Re-film a real recording from another camera angle: rotate its world landmarks, project them to a picture.

A recording made by MediaPipe holds, per frame, the world landmarks (metres, origin between
the hips, camera axes: x right, y down, z away from the camera) and the pixels. To see the
same movement from a camera turned ``yaw_deg`` about the vertical (an oblique view, or from
the feet) and tilted ``tilt_deg`` down, :func:`refilm`:

1. places each frame's skeleton in the original camera's space: the hip centre on the ray
   through its pixel position at ``distance_m`` (so the body's travel across the picture is
   kept), plus the world offsets;
2. turns the whole scene about a vertical axis through the mean hip position (the camera
   walking around the person) and tilts it;
3. projects with a pinhole camera, then scales and shifts all frames alike so the whole
   movement fits the picture with a margin (a change of lens and framing, the same for
   every frame).

The new frames carry the rotated world landmarks (what MediaPipe would report from there)
and the original visibilities. Pure numpy; used by the view tests.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from formcheck.core.landmarks import Lm
from formcheck.core.types import FloatArray, PoseFrame

DISTANCE_M = 3.0
"""Camera-to-hips distance assumed for the original recording."""
MARGIN = 0.06
"""Fraction of the picture kept free around the re-filmed movement."""


def rotation(yaw_deg: float, tilt_deg: float) -> FloatArray:
    """``(3, 3)`` rotation: turn ``yaw_deg`` about the vertical (y), then tilt ``tilt_deg`` (camera looking down)."""
    a, b = math.radians(yaw_deg), math.radians(tilt_deg)
    yaw = np.array([[math.cos(a), 0.0, math.sin(a)], [0.0, 1.0, 0.0], [-math.sin(a), 0.0, math.cos(a)]])
    # a camera pitched down by b sees the scene rotated up about its x axis
    tilt = np.array([[1.0, 0.0, 0.0], [0.0, math.cos(b), -math.sin(b)], [0.0, math.sin(b), math.cos(b)]])
    return np.asarray(tilt @ yaw, dtype=np.float64)


def _hip_centre_px(pose: PoseFrame) -> FloatArray:
    return np.asarray((pose.xy[int(Lm.LEFT_HIP)] + pose.xy[int(Lm.RIGHT_HIP)]) / 2.0, dtype=np.float64)


def refilm(
    frames: Sequence[PoseFrame], *, yaw_deg: float, tilt_deg: float = 0.0, distance_m: float = DISTANCE_M
) -> list[PoseFrame]:
    """The recording as seen from the turned camera (frames without world landmarks are kept as not detected)."""
    if not frames:
        return []
    w, h = frames[0].image_size
    focal = float(max(w, h))  # about a 53-65 deg field of view
    centre = np.array([w / 2.0, h / 2.0])
    scene: list[FloatArray | None] = []
    for pose in frames:
        if not pose.detected or pose.world is None or not np.isfinite(_hip_centre_px(pose)).all():
            scene.append(None)
            continue
        ray = np.append((_hip_centre_px(pose) - centre) / focal, 1.0)
        scene.append(ray * distance_m + pose.world)
    placed = [s for s in scene if s is not None]
    if not placed:
        return [PoseFrame.missing(p.index, p.t, p.image_size) for p in frames]
    pivot = np.mean([s[[int(Lm.LEFT_HIP), int(Lm.RIGHT_HIP)]].mean(axis=0) for s in placed], axis=0)
    rot = rotation(yaw_deg, tilt_deg)
    projected: list[FloatArray | None] = []
    for s in scene:
        if s is None:
            projected.append(None)
            continue
        cam = (s - pivot) @ rot.T + np.array([0.0, 0.0, distance_m])
        projected.append(cam[:, :2] / cam[:, 2:3] * focal)
    fit = _fit([p for p in projected if p is not None], (w, h))
    out = []
    for pose, xy in zip(frames, projected, strict=True):
        if xy is None or pose.world is None:
            out.append(PoseFrame.missing(pose.index, pose.t, pose.image_size))
            continue
        out.append(
            PoseFrame(
                index=pose.index,
                t=pose.t,
                xy=fit(xy),
                visibility=pose.visibility.copy(),
                image_size=pose.image_size,
                world=pose.world @ rot.T,
                num_people=pose.num_people,
            )
        )
    return out


def _fit(points: Sequence[FloatArray], size: tuple[int, int]) -> Callable[[FloatArray], FloatArray]:
    """Uniform scale and shift that puts every projected point inside the picture with ``MARGIN``."""
    w, h = size
    allp = np.concatenate(points)
    lo, hi = np.nanmin(allp, axis=0), np.nanmax(allp, axis=0)
    span = np.maximum(hi - lo, 1e-6)
    scale = float(min(w * (1 - 2 * MARGIN) / span[0], h * (1 - 2 * MARGIN) / span[1]))
    offset = np.array([w / 2.0, h / 2.0]) - scale * (lo + hi) / 2.0

    def apply(xy: FloatArray) -> FloatArray:
        return np.asarray(xy * scale + offset, dtype=np.float64)

    return apply
