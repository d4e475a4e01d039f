"""Each frame measured for one exercise: the body followed, its metrics, the gates, the series kept.

:class:`Observer` turns a :class:`~formcheck.core.types.PoseFrame` into an
:class:`~formcheck.analysis.count.protocol.Observation`: the body is tracked, measured by the
metric table (the body's own values, then the lower-back readings, then the values that depend
on which way the person faces), gated on the body parts the exercise needs (naming the ones not
seen) and on its start position, and kept in the frame series. It also says what to do while
nothing can be counted, and why nothing was.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from typing import Any

import numpy as np

from formcheck.analysis.count.protocol import Observation
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.gaps import HIDDEN_LIMB_S
from formcheck.analysis.measure.formulas import MeasureFrame
from formcheck.analysis.measure.framing import FramingLog, ScaleGate
from formcheck.analysis.measure.lumbopelvic import LumbopelvicTracker
from formcheck.analysis.measure.lumbopelvic import Posture as BackSide
from formcheck.analysis.measure.metric import Stage
from formcheck.analysis.measure.parts import BODY_PARTS
from formcheck.analysis.measure.table import LUMBOPELVIC_KEYS, measure, undetected
from formcheck.analysis.measure.tracker import BodyFrame, BodyTracker
from formcheck.analysis.positions.front import FaceUpDown, Facing
from formcheck.analysis.positions.postures import FACE_RATIO, PREDICATES, Posture, classify
from formcheck.analysis.series import FrameSeries
from formcheck.core.landmarks import Side, side_lm
from formcheck.core.types import PoseFrame


def body_size_px(body: BodyFrame) -> float:
    """The body's size in the picture, pixels: the torso's length and the shoulders' width together.

    A torso seen end-on (lying, filmed from the feet) is short but its shoulders are wide, so
    their hypotenuse changes little with the camera's angle; a cut to a close-up scales both.
    """
    width = body.shoulder_width_ratio
    return body.torso_px * math.hypot(1.0, width) if math.isfinite(width) else body.torso_px


IN_POSITION_KEY = "in_start_position"
"""Series key: 1 where the frame was usable and in the start position (what the periodicity counter counts on)."""

LEG_LANDMARKS: tuple[int, ...] = tuple(int(side_lm(s, p)) for s in Side for p in ("knee", "ankle"))
"""The landmarks whose hiding makes a position impossible to tell (the knees and ankles)."""
HIDDEN_LEG_S = HIDDEN_LIMB_S
"""A leg hidden this soon after the position was seen leaves the position unknown rather than left."""

BACK_SIDE: dict[Posture, BackSide] = {Posture.SUPINE: "supine", Posture.PLANK: "prone"}
"""Where the back faces for the contour trace; upright positions use the facing direction."""


MIN_CLIP_S = 1.0
"""A clip spanning less than this (s) is too short for any rep or hold: said first, whatever else held."""


class Observer:
    """Measures and gates the frames of one set of ``spec`` (see the module docstring)."""

    def __init__(self, spec: ExerciseSpec) -> None:
        self.spec = spec
        self.position = spec.start_position
        self.tracker = BodyTracker()
        self.framing = FramingLog(settle_s=spec.settle_s)
        self.scale = ScaleGate()
        self.series = FrameSeries()
        self.facing = Facing()
        self.face_up = FaceUpDown(FACE_RATIO)
        self.postures: Counter[str] = Counter()
        self.missing: Counter[str] = Counter()
        self.frames_in_position = 0
        self._legs_in_position: tuple[int, ...] = ()
        self._last_in_position_t = -math.inf
        self.back: LumbopelvicTracker | None = None
        if spec.lower_back != "off":
            self.back = LumbopelvicTracker(
                "standing" if self.position is None else BACK_SIDE.get(self.position, "standing")
            )

    def observe(self, pose: PoseFrame) -> Observation:
        """Measure one frame (frames in increasing time); it is kept in :attr:`series`."""
        body = self.tracker.update(pose)
        missing = self.missing_parts(body)
        same_shot = not body.detected or self.scale.update(body.t, body_size_px(body))
        gated = replace(body, in_view=body.detected and not missing and same_shot, missing_parts=missing)
        settled = self.framing.update(gated)
        frame = MeasureFrame(body, front=math.nan, flexion_3d=self.position is None, back=None)
        m = self._measure(frame, "body")
        if body.detected:
            m["face_up_vote"] = self.face_up.update(m)
        if self.back is not None:
            in_start = self.position is None or bool(body.detected and PREDICATES[self.position](m, body.measure_xy))
            frame.back = self.back.update(pose, body, in_start=in_start).metrics()
            m.update(self._measure(frame, "back"))
        usable = gated.in_view and settled
        placed = gated.in_view and (self.position is None or PREDICATES[self.position](m, body.measure_xy))
        in_pos = usable and placed
        if in_pos and self.position is not None:
            self.facing.vote(body)
        frame.front = self.facing.front(self.position, body, frame.mid_shoulder, frame.mid_hip)
        m.update(self._measure(frame, "front"))
        if gated.in_view and self.position is not None:
            found = classify(m, body.measure_xy)
            self.postures[found.value if found else "unrecognised"] += 1
            self.frames_in_position += in_pos
        elif body.detected and missing:
            self.missing.update(missing)
        self.series.add(body.t, m, usable=usable)
        self.series.set_last(IN_POSITION_KEY, 1.0 if in_pos else 0.0)
        return Observation(
            body.t, body, m, usable, in_pos, self._position_unknown(body, usable, in_pos), placed and not settled
        )

    def _position_unknown(self, body: BodyFrame, usable: bool, in_pos: bool) -> bool:
        """Out of the position only because a leg landmark seen in it within ``HIDDEN_LEG_S`` is hidden now."""
        finite = np.isfinite(np.asarray(body.measure_xy)[list(LEG_LANDMARKS)])
        seen = [bool(finite[k].all()) for k in range(len(LEG_LANDMARKS))]
        if in_pos:
            self._legs_in_position = tuple(i for i, ok in zip(LEG_LANDMARKS, seen, strict=True) if ok)
            self._last_in_position_t = body.t
            return False
        if not usable or body.t - self._last_in_position_t > HIDDEN_LEG_S:
            return False
        now = dict(zip(LEG_LANDMARKS, seen, strict=True))
        return any(not now[i] for i in self._legs_in_position)

    @staticmethod
    def _measure(frame: MeasureFrame, stage: Stage) -> dict[str, float]:
        return measure(frame, stage) if frame.body.detected else undetected(stage)

    def missing_parts(self, body: BodyFrame) -> tuple[str, ...]:
        """The body parts the exercise needs that are not seen in this frame."""
        if not body.detected:
            return tuple(self.spec.parts)
        if self.spec.whole_body_in_picture:
            return body.missing_parts
        out = []
        xy = body.measure_xy  # the coordinates the metrics are measured on: seen there, measurable
        for part in self.spec.parts:
            names = BODY_PARTS[part]
            if not any(all(np.isfinite(xy[int(side_lm(s, n))]).all() for n in names) for s in Side):
                out.append(part)
        return tuple(out)

    def guidance(self, body: BodyFrame, ready: bool) -> str:
        """Set-up instruction while analysis cannot run (``ready``: in the start position and counting)."""
        if not body.detected:
            return "step into the picture"
        missing = self.missing_parts(body)
        if missing:
            return "move so the camera sees your " + ", ".join(missing)
        if self.spec.view == "side" and self.framing.detected_view() in ("front", "oblique"):
            return "turn side-on to the camera"
        if not ready:
            named = f" ({self.position.value})" if self.position is not None else ""
            return self.spec.start_guidance or f"get into the start position{named}"
        return ""

    def warnings(self) -> list[str]:
        """Framing warnings plus missing parts, start position and the lower-back measurement."""
        out = self.framing.warnings(self.spec.view) + self.scale.warnings()
        if self.back is not None and self.spec.uses_mask:
            out += self.back.warnings()
        if self.missing and not self.spec.whole_body_in_picture:  # else the framing log's own spans said it
            parts = ", ".join(f"{p} ({n} frames)" for p, n in self.missing.most_common())
            out.append(f"body parts this exercise needs were not seen: {parts}; nothing counted in those frames")
        seen = sum(self.postures.values())  # 0 without a start position
        # never in the start position at all is said by gate_reason(), as why nothing was counted
        if seen and self.position is not None and 0 < self.frames_in_position < 0.2 * seen:
            out.append(
                f"in the start position ({self.position.value}) for only "
                f"{100 * self.frames_in_position / seen:.0f}% of the frames in view"
            )
        return out

    def gate_reason(self) -> str | None:
        """Why the analysis never got to count (None when the gates opened at some point).

        Names the gate that held, with numbers: nobody detected, body parts not in view,
        the camera view, or the start position never seen (and what was seen instead).
        """
        f = self.framing
        if f.span_s < MIN_CLIP_S:
            frames = f"{f.frames} frame" + ("" if f.frames == 1 else "s")
            return (
                f"the clip is too short to analyse: {frames} over {f.span_s:.2f} s; a rep or a hold takes "
                f"at least {MIN_CLIP_S:.0f} s of video"
            )
        if f.frames_detected == 0:
            return "no person was detected in any frame"
        if f.frames_in_view == 0:
            parts = ", ".join(f"{p} ({n} frames)" for p, n in self.missing.most_common()) or "parts"
            return (
                f"the body parts this exercise needs ({', '.join(self.spec.parts)}) were never all in "
                f"view together; missing: {parts} of {f.frames_detected} frames with a person"
            )
        if self.frames_in_position == 0 and self.position is not None:
            seen = sum(self.postures.values())
            common = ", ".join(f"{k} {100 * n / seen:.0f}%" for k, n in self.postures.most_common(3))
            view = f.detected_view()
            view_note = f"; the camera view looked {view}" if view not in ("side", "unknown") else ""
            return (
                f"the start position ({self.position.value}) was never seen in {f.frames_in_view} frames in "
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
        if self.position is not None:
            out["frames_in_start_position"] = self.frames_in_position
            out["postures_seen"] = dict(self.postures.most_common())
        return out

    def reported(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        """``keys`` and, when measured, the lower-back readings: the frame metrics a report shows."""
        if self.back is not None:
            return tuple(dict.fromkeys((*keys, *LUMBOPELVIC_KEYS)))
        return keys
