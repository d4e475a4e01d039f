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
from formcheck.analysis.measure.tracker import BodyTracker
from formcheck.analysis.positions.front import FaceUpDown, Facing
from formcheck.analysis.positions.postures import FACE_RATIO, Posture, classify
from formcheck.core.types import FloatArray, PoseFrame

LEG_KEYS = ("thigh_elevation_deg", "hip_flexion_deg", "knee_angle_deg", "body_fold_deg")
"""Per-leg metrics kept (``<key>.left`` / ``<key>.right``)."""
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


def trace(poses: Iterable[PoseFrame]) -> Trace:
    """Measure every pose (in time order)."""
    tracker, facing, face_up = BodyTracker(), Facing(), FaceUpDown(FACE_RATIO)
    times: list[float] = []
    postures: list[Posture | None] = []
    rows: list[list[float]] = []
    for pose in poses:
        body = tracker.update(pose)
        times.append(body.t)
        if not body.detected:
            postures.append(None)
            rows.append([math.nan] * len(KEYS))
            continue
        frame = MeasureFrame(body, front=math.nan, flexion_3d=True, back=None)
        m = measure(frame, "body")
        m["face_up_vote"] = face_up.update(m)
        posture = classify(m, body.measure_xy)
        postures.append(posture)
        own_facing = posture in OWN_FACING
        frame.flexion_3d = own_facing
        frame.front = facing.front(None if own_facing else posture, body, frame.mid_shoulder, frame.mid_hip)
        m.update(measure(frame, "front"))
        rows.append([m.get(k, math.nan) for k in KEYS])
    table = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(KEYS))
    return Trace(np.asarray(times, dtype=np.float64), tuple(postures), {k: table[:, i] for i, k in enumerate(KEYS)})
