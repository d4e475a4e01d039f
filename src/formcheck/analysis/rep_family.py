"""Rep family: count cycles of one per-leg signal from a start position and judge each rep by rules.

An exercise declares: the start :class:`~formcheck.analysis.posture.Posture`, the counting
``signal`` (a per-leg metric such as ``thigh_elevation_deg`` or ``hip_flexion_deg``),
whether legs are counted ``each`` on their own or ``both`` together (the mean of the two),
the per-rep metrics (:class:`RepMetric`) and the fault rules (:class:`RepRule`). Counting
uses :class:`LiftCounter` (hysteresis + dwell); a counter only leaves UNKNOWN when the
body is in the start position with the required parts seen, so nothing is counted from
set-up, partial views or the wrong position.

Tempo metrics every rep gets: ``peak_<signal>`` (e.g. ``peak_thigh_elevation_deg``), ``lift_s`` (start to reaching the
top band), ``hold_s`` (contiguous time within ``top_band`` of the peak), ``lower_s``
(leaving the top band to back at rest), ``rep_s`` (rest to rest) and
``out_of_position_s`` (time in view but out of the start position since the previous rep
ended).
"""

from __future__ import annotations

import math
import warnings
from collections import deque
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, model_validator

from formcheck.analysis.base import ExerciseResult, FrameResult, RepRecord, SideMode
from formcheck.analysis.family import FamilyAnalyzer, FloatSeries
from formcheck.analysis.faults import Fault, RepRule
from formcheck.analysis.leg_lift import threshold
from formcheck.analysis.reps import LiftCounter, LiftThresholds, Phase, RepTrace
from formcheck.core.landmarks import Side
from formcheck.core.types import PoseFrame

REST_WINDOW = 300
"""Frames (about 10 s) of the resting-value window of ``relative_to_rest`` exercises."""
REST_MIN_FRAMES = 10
"""In-position frames needed before a resting value is trusted."""


class RepFamilyConfig(BaseModel):
    """Counting thresholds shared by the rep family (signal units as each exercise declares)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lift_enter: float = threshold(45.0, "Signal value above which a rep is under way.", "signal",
                                  "per exercise", ge=-180, le=180)
    rest_enter: float = threshold(20.0, "Signal value below which the leg is back at rest (hysteresis).",
                                  "signal", "per exercise", ge=-180, le=180)
    top_band: float = threshold(10.0, "Band under the peak that counts as 'at the top'.", "signal",
                                "starting value", gt=0, le=60)
    min_dwell_s: float = threshold(0.1, "Time a threshold must stay crossed before the state changes.", "s",
                                   "about 3 frames at 30 fps", ge=0, le=1)
    min_rep_s: float = threshold(0.4, "Shortest rep (rest to rest).", "s", "starting value", ge=0, le=10)

    @model_validator(mode="after")
    def _hysteresis(self) -> RepFamilyConfig:
        if not self.lift_enter > self.rest_enter:
            raise ValueError(f"lift_enter ({self.lift_enter}) must be above rest_enter ({self.rest_enter})")
        return self


Reduce = Literal["max", "min", "range", "mean", "max_abs"]
Window = Literal["rep", "top", "before", "around"]


@dataclass(frozen=True)
class RepMetric:
    """A per-rep number taken from a frame metric.

    ``source`` may contain ``{leg}`` (the counted leg, or ``both``) and ``{other}`` (the
    other leg). ``window``: ``rep`` = rest to rest, ``top`` = within the top band,
    ``before`` = 0.7 to 0.2 s before the rep started (the start position, before the
    movement's first ramp), ``around`` = the half second before the start plus the rep.
    ``scale`` multiplies the value (-1 turns a minimum of flexion into a maximum of extension);
    ``offset`` is subtracted first (``max_abs`` with offset 90 = largest distance from 90).
    """

    name: str
    source: str
    reduce: Reduce
    window: Window = "rep"
    scale: float = 1.0
    offset: float = 0.0


def _reduce(values: FloatSeries, how: Reduce) -> float:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return math.nan
    if how == "max":
        return float(finite.max())
    if how == "min":
        return float(finite.min())
    if how == "range":
        return float(finite.max() - finite.min())
    if how == "max_abs":
        return float(np.abs(finite).max())
    return float(finite.mean())


class RepExercise(FamilyAnalyzer):
    """Declarative rep counter; subclasses set posture, signal, legs, metrics and rules."""

    config_model: ClassVar[type[BaseModel]] = RepFamilyConfig
    signal: ClassVar[str]
    legs: ClassVar[Literal["each", "both"]] = "each"
    rep_metrics: ClassVar[tuple[RepMetric, ...]] = ()
    rules: ClassVar[tuple[RepRule, ...]] = ()
    series_keys: ClassVar[tuple[str, ...]] = ()
    relative_to_rest: ClassVar[bool] = False
    """Count the signal above the person's own resting value (10th percentile of the last
    ``REST_WINDOW`` in-position frames not in a rep) instead of its absolute value: a seated
    thigh rests anywhere from -10 to +10 deg depending on the chair."""

    def __init__(self, config: BaseModel | None = None, *, side: SideMode = "auto") -> None:
        super().__init__(config, side=side)
        c = self.thresholds
        th = LiftThresholds(c["lift_enter"], c["rest_enter"], c["min_dwell_s"], c["min_rep_s"],
                            loss_descent=1e9)  # a rep cut off by losing the view is never counted
        self.counters = {leg: LiftCounter(th) for leg in self.counted_legs()}
        self.reps: list[RepRecord] = []
        self.faults: list[Fault] = []
        self._out_of_position_s = 0.0
        self._prev_t: float | None = None
        self._rest_values: dict[str, deque[float]] = {leg: deque(maxlen=REST_WINDOW) for leg in self.counters}

    def counted_legs(self) -> tuple[str, ...]:
        """``("both",)`` or the legs counted on their own."""
        if self.legs == "both":
            return ("both",)
        return tuple(s.value for s in Side) if self.side_mode == "auto" else (self.side_mode,)

    def step(self, pose: PoseFrame) -> FrameResult:
        """Measure, advance every leg counter, judge reps that just ended."""
        body, m, usable, in_pos = self.observe(pose)
        dt = 0.0 if self._prev_t is None else min(body.t - self._prev_t, 0.5)
        self._prev_t = body.t
        if usable and not in_pos and all(c.phase is not Phase.LIFTED for c in self.counters.values()):
            self._out_of_position_s += dt
        new: list[Fault] = []
        for leg, counter in self.counters.items():
            value = self._counted_value(leg, m.get(f"{self.signal}.{leg}", math.nan), in_pos, counter.phase)
            ok = usable and (in_pos or counter.phase is Phase.LIFTED)
            trace = counter.update(body.t, value, usable=ok)
            if trace is not None:
                new += self._complete(leg, trace)
        active = max(self.counters, key=lambda k: self.counters[k].phase is Phase.LIFTED)
        return FrameResult(
            t=body.t,
            phase=self.counters[active].phase.value,
            rep_count=len(self.reps),
            reps_by_side=self._by_side(),
            metrics={self.signal: m.get(f"{self.signal}.{active}", math.nan)},
            cues=tuple(dict.fromkeys(f.cue for f in new if f.cue)),
            guidance=self.guidance(body, in_pos),
            in_view=usable,
            new_faults=tuple(new),
        )

    def _counted_value(self, leg: str, value: float, in_pos: bool, phase: Phase) -> float:
        """The signal as counted: absolute, or above the leg's resting value (``relative_to_rest``)."""
        if not self.relative_to_rest:
            return value
        rest = self._rest_values[leg]
        if in_pos and phase is not Phase.LIFTED and math.isfinite(value):
            rest.append(value)
        if len(rest) < REST_MIN_FRAMES:
            return math.nan  # no resting value known yet: nothing is counted from a guess
        return value - float(np.percentile(np.asarray(rest), 10))

    def _by_side(self) -> dict[str, int]:
        return {leg: sum(r.side == leg for r in self.reps) for leg in self.counted_legs()}

    def rep_measurements(self, leg: str, trace: RepTrace) -> dict[str, float]:
        """Tempo plus the declared :class:`RepMetric` values for one finished rep."""
        band = float(self.thresholds["top_band"])
        t = np.asarray(trace.t, dtype=np.float64)
        v = np.asarray(trace.value, dtype=np.float64)
        peak = trace.peak
        i_peak = int(np.argmax(v))
        top = np.flatnonzero(v >= peak - band)
        lo = hi = i_peak
        while lo > 0 and v[lo - 1] >= peak - band:
            lo -= 1
        while hi < len(v) - 1 and v[hi + 1] >= peak - band:
            hi += 1
        dt = float(np.median(np.diff(t))) if len(t) > 1 else 0.0
        out = {
            f"peak_{self.signal}": float(peak),
            "lift_s": float(t[top[0]] - trace.start_s),
            "hold_s": float(t[hi] - t[lo] + dt),
            "lower_s": float(trace.end_s - t[top[-1]]),
            "rep_s": float(trace.end_s - trace.start_s),
            "out_of_position_s": self._out_of_position_s,
        }
        other = {"left": "right", "right": "left"}.get(leg, leg)
        windows = {"rep": (trace.start_s, trace.end_s), "top": (float(t[lo]), float(t[hi])),
                   "before": (trace.start_s - 0.7, trace.start_s - 0.2),
                   "around": (trace.start_s - 0.5, trace.end_s)}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            for spec in self.rep_metrics:
                key = spec.source.format(leg=leg, other=other)
                vals = self.values(key, self.window(*windows[spec.window]))
                out[spec.name] = spec.scale * _reduce(vals - spec.offset, spec.reduce)
        return out

    def _complete(self, leg: str, trace: RepTrace) -> list[Fault]:
        m = self.rep_measurements(leg, trace)
        number = len(self.reps) + 1
        cfg = self.thresholds
        faults = [f for r in self.rules
                  if (f := r.check(self.name, number, m, cfg, trace.start_s, trace.end_s)) is not None]
        self.reps.append(RepRecord(number, leg, trace.start_s, trace.top_s, trace.end_s, m,
                                   tuple(f.code for f in faults)))
        self.faults += faults
        self._out_of_position_s = 0.0
        return faults

    def summary(self) -> dict[str, Any]:
        """Reps per leg and the framing counts."""
        return {"reps_by_side": self._by_side(), "counting_signal": self.signal, **self.framing_summary()}

    def finish(self) -> ExerciseResult:
        """Result so far; a rep still in progress is not counted."""
        keys = tuple(f"{self.signal}.{leg}" for leg in self.counted_legs()) + self.series_keys
        return ExerciseResult(
            exercise=self.name,
            side_mode=self.side_mode,
            reps=tuple(self.reps),
            holds=(),
            faults=tuple(self.faults),
            warnings=tuple(self.warnings()),
            summary=self.summary(),
            config=self.thresholds,
            series=self.series_out(keys),
            view=self.framing.detected_view(),
        )
