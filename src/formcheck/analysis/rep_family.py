"""Rep family: count cycles of one per-leg signal and judge each rep by rules.

An exercise declares: the start :class:`~formcheck.analysis.posture.Posture`, the counting
``signal`` (a per-leg metric such as ``thigh_elevation_deg`` or ``hip_flexion_deg``),
whether legs are counted ``each`` on their own or ``both`` together (the mean of the two),
the per-rep metrics (:class:`RepMetric`) and the fault rules (:class:`Rule`).

Counting, one of two kinds (``counting``):

- adaptive (the default): :class:`~formcheck.analysis.reps.AdaptiveCounter` (rises from the
  person's own low, hysteresis in units of their range); a counter only leaves UNKNOWN when
  the body is in the start position with the required parts seen, so nothing is counted from
  set-up, partial views or the wrong position. With ``legs = "each"``, a rep of one leg whose
  top falls within the other leg's rep of nearly the same time is one rep of ``both`` legs (a
  double leg raise); alternating legs (scissors, mountain climbers) stay separate. Tempo
  metrics every rep gets: ``lift_s`` (start to reaching the top band), ``hold_s`` (contiguous
  time within ``top_band`` of the peak), ``lower_s`` (leaving the top band to back at rest),
  ``rep_s`` (rest to rest), ``out_of_position_s`` (time in view but out of the start position
  since the previous rep ended) and ``alternating``.
- fixed levels (:class:`~formcheck.analysis.rep_levels.FixedLevels`): a
  :class:`~formcheck.analysis.reps.LiftCounter` per leg between two levels from the config;
  tempo ``lift_s``, ``hold_s``, ``lower_s`` against the rep's own resting value
  (:mod:`~formcheck.analysis.rep_tempo`), each rep measured once the leg has settled.

Every rep also gets ``peak_<signal>`` (e.g. ``peak_thigh_elevation_deg``). Options: a gate
on which reps count (``accept``), the signal's target height (``target``), frame checks while
a rep is under way (``live_checks``), the time at the top of each rep reported as a hold
(``top_hold_target``) and summary extras (:mod:`~formcheck.analysis.rep_options`).
"""

from __future__ import annotations

import math
import warnings
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from formcheck.analysis.base import ExerciseResult, FrameResult, HoldRecord, RepRecord, SideMode
from formcheck.analysis.body import BodyFrame
from formcheck.analysis.display import HOLD_FIELDS, STRENGTH, Display, resolve_display, shown, signal_plot
from formcheck.analysis.family import FamilyAnalyzer, FloatSeries
from formcheck.analysis.faults import Fault, Rule
from formcheck.analysis.leg_pair import LegPairCounter
from formcheck.analysis.lumbopelvic import SERIES_KEYS as LUMBO_SERIES_KEYS
from formcheck.analysis.metrics import PER_LEG, Leg, check_declaration, leg_key
from formcheck.analysis.rep_levels import LEVEL_TEMPO_METRICS, RESTING_WINDOW_S, FixedLevels, LevelCounting
from formcheck.analysis.rep_options import RepGate, RepTarget, SummaryExtra, cadence_per_min
from formcheck.analysis.rep_tempo import TopRun, counter_tempo, resting_level, resting_tempo
from formcheck.analysis.reps import AdaptiveCounter, AdaptiveThresholds, LiftCounter, Phase, RepTrace
from formcheck.analysis.thresholds import threshold
from formcheck.core.landmarks import Side
from formcheck.core.types import PoseFrame

REST_WINDOW = 300
"""Frames (about 10 s) of the resting-value window of ``relative_to_rest`` exercises."""
REST_MIN_FRAMES = 10
"""In-position frames needed before a resting value is trusted."""
TEMPO_METRICS = ("lift_s", "hold_s", "lower_s", "rep_s", "out_of_position_s", "alternating")
"""Per-rep metrics every adaptively counted rep gets, besides ``peak_<signal>`` and the declared :class:`RepMetric`
values."""
ADAPTIVE_SETTINGS = ("min_excursion", "enter_fraction", "exit_fraction", "min_dwell_s", "min_rep_s", "max_gap_s")
"""The config fields of adaptive counting, in the order of :class:`~formcheck.analysis.reps.AdaptiveThresholds`."""
ALTERNATION_GAP_S = 0.5
"""A rep of one leg starting within this time of the other leg's rep ending is alternating."""
LEGS = frozenset(leg.value for leg in Leg)


class RepFamilyConfig(BaseModel):
    """Counting settings shared by the rep family (signal units as each exercise declares).

    Counting adapts to the person (:class:`~formcheck.analysis.reps.AdaptiveCounter`): a
    rep is a rise of the signal from its own low by at least ``min_excursion`` (and, once
    reps have been seen, ``enter_fraction`` of the person's typical range), ending when it
    is back within ``exit_fraction`` of that rise. Absolute target heights are fault rules,
    not counting gates: a short rep is counted and flagged.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_excursion: float = threshold(
        20.0, "Smallest rise of the counting signal from its low that is a rep.", "signal", "per exercise", gt=0, le=180
    )
    enter_fraction: float = threshold(
        0.35,
        "Rise that starts a rep, as a fraction of the person's typical range (median of the last 5 reps).",
        "ratio",
        "hysteresis in units of the person's range: noise and fidgets stay under a third of a rep",
        gt=0,
        lt=1,
    )
    exit_fraction: float = threshold(
        0.35,
        "A rep ends when the signal is back within this fraction of its rise above the low.",
        "ratio",
        "the way back down must be two thirds done",
        gt=0,
        lt=1,
    )
    top_band: float = threshold(
        10.0, "Band under the peak that counts as 'at the top'.", "signal", "starting value", gt=0, le=60
    )
    min_dwell_s: float = threshold(
        0.03,
        "Time a threshold must stay crossed before the state changes.",
        "s",
        "two frames at 24-60 fps: a one-frame glitch never changes the state",
        ge=0,
        le=1,
    )
    min_rep_s: float = threshold(
        0.2,
        "Shortest rep (low to low).",
        "s",
        "fast alternating kicks last 0.25-0.5 s low to low (scissors, mountain climbers)",
        ge=0,
        le=10,
    )
    max_gap_s: float = threshold(
        0.4,
        "Longest run of unmeasurable frames (limb hidden) that keeps a rep going.",
        "s",
        "a far leg hidden behind the near one for a few frames",
        ge=0,
        le=5,
    )


Reduce = Literal["max", "min", "range", "mean", "max_abs", "extreme"]
Window = Literal["rep", "top", "before", "around"]


@dataclass(frozen=True)
class RepMetric:
    """A per-rep number taken from a frame metric.

    ``source`` may contain ``{leg}`` (the counted leg, or ``both``) and ``{other}`` (the
    other leg). ``window``: ``rep`` = rest to rest, ``top`` = within the top band,
    ``before`` = 0.7 to 0.2 s before the rep started (the start position, before the
    movement's first ramp), ``around`` = the half second before the start plus the rep.
    ``reduce``: ``max_abs`` = the largest magnitude, ``extreme`` = the value of largest magnitude
    with its sign. ``scale`` multiplies the value (-1 turns a minimum of flexion into a maximum of
    extension); ``offset`` is subtracted first (``max_abs`` with offset 90 = largest distance from 90).
    """

    name: str
    source: str
    reduce: Reduce
    window: Window = "rep"
    scale: float = 1.0
    offset: float = 0.0


LUMBOPELVIC_METRICS = (
    RepMetric("max_lumbar_depth_change_pct", "lumbar_depth_change_pct", "max"),
    RepMetric("max_lumbar_curve_change_deg", "lumbar_curve_change_deg", "max"),
    RepMetric("max_floor_gap_pct", "floor_gap_pct", "max"),
    RepMetric("max_pelvic_tilt_proxy_deg", "pelvic_tilt_proxy_deg", "extreme"),
    RepMetric("max_hip_drop_deg", "hip_drop_deg", "max_abs"),
    RepMetric("min_contour_confidence", "contour_confidence", "min"),
)
"""The lower back and pelvis over a rep, for exercises that measure them (``uses_mask`` or
``lumbopelvic_proxies``; :mod:`formcheck.analysis.lumbopelvic`): contour values need the mask."""


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
    if how == "extreme":
        return float(finite[np.argmax(np.abs(finite))])
    return float(finite.mean())


class RepExercise(FamilyAnalyzer):
    """Declarative rep counter; subclasses set posture, signal, legs, metrics and rules (module docstring)."""

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
    counting: ClassVar[FixedLevels | None] = None
    """None: adaptive counting (the :class:`RepFamilyConfig` settings); :class:`FixedLevels`: a
    :class:`~formcheck.analysis.reps.LiftCounter` per leg at the config's levels (:mod:`rep_levels`)."""
    top_band_threshold: ClassVar[str] = "top_band"
    """The config field with the band under the peak that counts as 'at the top' (signal units)."""
    accept: ClassVar[RepGate | None] = None
    """Which reps count at all (:class:`RepGate`); None: every rep the counter finds."""
    target: ClassVar[RepTarget | None] = None
    """The signal's target height (:class:`RepTarget`)."""
    live_checks: ClassVar[tuple[Rule, ...]] = ()
    """Checks of frame metrics (``{leg}`` = the active leg) while a rep is under way: a measured
    violation gives the rule's cue at once; a top hold is in form only where all pass."""
    top_hold_target: ClassVar[str | None] = None
    """Set to report each rep's time at the top as a hold: the config field with its target (s, 0 = none).
    In form: the signal at its ``target`` and every live check passing."""
    summary_extras: ClassVar[tuple[SummaryExtra, ...]] = ()
    """Optional summary values (:data:`~formcheck.analysis.rep_options.SummaryExtra`)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Check the declaration when the class is defined: a typo in a rule or metric fails at import."""
        super().__init_subclass__(**kwargs)
        if "signal" not in cls.__dict__ and not hasattr(cls, "signal"):
            return  # an abstract base
        if cls.signal not in PER_LEG:
            raise TypeError(f"{cls.__name__}: signal {cls.signal!r} is not a per-leg metric ({', '.join(PER_LEG)})")
        if cls.counting is not None and cls.relative_to_rest:
            raise TypeError(f"{cls.__name__}: fixed levels count the signal itself, not relative_to_rest")
        tempo = LEVEL_TEMPO_METRICS if cls.counting is not None else TEMPO_METRICS
        per_rep = {*tempo, f"peak_{cls.signal}", *(m.name for m in cls.rep_metrics)}
        fields = set(cls.config_model.model_fields)
        gate = (cls.accept.rule,) if cls.accept is not None else ()
        check_declaration(
            cls,
            rules=(*cls.rules, *gate),
            rule_metrics=per_rep,
            thresholds=fields,
            frame_metrics=(*(m.source for m in cls.rep_metrics), *cls.series_keys),
            threshold_refs=cls._named_thresholds(),
        )
        live = tuple(c.metric for c in cls.live_checks)
        check_declaration(cls, rules=cls.live_checks, rule_metrics=set(live), thresholds=fields, frame_metrics=live)
        series = (
            *(leg_key(cls.signal, leg) for leg in Leg),
            *cls.series_keys,
            *(LUMBO_SERIES_KEYS if cls.uses_mask or cls.lumbopelvic_proxies else ()),
        )
        cls.display = resolve_display(
            cls, cls.default_display(fields), rep_metrics=per_rep, series=series, thresholds=fields
        )

    @classmethod
    def _named_thresholds(cls) -> tuple[str, ...]:
        """The config fields the declared options name."""
        counting = (
            (cls.counting.lift_enter, cls.counting.rest_enter, "min_dwell_s", "min_rep_s")
            if cls.counting is not None
            else ADAPTIVE_SETTINGS
        )
        return (
            *counting,
            cls.top_band_threshold,
            *((cls.target.threshold,) if cls.target is not None else ()),
            *((cls.top_hold_target,) if cls.top_hold_target is not None else ()),
        )

    @classmethod
    def default_display(cls, thresholds: set[str]) -> Display:
        """The family's display: the signal on the HUD and plotted.

        The HTML rep table shows the signal's peak, every declared rep metric, every metric a
        rule judges, then the tempo (hold, lift, lower); the terminal's the peak and the tempo.
        """
        tempo = ("hold_s", "lift_s", "lower_s")
        judged = [r.metric for r in cls.rules if r.metric not in (*tempo, "alternating")]
        columns = dict.fromkeys((f"peak_{cls.signal}", *(m.name for m in cls.rep_metrics), *judged, *tempo))
        return Display(
            "reps",
            hud=(shown(f"{cls.signal}.{{leg}}"),),
            rep_columns=tuple(shown(c) for c in columns),
            terminal_columns=tuple(shown(c) for c in (f"peak_{cls.signal}", *tempo)),
            hold_columns=HOLD_FIELDS if cls.top_hold_target is not None else (),
            plot=signal_plot(cls.signal, thresholds),
            programme=STRENGTH,
        )

    def __init__(self, config: BaseModel | None = None, *, side: SideMode = "auto") -> None:
        super().__init__(config, side=side)
        c = self.thresholds
        self.levels = (
            LevelCounting(self.counting.thresholds(c), self.counted_legs()) if self.counting is not None else None
        )
        self.pair: LegPairCounter | None = None
        self.counters: dict[str, LiftCounter | AdaptiveCounter] = {}
        if self.levels is not None:
            self.counters.update(self.levels.counters)
        else:
            th = AdaptiveThresholds(*(c[k] for k in ADAPTIVE_SETTINGS))
            self.pair = LegPairCounter(th) if self.legs == "each" and self.side_mode == "auto" else None
            self.counters.update(
                self.pair.legs if self.pair is not None else {leg: AdaptiveCounter(th) for leg in self.counted_legs()}
            )
        self.reps: list[RepRecord] = []
        self.holds: list[HoldRecord] = []
        self.faults: list[Fault] = []
        self._out_of_position_s = 0.0
        self._prev_t: float | None = None
        self._rest_values: dict[str, deque[float]] = {leg: deque(maxlen=REST_WINDOW) for leg in self.counters}
        self._rep_of_movement: dict[int, int] = {}
        self._skipped_both = 0
        self._set_aside = 0

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

    def _waiting(self) -> bool:
        """Fixed levels only: no counter has seen the rest level yet (their start position)."""
        return self.levels is not None and all(c.phase is Phase.UNKNOWN for c in self.counters.values())

    def step(self, pose: PoseFrame) -> FrameResult:
        """Measure, advance the counters, judge reps that just ended."""
        body, m, usable, in_pos = self.observe(pose)
        dt = 0.0 if self._prev_t is None else min(body.t - self._prev_t, 0.5)
        self._prev_t = body.t
        if usable and not in_pos and not self._lifted():
            self._out_of_position_s += dt
        values = {
            leg: self._counted_value(leg, m.get(f"{self.signal}.{leg}", math.nan), in_pos, c.phase)
            for leg, c in self.counters.items()
        }
        # A frame out of view, or out of the start position when no rep is under way, is a
        # gap: a moment of it is bridged like a hidden limb (max_gap_s), a longer one starts over.
        going = {leg: usable and (in_pos or c.phase is Phase.LIFTED) for leg, c in self.counters.items()}
        new: list[Fault] = []
        if self.levels is not None:
            for leg, trace in self.levels.update(body.t, values, going, self._low_level):
                new += self._complete(leg, trace, body.t)
        elif self.pair is not None:
            new = self._step_pair(body.t, values, usable and (in_pos or self.pair.phase is Phase.LIFTED))
        else:
            for leg, counter in self.counters.items():
                done = counter.update(body.t, values[leg] if going[leg] else math.nan)
                if done is not None:
                    new += self._complete(leg, done, done.end_s)
        return self._frame_result(body, m, values, (usable, in_pos), tuple(new))

    def _step_pair(self, t: float, values: dict[str, float], going: bool) -> list[Fault]:
        """Advance the leg-pair counter; judge the movements it finished, relabel earlier ones found to be both legs."""
        assert self.pair is not None
        fed = {leg: v if going else math.nan for leg, v in values.items()}
        events = self.pair.update(t, fed["left"], fed["right"], usable={"left": True, "right": True, "gap": True})
        for number in events.now_both:
            index = self._rep_of_movement.get(number)
            if index is not None:
                self.reps[index] = replace(self.reps[index], side="both")
        new: list[Fault] = []
        for movement in events.added:
            if movement.side == "both" and not self.both_legs_together:
                self._skipped_both += 1
                continue
            self._rep_of_movement[movement.number] = len(self.reps)
            new += self._complete(movement.side, movement.trace, movement.trace.end_s)
        return new

    def _frame_result(
        self,
        body: BodyFrame,
        m: dict[str, float],
        values: dict[str, float],
        gates: tuple[bool, bool],
        new: tuple[Fault, ...],
    ) -> FrameResult:
        """What a live display shows: the active leg (the highest), its phase, time at the top, cues.

        ``gates``: the frame is usable, the body is in the start position (:meth:`observe`).
        """
        usable, in_pos = gates
        finite = {k: v for k, v in values.items() if math.isfinite(v)}
        active = max(finite, key=lambda k: finite[k]) if finite else next(iter(self.counters))
        value, cfg, lifted = values[active], self.thresholds, self._lifted()
        cues = [f.cue for f in new]
        if lifted:
            cues += [
                c.cue
                for c in self.live_checks
                if math.isfinite(v := m.get(c.metric.format(leg=active), math.nan)) and c.violated(v, cfg[c.threshold])
            ]
        return FrameResult(
            t=body.t,
            phase=(Phase.LIFTED if lifted else self.counters[active].phase).value,
            rep_count=len(self.reps),
            reps_by_side=self._by_side(),
            metrics=self.readouts(m, active),
            knee_above_hip=bool(value >= cfg[self.target.threshold])
            if self.target is not None and math.isfinite(value)
            else None,
            hold_s=self._time_at_top(active, body.t, value),
            cues=tuple(dict.fromkeys(c for c in cues if c)),
            guidance=self.guidance(body, in_pos and not self._waiting()),
            in_view=usable,
            new_faults=new,
        )

    def _live_metrics(self, m: dict[str, float], active: str) -> dict[str, float]:
        """The signal and the reported series keys now, per-leg ones of the active leg (names without the leg)."""
        out = {self.signal: m.get(f"{self.signal}.{active}", math.nan)}
        for key in self.reported(self.series_keys):
            base, _, leg = key.rpartition(".")
            if leg in LEGS:
                out[base] = m.get(f"{base}.{active}", math.nan)
            else:
                out[key] = m.get(key, math.nan)
        return out

    def _time_at_top(self, leg: str, t: float, value: float) -> float:
        """Seconds since the rep under way first reached the top band, while ``value`` is in it (else 0)."""
        trace = self.counters[leg].in_progress
        if trace is None or not trace.value:
            return 0.0
        level = trace.peak - float(self.thresholds[self.top_band_threshold])
        if not value >= level:
            return 0.0
        return t - next(tt for tt, v in zip(trace.t, trace.value, strict=True) if v >= level)

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

    def _low_level(self, leg: str, trace: RepTrace) -> float:
        """Fixed levels: the signal level the rep's tempo is timed at (:func:`resting_level`)."""
        assert self.counting is not None
        before = self.window(trace.start_s - RESTING_WINDOW_S, trace.start_s)
        return resting_level(
            self.values(f"{self.signal}.{leg}", before), trace.peak, float(self.thresholds[self.counting.rest_enter])
        )

    def rep_measurements(self, leg: str, trace: RepTrace, end_s: float) -> tuple[dict[str, float], TopRun]:
        """Tempo and the declared :class:`RepMetric` values of a finished rep, measured up to ``end_s``; its top run."""
        band = float(self.thresholds[self.top_band_threshold])
        if self.levels is not None:
            w = self.window(trace.start_s, end_s)
            tempo, run = resting_tempo(
                self.times(w),
                self.values(f"{self.signal}.{leg}", w),
                trace.peak,
                band,
                self._low_level(leg, trace),
                trace.start_s,
            )
        else:
            tempo, run = counter_tempo(trace, band)
            tempo["out_of_position_s"] = self._out_of_position_s
        out = {f"peak_{self.signal}": float(trace.peak), **tempo}
        other = {"left": "right", "right": "left"}.get(leg, leg)
        windows = {
            "rep": (trace.start_s, end_s),
            "top": (run.first_s, run.last_s),
            "before": (trace.start_s - 0.7, trace.start_s - 0.2),
            "around": (trace.start_s - 0.5, end_s),
        }
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            for spec in self.rep_metrics:
                key = spec.source.format(leg=leg, other=other)
                value = _reduce(self.values(key, self.window(*windows[spec.window])) - spec.offset, spec.reduce)
                # unmeasured is math.nan itself: a NaN equals only itself, so equal results compare equal
                out[spec.name] = spec.scale * value if math.isfinite(value) else math.nan
        return out, run

    def _complete(self, leg: str, trace: RepTrace, end_s: float) -> list[Fault]:
        """Measure and judge a finished rep (frames up to ``end_s``); record it unless the gate sets it aside."""
        m, run = self.rep_measurements(leg, trace, end_s)
        cfg = self.thresholds
        if self.accept is not None and not self.accept.passes(m, cfg):
            self._set_aside += 1
            return []
        if self.levels is None:
            m["alternating"] = float(self._follows_other_leg(leg, trace))
            if m["alternating"] and self.reps:
                self._revise_as_alternating(len(self.reps) - 1)
        number = len(self.reps) + 1
        faults = [
            f for r in self.rules if (f := r.check(self.name, number, m, cfg, trace.start_s, trace.end_s)) is not None
        ]
        self.reps.append(
            RepRecord(number, leg, trace.start_s, trace.top_s, trace.end_s, m, tuple(f.code for f in faults))
        )
        self.faults += faults
        self._out_of_position_s = 0.0
        if self.top_hold_target is not None:
            self.holds.append(self._top_hold(leg, number, run, float(cfg[self.top_hold_target])))
        return faults

    def _top_hold(self, leg: str, number: int, run: TopRun, target_s: float) -> HoldRecord:
        """A rep's time at the top as a hold; in form where the signal is at its target and every live check passes."""
        w = self.window(run.first_s, run.end_s)
        t = self.times(w)
        cfg = self.thresholds
        ok = np.ones(len(t), dtype=bool)
        if self.target is not None:
            ok &= self.values(f"{self.signal}.{leg}", w) >= float(cfg[self.target.threshold])
        for check in self.live_checks:
            limit = float(cfg[check.threshold])
            ok &= np.array([check.passes(v, limit) for v in self.values(check.metric.format(leg=leg), w)], dtype=bool)
        dt = np.diff(np.append(t, run.end_s))
        return HoldRecord(
            run.first_s, run.end_s, run.end_s - run.first_s, float(np.sum(dt[ok])), leg, number, target_s or None
        )

    def _revise_as_alternating(self, index: int) -> None:
        """The rep before an alternating one opened the alternation: drop its faults from rules that do not apply."""
        rep = self.reps[index]
        if rep.metrics.get("alternating"):
            return
        dropped = {f"{self.name}.{r.fault}" for r in self.rules if r.unless == "alternating"}
        self.reps[index] = replace(
            rep, metrics={**rep.metrics, "alternating": 1.0}, faults=tuple(c for c in rep.faults if c not in dropped)
        )
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
        if self._set_aside and self.accept is not None:
            return self.accept.reason.format(n=self._set_aside, limit=float(self.thresholds[self.accept.threshold]))
        if self._skipped_both:
            return (
                f"no rep: {self._skipped_both} movements of both legs together were seen (getting up, sitting "
                f"down, a squat); this exercise counts one leg at a time"
            )
        unit = " deg" if self.signal.endswith("_deg") else ""
        name = self.signal.removesuffix("_deg").replace("_", " ")
        if self.counting is not None:
            seen = [
                v
                for leg in self.counted_legs()
                for v in self.values(f"{self.signal}.{leg}", slice(None))
                if math.isfinite(v)
            ]
            return self.counting.zero_reason(seen, self.thresholds, name, unit)
        return self._adaptive_reason(name, unit)

    def _adaptive_reason(self, name: str, unit: str) -> str:
        """Adaptive counting: each leg's range and largest rise against the rise a rep needs."""
        parts = []
        counters = {leg: c for leg, c in self.counters.items() if isinstance(c, AdaptiveCounter)}
        for leg, c in counters.items():
            if not math.isfinite(c.seen_low) or c.seen_low > c.seen_high:
                parts.append(f"{leg}: never measurable in the start position")
                continue
            parts.append(f"{leg}: {c.seen_low:.0f} to {c.seen_high:.0f}{unit}, largest rise {c.best_rise:.0f}{unit}")
        needed = self.thresholds["min_excursion"]
        started = [leg for leg, c in counters.items() if c.in_progress is not None]
        tail = f"; a rep of the {', '.join(started)} leg was under way when the input ended" if started else ""
        return (
            f"no rep: the counting signal ({name}) in the start position ranged {'; '.join(parts)}; a rep "
            f"needs a rise of {needed:.0f}{unit} and a return most of the way down{tail}"
        )

    def warnings(self) -> list[str]:
        """Family warnings, led by why nothing was counted when that is so."""
        reason = self.zero_reason()
        return ([reason] if reason else []) + super().warnings()

    def summary(self) -> dict[str, Any]:
        """Reps per leg, the framing counts and the declared extras."""
        out = {
            "reps_by_side": self._by_side(),
            "counting_signal": self.signal,
            **self.framing_summary(),
            **self._extras(),
        }
        reason = self.zero_reason()
        if reason:
            out["why_nothing_counted"] = reason
        return out

    def _extras(self) -> dict[str, Any]:
        """Summary values of the declared options: reps set aside, reps at the target, :data:`SummaryExtra` values."""
        out: dict[str, Any] = {}
        if self.accept is not None:
            out[self.accept.summary_key] = self._set_aside
        if self.target is not None:
            limit = float(self.thresholds[self.target.threshold])
            out[self.target.reps_key] = sum(r.metrics[f"peak_{self.signal}"] >= limit for r in self.reps)
        extras: dict[str, Callable[[], Any]] = {
            "cadence_lifts_per_min": lambda: cadence_per_min([r.top_s for r in self.reps]),
            "legs_relabelled_frames": lambda: self.framing.legs_swapped,
        }
        out.update({key: extras[key]() for key in self.summary_extras})
        return out

    def finish(self) -> ExerciseResult:
        """Result so far: reps waiting to settle are judged, a rep still in progress is not counted."""
        if self.levels is not None:
            for leg, trace in self.levels.flush():
                self._complete(leg, trace, self.t[-1])
        keys = tuple(f"{self.signal}.{leg}" for leg in self.counted_legs()) + self.series_keys
        return self.result(
            reps=self.reps,
            holds=self.holds,
            faults=self.faults,
            warnings=self.warnings(),
            summary=self.summary(),
            series=self.series_out(keys),
            view=self.framing.detected_view(),
            counting_signal=self.signal,
            frames_with_person=self.framing.frames_detected,
        )
