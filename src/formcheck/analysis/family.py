"""Shared plumbing of the exercise families (:mod:`rep_family`, :mod:`hold_family`).

A family analyzer declares a start :class:`Posture` (or none), the body parts it must see,
and its camera view; this module measures each frame once (tracker metrics + posture-aware
hip flexion and trunk lean), gates on the parts the exercise needs (naming the ones not
seen), keeps the per-frame series, and writes the warnings. Per-leg metrics have
``.left`` / ``.right`` suffixes and, for two-legged exercises, a ``.both`` mean.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, deque
from dataclasses import replace
from typing import Any, ClassVar

import numpy as np
from pydantic import BaseModel

from formcheck.analysis.base import Analyzer, SideMode
from formcheck.analysis.body import BODY_PARTS, WHOLE_BODY_PARTS, BodyFrame, BodyTracker, _nanmean2
from formcheck.analysis.framing import FramingLog
from formcheck.analysis.lumbopelvic import SERIES_KEYS as LUMBO_SERIES_KEYS
from formcheck.analysis.lumbopelvic import LumbopelvicTracker
from formcheck.analysis.lumbopelvic import Posture as BackSide
from formcheck.analysis.posture import PREDICATES, Posture, classify, forward_sign
from formcheck.analysis.thresholds import threshold
from formcheck.core import geometry as geo
from formcheck.core.landmarks import Lm, Side, side_lm
from formcheck.core.types import PoseFrame

PER_LEG_KEYS = (
    "thigh_elevation_deg",
    "knee_angle_deg",
    "hip_flexion_deg",
    "hip_extension_deg",
    "hip_line_deg",
    "hip_sag_deg",
    "hip_pike_deg",
    "knee_height_ratio",
)

LUMBAR_CONTOUR_METRIC = "lumbar_arch_contour_deg"
"""Hook for the back-contour measurement from the segmentation mask (analysis/lumbopelvic.py): when a frame
metric of this name is present (in ``BodyFrame.metrics`` or from
:meth:`FamilyAnalyzer.extra_metrics`), the ``lumbar_arch_contour`` rules/checks of the
arching exercises judge it; until then it is absent (NaN) and those rules never flag."""

BACK_SIDE: dict[Posture, BackSide] = {Posture.SUPINE: "supine", Posture.PLANK: "prone"}
"""Where the back faces for the contour trace; upright postures use the facing direction."""

FloatSeries = np.ndarray[Any, np.dtype[np.float64]]

MAX_OFF_SIDE_DEG = 45.0
"""Farther than this from side-on (``camera_off_side_deg``), the body-line bend (sag, pike) rests
on the model's depth guess: in the jenner_workout plank's front-oblique close-up (about 62 deg off
side-on) a good plank reads 10-25 deg of sag. Those frames are not judged for it."""
BODY_LINE_JUDGED = "body_line_judged"
"""Frame metric: 1 when the body-line bend is judged in this frame, 0 when the view is too far off side-on."""
DEPTH_SENSITIVE_KEYS = ("hip_sag_deg", "hip_pike_deg", "hip_line_deg")

SETTLE_S = 0.1
"""The required parts must be in view this long before a frame is used: a few frames, enough
to skip a flicker; the counters' own rules (a rise from a low they saw) guard the rest."""


def contour_arch_limit(default_deg: float, source: str) -> Any:
    """Config field ``max_lumbar_arch_contour_deg``: the limit on :data:`LUMBAR_CONTOUR_METRIC` (deg)."""
    return threshold(
        default_deg,
        "Largest change of the lower-back curve angle from the person's own neutral (start "
        "position), measured on the back contour of the segmentation mask (side view); absent, so never "
        "flagging, when the mask is unavailable (replays) or the contour unclear.",
        "deg",
        source,
        ge=0,
        le=90,
    )


class FamilyAnalyzer(Analyzer):
    """Base of the declarative exercise analyzers (the rep and hold families)."""

    posture: ClassVar[Posture | None]
    """The start position counting and holds wait for. None: no start position (a counter with
    fixed levels starts from its own rest level), and the tracker's metrics are kept as measured
    (trunk lean facing from nose/ears and toes/heels, hip flexion in 3D)."""
    required_parts: ClassVar[tuple[str, ...]] = ("shoulders", "hips", "knees", "feet")
    whole_body_in_picture: ClassVar[bool] = False
    """Gate on the tracker's whole-body check instead of ``required_parts``: every part of
    :data:`WHOLE_BODY_PARTS` seen and both sides inside the picture, so a close-up that crops one
    foot while the lifted one is still seen is out of view."""
    settle_s: ClassVar[float] = SETTLE_S
    """Seconds the required parts must be in view before a frame is used."""
    lumbopelvic_proxies: ClassVar[bool] = False
    """Measure the lumbopelvic readings every frame even without ``uses_mask`` (the pelvis's landmark
    proxies; the mask adds the back contour): standing exercises leave the mask off, as the hands
    usually rest on the hips over the lumbar curve and the mask costs about 10 % of throughput."""
    start_guidance: ClassVar[str] = ""
    """What to do to start, shown while waiting for the start (default: get into the start position)."""
    setup: ClassVar[str] = ""
    camera: ClassVar[str] = "side-on, at hip height, about 3 m away, whole body in the picture"
    measures: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A whole-body gate needs the whole body: ``required_parts`` follows it."""
        super().__init_subclass__(**kwargs)
        if cls.whole_body_in_picture:
            cls.required_parts = WHOLE_BODY_PARTS

    def __init__(self, config: BaseModel | None = None, *, side: SideMode = "auto") -> None:
        super().__init__(config, side=side)
        self.tracker = BodyTracker()
        self.framing = FramingLog(settle_s=self.settle_s)
        self.t: list[float] = []
        self.frames: list[dict[str, float]] = []
        self.postures: Counter[str] = Counter()
        self.missing: Counter[str] = Counter()
        self.frames_in_position = 0
        self._facing = 0.0
        self._facing_votes: deque[float] = deque(maxlen=60)

    # ---- per-frame measurement -------------------------------------------------------
    def observe(self, pose: PoseFrame) -> tuple[BodyFrame, dict[str, float], bool, bool]:
        """Measure one frame: (body, metrics, usable, in start position).

        ``usable`` = the required parts are seen and have been for the framing log's
        settle time; metrics of unusable frames are stored as NaN.
        """
        body = self.tracker.update(pose)
        missing = self._missing(body)
        gated = replace(body, in_view=body.detected and not missing, missing_parts=missing)
        settled = self.framing.update(gated)
        m = dict(body.metrics)
        m.update(self.extra_metrics(pose, body))
        usable = gated.in_view and settled
        in_pos = usable and (self.posture is None or PREDICATES[self.posture](m, body.measure_xy))
        if in_pos and self.posture is not None:
            self._update_facing(body)
        self._add_signed_metrics(m, body)
        if gated.in_view and self.posture is not None:
            found = classify(m, body.measure_xy)
            self.postures[found.value if found else "unrecognised"] += 1
            self.frames_in_position += in_pos
        elif body.detected and not gated.in_view:
            self.missing.update(missing)
        self.t.append(body.t)
        self.frames.append(m if usable else {k: math.nan for k in m})
        return body, m, usable, in_pos

    def extra_metrics(self, pose: PoseFrame, body: BodyFrame) -> dict[str, float]:
        """Hook for measurements beyond the landmarks, e.g. :data:`LUMBAR_CONTOUR_METRIC` from ``pose.mask``.

        When the class sets ``uses_mask = True``, adds the lumbopelvic readings
        (:mod:`formcheck.analysis.lumbopelvic`, neutral taken in the start position) and
        :data:`LUMBAR_CONTOUR_METRIC` = the lumbar curve angle's change from that neutral.
        """
        if not (self.uses_mask or self.lumbopelvic_proxies):
            return {}
        if getattr(self, "_lumbo", None) is None:
            side: BackSide = "standing" if self.posture is None else BACK_SIDE.get(self.posture, "standing")
            self._lumbo = LumbopelvicTracker(side)
        in_start = self.posture is None or bool(
            body.detected and PREDICATES[self.posture](dict(body.metrics), body.measure_xy)
        )
        m = self._lumbo.update(pose, body, in_start=in_start).metrics()
        m[LUMBAR_CONTOUR_METRIC] = m["lumbar_curve_change_deg"]
        return m

    def lumbopelvic_warnings(self) -> list[str]:
        """Why lumbopelvic values are missing (empty when the mask is not used)."""
        tracker = getattr(self, "_lumbo", None)
        return tracker.warnings() if tracker is not None and self.uses_mask else []

    def _missing(self, body: BodyFrame) -> tuple[str, ...]:
        if not body.detected:
            return tuple(self.required_parts)
        if self.whole_body_in_picture:
            return body.missing_parts
        out = []
        for part in self.required_parts:
            names = BODY_PARTS[part]
            seen = any(all(np.isfinite(body.xy[int(side_lm(s, n))]).all() for n in names) for s in Side)
            if not seen:
                out.append(part)
        return tuple(out)

    def _update_facing(self, body: BodyFrame) -> None:
        """Facing from the head only (nose ahead of the ears), voted over in-position frames.

        The tracker's estimate also votes with the toes, which point up or back when the
        legs are raised (hanging leg raise, L-sit); the head keeps facing forward.
        """
        xy = body.measure_xy
        ears = _nanmean2(xy[Lm.LEFT_EAR], xy[Lm.RIGHT_EAR])
        dx = float(xy[Lm.NOSE, 0] - ears[0])
        torso = float(
            np.linalg.norm(
                _nanmean2(xy[Lm.LEFT_SHOULDER], xy[Lm.RIGHT_SHOULDER]) - _nanmean2(xy[Lm.LEFT_HIP], xy[Lm.RIGHT_HIP])
            )
        )
        if math.isfinite(dx) and math.isfinite(torso) and abs(dx) > 0.03 * torso:
            self._facing_votes.append(float(np.sign(dx)))
        total = sum(self._facing_votes)
        self._facing = float(np.sign(total)) if total else body.forward_sign

    def _add_signed_metrics(self, m: dict[str, float], body: BodyFrame) -> None:
        """Add hip flexion/extension, trunk lean and body-line metrics signed for this exercise's posture."""
        if self.posture is not None:
            self._sign_for_posture(m, body, self.posture)
        for s in Side:
            m[f"hip_extension_deg.{s.value}"] = -m.get(f"hip_flexion_deg.{s.value}", math.nan)
            line = m.get(f"hip_line_deg.{s.value}", math.nan)
            m[f"hip_sag_deg.{s.value}"] = -line  # landmark proxy of lumbar sag: hips below the body line
            m[f"hip_pike_deg.{s.value}"] = line
        off_side = m.get("camera_off_side_deg", math.nan)
        m[BODY_LINE_JUDGED] = 0.0 if off_side > MAX_OFF_SIDE_DEG else 1.0
        if not m[BODY_LINE_JUDGED]:
            for key in DEPTH_SENSITIVE_KEYS:
                for s in Side:
                    m[f"{key}.{s.value}"] = math.nan
        lean = m.setdefault("trunk_lean_deg", math.nan)  # absent when nobody was detected
        m["trunk_back_deg"] = lean
        m["trunk_forward_deg"] = -lean
        for key in PER_LEG_KEYS:
            m[f"{key}.both"] = _mean_of_numbers([m.get(f"{key}.{s.value}", math.nan) for s in Side])

    def _sign_for_posture(self, m: dict[str, float], body: BodyFrame, posture: Posture) -> None:
        """Trunk lean and hip flexion (deg) measured again with the front of ``posture`` (lying: the chest up)."""
        xy = body.measure_xy
        mid_sh = _nanmean2(xy[Lm.LEFT_SHOULDER], xy[Lm.RIGHT_SHOULDER])
        mid_hip = _nanmean2(xy[Lm.LEFT_HIP], xy[Lm.RIGHT_HIP])
        fwd = forward_sign(posture, mid_sh, mid_hip, self._facing or body.forward_sign)
        m["trunk_lean_deg"] = float(geo.lean_from_vertical(mid_hip, mid_sh, fwd))
        for s in Side:
            hip, knee = xy[side_lm(s, "hip")], xy[side_lm(s, "knee")]
            m[f"hip_flexion_deg.{s.value}"] = float(geo.signed_flexion(hip + (mid_sh - mid_hip), hip, knee, fwd))

    # ---- series access -----------------------------------------------------------------
    def window(self, start_s: float, end_s: float) -> slice:
        """Frames with ``start_s <= t <= end_s``."""
        return slice(bisect.bisect_left(self.t, start_s), bisect.bisect_right(self.t, end_s))

    def values(self, key: str, w: slice) -> FloatSeries:
        """One metric over a window (NaN where unmeasured)."""
        return np.asarray([f.get(key, math.nan) for f in self.frames[w]], dtype=np.float64)

    def times(self, w: slice) -> FloatSeries:
        """Timestamps of a window, seconds."""
        return np.asarray(self.t[w], dtype=np.float64)

    # ---- report helpers ----------------------------------------------------------------
    def guidance(self, body: BodyFrame, in_pos: bool) -> str:
        """Set-up instruction while analysis cannot run."""
        if not body.detected:
            return "step into the picture"
        missing = self._missing(body)
        if missing:
            return "move so the camera sees your " + ", ".join(missing)
        if self.view == "side" and self.framing.detected_view() in ("front", "oblique"):
            return "turn side-on to the camera"
        if not in_pos:
            named = f" ({self.posture.value})" if self.posture is not None else ""
            return self.start_guidance or f"get into the start position{named}"
        return ""

    def warnings(self) -> list[str]:
        """Framing warnings plus missing parts, start position and recognised posture."""
        out = self.framing.warnings(self.view) + self.lumbopelvic_warnings()
        if self.missing and not self.whole_body_in_picture:  # else the framing log's own spans said it
            parts = ", ".join(f"{p} ({n} frames)" for p, n in self.missing.most_common())
            out.append(f"body parts this exercise needs were not seen: {parts}; nothing counted in those frames")
        seen = sum(self.postures.values())  # 0 without a start position
        # never in the start position at all is said by gate_reason(), as why nothing was counted
        if seen and self.posture is not None and 0 < self.frames_in_position < 0.2 * seen:
            out.append(
                f"in the start position ({self.posture.value}) for only "
                f"{100 * self.frames_in_position / seen:.0f}% of the frames in view"
            )
        return out

    def gate_reason(self) -> str | None:
        """Why the analysis never got to count (None when the gates opened at some point).

        Names the gate that held, with numbers: nobody detected, body parts not in view,
        the camera view, or the start position never seen (and what was seen instead).
        """
        f = self.framing
        if f.frames_detected == 0:
            return "no person was detected in any frame"
        if f.frames_in_view == 0:
            parts = ", ".join(f"{p} ({n} frames)" for p, n in self.missing.most_common()) or "parts"
            return (
                f"the body parts this exercise needs ({', '.join(self.required_parts)}) were never all in "
                f"view together; missing: {parts} of {f.frames_detected} frames with a person"
            )
        if self.frames_in_position == 0 and self.posture is not None:
            seen = sum(self.postures.values())
            common = ", ".join(f"{k} {100 * n / seen:.0f}%" for k, n in self.postures.most_common(3))
            view = f.detected_view()
            view_note = f"; the camera view looked {view}" if view not in ("side", "unknown") else ""
            return (
                f"the start position ({self.posture.value}) was never seen in {f.frames_in_view} frames in "
                f"view; the person looked: {common}{view_note}"
            )
        return None

    def framing_summary(self) -> dict[str, Any]:
        """Frame counts and (with a start position) the posture histogram for the report summary."""
        off = self.framing.camera_off_side_deg()
        out: dict[str, Any] = {
            "frames": self.framing.frames,
            "frames_with_person": self.framing.frames_detected,
            "frames_in_view": self.framing.frames_in_view,
            "camera_off_side_deg": None if off is None else round(off, 1),
        }
        if self.posture is not None:
            out["frames_in_start_position"] = self.frames_in_position
            out["postures_seen"] = dict(self.postures.most_common())
        return out

    def reported(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        """``keys`` and, when measured, the lumbopelvic readings: the frame metrics a report shows."""
        if self.uses_mask or self.lumbopelvic_proxies:
            return tuple(dict.fromkeys((*keys, *LUMBO_SERIES_KEYS)))
        return keys

    def series_out(self, keys: tuple[str, ...]) -> dict[str, list[float | None]]:
        """The report's per-frame series of :meth:`reported` ``keys`` (rounded, NaN as None)."""
        out: dict[str, list[float | None]] = {"t": [round(t, 3) for t in self.t]}
        for k in self.reported(keys):
            out[k] = [None if not math.isfinite(v := f.get(k, math.nan)) else round(v, 2) for f in self.frames]
        return out


def _mean_of_numbers(values: list[float]) -> float:
    """Mean of the values that are not NaN (NaN when none is): ``np.nanmean`` without its overhead."""
    kept = [v for v in values if not math.isnan(v)]
    return sum(kept) / len(kept) if kept else math.nan
