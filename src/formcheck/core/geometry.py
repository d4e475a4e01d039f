"""Vectorised geometry on image pixels, the virtual side view (mm) or world points (3D).

Conventions (every analyzer relies on them):
- Inputs are pixel coordinates in image axes (x right, y DOWN), shape ``(..., 2)``.
  Functions here flip y internally so that "up" is positive (callers pass image coordinates).
- Angles are degrees. Joint angles are interior angles in [0, 180] (180 = straight).
- Signed inclinations are in (-180, 180], measured from the named axis, with the sign
  documented per function.
- NaN in gives NaN out; nothing treats 0 as missing.
"""

from __future__ import annotations

import numpy as np

from formcheck.core.types import FloatArray


def to_y_up(p: FloatArray) -> FloatArray:
    """Flip image y so that larger y is higher: ``(..., 2)`` -> ``(..., 2)``."""
    out = np.array(p, dtype=np.float64, copy=True)
    out[..., 1] = -out[..., 1]
    return out


def joint_angle(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    """Interior angle ABC in degrees, in [0, 180]; 180 = straight. Shapes ``(..., 2)`` -> ``(...)``."""
    u = np.asarray(a, dtype=np.float64) - b
    v = np.asarray(c, dtype=np.float64) - b
    dot = np.sum(u * v, axis=-1)
    norm = np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.clip(dot / norm, -1.0, 1.0)
    return np.asarray(np.degrees(np.arccos(cos)), dtype=np.float64)


def elevation(p_from: FloatArray, p_to: FloatArray) -> FloatArray:
    """Angle of segment ``p_from -> p_to`` above the horizontal, degrees in [-90, 90].

    Positive when ``p_to`` is higher than ``p_from`` (y-up); symmetric in x.
    Shapes ``(..., 2)`` -> ``(...)``.
    """
    d = to_y_up(np.asarray(p_to, dtype=np.float64) - p_from)
    dx = np.abs(d[..., 0])
    return np.asarray(np.degrees(np.arctan2(d[..., 1], dx)), dtype=np.float64)


def lean_from_vertical(p_low: FloatArray, p_high: FloatArray, forward_sign: float | FloatArray) -> FloatArray:
    """Signed angle of segment ``p_low -> p_high`` from the upward vertical, degrees.

    Positive when ``p_high`` is *behind* ``p_low`` (leaning back), negative when in front
    (leaning forward). "Front" is the direction the person faces: ``forward_sign`` is +1
    when they face +x (image right) and -1 when they face -x. Shapes ``(..., 2)`` -> ``(...)``.
    """
    d = to_y_up(np.asarray(p_high, dtype=np.float64) - p_low)
    backward = -d[..., 0] * np.asarray(forward_sign, dtype=np.float64)
    return np.asarray(np.degrees(np.arctan2(backward, d[..., 1])), dtype=np.float64)


def segment_length(a: FloatArray, b: FloatArray) -> FloatArray:
    """Euclidean length of ``a -> b`` in pixels. Shapes ``(..., 2)`` -> ``(...)``."""
    return np.asarray(np.linalg.norm(np.asarray(b, dtype=np.float64) - a, axis=-1), dtype=np.float64)


def height_above(a: FloatArray, b: FloatArray, scale: FloatArray | float) -> FloatArray:
    """(height of ``a`` above ``b``) / ``scale``, y-up sense: positive when ``a`` is higher."""
    dy = np.asarray(b, dtype=np.float64)[..., 1] - np.asarray(a, dtype=np.float64)[..., 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(dy / scale, dtype=np.float64)


def signed_flexion(
    proximal_to: FloatArray, joint: FloatArray, distal_to: FloatArray, forward_sign: float | FloatArray
) -> FloatArray:
    """Flexion of a joint in a side view, degrees in (-180, 180].

    0 when the distal segment continues the proximal one in a straight line (e.g. thigh in
    line with the trunk); positive when the distal segment swings forward (hip flexion,
    thigh toward the chest), negative when it swings back (hip extension).
    ``proximal_to`` is the far end of the proximal segment (shoulder for the hip),
    ``distal_to`` the far end of the distal one (knee). ``forward_sign`` is +1 when the
    person faces +x (image right), -1 when facing -x. Shapes ``(..., 2)`` -> ``(...)``.
    """
    u = -to_y_up(np.asarray(proximal_to, dtype=np.float64) - joint)  # straight-on direction
    v = to_y_up(np.asarray(distal_to, dtype=np.float64) - joint)
    cross = u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0]
    dot = np.sum(u * v, axis=-1)
    return np.asarray(np.degrees(np.arctan2(cross, dot)) * np.asarray(forward_sign), dtype=np.float64)
