"""A virtual side-on camera: world landmarks projected onto the person's own sagittal plane.

A 2D angle is only the true joint angle when the camera is side-on. MediaPipe also gives
*world* landmarks (metres, origin between the hips, axes of the camera: x right, y down,
z away from the camera). Projecting them onto the vertical plane that contains the
person's front-back axis gives the picture a camera exactly at the person's side would
take, whatever the real camera's angle about the vertical (oblique views, filmed from
the feet, from the front). Every side-view metric can then be computed on that picture.

Conventions of the output: ``(33, 2)`` millimetres, x along the person's horizontal
front-back axis (sign kept continuous from frame to frame, not tied to the facing), y
DOWN as in images, origin between the hips. Lengths are real lengths in the sagittal
plane, not pixels. What it cannot undo: a camera tilted up or down leans the world
"vertical" by the tilt angle (elevations against the horizontal are off by up to the
tilt; angles between body segments are not affected).
"""

from __future__ import annotations

import numpy as np

from formcheck.core.landmarks import Lm
from formcheck.core.types import FloatArray

MM_PER_M = 1000.0
MIN_AXIS_M = 0.05
"""A shoulder+hip width shorter than this (in the horizontal plane) gives no lateral axis
(a person lying on their side): the previous axis is kept."""


class SagittalProjector:
    """Turns world landmarks into the virtual side view, frame by frame (causal).

    The lateral axis is the person's left-right direction (hips and shoulders) in the
    horizontal plane, smoothed over frames (``smoothing`` = weight of the newest frame) so
    one noisy depth estimate does not turn the virtual camera.
    """

    def __init__(self, smoothing: float = 0.2) -> None:
        if not 0 < smoothing <= 1:
            raise ValueError("smoothing must be in (0, 1]")
        self.smoothing = smoothing
        self._lateral: FloatArray | None = None

    def reset(self) -> None:
        """Forget the axis (nobody in view)."""
        self._lateral = None

    def _measured_lateral(self, world: FloatArray) -> FloatArray | None:
        pairs = [(Lm.LEFT_HIP, Lm.RIGHT_HIP), (Lm.LEFT_SHOULDER, Lm.RIGHT_SHOULDER)]
        vecs = [world[int(a)] - world[int(b)] for a, b in pairs]
        vecs = [v for v in vecs if np.isfinite(v).all()]
        if not vecs:
            return None
        lat = np.sum(vecs, axis=0)
        lat[1] = 0.0  # horizontal plane (y is vertical)
        norm = float(np.linalg.norm(lat))
        if norm < MIN_AXIS_M * len(vecs):
            return None
        return np.asarray(lat / norm, dtype=np.float64)

    def lateral_axis(self, world: FloatArray) -> FloatArray | None:
        """Update and return the smoothed unit lateral axis ``(3,)`` (None until one is known)."""
        new = self._measured_lateral(world)
        if new is not None:
            if self._lateral is None:
                self._lateral = new
            else:
                if float(np.dot(new, self._lateral)) < 0:
                    new = -new  # keep the virtual camera on one side of the person
                mixed = (1 - self.smoothing) * self._lateral + self.smoothing * new
                self._lateral = mixed / float(np.linalg.norm(mixed))
        return self._lateral

    def off_side_deg(self) -> float:
        """Angle between the real camera and the virtual side-on one, degrees about the vertical.

        0 = the camera looks at the person's side, 90 = at their front or back; NaN before an
        axis is known. Depth (the model's least sure coordinate) carries more of the side view
        the larger this is.
        """
        if self._lateral is None:
            return float("nan")
        return float(np.degrees(np.arccos(np.clip(abs(self._lateral[2]), 0.0, 1.0))))

    def project(self, world: FloatArray) -> FloatArray | None:
        """``(33, 3)`` metres -> ``(33, 2)`` millimetres in the virtual side view, or None."""
        lateral = self.lateral_axis(world)
        if lateral is None:
            return None
        return project_sagittal(world, lateral)


def project_sagittal(world: FloatArray, lateral: FloatArray) -> FloatArray:
    """Project ``(N, 3)`` world metres onto the plane normal to ``lateral`` (horizontal unit ``(3,)``).

    Returns ``(N, 2)`` millimetres: x = front-back horizontal axis, y = world y (down).
    """
    up = np.array([0.0, -1.0, 0.0])
    forward = np.cross(lateral, up)
    forward /= float(np.linalg.norm(forward))
    x = world @ forward
    y = world[:, 1]
    return np.asarray(np.stack([x, y], axis=-1) * MM_PER_M, dtype=np.float64)
