"""Every frame measured with no exercise in mind: the position and the angles recognition reads.

The body is followed and measured by the metric table as for any exercise, with hip flexion in
3D from the world landmarks (no start position says which way the person faces) and the
position told from invariants (:func:`~formcheck.analysis.positions.postures.classify`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from formcheck.analysis.measure.formulas import MeasureFrame
from formcheck.analysis.measure.table import measure
from formcheck.analysis.measure.tracker import BodyFrame, BodyTracker
from formcheck.analysis.positions.front import FaceUpDown, Facing
from formcheck.analysis.positions.postures import FACE_RATIO, Posture, classify
from formcheck.core.types import FloatArray, PoseFrame

LEG_KEYS = ("thigh_elevation_deg", "hip_flexion_deg", "knee_angle_deg", "body_fold_deg")
"""Per-leg metrics recognition reads (``<key>.left`` / ``<key>.right``); every other per-leg metric is kept too."""
BODY_KEYS = ("trunk_incline_deg", "wrist_above_shoulder_ratio")
"""Whole-body metrics kept."""
OWN_FACING = (None, Posture.STANDING, Posture.ONE_LEG_STAND)
"""Positions measured as an exercise without a start position is (hip flexion in 3D, the body's own facing);
the others as the exercises that start in them (in the side view, facing from the position)."""
KEYS = tuple(f"{k}.{leg}" for k in LEG_KEYS for leg in ("left", "right")) + BODY_KEYS


@dataclass(frozen=True)
class Trace:
    """The frames of an input, measured.

    Attributes:
        t: ``(n,)`` seconds.
        posture: ``n`` positions (None: not recognised or nobody seen).
        values: metric key -> ``(n,)`` values (NaN where not measured), keys :data:`KEYS`.

    """

    t: FloatArray
    posture: tuple[Posture | None, ...]
    values: dict[str, FloatArray]

    def __len__(self) -> int:
        return len(self.t)

    def span(self, start: int, end: int) -> Trace:
        """Frames ``start:end``."""
        return Trace(self.t[start:end], self.posture[start:end], {k: v[start:end] for k, v in self.values.items()})

    def leg(self, key: str, leg: str) -> FloatArray:
        """``(n,)`` values of a per-leg metric for ``leg`` (``left`` or ``right``); NaN when not kept."""
        found = self.values.get(f"{key}.{leg}")
        return found if found is not None else np.full(len(self.t), np.nan)


class Tracer:
    """Measures poses one at a time (a live session); :meth:`trace` is everything so far.

    Every per-leg metric of the table is kept (a user's exercise may count on any of them), with
    the whole-body metrics of :data:`BODY_KEYS`.
    """

    def __init__(self) -> None:
        self.tracker, self.facing, self.face_up = BodyTracker(), Facing(), FaceUpDown(FACE_RATIO)
        self.times: list[float] = []
        self.postures: list[Posture | None] = []
        self.columns: dict[str, list[float]] = {k: [] for k in KEYS}

    def add(self, pose: PoseFrame) -> BodyFrame:
        """Measure one pose (in time order); the body as followed."""
        body = self.tracker.update(pose)
        self.times.append(body.t)
        m: dict[str, float] = {}
        posture: Posture | None = None
        if body.detected:
            frame = MeasureFrame(body, front=math.nan, flexion_3d=True, back=None)
            m = measure(frame, "body")
            m["face_up_vote"] = self.face_up.update(m)
            posture = classify(m, body.measure_xy)
            own_facing = posture in OWN_FACING
            frame.flexion_3d = own_facing
            frame.front = self.facing.front(None if own_facing else posture, body, frame.mid_shoulder, frame.mid_hip)
            m.update(measure(frame, "front"))
        self.postures.append(posture)
        n = len(self.times)
        for key, value in m.items():
            if key in self.columns or key.endswith((".left", ".right")):
                column = self.columns.setdefault(key, [math.nan] * (n - 1))
                column.append(value)
        for column in self.columns.values():
            if len(column) < n:
                column.append(math.nan)
        return body

    def trace(self) -> Trace:
        """The frames measured so far."""
        values = {k: np.asarray(v, dtype=np.float64) for k, v in self.columns.items()}
        return Trace(np.asarray(self.times, dtype=np.float64), tuple(self.postures), values)


def trace(poses: Iterable[PoseFrame]) -> Trace:
    """Measure every pose (in time order)."""
    tracer = Tracer()
    for pose in poses:
        tracer.add(pose)
    return tracer.trace()
