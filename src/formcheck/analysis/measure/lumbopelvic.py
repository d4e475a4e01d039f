"""Lumbar curve and pelvic tilt from the body's outline (segmentation mask) and landmarks.

BlazePose has no spine or pelvis points, so this module measures what it can and says
what each number is:

* **contour** values come from the person-segmentation mask ``(H, W)`` in [0, 1]: the back
  edge is traced on scan lines perpendicular to the hip-shoulder chord; the lumbar curve
  depth is how far the edge dips in from the straight line joining its ends (sacral and
  thoracic), normalised by the chord (torso) length. For lying exercises the lift of the
  lower back off the floor is measured against the floor line, the lower hull of the
  body's bottom edge (the body's contact points).
* **landmark proxy** values come from landmarks only: side view, the trunk line's
  inclination change from neutral (pelvis and trunk rotate together when the lumbar
  curve is held); front view, the hip-to-hip line against the horizontal (hip drop).

Every value carries a confidence in [0, 1] and is NaN with a reason when the confidence is
below :attr:`LumbopelvicSettings.min_confidence`. Pure numpy: no cv2, no mediapipe.
Coordinates are image pixels, y down.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from formcheck.analysis.measure.back_contour import (
    BackContour,
    FloatArray,
    LumbopelvicSettings,
    floor_gap,
    trace_back,
)
from formcheck.analysis.measure.tracker import BodyFrame
from formcheck.core.landmarks import Lm, Side, side_lm
from formcheck.core.person_mask import Mask, PersonMask
from formcheck.core.types import PoseFrame

Posture = Literal["standing", "supine", "prone", "auto"]
Kind = Literal["contour", "landmark proxy"]

KINDS: dict[str, Kind] = {
    "lumbar_depth_pct": "contour",
    "lumbar_depth_change_pct": "contour",
    "lumbar_position_ratio": "contour",
    "lordosis_index": "contour",
    "lumbar_curve_deg": "contour",
    "lumbar_curve_change_deg": "contour",
    "floor_gap_pct": "contour",
    "pelvic_tilt_proxy_deg": "landmark proxy",
    "hip_drop_deg": "landmark proxy",
}
"""What each value is: a measurement of the back contour, or a landmark proxy."""

BACK_DESCRIPTIONS = {
    "lumbar_depth_pct": "Depth of the lower-back curve from the hip-shoulder chord, % of the chord (+ arched).",
    "lumbar_depth_change_pct": "Change of the lumbar depth from the person's own neutral, % of the chord.",
    "lumbar_position_ratio": "Where along the hip-shoulder chord the curve is deepest (0 hip, 1 shoulder).",
    "lordosis_index": "Flexicurve-style lordosis index: curve depth / curve length x 100.",
    "lumbar_curve_deg": "Angle of the lower-back curve from a cubic fit of the back edge, deg (+ concave).",
    "lumbar_curve_change_deg": "Change of the lumbar curve angle from the person's own neutral, deg.",
    "floor_gap_pct": "Lift of the lower back off the floor line (lying), % of the hip-shoulder chord.",
    "pelvic_tilt_proxy_deg": "Change of the trunk line's inclination from neutral, deg (side view; pelvis proxy).",
    "hip_drop_deg": "Hip-to-hip line against the horizontal, change from neutral, deg (front view).",
}
"""What each reading is, for the metric table."""

SERIES_KEYS = (*KINDS, "contour_confidence", "proxy_confidence")
"""Per-frame keys of :meth:`LumbopelvicFrame.metrics` (NaN when absent)."""


@dataclass(frozen=True)
class Reading:
    """One lumbopelvic value: what it is, how far it can be trusted, and why it is missing."""

    value: float
    kind: Kind
    confidence: float
    reason: str = ""


@dataclass(frozen=True)
class LumbopelvicFrame:
    """Per-frame lumbopelvic readings (name -> :class:`Reading`), see :data:`KINDS`."""

    t: float
    readings: dict[str, Reading] = field(default_factory=dict)
    has_mask: bool = False

    def metrics(self) -> dict[str, float]:
        """Flat values for series/reports: every key of :data:`SERIES_KEYS`, NaN when absent."""
        out = {k: (r.value if (r := self.readings.get(k)) is not None else math.nan) for k in KINDS}
        contour = [r.confidence for k, r in self.readings.items() if KINDS[k] == "contour"]
        proxy = [r.confidence for k, r in self.readings.items() if KINDS[k] == "landmark proxy"]
        out["contour_confidence"] = max(contour) if contour else math.nan
        out["proxy_confidence"] = max(proxy) if proxy else math.nan
        return out


def _wrap_deg(a: float) -> float:
    """Angle difference in (-180, 180] degrees."""
    return (a + 180.0) % 360.0 - 180.0 if math.isfinite(a) else a


def _vis(pose: PoseFrame, *lms: Lm) -> float:
    return float(min(pose.visibility[int(lm)] for lm in lms))


def near_side(pose: PoseFrame) -> Side:
    """The side whose shoulder and hip are the more visible: the back is traced along its chord."""
    score = {s: _vis(pose, side_lm(s, "shoulder"), side_lm(s, "hip")) for s in Side}
    return max(score, key=lambda s: score[s])


class LumbopelvicTracker:
    """Per-frame lumbopelvic readings with a neutral taken from the start of the set.

    ``posture`` says where the back is: "standing" (back opposite the facing direction),
    "supine" (lying on the back: floor gap measured) or "prone" (plank: back faces up).
    A new tracker per set starts a new neutral (the analyzers make one each).
    """

    def __init__(self, posture: Posture = "standing", settings: LumbopelvicSettings | None = None) -> None:
        self.posture: Posture = posture
        self.settings = settings or LumbopelvicSettings()
        self.frames_without_mask = 0
        self.frames_low_confidence = 0
        self.frames = 0
        self._in_start = True
        self.reset_neutral()

    def reset_neutral(self) -> None:
        """Forget the neutral; the next confident frames define it again."""
        self._neutral: dict[str, list[float]] = {"depth": [], "curve": [], "trunk": [], "hips": []}

    def _neutral_of(self, key: str, value: float) -> float:
        store = self._neutral[key]
        if len(store) < self.settings.neutral_frames and math.isfinite(value) and self._in_start:
            store.append(value)
        return float(np.median(store)) if store else math.nan

    def _back_dir(self, body: BodyFrame, hip: FloatArray, shoulder: FloatArray) -> FloatArray | None:
        if self.posture == "supine":
            return np.array([0.0, 1.0])
        if self.posture == "prone":
            return np.array([0.0, -1.0])
        if self.posture == "auto":  # back = side of the chord away from the nose
            nose = body.xy[Lm.NOSE]
            axis = shoulder - hip
            chord = float(np.hypot(*axis))
            if np.isfinite(nose).all() and chord > 0:
                normal = np.array([-axis[1], axis[0]]) / chord
                off = float((nose - shoulder) @ normal)
                if abs(off) > 0.05 * chord:
                    return np.asarray(-np.sign(off) * normal, dtype=np.float64)
        if body.forward_sign == 0:
            return None
        return np.array([-body.forward_sign, 0.0])

    def update(self, pose: PoseFrame, body: BodyFrame, *, in_start: bool = True) -> LumbopelvicFrame:
        """Readings of one frame; contour values only when ``pose.mask`` is present.

        ``in_start``: the body is in the exercise's start position; only such frames can
        define the neutral (e.g. a plank's neutral is not taken while standing up).
        """
        self.frames += 1
        self._in_start = in_start
        st = self.settings
        readings: dict[str, Reading] = {}
        has_mask = pose.mask is not None or pose.back_contours is not None
        if not has_mask:
            self.frames_without_mask += 1
        if not body.detected:
            return LumbopelvicFrame(body.t, readings, has_mask)
        width = body.shoulder_width_ratio
        side_view = (
            1.0 - float(np.clip((width - 0.25) / (st.side_max_width_ratio - 0.25 + 1e-9), 0, 1))
            if math.isfinite(width)
            else 0.0
        )
        front_view = (
            float(np.clip((width - 0.3) / (st.front_min_width_ratio - 0.3), 0, 1)) if math.isfinite(width) else 0.0
        )
        side = near_side(pose)
        sh_lm, hip_lm = side_lm(side, "shoulder"), side_lm(side, "hip")
        shoulder = np.asarray(pose.xy[sh_lm], dtype=np.float64)
        hip = np.asarray(pose.xy[hip_lm], dtype=np.float64)
        vis = _vis(pose, sh_lm, hip_lm)
        # Landmark proxy, side view: trunk inclination change from neutral.
        trunk_deg = math.degrees(math.atan2(shoulder[0] - hip[0], hip[1] - shoulder[1]))
        fwd = body.forward_sign or 1.0
        neutral_trunk = (
            self._neutral_of("trunk", trunk_deg * fwd)
            if side_view * vis >= st.min_confidence
            else (float(np.median(self._neutral["trunk"])) if self._neutral["trunk"] else math.nan)
        )
        conf = side_view * vis
        tilt = _wrap_deg(trunk_deg * fwd - neutral_trunk)
        readings["pelvic_tilt_proxy_deg"] = self._reading(tilt, "landmark proxy", conf, "not a side view")
        # Landmark proxy, front view: hip line against horizontal, change from neutral.
        lh, rh = pose.xy[Lm.LEFT_HIP], pose.xy[Lm.RIGHT_HIP]
        hips = math.degrees(math.atan2(float(lh[1] - rh[1]), abs(float(lh[0] - rh[0])) + 1e-9))
        conf_f = front_view * _vis(pose, Lm.LEFT_HIP, Lm.RIGHT_HIP)
        n_h = self._neutral_of("hips", hips) if conf_f >= st.min_confidence else math.nan
        readings["hip_drop_deg"] = self._reading(hips - n_h, "landmark proxy", conf_f, "not a front view")
        if has_mask:
            readings.update(self._contour(pose, hip, shoulder, body, side_view * vis))
        return LumbopelvicFrame(body.t, readings, has_mask)

    def _reading(self, value: float, kind: Kind, conf: float, why: str) -> Reading:
        if conf < self.settings.min_confidence:
            return Reading(math.nan, kind, conf, why + f" (confidence {conf:.2f})")
        if not math.isfinite(value):
            return Reading(math.nan, kind, conf, "neutral not set yet")
        return Reading(value, kind, conf)

    def _contour(
        self, pose: PoseFrame, hip: FloatArray, shoulder: FloatArray, body: BodyFrame, view_conf: float
    ) -> dict[str, Reading]:
        st = self.settings
        back = self._back_dir(body, hip, shoulder)
        out: dict[str, Reading] = {}
        if back is None or not (np.isfinite(hip).all() and np.isfinite(shoulder).all()):
            return {
                k: Reading(math.nan, "contour", 0.0, "facing direction or landmarks unknown")
                for k in ("lumbar_depth_pct", "lumbar_curve_deg")
            }
        c = self._trace(pose, hip, shoulder, back, body)
        if c is None:
            return out
        conf = c.quality * view_conf if self.posture == "standing" else c.quality * min(1.0, view_conf + 0.5)
        if conf < st.min_confidence:
            self.frames_low_confidence += 1
        depth_pct = c.depth_ratio * 100.0
        ok = conf >= st.min_confidence
        n_depth = self._neutral_of("depth", depth_pct) if ok else math.nan
        n_curve = self._neutral_of("curve", c.curve_deg) if ok else math.nan
        out["lumbar_depth_pct"] = self._reading(depth_pct, "contour", conf, "back contour unclear")
        out["lumbar_position_ratio"] = self._reading(c.position, "contour", conf, "back contour unclear")
        out["lordosis_index"] = self._reading(depth_pct, "contour", conf, "back contour unclear")
        out["lumbar_curve_deg"] = self._reading(c.curve_deg, "contour", conf, "back contour unclear")
        out["lumbar_depth_change_pct"] = self._reading(depth_pct - n_depth, "contour", conf, "back contour unclear")
        out["lumbar_curve_change_deg"] = self._reading(c.curve_deg - n_curve, "contour", conf, "back contour unclear")
        if self.posture == "supine":
            gap_px, frac = (
                pose.back_contours["floor"]
                if pose.mask is None and pose.back_contours is not None
                else floor_gap(_plane(pose.mask), hip, shoulder, st.lumbar_to, st.threshold)
            )
            gconf = frac * c.sharpness
            out["floor_gap_pct"] = self._reading(gap_px / c.chord_px * 100.0, "contour", gconf, "floor line unclear")
        return out

    def _trace(
        self, pose: PoseFrame, hip: FloatArray, shoulder: FloatArray, back: FloatArray, body: BodyFrame
    ) -> BackContour | None:
        """The back edge on the ``back`` side: traced on the mask, or as read before (``pose.back_contours``)."""
        if pose.mask is None and pose.back_contours is not None:
            return pose.back_contours.get(_direction_key(back))
        occluders = arm_points(body) if self.posture == "standing" else None
        return trace_back(_plane(pose.mask), hip, shoulder, back, self.settings, occluders=occluders)

    def warnings(self) -> list[str]:
        """Why lumbopelvic values are missing, for the report."""
        w = []
        if self.frames and self.frames_without_mask == self.frames:
            w.append(
                "lumbopelvic contour values absent: no segmentation mask (recordings do not store it; "
                "analyse the video to measure the back contour); landmark proxies only"
            )
        elif self.frames_low_confidence > 0.5 * max(self.frames - self.frames_without_mask, 1):
            w.append(
                f"back contour unclear in {self.frames_low_confidence} of {self.frames} frames "
                "(arms over the back, a non-side view, loose clothing or a busy background); "
                "those values are left out"
            )
        return w


BACK_DIRECTIONS: dict[str, tuple[tuple[float, float], bool]] = {
    "down": ((0.0, 1.0), False),
    "up": ((0.0, -1.0), False),
    "left": ((-1.0, 0.0), True),
    "right": ((1.0, 0.0), True),
}
"""Every way the back can face in the picture (lying on the back, a plank, standing facing right or left),
and whether the arms may cover it (standing)."""


def _direction_key(back: FloatArray) -> str:
    """The key of ``back`` in :data:`BACK_DIRECTIONS` ("" for another direction: nothing was read for it)."""
    return next((k for k, (d, _) in BACK_DIRECTIONS.items() if np.allclose(back, d)), "")


def _plane(mask: Mask | None) -> Mask:
    """The mask as ``(H, W)`` (MediaPipe gives ``(H, W, 1)``). Raises ValueError for any other shape."""
    if mask is None:
        raise ValueError("no segmentation mask")
    if isinstance(mask, PersonMask):
        return mask
    if mask.ndim == 3 and mask.shape[2] == 1:
        mask = mask[:, :, 0]
    if mask.ndim != 2:
        raise ValueError(f"segmentation mask must be (H, W), got shape {mask.shape}")
    return mask


def arm_points(body: BodyFrame) -> FloatArray:
    """``(4, 2)`` elbows and wrists, pixels: what may cover the back of a standing person."""
    return np.array([body.xy[side_lm(sd, p)] for sd in Side for p in ("elbow", "wrist")], dtype=np.float64)


def read_back_contours(pose: PoseFrame, body: BodyFrame, settings: LumbopelvicSettings | None = None) -> dict[str, Any]:
    """What :class:`LumbopelvicTracker` reads from ``pose.mask``, for every back direction: the mask can go.

    The back edge traced on each side of the near side's hip-shoulder chord (``down``, ``up``,
    ``left``, ``right``; None where not found) and the floor gap (``floor``: pixels, fraction of
    columns) of a person lying down. Empty when the pose has no mask or nobody is seen.
    """
    if pose.mask is None or not body.detected:
        return {}
    st = settings or LumbopelvicSettings()
    mask = _plane(pose.mask)
    near = near_side(pose)
    shoulder = np.asarray(pose.xy[side_lm(near, "shoulder")], dtype=np.float64)
    hip = np.asarray(pose.xy[side_lm(near, "hip")], dtype=np.float64)
    if not (np.isfinite(hip).all() and np.isfinite(shoulder).all()):
        return {}
    arms = arm_points(body)
    scans: dict[Any, Any] = {}  # two back directions on the same side of the chord scan the mask once
    out: dict[str, Any] = {
        key: trace_back(mask, hip, shoulder, np.array(d), st, occluders=arms if covered else None, scans=scans)
        for key, (d, covered) in BACK_DIRECTIONS.items()
    }
    out["floor"] = floor_gap(mask, hip, shoulder, st.lumbar_to, st.threshold)
    return out
