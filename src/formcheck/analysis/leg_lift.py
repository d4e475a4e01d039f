"""Knee-raise family: counts lifts of each leg from the thigh's elevation and judges each rep.

Used by ``standing-knee-raise`` and ``high-knees`` (and any exercise whose rep is "a
thigh rises from hanging down to about horizontal and comes back"). Each leg has its own
:class:`LiftCounter`; a lift counts only when the whole body was in view, the person
started from rest, and the foot really left the floor (which tells a knee raise from the
front leg of a lunge, whose thigh also reaches horizontal).
"""

from __future__ import annotations

import bisect
import math
import warnings
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict

from formcheck.analysis.base import Analyzer, ExerciseResult, FrameResult, HoldRecord, RepRecord, SideMode
from formcheck.analysis.body import BodyFrame, BodyTracker
from formcheck.analysis.display import HOLD_FIELDS, STRENGTH, Display, resolve_display, shown, signal_plot
from formcheck.analysis.faults import Fault, Rule
from formcheck.analysis.framing import FramingLog
from formcheck.analysis.lumbopelvic import SERIES_KEYS as LUMBO_KEYS
from formcheck.analysis.lumbopelvic import LumbopelvicTracker, Posture, rep_aggregate
from formcheck.analysis.metrics import check_declaration
from formcheck.analysis.reps import LiftCounter, LiftThresholds, Phase, RepTrace, top_run
from formcheck.analysis.thresholds import threshold
from formcheck.core.landmarks import Side
from formcheck.core.types import PoseFrame

SERIES_KEYS = (
    "thigh_elevation_deg.left", "thigh_elevation_deg.right",
    "hip_flexion_deg.left", "hip_flexion_deg.right",
    "knee_height_ratio.left", "knee_height_ratio.right",
    "ankle_height_ratio.left", "ankle_height_ratio.right",
    "trunk_lean_deg",
)
"""Per-frame metrics kept for per-rep measurement and the report's ``frames`` section."""


REP_METRICS = (
    "peak_thigh_elevation_deg", "peak_hip_flexion_deg", "peak_knee_height_ratio", "peak_foot_lift_ratio", "hold_s",
    "lift_s", "lower_s", "max_lean_back_deg", "max_lean_forward_deg", "max_lumbar_depth_change_pct",
    "max_lumbar_curve_change_deg", "max_floor_gap_pct", "max_pelvic_tilt_proxy_deg", "max_hip_drop_deg",
    "min_contour_confidence",
)
"""Per-rep metrics of :meth:`LegLiftAnalyzer.rep_metrics` (what its rules may read)."""


THIGH_TEMPO_COLUMNS = (shown("peak_thigh_elevation_deg", "thigh"), shown("peak_hip_flexion_deg", "hip flex"),
                       shown("hold_s", "hold"), shown("lift_s", "lift"), shown("lower_s", "lower"))
BACK_COLUMNS = (shown("max_lumbar_depth_change_pct", "back Δ"), shown("max_pelvic_tilt_proxy_deg", "pelvis Δ"))
LEG_LIFT_DISPLAY = Display(
    "reps",
    hud=(shown("thigh_elevation_deg.{leg}", "thigh"), shown("hip_flexion_deg.{leg}", "hip flex"),
         shown("trunk_lean_deg", "trunk lean")),
    rep_columns=(*THIGH_TEMPO_COLUMNS, shown("max_lean_back_deg", "lean back"),
                 shown("max_lean_forward_deg", "lean forward"), *BACK_COLUMNS,
                 shown("max_lumbar_curve_change_deg", "lumbar curve Δ"), shown("max_hip_drop_deg", "hip drop")),
    terminal_columns=(*THIGH_TEMPO_COLUMNS, *BACK_COLUMNS), hold_columns=HOLD_FIELDS,
    plot=signal_plot("thigh_elevation_deg", ("knee_above_hip_deg",)), programme=STRENGTH)
"""The knee-raise family's display: thigh, hip flexion and trunk lean on the HUD; thigh, hip flexion, tempo
and the lower-back readings in the rep tables (the HTML one adds the trunk lean and more back readings)."""


class LegLiftConfig(BaseModel):
    """Thresholds of the knee-raise family (degrees of thigh elevation unless noted)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lift_enter_deg: float = threshold(
        -35.0, "Thigh elevation above which a lift is under way (counting threshold).", "deg",
        "calibrated on wahoo clips: resting thigh -75..-90, lifts -20..+45", ge=-80, le=30)
    rest_enter_deg: float = threshold(
        -55.0, "Thigh elevation below which the leg is back down (hysteresis with lift_enter_deg).", "deg",
        "calibrated on wahoo clips", ge=-90, le=0)
    knee_above_hip_deg: float = threshold(
        0.0, "Lowest peak thigh elevation that counts as knee above hip.", "deg",
        "EXERCISES.md: knee above hip = thigh above horizontal; real drives peak at +12 to +39 deg (wahoo bent-leg "
        "raises, skatefit knee lifts; margin 12)", ge=-45, le=45)
    max_lean_back_deg: float = threshold(
        10.0, "Largest trunk lean behind vertical during a rep.", "deg",
        "real form: -7 to +5.4 deg over 11 knee drives (wahoo, skatefit: upright); margin 4.6 deg", ge=0, le=60)
    max_lean_forward_deg: float = threshold(
        25.0, "Largest trunk lean in front of vertical at the top of a rep (trunk not upright).", "deg",
        "EXERCISES.md: stand tall; real form: -4 to +12.6 deg at the top over 11 knee drives; margin 12 deg",
        ge=0, le=90)
    min_top_hold_s: float = threshold(
        0.0, "Shortest time at the top (within top_band_deg of the peak); 0 disables.", "s",
        "EXERCISES.md: hold 2-3 s at the top", ge=0, le=60)
    top_band_deg: float = threshold(
        10.0, "Band under the peak that counts as 'at the top'.", "deg", "starting value", gt=0, le=45)
    min_lowering_s: float = threshold(
        0.0, "Shortest lowering time from the top back to rest; 0 disables.", "s",
        "starting value; EXERCISES.md: controlled lowering", ge=0, le=10)
    min_foot_lift_ratio: float = threshold(
        0.5, "At the peak, the lifted ankle must be this many thigh lengths above the other ankle.", "ratio",
        "calibrated: knee drives 1.0-1.8, lunge front leg -0.1", ge=0, le=3)
    min_dwell_s: float = threshold(
        0.04, "Time a threshold must stay crossed before the counter changes state.", "s",
        "about one frame at 24-30 fps", ge=0, le=1)
    min_rep_s: float = threshold(0.2, "Shortest rep (rest to rest).", "s", "starting value", ge=0, le=10)


class LegLiftAnalyzer(Analyzer):
    """Per-leg lift counting and per-rep judgement; subclasses declare name, view, rules."""

    config_model: ClassVar[type[BaseModel]] = LegLiftConfig
    rules: ClassVar[tuple[Rule, ...]] = ()
    reports_top_holds: ClassVar[bool] = False
    lumbopelvic_posture: ClassVar[Posture | None] = None
    """Set to measure the pelvis each frame (landmark proxy); with ``uses_mask = True`` the
    back contour too. The standing exercises leave the mask off: their hands usually rest on
    the hips, over the lumbar curve, and the mask costs about 10 % of throughput."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Check the rules when the class is defined: a typo fails at import."""
        super().__init_subclass__(**kwargs)
        thresholds = set(cls.config_model.model_fields)
        check_declaration(cls, rules=cls.rules, rule_metrics=set(REP_METRICS), thresholds=thresholds,
                          frame_metrics=SERIES_KEYS)
        series = (*SERIES_KEYS, *(LUMBO_KEYS if cls.lumbopelvic_posture else ()))
        cls.display = resolve_display(cls, LEG_LIFT_DISPLAY, rep_metrics=REP_METRICS, series=series,
                                      thresholds=thresholds)

    def __init__(self, config: BaseModel | None = None, *, side: SideMode = "auto") -> None:
        super().__init__(config, side=side)
        cfg = self.cfg
        th = LiftThresholds(cfg.lift_enter_deg, cfg.rest_enter_deg, cfg.min_dwell_s, cfg.min_rep_s)
        self.tracker = BodyTracker()
        self.framing = FramingLog()
        self.counters = {s: LiftCounter(th) for s in Side}
        self.reps: list[RepRecord] = []
        self.holds: list[HoldRecord] = []
        self.faults: list[Fault] = []
        self.series: dict[str, list[float]] = {"t": [], **{k: [] for k in SERIES_KEYS}}
        self.lumbo = LumbopelvicTracker(self.lumbopelvic_posture) if self.lumbopelvic_posture else None
        if self.lumbo is not None:
            self.series.update({k: [] for k in LUMBO_KEYS})
        self._discarded = 0
        self._pending: dict[Side, RepTrace] = {}

    @property
    def cfg(self) -> LegLiftConfig:
        """The typed config."""
        assert isinstance(self.config, LegLiftConfig)
        return self.config

    def _legs(self) -> tuple[Side, ...]:
        return tuple(Side) if self.side_mode == "auto" else (Side(self.side_mode),)

    def step(self, pose: PoseFrame) -> FrameResult:
        """Measure the frame, advance both leg counters, judge reps that just ended."""
        body = self.tracker.update(pose)
        settled = self.framing.update(body)
        self.series["t"].append(body.t)
        for k in SERIES_KEYS:
            self.series[k].append(body.metrics.get(k, math.nan) if body.in_view else math.nan)
        lumbo = self.lumbo.update(pose, body).metrics() if self.lumbo is not None else {}
        for k, v in lumbo.items():
            self.series[k].append(v)
        new: list[Fault] = []
        for leg in self._legs():
            value = body.leg("thigh_elevation_deg", leg)
            counter = self.counters[leg]
            usable = body.in_view and (settled or counter.phase is not Phase.UNKNOWN)
            trace = counter.update(body.t, value, usable=usable)
            if trace is not None:
                self._pending[leg] = trace
            pending = self._pending.get(leg)
            if pending is not None and self._settled(leg, pending, body.t, value, counter.phase):
                new += self._complete(leg, self._pending.pop(leg), settle_s=body.t)
        return self._frame_result(body, tuple(new), lumbo)

    def _settled(self, leg: Side, trace: RepTrace, t: float, value: float, phase: Phase) -> bool:
        """Judge a finished rep once the leg is most of the way down (its tempo is then known).

        The counter ends a rep at ``rest_enter_deg``; lowering is timed to 80 % of the way
        from the peak to the resting angle, so the judgement waits for that (or 1 s, a new
        lift, or loss of view).
        """
        return (not math.isfinite(value) or value <= self._low_level(leg, trace)
                or t - trace.end_s >= 1.0 or phase is not Phase.REST)

    def _low_level(self, leg: Side, trace: RepTrace) -> float:
        """Angle at 20 % of the rep's range above its resting angle (tempo timing level), deg.

        The resting angle is the lowest thigh elevation in the second before the lift.
        """
        rest = self._arr(f"thigh_elevation_deg.{leg.value}", self._window(trace.start_s - 1.0, trace.start_s))
        finite = rest[np.isfinite(rest)]
        baseline = float(finite.min()) if finite.size else self.cfg.rest_enter_deg
        return baseline + 0.2 * (trace.peak - baseline)

    def reps_so_far(self) -> Sequence[RepRecord]:
        """Reps counted so far."""
        return self.reps

    def _window(self, start_s: float, end_s: float) -> slice:
        t = self.series["t"]
        return slice(bisect.bisect_left(t, start_s), bisect.bisect_right(t, end_s))

    def _arr(self, key: str, window: slice) -> np.ndarray[Any, np.dtype[np.float64]]:
        return np.asarray(self.series[key][window], dtype=np.float64)

    def rep_metrics(self, leg: Side, trace: RepTrace, settle_s: float) -> dict[str, float]:
        """Per-rep metrics (units in the names) from the frames between rest and ``settle_s``.

        Tempo: ``lift_s`` runs from 20 % of the range above rest to the top band, ``lower_s``
        from leaving the top band to 20 % above rest again; ``hold_s`` is the contiguous time
        within ``top_band_deg`` of the peak.
        """
        w = self._window(trace.start_s, settle_s)
        t = self._arr("t", w)
        elev = self._arr(f"thigh_elevation_deg.{leg.value}", w)
        lean = self._arr("trunk_lean_deg", w)
        peak = trace.peak
        lo, hi = top_run(elev, self.cfg.top_band_deg) if len(elev) else (0, 0)
        top = np.flatnonzero(elev >= peak - self.cfg.top_band_deg)
        first, last = (int(top[0]), int(top[-1])) if top.size else (lo, hi)
        dt = float(np.median(np.diff(t))) if len(t) > 1 else 0.0
        low = self._low_level(leg, trace)
        below = elev <= low
        before = np.flatnonzero(below[:first])
        after = np.flatnonzero(below[last:])
        lift_from = float(t[before[-1]]) if before.size else trace.start_s
        lower_to = float(t[last + after[0]]) if after.size else (float(t[-1]) if len(t) else math.nan)
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices give NaN, as intended
            return {
                "peak_thigh_elevation_deg": float(peak),
                "peak_hip_flexion_deg": float(np.nanmax(self._arr(f"hip_flexion_deg.{leg.value}", w))),
                "peak_knee_height_ratio": float(np.nanmax(self._arr(f"knee_height_ratio.{leg.value}", w))),
                "peak_foot_lift_ratio": float(np.nanmax(self._arr(f"ankle_height_ratio.{leg.value}", w))),
                "hold_s": float(t[hi] - t[lo] + dt) if len(t) else 0.0,
                "lift_s": float(t[first] - lift_from) if len(t) else math.nan,
                "lower_s": float(lower_to - t[last]) if len(t) else math.nan,
                "max_lean_back_deg": float(np.nanmax(lean)),
                "max_lean_forward_deg": float(np.nanmax(-lean[lo:hi + 1])) if len(lean) else math.nan,
                **(rep_aggregate(self.series, w) if self.lumbo is not None else {}),
                "_hold_start_s": float(t[lo]) if len(t) else math.nan,
                "_hold_end_s": float(t[hi] + dt) if len(t) else math.nan,
            }

    def _complete(self, leg: Side, trace: RepTrace, *, settle_s: float) -> list[Fault]:
        m = self.rep_metrics(leg, trace, settle_s)
        if not m["peak_foot_lift_ratio"] >= self.cfg.min_foot_lift_ratio:
            self._discarded += 1  # foot stayed down: a lunge or a step, not a knee lift
            return []
        number = len(self.reps) + 1
        cfg = self.thresholds
        faults = [f for r in self.rules
                  if (f := r.check(self.name, number, m, cfg, trace.start_s, trace.end_s)) is not None]
        hold_start, hold_end = m.pop("_hold_start_s"), m.pop("_hold_end_s")
        self.reps.append(RepRecord(number, leg.value, trace.start_s, trace.top_s, trace.end_s, m,
                                   tuple(f.code for f in faults)))
        self.faults += faults
        if self.reports_top_holds:
            self.holds.append(self._top_hold(leg, number, hold_start, hold_end))
        return faults

    def _top_hold(self, leg: Side, number: int, start_s: float, end_s: float) -> HoldRecord:
        """The rep's top hold; in form = knee above hip and not leaning back."""
        w = self._window(start_s, end_s)
        t = self._arr("t", w)
        ok = (self._arr(f"thigh_elevation_deg.{leg.value}", w) >= self.cfg.knee_above_hip_deg) & (
            self._arr("trunk_lean_deg", w) <= self.cfg.max_lean_back_deg)
        dt = np.diff(np.append(t, end_s)) if len(t) else np.zeros(0)
        in_form = float(np.sum(dt[ok])) if len(t) else 0.0
        return HoldRecord(start_s, end_s, end_s - start_s, in_form, leg.value, number,
                          self.cfg.min_top_hold_s or None)

    def _frame_result(self, body: BodyFrame, new: tuple[Fault, ...],
                      lumbo: dict[str, float] | None = None) -> FrameResult:
        legs = self._legs()
        elev = {leg: body.leg("thigh_elevation_deg", leg) for leg in legs}
        finite = {k: v for k, v in elev.items() if math.isfinite(v)}
        active = max(finite, key=lambda k: finite[k]) if finite else legs[0]
        counter = self.counters[active]
        lean = body.metrics.get("trunk_lean_deg", math.nan)
        cues = [f.cue for f in new if f.cue]
        if counter.phase is Phase.LIFTED and lean > self.cfg.max_lean_back_deg:
            cues.append("don't lean back")
        value = elev.get(active, math.nan)
        hold = 0.0
        trace = counter.in_progress
        if trace is not None and trace.value and value >= trace.peak - self.cfg.top_band_deg:
            run = [tt for tt, v in zip(trace.t, trace.value, strict=True) if v >= trace.peak - self.cfg.top_band_deg]
            hold = body.t - run[0] if run else 0.0
        return FrameResult(
            t=body.t,
            phase=counter.phase.value,
            rep_count=len(self.reps),
            reps_by_side={leg.value: sum(r.side == leg.value for r in self.reps) for leg in legs},
            metrics=self.readouts({**body.metrics, **(lumbo or {})}, active.value),
            knee_above_hip=(value > self.cfg.knee_above_hip_deg) if math.isfinite(value) else None,
            hold_s=hold,
            cues=tuple(dict.fromkeys(cues)),
            guidance=self._guidance(body),
            in_view=body.in_view,
            new_faults=new,
        )

    def _guidance(self, body: BodyFrame) -> str:
        if not body.detected:
            return "step into the picture"
        if not body.in_view:
            return "step back until your whole body is in view (" + ", ".join(body.missing_parts) + " not seen)"
        if self.view == "side" and self.framing.detected_view() in ("front", "oblique"):
            return "turn side-on to the camera"
        if all(self.counters[leg].phase is Phase.UNKNOWN for leg in self._legs()):
            return "stand tall with both feet down to start"
        return ""

    def zero_reason(self) -> str | None:
        """Why no lift was counted, with the numbers (None when lifts were counted)."""
        if self.reps:
            return None
        f = self.framing
        if f.frames_detected == 0:
            return "no person was detected in any frame"
        if f.frames_in_view == 0:
            return (f"the whole body (head, shoulders, hips, knees, feet) was never in view in "
                    f"{f.frames_detected} frames with a person")
        if self._discarded:
            return (f"{self._discarded} thigh lifts were seen but the foot stayed near the floor (a lunge or step, "
                    f"not a knee raise: the lifted ankle must rise {self.cfg.min_foot_lift_ratio:.1f} thigh lengths)")
        elev = [v for leg in self._legs() for v in self.series[f"thigh_elevation_deg.{leg.value}"]
                if math.isfinite(v)]
        if not elev:
            return "the thighs were never measurable while the whole body was in view"
        return (f"no lift: thigh elevation in view ranged {min(elev):.0f} to {max(elev):.0f} deg; a lift starts "
                f"from below {self.cfg.rest_enter_deg:.0f} deg (leg down) and must rise above "
                f"{self.cfg.lift_enter_deg:.0f} deg")

    def summary(self) -> dict[str, Any]:
        """Totals for the report: reps per leg, cadence, how many reps reached above the hip."""
        tops = sorted(r.top_s for r in self.reps)
        gaps = np.diff(tops) if len(tops) > 1 else np.zeros(0)
        gaps = gaps[gaps < 2.0]  # lifts in one run; longer gaps are pauses between sets
        above = [r for r in self.reps if r.metrics["peak_thigh_elevation_deg"] >= self.cfg.knee_above_hip_deg]
        return {
            "reps_by_side": {leg.value: sum(r.side == leg.value for r in self.reps) for leg in self._legs()},
            "knee_above_hip_reps": len(above),
            "cadence_lifts_per_min": round(60.0 / float(np.median(gaps)), 1) if gaps.size else None,
            "ignored_foot_down_lifts": self._discarded,
            "legs_relabelled_frames": self.framing.legs_swapped,
            "frames": self.framing.frames,
            "frames_with_person": self.framing.frames_detected,
            "frames_in_view": self.framing.frames_in_view,
            "camera_off_side_deg": None if (off := self.framing.camera_off_side_deg()) is None else round(off, 1),
            **({"why_nothing_counted": r} if (r := self.zero_reason()) else {}),
        }

    def finish(self) -> ExerciseResult:
        """Result of everything stepped so far (a rep still in progress is not counted)."""
        last_t = self.series["t"][-1] if self.series["t"] else 0.0
        for leg in list(self._pending):
            self._complete(leg, self._pending.pop(leg), settle_s=last_t)
        warnings = (*(r for r in (self.zero_reason(),) if r), *self.framing.warnings(self.view),
                    *(self.lumbo.warnings() if self.lumbo is not None and self.uses_mask else ()))
        return self.result(reps=self.reps, holds=self.holds, faults=self.faults, warnings=warnings,
                           summary=self.summary(), series={k: [None if not math.isfinite(v) else round(v, 2)
                                                               for v in vals] for k, vals in self.series.items()},
                           view=self.framing.detected_view(), counting_signal="thigh_elevation_deg",
                           frames_with_person=self.framing.frames_detected)
