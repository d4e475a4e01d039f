"""Seeded synthetic landmark sequences of a person standing side-on and lifting knees.

Stick-figure kinematics in pixels (image axes, y down) with known reps, so analyzer tests
know the answer. The person faces +x unless ``facing=-1``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from formcheck.core.landmarks import Lm, Side, side_lm
from formcheck.core.types import PoseFrame

IMAGE = (1280, 720)
HIP = np.array([640.0, 380.0])
TORSO, THIGH, SHANK, FOOT = 180.0, 150.0, 140.0, 30.0


@dataclass(frozen=True)
class Lift:
    """One knee lift: which leg, how high (thigh elevation, deg), tempo (s), trunk lean back (deg)."""

    leg: Side = Side.RIGHT
    peak_deg: float = 30.0
    lift_s: float = 0.6
    hold_s: float = 2.5
    lower_s: float = 1.0
    lean_back_deg: float = 0.0


def _profile(t: float, lift: Lift, rest_deg: float = -88.0) -> tuple[float, float]:
    """(thigh elevation, trunk lean back) at time ``t`` from the lift's start; smooth ramps."""
    def ease(x: float) -> float:
        return 0.5 - 0.5 * math.cos(math.pi * min(max(x, 0.0), 1.0))

    if t < lift.lift_s:
        k = ease(t / lift.lift_s)
    elif t < lift.lift_s + lift.hold_s:
        k = 1.0
    else:
        k = 1.0 - ease((t - lift.lift_s - lift.hold_s) / lift.lower_s)
    return rest_deg + k * (lift.peak_deg - rest_deg), k * lift.lean_back_deg


def _pose_xy(elev: dict[Side, float], lean_back_deg: float, facing: int) -> np.ndarray:
    xy = np.zeros((33, 2))
    lean = math.radians(lean_back_deg)
    shoulder = HIP + np.array([-facing * TORSO * math.sin(lean), -TORSO * math.cos(lean)])
    for side, dz in ((Side.LEFT, 4.0), (Side.RIGHT, -4.0)):
        xy[side_lm(side, "hip")] = HIP + (dz, 0)
        xy[side_lm(side, "shoulder")] = shoulder + (dz, 0)
        xy[side_lm(side, "elbow")] = shoulder + (facing * 10 + dz, 100)
        xy[side_lm(side, "wrist")] = shoulder + (facing * 30 + dz, 180)
        for part in ("pinky", "index", "thumb"):
            xy[side_lm(side, part)] = shoulder + (facing * 35 + dz, 195)
        a = math.radians(elev[side])
        knee = HIP + np.array([facing * THIGH * math.cos(a), -THIGH * math.sin(a)])
        ankle = knee + np.array([0.0, SHANK])  # shank hangs vertical
        xy[side_lm(side, "knee")] = knee
        xy[side_lm(side, "ankle")] = ankle
        xy[side_lm(side, "heel")] = ankle + (-facing * 10, 8)
        xy[side_lm(side, "foot_index")] = ankle + (facing * FOOT, 8)
    head = shoulder + (facing * 5, -55)
    xy[Lm.NOSE] = head + (facing * 25, 0)
    for lm in (Lm.LEFT_EYE_INNER, Lm.LEFT_EYE, Lm.LEFT_EYE_OUTER, Lm.RIGHT_EYE_INNER, Lm.RIGHT_EYE, Lm.RIGHT_EYE_OUTER):
        xy[lm] = head + (facing * 18, -8)
    xy[Lm.LEFT_EAR] = xy[Lm.RIGHT_EAR] = head + (-facing * 5, -2)
    xy[Lm.MOUTH_LEFT] = xy[Lm.MOUTH_RIGHT] = head + (facing * 20, 10)
    return xy


def knee_raises(
    lifts: list[Lift], *, fps: float = 30.0, seed: int = 0, lead_in_s: float = 1.0, gap_s: float = 1.0,
    noise_px: float = 1.0, facing: int = 1, crop_feet: tuple[float, float] | None = None,
    swap_legs: tuple[float, float] | None = None,
) -> list[PoseFrame]:
    """Frames of a standing person doing ``lifts`` one after another.

    Args:
        lifts: the reps, in order; each starts ``gap_s`` after the previous one ends.
        fps: frame rate (float).
        seed: noise seed.
        lead_in_s: standing still before the first lift.
        noise_px: gaussian landmark noise (pixels).
        facing: +1 faces image right, -1 faces left.
        crop_feet: (start_s, end_s) during which the feet are below the image (a close-up).
        swap_legs: (start_s, end_s) during which the left/right leg labels are exchanged,
            as MediaPipe sometimes does in side views.

    Returns:
        One PoseFrame per frame, with known reps.
    """
    rng = np.random.default_rng(seed)
    starts = []
    t0 = lead_in_s
    for lift in lifts:
        starts.append(t0)
        t0 += lift.lift_s + lift.hold_s + lift.lower_s + gap_s
    total = t0 + 0.5
    frames = []
    for i in range(int(total * fps)):
        t = round(i / fps, 6)
        elev = {Side.LEFT: -88.0, Side.RIGHT: -88.0}
        lean = 0.0
        for start, lift in zip(starts, lifts, strict=True):
            if start <= t <= start + lift.lift_s + lift.hold_s + lift.lower_s:
                elev[lift.leg], lean = _profile(t - start, lift)
        xy = _pose_xy(elev, lean, facing) + rng.normal(0.0, noise_px, (33, 2))
        if crop_feet and crop_feet[0] <= t <= crop_feet[1]:
            xy[:, 1] += 260.0  # camera tilted up: feet below the bottom edge
        if swap_legs and swap_legs[0] <= t <= swap_legs[1]:
            for part in ("knee", "ankle", "heel", "foot_index"):
                a, b = side_lm(Side.LEFT, part), side_lm(Side.RIGHT, part)
                xy[[a, b]] = xy[[b, a]]
        vis = np.full(33, 0.98)
        frames.append(PoseFrame(index=i, t=t, xy=xy, visibility=vis, image_size=IMAGE))
    return frames


def lift_windows(lifts: list[Lift], *, lead_in_s: float = 1.0, gap_s: float = 1.0) -> list[tuple[float, float]]:
    """(start, end) seconds of each lift, as generated by :func:`knee_raises`."""
    out = []
    t0 = lead_in_s
    for lift in lifts:
        end = t0 + lift.lift_s + lift.hold_s + lift.lower_s
        out.append((t0, end))
        t0 = end + gap_s
    return out
