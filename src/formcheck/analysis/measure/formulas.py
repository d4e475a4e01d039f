"""The geometry of one frame, as the metric table reads it: :class:`MeasureFrame` and the formulas on it.

Every formula takes a :class:`MeasureFrame` (and, for a per-leg metric, the leg's
:class:`~formcheck.core.landmarks.Side`) and returns one number: degrees, ratios of a body
length, or a 0/1 flag; NaN when what it needs was not seen. Angles are measured in the virtual
side view built from the world landmarks when the frame has them (millimetres, y down), in
image pixels otherwise; image-only values (the hip's horizontal position, the arms above the
picture) always in pixels. Conventions: y is up in every value; ``front`` is the side the
person's front faces in the upright frame (+1 image right, -1 left, NaN unknown).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from functools import cached_property

import numpy as np

from formcheck.analysis.measure.tracker import BodyFrame, nanmean2
from formcheck.core import geometry as geo
from formcheck.core.landmarks import Lm, Side, side_lm
from formcheck.core.types import FloatArray

MAX_OFF_SIDE_DEG = 45.0
"""Farther than this from side-on (``camera_off_side_deg``), the body-line bend (sag, pike) rests
on the model's depth guess: in a plank filmed about 62 deg off side-on (a front-oblique
close-up) a good plank reads 10-25 deg of sag. Those frames are not judged for it."""


class MeasureFrame:
    """One frame's points and references, and the values several metrics share (computed once).

    Args:
        body: the tracked body.
        front: +1 / -1 / NaN (see the module docstring), from the body's own facing or from the
            exercise's start position.
        flexion_3d: hip flexion in 3D from the world landmarks (the body's own facing), rather
            than in the virtual side view (facing from a start position: lying, plank).
        back: the lower-back and pelvis readings of this frame
            (:mod:`formcheck.analysis.measure.lumbopelvic`), None when they are not measured.

    """

    def __init__(self, body: BodyFrame, *, front: float, flexion_3d: bool, back: Mapping[str, float] | None) -> None:
        self.body, self.front, self.flexion_3d, self.back = body, front, flexion_3d, back
        self.xy = body.measure_xy
        self.mid_shoulder = nanmean2(self.xy[Lm.LEFT_SHOULDER], self.xy[Lm.RIGHT_SHOULDER])
        self.mid_hip = nanmean2(self.xy[Lm.LEFT_HIP], self.xy[Lm.RIGHT_HIP])
        self._memo: dict[tuple[Callable[[MeasureFrame, Side], float], Side], float] = {}

    def point(self, side: Side, part: str) -> FloatArray:
        """``(2,)`` position of one side's landmark (``part`` as in ``side_lm``), in measurement units."""
        return np.asarray(self.xy[int(side_lm(side, part))], dtype=np.float64)

    @property
    def body_line_judged(self) -> bool:
        """The camera is near enough to side-on for the body-line bend to be measured."""
        return not self.body.off_side_deg > MAX_OFF_SIDE_DEG

    @cached_property
    def orientation(self) -> dict[str, float]:
        """The facing-independent position values (:func:`orientation_values`)."""
        return orientation_values(self.xy, self.mid_shoulder, self.mid_hip)

    @cached_property
    def picture(self) -> dict[str, float]:
        """The values only the picture gives (:func:`picture_values`)."""
        return picture_values(self.body)

    @cached_property
    def flexion_2d(self) -> dict[Side, float]:
        """Signed hip flexion of each leg in the measurement plane, deg (flexion +, extension -)."""
        out = {}
        for side in Side:
            hip, knee = self.point(side, "hip"), self.point(side, "knee")
            trunk_top = hip + (self.mid_shoulder - self.mid_hip)
            out[side] = float(geo.signed_flexion(trunk_top, hip, knee, self.front))
        return out

    def once(self, formula: Callable[[MeasureFrame, Side], float], side: Side) -> float:
        """``formula(self, side)``, computed once per frame (several metrics derive from one: sag and pike)."""
        key = (formula, side)
        if key not in self._memo:
            self._memo[key] = formula(self, side)
        return self._memo[key]

    def reading(self, key: str) -> float:
        """A lower-back/pelvis reading of this frame (NaN when not measured)."""
        return self.back.get(key, math.nan) if self.back is not None else math.nan


def trunk_lean(f: MeasureFrame) -> float:
    """Trunk line (mid-hip to mid-shoulder) against the vertical, deg; + leaning back."""
    return float(geo.lean_from_vertical(f.mid_hip, f.mid_shoulder, f.front))


def thigh_elevation(f: MeasureFrame, side: Side) -> float:
    """Thigh (hip to knee) against the horizontal, deg; + knee above the hip."""
    return float(geo.elevation(f.point(side, "hip"), f.point(side, "knee")))


def knee_height(f: MeasureFrame, side: Side) -> float:
    """Knee height above the hip, in thigh lengths."""
    return float(geo.height_above(f.point(side, "knee"), f.point(side, "hip"), f.body.scale))


def hip_flexion(f: MeasureFrame, side: Side) -> float:
    """Angle between the trunk line and the thigh, deg; 0 in line, 90 at a right angle, - extended.

    In 3D from the world landmarks when ``f.flexion_3d`` (the size; the sign from the side
    view), else in the measurement plane.
    """
    flat = f.flexion_2d[side]
    world = f.body.world
    if not f.flexion_3d or world is None:
        return flat
    mid_sh = (world[int(Lm.LEFT_SHOULDER)] + world[int(Lm.RIGHT_SHOULDER)]) / 2.0
    mid_hip = (world[int(Lm.LEFT_HIP)] + world[int(Lm.RIGHT_HIP)]) / 2.0
    hip, knee = world[int(side_lm(side, "hip"))], world[int(side_lm(side, "knee"))]
    size = 180.0 - float(geo.joint_angle(hip + (mid_sh - mid_hip), hip, knee))
    return size if not flat < 0 else -size


def knee_angle(f: MeasureFrame, side: Side) -> float:
    """Hip-knee-ankle angle, deg (180 = straight); in 3D from the world landmarks when the frame has them."""
    world = f.body.world
    if world is not None:
        parts = (world[int(side_lm(side, p))] for p in ("hip", "knee", "ankle"))
        return float(geo.joint_angle(*parts))
    return float(geo.joint_angle(f.point(side, "hip"), f.point(side, "knee"), f.point(side, "ankle")))


def ankle_height(f: MeasureFrame, side: Side) -> float:
    """Height of the ankle above the other ankle, in thigh lengths."""
    return float(geo.height_above(f.point(side, "ankle"), f.point(side.other, "ankle"), f.body.scale))


def ankle_below_hip(f: MeasureFrame, side: Side) -> float:
    """The hip's height above this ankle, in thigh lengths."""
    return float(geo.height_above(f.point(side, "hip"), f.point(side, "ankle"), f.body.scale))


def hip_line(f: MeasureFrame, side: Side) -> float:
    """Bend of this side's shoulder-hip-ankle line (:func:`hip_line_deviation`); NaN far off side-on."""
    if not f.body_line_judged:
        return math.nan
    return hip_line_deviation(f.point(side, "shoulder"), f.point(side, "hip"), f.point(side, "ankle"))


def hip_line_deviation(shoulder: FloatArray, hip: FloatArray, ankle: FloatArray) -> float:
    """Bend of the shoulder-hip-ankle line at the hip, degrees; + hip above the line (pike), - below (sag).

    0 for a straight body line (plank). The sign uses gravity (y-up), not the facing
    direction, so it means the same for a person lying, in a plank or bridging. NaN when the
    shoulder-ankle line is closer to vertical than horizontal (standing: not meaningful).
    """
    if not (np.isfinite(shoulder).all() and np.isfinite(hip).all() and np.isfinite(ankle).all()):
        return float("nan")
    s, h, a = geo.to_y_up(shoulder), geo.to_y_up(hip), geo.to_y_up(ankle)
    dx = a[0] - s[0]
    if abs(dx) < abs(a[1] - s[1]) or dx == 0:
        return float("nan")
    line_y = s[1] + (a[1] - s[1]) * (h[0] - s[0]) / dx
    bend = 180.0 - float(geo.joint_angle(shoulder, hip, ankle))
    return bend if h[1] >= line_y else -bend


def orientation_values(xy: FloatArray, mid_sh: FloatArray, mid_hip: FloatArray) -> dict[str, float]:
    """Facing-independent values for lying, plank, hanging and kneeling positions (see the metric table)."""
    torso = float(geo.segment_length(mid_hip, mid_sh))
    if not np.isfinite(torso) or torso <= 0:
        torso = float("nan")
    incline = abs(float(geo.elevation(mid_hip, mid_sh)))
    wrists = np.array([xy[Lm.LEFT_WRIST, 1], xy[Lm.RIGHT_WRIST, 1]])
    support = np.array([xy[Lm.LEFT_ELBOW, 1], xy[Lm.RIGHT_ELBOW, 1], *wrists])
    ears = nanmean2(xy[Lm.LEFT_EAR], xy[Lm.RIGHT_EAR])
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN -> NaN, as intended
        top_wrist = float(np.nanmin(wrists))
        top_elbow = float(np.nanmin([xy[Lm.LEFT_ELBOW, 1], xy[Lm.RIGHT_ELBOW, 1]]))
        low_support = float(np.nanmax(support))
        return {
            "trunk_incline_deg": incline,
            "shoulder_above_hip_ratio": float((mid_hip[1] - mid_sh[1]) / torso),
            "wrist_above_shoulder_ratio": float((mid_sh[1] - top_wrist) / torso),
            "elbow_above_shoulder_ratio": float((mid_sh[1] - top_elbow) / torso),
            "shoulder_above_support_ratio": float((low_support - mid_sh[1]) / torso),
            "nose_above_ears_ratio": float((ears[1] - xy[Lm.NOSE, 1]) / torso),
            "front_up_bend": front_up_bend(xy, mid_sh, mid_hip),
        }


BEND_MIN = 2.0 * math.cos(math.radians(75.0))
"""A joint bent by at least 30 deg (bisector of its two unit segments at least this long) says where the front
is; less bent, a hip's sag or a knee's small hyperextension could point the wrong way."""


def _bisector(a: FloatArray, joint: FloatArray, c: FloatArray) -> FloatArray:
    """Sum of the unit vectors from ``joint`` to ``a`` and to ``c``: points into the bend, length 2cos(angle/2)."""
    u, v = a - joint, c - joint
    nu, nv = float(np.linalg.norm(u)), float(np.linalg.norm(v))
    if not (nu > 0 and nv > 0):
        return np.full(2, np.nan)
    return np.asarray(u / nu + v / nv, dtype=np.float64)


def front_up_bend(xy: FloatArray, mid_sh: FloatArray, mid_hip: FloatArray) -> float:
    """How much the bends of the hips and knees say the body's front faces up (+) or down (-).

    Hips flex toward the front (the chest side) and knees bend toward the back (the heel to the
    seat), whatever the view or the head: the upward part of the hip's bend, minus that of the
    knee's, summed over the legs bent at least 30 deg (``BEND_MIN``); 0 when no joint is bent that
    much, NaN when no leg is seen. Lying on the back with the legs raised or the knees bent: +;
    a pike or a knee driven under a plank: -.
    """
    total, seen = 0.0, False
    for side in Side:
        hip, knee, ankle = (xy[int(side_lm(side, p))] for p in ("hip", "knee", "ankle"))
        bends = ((_bisector(hip + (mid_sh - mid_hip), hip, knee), 1.0), (_bisector(hip, knee, ankle), -1.0))
        for into_bend, sign in bends:
            if not np.isfinite(into_bend).all():
                continue
            seen = True
            if float(np.linalg.norm(into_bend)) >= BEND_MIN:
                total += sign * float(-into_bend[1])  # image y is down
    return total if seen else math.nan


def picture_values(body: BodyFrame) -> dict[str, float]:
    """Values only the picture itself gives (pixels, not the virtual side view; see the metric table)."""
    xy = body.xy
    mid_hip = nanmean2(xy[Lm.LEFT_HIP], xy[Lm.RIGHT_HIP])
    torso = body.torso_px if np.isfinite(body.torso_px) and body.torso_px > 0 else float("nan")
    above = False
    if body.pose is not None:
        arm_y = body.pose.xy[[int(Lm.LEFT_WRIST), int(Lm.RIGHT_WRIST), int(Lm.LEFT_ELBOW), int(Lm.RIGHT_ELBOW)], 1]
        with np.errstate(invalid="ignore"):
            above = bool(np.any(arm_y < 0))
    return {
        "hip_x_ratio": float(mid_hip[0] / torso),
        "hip_width_ratio": float(np.linalg.norm(xy[Lm.LEFT_HIP] - xy[Lm.RIGHT_HIP]) / torso),
        "arms_above_frame": 1.0 if above else 0.0,
    }
