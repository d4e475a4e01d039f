"""Rep family: count cycles of one per-leg signal from a start position and judge each rep by rules.

An exercise declares: the start :class:`~formcheck.analysis.posture.Posture`, the counting
``signal`` (a per-leg metric such as ``thigh_elevation_deg`` or ``hip_flexion_deg``),
whether legs are counted ``each`` on their own or ``both`` together (the mean of the two),
the per-rep metrics (:class:`RepMetric`) and the fault rules (:class:`Rule`). Counting
uses :class:`~formcheck.analysis.reps.AdaptiveCounter` (rises from the person's own low,
hysteresis in units of their range); a counter only leaves UNKNOWN when the body is in the
start position with the required parts seen, so nothing is counted from set-up, partial
views or the wrong position. With ``legs = "each"``, a rep of one leg whose top falls
within the other leg's rep of nearly the same time is one rep of ``both`` legs (a double
leg raise); alternating legs (scissors, mountain climbers) stay separate.

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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from formcheck.analysis.base import ExerciseResult, FrameResult, RepRecord, SideMode
from formcheck.analysis.display import STRENGTH, Display, resolve_display, shown, signal_plot
from formcheck.analysis.family import FamilyAnalyzer, FloatSeries
from formcheck.analysis.faults import Fault, Rule
from formcheck.analysis.leg_pair import LegPairCounter
from formcheck.analysis.lumbopelvic import SERIES_KEYS as LUMBO_SERIES_KEYS
from formcheck.analysis.metrics import PER_LEG, Leg, check_declaration, leg_key
from formcheck.analysis.reps import AdaptiveCounter, AdaptiveThresholds, Phase, RepTrace, top_run
from formcheck.analysis.thresholds import threshold
from formcheck.core.landmarks import Side
from formcheck.core.types import PoseFrame

REST_WINDOW = 300
"""Frames (about 10 s) of the resting-value window of ``relative_to_rest`` exercises."""
REST_MIN_FRAMES = 10
"""In-position frames needed before a resting value is trusted."""
TEMPO_METRICS = ("lift_s", "hold_s", "lower_s", "rep_s", "out_of_position_s", "alternating")
"""Per-rep metrics every rep gets, besides ``peak_<signal>`` and the declared :class:`RepMetric` values."""
ALTERNATION_GAP_S = 0.5
"""A rep of one leg starting within this time of the other leg's rep ending is alternating."""



class RepFamilyConfig(BaseModel):
    """Counting settings shared by the rep family (signal units as each exercise declares).

    Counting adapts to the person (:class:`~formcheck.analysis.reps.AdaptiveCounter`): a
    rep is a rise of the signal from its own low by at least ``min_excursion`` (and, once
    reps have been seen, ``enter_fraction`` of the person's typical range), ending when it
    is back within ``exit_fraction`` of that rise. Absolute target heights are fault rules,
    not counting gates: a short rep is counted and flagged.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_excursion: float = threshold(20.0, "Smallest rise of the counting signal from its low that is a rep.",
                                     "signal", "per exercise", gt=0, le=180)
    enter_fraction: float = threshold(
        0.35, "Rise that starts a rep, as a fraction of the person's typical range (median of the last 5 reps).",
        "ratio", "hysteresis in units of the person's range: noise and fidgets stay under a third of a rep",
        gt=0, lt=1)
    exit_fraction: float = threshold(
        0.35, "A rep ends when the signal is back within this fraction of its rise above the low.", "ratio",
        "the way back down must be two thirds done", gt=0, lt=1)
    top_band: float = threshold(10.0, "Band under the peak that counts as 'at the top'.", "signal",
                                "starting value", gt=0, le=60)
    min_dwell_s: float = threshold(0.03, "Time a threshold must stay crossed before the state changes.", "s",
                                   "two frames at 24-60 fps: a one-frame glitch never changes the state",
                                   ge=0, le=1)
    min_rep_s: float = threshold(0.2, "Shortest rep (low to low).", "s",
                                 "fast alternating kicks last 0.25-0.5 s low to low (scissors, mountain climbers)",
                                 ge=0, le=10)
    max_gap_s: float = threshold(0.4, "Longest run of unmeasurable frames (limb hidden) that keeps a rep going.",
                                 "s", "a far leg hidden behind the near one for a few frames", ge=0, le=5)


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
    rules: ClassVar[tuple[Rule, ...]] = ()
    series_keys: ClassVar[tuple[str, ...]] = ()
    both_legs_together: ClassVar[bool] = True
    """With ``legs = "each"``: whether both legs rising together is a rep (a double leg raise). False
    for one-leg-at-a-time exercises, where it is getting up, sitting down or a squat."""
    relative_to_rest: ClassVar[bool] = False
    """Count the signal above the person's own resting value (10th percentile of the last
    ``REST_WINDOW`` in-position frames not in a rep) instead of its absolute value: a seated
    thigh rests anywhere from -10 to +10 deg depending on the chair."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Check the declaration when the class is defined: a typo in a rule or metric fails at import."""
        super().__init_subclass__(**kwargs)
        if "signal" not in cls.__dict__ and not hasattr(cls, "signal"):
            return  # an abstract base
        if cls.signal not in PER_LEG:
            raise TypeError(f"{cls.__name__}: signal {cls.signal!r} is not a per-leg metric ({', '.join(PER_LEG)})")
        per_rep = {*TEMPO_METRICS, f"peak_{cls.signal}", *(m.name for m in cls.rep_metrics)}
        thresholds = set(cls.config_model.model_fields)
        check_declaration(cls, rules=cls.rules, rule_metrics=per_rep, thresholds=thresholds,
                          frame_metrics=(*(m.source for m in cls.rep_metrics), *cls.series_keys))
        series = (*(leg_key(cls.signal, leg) for leg in Leg), *cls.series_keys,
                  *(LUMBO_SERIES_KEYS if cls.uses_mask else ()))
        cls.display = resolve_display(cls, cls.default_display(thresholds), rep_metrics=per_rep, series=series,
                                      thresholds=thresholds)

    @classmethod
    def default_display(cls, thresholds: set[str]) -> Display:
        """The family's display: the signal on the HUD and plotted.

        The HTML rep table shows the signal's peak, every declared rep metric, every metric a
        rule judges, then the tempo (hold, lift, lower); the terminal's the peak and the tempo.
        """
        tempo = ("hold_s", "lift_s", "lower_s")
        judged = [r.metric for r in cls.rules if r.metric not in (*tempo, "alternating")]
        columns = dict.fromkeys((f"peak_{cls.signal}", *(m.name for m in cls.rep_metrics), *judged, *tempo))
        return Display("reps", hud=(shown(f"{cls.signal}.{{leg}}"),), rep_columns=tuple(shown(c) for c in columns),
                       terminal_columns=tuple(shown(c) for c in (f"peak_{cls.signal}", *tempo)), hold_columns=(),
                       plot=signal_plot(cls.signal, thresholds), programme=STRENGTH)

    def __init__(self, config: BaseModel | None = None, *, side: SideMode = "auto") -> None:
        super().__init__(config, side=side)
        c = self.thresholds
        th = AdaptiveThresholds(c["min_excursion"], c["enter_fraction"], c["exit_fraction"], c["min_dwell_s"],
                                c["min_rep_s"], c["max_gap_s"])
        self.pair = LegPairCounter(th) if self.legs == "each" and self.side_mode == "auto" else None
        self.counters = dict(self.pair.legs) if self.pair is not None else {
            leg: AdaptiveCounter(th) for leg in self.counted_legs()}
        self.reps: list[RepRecord] = []
        self.faults: list[Fault] = []
        self._out_of_position_s = 0.0
        self._prev_t: float | None = None
        self._rest_values: dict[str, deque[float]] = {leg: deque(maxlen=REST_WINDOW) for leg in self.counters}
        self._rep_of_movement: dict[int, int] = {}
        self._skipped_both = 0

    def reps_so_far(self) -> Sequence[RepRecord]:
        """Reps counted so far."""
        return self.reps

    def counted_legs(self) -> tuple[str, ...]:
        """``("both",)`` or the legs counted on their own."""
        if self.legs == "both":
            return ("both",)
        return tuple(s.value for s in Side) if self.side_mode == "auto" else (self.side_mode,)

    def _lifted(self) -> bool:
        if self.pair is not None:
            return self.pair.phase is Phase.LIFTED
        return any(c.phase is Phase.LIFTED for c in self.counters.values())

    def step(self, pose: PoseFrame) -> FrameResult:
        """Measure, advance the counters, judge reps that just ended."""
        body, m, usable, in_pos = self.observe(pose)
        dt = 0.0 if self._prev_t is None else min(body.t - self._prev_t, 0.5)
        self._prev_t = body.t
        lifted = self._lifted()
        if usable and not in_pos and not lifted:
            self._out_of_position_s += dt
        values = {leg: self._counted_value(leg, m.get(f"{self.signal}.{leg}", math.nan), in_pos, c.phase)
                  for leg, c in self.counters.items()}
        new: list[Fault] = []
        # A frame out of view, or out of the start position when no rep is under way, is a
        # gap: a moment of it is bridged like a hidden limb (max_gap_s), a longer one starts over.
        if self.pair is not None:
            going = usable and (in_pos or self.pair.phase is Phase.LIFTED)
            fed = {leg: v if going else math.nan for leg, v in values.items()}
            events = self.pair.update(body.t, fed["left"], fed["right"],
                                      usable={"left": True, "right": True, "gap": True})
            for number in events.now_both:
                index = self._rep_of_movement.get(number)
                if index is not None:
                    self.reps[index] = replace(self.reps[index], side="both")
            for movement in events.added:
                if movement.side == "both" and not self.both_legs_together:
                    self._skipped_both += 1
                    continue
                self._rep_of_movement[movement.number] = len(self.reps)
                new += self._complete(movement.side, movement.trace)
        else:
            for leg, counter in self.counters.items():
                going = usable and (in_pos or counter.phase is Phase.LIFTED)
                trace = counter.update(body.t, values[leg] if going else math.nan)
                if trace is not None:
                    new += self._complete(leg, trace)
        finite = {k: v for k, v in values.items() if math.isfinite(v)}
        active = max(finite, key=lambda k: finite[k]) if finite else next(iter(self.counters))
        return FrameResult(
            t=body.t,
            phase=(Phase.LIFTED if self._lifted() else self.counters[active].phase).value,
            rep_count=len(self.reps),
            reps_by_side=self._by_side(),
            metrics=self.readouts(m, active),
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
        legs = self.counted_legs()
        if self.legs == "each" and any(r.side == "both" for r in self.reps):
            legs = (*legs, "both")
        return {leg: sum(r.side == leg for r in self.reps) for leg in legs}

    def rep_measurements(self, leg: str, trace: RepTrace) -> dict[str, float]:
        """Tempo plus the declared :class:`RepMetric` values for one finished rep."""
        band = float(self.thresholds["top_band"])
        t = np.asarray(trace.t, dtype=np.float64)
        v = np.asarray(trace.value, dtype=np.float64)
        peak = trace.peak
        top = np.flatnonzero(v >= peak - band)
        lo, hi = top_run(v, band)
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
        m["alternating"] = float(self._follows_other_leg(leg, trace))
        if m["alternating"] and self.reps:
            self._revise_as_alternating(len(self.reps) - 1)
        number = len(self.reps) + 1
        cfg = self.thresholds
        faults = [f for r in self.rules
                  if (f := r.check(self.name, number, m, cfg, trace.start_s, trace.end_s)) is not None]
        self.reps.append(RepRecord(number, leg, trace.start_s, trace.top_s, trace.end_s, m,
                                   tuple(f.code for f in faults)))
        self.faults += faults
        self._out_of_position_s = 0.0
        return faults

    def _revise_as_alternating(self, index: int) -> None:
        """The rep before an alternating one opened the alternation: drop its faults from rules that do not apply."""
        rep = self.reps[index]
        if rep.metrics.get("alternating"):
            return
        dropped = {f"{self.name}.{r.fault}" for r in self.rules if r.unless == "alternating"}
        self.reps[index] = replace(rep, metrics={**rep.metrics, "alternating": 1.0},
                                   faults=tuple(c for c in rep.faults if c not in dropped))
        self.faults = [f for f in self.faults if not (f.rep == rep.number and f.code in dropped)]

    def _follows_other_leg(self, leg: str, trace: RepTrace) -> bool:
        """The rep began while the other leg's rep was ending (alternating legs: scissors, marching)."""
        if not self.reps or leg == "both":
            return False
        last = self.reps[-1]
        return last.side not in (leg, "both") and trace.start_s - last.end_s <= ALTERNATION_GAP_S

    def zero_reason(self) -> str | None:
        """Why no rep was counted, with the numbers (None when reps were counted)."""
        if self.reps:
            return None
        gate = self.gate_reason()
        if gate is not None:
            return gate
        if self._skipped_both:
            return (f"no rep: {self._skipped_both} movements of both legs together were seen (getting up, sitting "
                    f"down, a squat); this exercise counts one leg at a time")
        unit = " deg" if self.signal.endswith("_deg") else ""
        name = self.signal.removesuffix("_deg").replace("_", " ")
        parts = []
        counters = dict(self.counters)
        for leg, c in counters.items():
            if not math.isfinite(c.seen_low) or c.seen_low > c.seen_high:
                parts.append(f"{leg}: never measurable in the start position")
                continue
            parts.append(f"{leg}: {c.seen_low:.0f} to {c.seen_high:.0f}{unit}, largest rise {c.best_rise:.0f}{unit}")
        needed = self.thresholds["min_excursion"]
        started = [leg for leg, c in counters.items() if c.in_progress is not None]
        tail = f"; a rep of the {', '.join(started)} leg was under way when the input ended" if started else ""
        return (f"no rep: the counting signal ({name}) in the start position ranged {'; '.join(parts)}; a rep "
                f"needs a rise of {needed:.0f}{unit} and a return most of the way down{tail}")

    def warnings(self) -> list[str]:
        """Family warnings, led by why nothing was counted when that is so."""
        reason = self.zero_reason()
        return ([reason] if reason else []) + super().warnings()

    def summary(self) -> dict[str, Any]:
        """Reps per leg and the framing counts."""
        out = {"reps_by_side": self._by_side(), "counting_signal": self.signal, **self.framing_summary()}
        reason = self.zero_reason()
        if reason:
            out["why_nothing_counted"] = reason
        return out

    def finish(self) -> ExerciseResult:
        """Result so far; a rep still in progress is not counted."""
        keys = tuple(f"{self.signal}.{leg}" for leg in self.counted_legs()) + self.series_keys
        return self.result(reps=self.reps, holds=(), faults=self.faults, warnings=self.warnings(),
                           summary=self.summary(), series=self.series_out(keys), view=self.framing.detected_view(),
                           counting_signal=self.signal, frames_with_person=self.framing.frames_detected)
