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
from typing import Literal

import numpy as np
import numpy.typing as npt

from formcheck.analysis.body import BodyFrame
from formcheck.core.landmarks import Lm, Side, side_lm
from formcheck.core.types import PoseFrame

FloatArray = npt.NDArray[np.float64]
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

SERIES_KEYS = (*KINDS, "contour_confidence", "proxy_confidence")
"""Per-frame keys of :meth:`LumbopelvicFrame.metrics` (NaN when absent)."""


@dataclass(frozen=True)
class LumbopelvicSettings:
    """Scan geometry and confidence limits (fractions of the hip-shoulder chord unless noted)."""

    scan_from: float = 0.05
    scan_to: float = 0.85
    scan_lines: int = 33
    scan_reach: float = 0.6
    lumbar_to: float = 0.6
    threshold: float = 0.5
    min_confidence: float = 0.4
    neutral_frames: int = 15
    side_max_width_ratio: float = 0.45
    front_min_width_ratio: float = 0.5


@dataclass(frozen=True)
class BackContour:
    """One frame's back-edge trace.

    Attributes:
        s: ``(n,)`` positions along the chord, 0 = hip, 1 = shoulder.
        offset_px: ``(n,)`` edge distance from the chord towards the back, pixels (NaN = not found).
        chord_px: hip-shoulder chord length, pixels.
        depth_ratio: signed lumbar depth / chord (+ = dips in, arched; - = bulges out, rounded).
        position: s of the deepest point.
        curve_deg: angle between the cubic fit's tangents at the lumbar range's ends (+ = concave).
        found_ratio: fraction of scan lines with an edge.
        sharpness: 1 for a hard mask edge, towards 0 as the edge blurs.
        smoothness: 1 for an edge that follows a smooth curve, towards 0 when noisy.

    """

    s: FloatArray
    offset_px: FloatArray
    chord_px: float
    depth_ratio: float
    position: float
    curve_deg: float
    found_ratio: float
    sharpness: float
    smoothness: float

    @property
    def quality(self) -> float:
        """Mask quality in [0, 1]: product of scan coverage, edge sharpness and smoothness."""
        return float(self.found_ratio * self.sharpness * self.smoothness)


def sample_bilinear(mask: npt.NDArray[np.floating], x: FloatArray, y: FloatArray) -> FloatArray:
    """Mask values at pixel positions ``x``, ``y`` (any equal shapes); 0 outside the image."""
    h, w = mask.shape
    inside = (x >= 0) & (x <= w - 1) & (y >= 0) & (y <= h - 1)
    xc, yc = np.clip(x, 0, w - 1), np.clip(y, 0, h - 1)
    x0, y0 = np.floor(xc).astype(int), np.floor(yc).astype(int)
    x1, y1 = np.minimum(x0 + 1, w - 1), np.minimum(y0 + 1, h - 1)
    fx, fy = xc - x0, yc - y0
    m = mask.astype(np.float64, copy=False)
    top = m[y0, x0] * (1 - fx) + m[y0, x1] * fx
    bot = m[y1, x0] * (1 - fx) + m[y1, x1] * fx
    return np.where(inside, top * (1 - fy) + bot * fy, 0.0)


def _crossing(d: FloatArray, v: FloatArray, level: float) -> float:
    """Outward distance where the profile ``v`` (starting inside) first falls below ``level``."""
    below = np.flatnonzero(v < level)
    if below.size == 0 or below[0] == 0:
        return math.nan
    i = int(below[0])
    v0, v1 = v[i - 1], v[i]
    return float(d[i - 1] + (v0 - level) / (v0 - v1) * (d[i] - d[i - 1]))


def _drop_occluded(
    offset: FloatArray,
    s: FloatArray,
    hip: FloatArray,
    u: FloatArray,
    n: FloatArray,
    chord: float,
    occluders: FloatArray | None,
) -> None:
    """Blank the scan lines passing within 0.12 chord of an elbow or wrist on the back side (in place)."""
    if occluders is None:
        return
    for q in occluders:
        if not np.isfinite(q).all():
            continue
        along, across = float((q - hip) @ u) / chord, float((q - hip) @ n) / chord
        if across > -0.1:
            offset[np.abs(s - along) < 0.12] = math.nan


def _edge_quality(offset: FloatArray, hi_edge: FloatArray, lo_edge: FloatArray, chord: float) -> tuple[float, float]:
    """(sharpness, smoothness) in (0, 1] of the traced edge: a blurred or ragged outline is less sure."""
    width = np.nanmedian(lo_edge - hi_edge) if np.isfinite(lo_edge - hi_edge).any() else chord
    sharpness = float(1.0 / (1.0 + max(float(width) - 1.0, 0.0) / (0.02 * chord)))
    # Edge noise: rms second difference / sqrt(6) estimates white noise (a smooth curve adds little).
    d2 = np.diff(offset, 2)
    d2 = d2[np.isfinite(d2)]
    noise = float(np.sqrt(np.mean(d2**2)) / math.sqrt(6.0)) / chord if d2.size else 1.0
    return sharpness, float(1.0 / (1.0 + noise / 0.01))


def _curve(
    s: FloatArray, offset: FloatArray, ok: npt.NDArray[np.bool_], chord: float, st: LumbopelvicSettings
) -> tuple[float, float, float]:
    """(lumbar depth / chord, its position along the chord, curve angle deg) of a traced edge."""
    coef = np.polyfit(s[ok], offset[ok], 3)
    # Baseline: the straight line joining the edge at the sacral and the thoracic end.
    ends = max(2, st.scan_lines // 10)
    padded = np.pad(np.interp(s, s[ok], offset[ok]), 1, mode="edge")
    fit = np.median(np.stack([padded[:-2], padded[1:-1], padded[2:]]), axis=0)  # 3-line median
    y0, y1 = float(np.mean(fit[:ends])), float(np.mean(fit[-ends:]))
    s0, s1 = float(np.mean(s[:ends])), float(np.mean(s[-ends:]))
    dip = y0 + (y1 - y0) * (s - s0) / (s1 - s0) - fit  # + where the edge comes in towards the chord (arched)
    k = int(np.argmax(np.abs(np.where(s <= st.lumbar_to, dip, 0.0))))
    deriv = np.polyder(coef)
    slope_lo = float(np.polyval(deriv, st.scan_from)) / chord
    slope_hi = float(np.polyval(deriv, st.lumbar_to)) / chord
    return float(dip[k]) / chord, float(s[k]), math.degrees(math.atan(slope_hi) - math.atan(slope_lo))


def trace_back(
    mask: npt.NDArray[np.floating],
    hip: FloatArray,
    shoulder: FloatArray,
    back_dir: FloatArray,
    settings: LumbopelvicSettings | None = None,
    occluders: FloatArray | None = None,
) -> BackContour | None:
    """Trace the back edge between ``hip`` and ``shoulder`` (pixels) on the ``back_dir`` side.

    ``back_dir`` is any image vector pointing from the body towards its back (e.g. ``(-1, 0)``
    for someone standing and facing image right). ``occluders`` ``(k, 2)`` are points (elbows,
    wrists) that may cover the back: scan lines passing within 0.12 chord of one on the back
    side are dropped. Returns None when the chord is degenerate.
    """
    st = settings or LumbopelvicSettings()
    axis = shoulder - hip
    chord = float(np.hypot(*axis))
    if not (math.isfinite(chord) and chord >= 8):
        return None
    u = axis / chord
    n = np.array([-u[1], u[0]])
    if float(n @ back_dir) < 0:
        n = -n
    s = np.linspace(st.scan_from, st.scan_to, st.scan_lines)
    d = np.arange(0.0, st.scan_reach * chord, 0.5)
    base = hip[None, :] + (s[:, None] * chord) * u[None, :]
    prof = sample_bilinear(mask, base[:, None, 0] + d[None, :] * n[0], base[:, None, 1] + d[None, :] * n[1])
    offset = np.array([_crossing(d, p, st.threshold) if p[0] >= st.threshold else math.nan for p in prof])
    hi_edge = np.array([_crossing(d, p, 0.8) if p[0] >= 0.8 else math.nan for p in prof])
    lo_edge = np.array([_crossing(d, p, 0.2) if p[0] >= 0.2 else math.nan for p in prof])
    _drop_occluded(offset, s, hip, u, n, chord, occluders)
    ok = np.isfinite(offset)
    if ok.sum() < 6:
        return BackContour(s, offset, chord, math.nan, math.nan, math.nan, float(ok.mean()), 0.0, 0.0)
    sharpness, smoothness = _edge_quality(offset, hi_edge, lo_edge, chord)
    depth, where, curve = _curve(s, offset, ok, chord, st)
    return BackContour(s, offset, chord, depth, where, curve, float(ok.mean()), sharpness, smoothness)


def bottom_edge(
    mask: npt.NDArray[np.floating], x_from: float, x_to: float, threshold: float = 0.5
) -> tuple[FloatArray, FloatArray]:
    """Lowest mask row (sub-pixel, y down) of each column in ``[x_from, x_to]``; NaN where empty."""
    h, w = mask.shape
    cols = np.arange(max(0, math.floor(x_from)), min(w - 1, math.ceil(x_to)) + 1)
    ys = np.full(cols.shape, np.nan)
    sub = mask[:, cols] >= threshold
    has = sub.any(axis=0)
    last = h - 1 - np.argmax(sub[::-1], axis=0)
    for j in np.flatnonzero(has):
        r = int(last[j])
        if r + 1 < h:
            v0, v1 = float(mask[r, cols[j]]), float(mask[r + 1, cols[j]])
            ys[j] = r + (v0 - threshold) / (v0 - v1) if v0 != v1 else r + 0.5
        else:
            ys[j] = r
    return cols.astype(np.float64), ys


def _upper_hull_y(x: FloatArray, y: FloatArray) -> FloatArray:
    """The hull under a y-down profile (largest y), evaluated at ``x``: the floor line touching its supports."""
    pts: list[tuple[float, float]] = []
    for xi, yi in zip(x.tolist(), y.tolist(), strict=True):
        while len(pts) >= 2:
            (xa, ya), (xb, yb) = pts[-2], pts[-1]
            # keep only turns that keep the hull below (larger y) the profile
            if (xb - xa) * (yi - ya) - (yb - ya) * (xi - xa) >= 0:
                pts.pop()
            else:
                break
        pts.append((xi, yi))
    hx, hy = np.array([p[0] for p in pts]), np.array([p[1] for p in pts])
    return np.asarray(np.interp(x, hx, hy), dtype=np.float64)


def floor_gap(
    mask: npt.NDArray[np.floating],
    hip: FloatArray,
    shoulder: FloatArray,
    lumbar_to: float = 0.6,
    threshold: float = 0.5,
) -> tuple[float, float]:
    """Largest lift of the lower back off the floor line, pixels, and the fraction of columns found.

    For a lying person: the floor line is the lower hull of the body's bottom edge between
    the shoulder and a little beyond the hip (the shoulder blades and the buttocks touch the
    floor); the gap is measured over the lumbar part of the hip-shoulder span.
    """
    span = float(shoulder[0] - hip[0])
    if not math.isfinite(span) or abs(span) < 8:
        return math.nan, 0.0
    x_a, x_b = sorted((hip[0] - 0.35 * span, shoulder[0] + 0.1 * span))
    x, y = bottom_edge(mask, x_a, x_b, threshold)
    ok = np.isfinite(y)
    if ok.sum() < 6:
        return math.nan, float(ok.mean()) if ok.size else 0.0
    floor = _upper_hull_y(x[ok], y[ok])
    gap = floor - y[ok]
    frac = (x[ok] - hip[0]) / span
    lumbar = (frac >= 0.0) & (frac <= lumbar_to)
    if not lumbar.any():
        return math.nan, float(ok.mean())
    return float(np.max(gap[lumbar])), float(ok.mean())


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

    def _near_side(self, pose: PoseFrame) -> Side:
        score = {s: _vis(pose, side_lm(s, "shoulder"), side_lm(s, "hip")) for s in Side}
        return max(score, key=lambda s: score[s])

    def update(self, pose: PoseFrame, body: BodyFrame, *, in_start: bool = True) -> LumbopelvicFrame:
        """Readings of one frame; contour values only when ``pose.mask`` is present.

        ``in_start``: the body is in the exercise's start position; only such frames can
        define the neutral (e.g. a plank's neutral is not taken while standing up).
        """
        self.frames += 1
        self._in_start = in_start
        st = self.settings
        readings: dict[str, Reading] = {}
        if pose.mask is None:
            self.frames_without_mask += 1
        if not body.detected:
            return LumbopelvicFrame(body.t, readings, pose.mask is not None)
        width = body.shoulder_width_ratio
        side_view = (
            1.0 - float(np.clip((width - 0.25) / (st.side_max_width_ratio - 0.25 + 1e-9), 0, 1))
            if math.isfinite(width)
            else 0.0
        )
        front_view = (
            float(np.clip((width - 0.3) / (st.front_min_width_ratio - 0.3), 0, 1)) if math.isfinite(width) else 0.0
        )
        side = self._near_side(pose)
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
        if pose.mask is not None:
            readings.update(self._contour(pose.mask, hip, shoulder, body, side_view * vis))
        return LumbopelvicFrame(body.t, readings, pose.mask is not None)

    def _reading(self, value: float, kind: Kind, conf: float, why: str) -> Reading:
        if conf < self.settings.min_confidence:
            return Reading(math.nan, kind, conf, why + f" (confidence {conf:.2f})")
        if not math.isfinite(value):
            return Reading(math.nan, kind, conf, "neutral not set yet")
        return Reading(value, kind, conf)

    def _contour(
        self, mask: npt.NDArray[np.floating], hip: FloatArray, shoulder: FloatArray, body: BodyFrame, view_conf: float
    ) -> dict[str, Reading]:
        st = self.settings
        if mask.ndim == 3 and mask.shape[2] == 1:  # MediaPipe gives (H, W, 1)
            mask = mask[:, :, 0]
        if mask.ndim != 2:
            raise ValueError(f"segmentation mask must be (H, W), got shape {mask.shape}")
        back = self._back_dir(body, hip, shoulder)
        out: dict[str, Reading] = {}
        if back is None or not (np.isfinite(hip).all() and np.isfinite(shoulder).all()):
            return {
                k: Reading(math.nan, "contour", 0.0, "facing direction or landmarks unknown")
                for k in ("lumbar_depth_pct", "lumbar_curve_deg")
            }
        arms = np.array([body.xy[side_lm(sd, p)] for sd in Side for p in ("elbow", "wrist")], dtype=np.float64)
        c = trace_back(mask, hip, shoulder, back, st, occluders=arms if self.posture == "standing" else None)
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
            gap_px, frac = floor_gap(mask, hip, shoulder, st.lumbar_to, st.threshold)
            gconf = frac * c.sharpness
            out["floor_gap_pct"] = self._reading(gap_px / c.chord_px * 100.0, "contour", gconf, "floor line unclear")
        return out

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
