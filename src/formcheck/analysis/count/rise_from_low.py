"""Counting relative to the person: a rep is a rise of the signal from its own low, back most of the way down.

:class:`RiseFromLow` counts the mean of both legs (a hanging raise, a knee-to-chest: the legs
move together). Its counter, :class:`OwnLegs`, runs one
:class:`~formcheck.analysis.signal.adaptive.AdaptiveCounter` per counted leg; it also counts a
single chosen leg for :class:`~formcheck.analysis.count.leg_pair.LegPair`. A counter only leaves
UNKNOWN in the start position with the required parts seen, so nothing is counted from set-up,
partial views or the wrong position; absolute target heights are fault rules, not counting gates.
Tempo (:func:`~formcheck.analysis.signal.tempo.counter_tempo`): ``lift_s``, ``hold_s``,
``lower_s``, ``rep_s``, plus ``out_of_position_s`` (time in view but out of the start position
since the previous rep ended) and ``alternating`` (the rep followed the other leg's).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import ConfigDict, with_config

from formcheck.analysis.count.protocol import CountingContext, Observation
from formcheck.analysis.count.rep_counting import RepCounting
from formcheck.analysis.count.rep_strategy import RepStrategy
from formcheck.analysis.faults import Fault
from formcheck.analysis.gaps import HIDDEN_LIMB_S
from formcheck.analysis.signal.adaptive import AdaptiveCounter, AdaptiveThresholds
from formcheck.analysis.signal.tempo import counter_tempo
from formcheck.analysis.signal.traces import Phase, RepTrace
from formcheck.analysis.thresholds import Threshold

TEMPO_METRICS = ("lift_s", "hold_s", "lower_s", "rep_s", "out_of_position_s", "alternating")
"""Per-rep numbers every rep counted from the person's low gets, besides the signal's peak."""
ADAPTIVE_SETTINGS = ("min_excursion", "enter_fraction", "exit_fraction", "min_dwell_s", "min_rep_s", "max_gap_s")
"""The config keys of :class:`~formcheck.analysis.signal.adaptive.AdaptiveThresholds`, in its order."""
REST_WINDOW = 300
"""Frames (about 10 s) of the resting-value window of ``relative_to_rest`` counting."""
REST_MIN_FRAMES = 10
"""In-position frames needed before a resting value is trusted."""

SETTINGS = (
    Threshold("min_excursion", 20.0, "signal", "Smallest rise of the counting signal from its low that is a rep.",
              "per exercise", gt=0, le=180),
    Threshold("enter_fraction", 0.35, "ratio",
              "Rise that starts a rep, as a fraction of the person's typical range (median of the last 5 reps).",
              "hysteresis in units of the person's range: noise and fidgets stay under a third of a rep", gt=0, lt=1),
    Threshold("exit_fraction", 0.35, "ratio",
              "A rep ends when the signal is back within this fraction of its rise above the low.",
              "the way back down must be two thirds done", gt=0, lt=1),
    Threshold("top_band", 10.0, "signal", "Band under the peak that counts as 'at the top'.", "starting value",
              gt=0, le=60),
    Threshold("min_dwell_s", 0.03, "s", "Time a threshold must stay crossed before the state changes.",
              "two frames at 24-60 fps: a one-frame glitch never changes the state", ge=0, le=1),
    Threshold("min_rep_s", 0.2, "s", "Shortest rep (low to low).",
              "fast alternating kicks last 0.25-0.5 s low to low (scissor kicks, mountain climbers)", ge=0, le=10),
    Threshold("max_gap_s", HIDDEN_LIMB_S, "s", "Longest gap (limb hidden) that keeps a rep going.",
              "a leg hidden behind furniture or the other leg for up to a second", ge=0, le=5),
)  # fmt: skip
"""The settings of counting from the person's low, with their defaults."""


class FromLow(RepStrategy):
    """What the strategies that count from the person's low declare alike (see :class:`RiseFromLow`)."""

    tempo: ClassVar[tuple[str, ...]] = TEMPO_METRICS
    relative_to_rest: bool

    def thresholds(self) -> tuple[Threshold, ...]:
        """:data:`SETTINGS`."""
        return SETTINGS

    def threshold_names(self) -> tuple[str, ...]:
        """Every config key the counter reads."""
        return (*ADAPTIVE_SETTINGS, "top_band")


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True, kw_only=True)
class RiseFromLow(FromLow):
    """Count rises of the mean of both legs' ``signal`` from its low (module docstring).

    ``relative_to_rest``: count the signal above the person's own resting value (10th percentile
    of the last ``REST_WINDOW`` in-position frames not in a rep) instead of its absolute value.
    """

    strategy: Literal["rise-from-low"] = "rise-from-low"
    signal: str
    relative_to_rest: bool = False

    def start(self, context: CountingContext) -> OwnLegs:
        """The counter of one set (the mean of both legs, whatever leg was chosen)."""
        return OwnLegs(self, context, legs=("both",))


def adaptive_thresholds(config: Mapping[str, Any]) -> AdaptiveThresholds:
    """The counter settings from a config dict."""
    return AdaptiveThresholds(*(config[k] for k in ADAPTIVE_SETTINGS))


class FromLowCounting(RepCounting):
    """What the counters from the person's low share: one counter per leg, the resting value, the tempo."""

    counters: Mapping[str, AdaptiveCounter]

    def __init__(self, strategy: FromLow, context: CountingContext, legs: tuple[str, ...]) -> None:
        super().__init__(strategy.signal, context, band_threshold="top_band", legs=legs, alternation=True)
        self.relative_to_rest = strategy.relative_to_rest
        self._rest_values: dict[str, deque[float]] = {leg: deque(maxlen=REST_WINDOW) for leg in legs}
        self._rises: list[tuple[str, float]] = []
        """Per rep handed to the judge, in order: its leg and its rise above its low (signal units)."""

    def phase(self, leg: str) -> Phase:
        """The leg's counter phase."""
        return self.counters[leg].phase

    def in_progress(self, leg: str) -> RepTrace | None:
        """The leg's rep under way."""
        return self.counters[leg].in_progress

    def counted_value(self, leg: str, value: float, in_position: bool) -> float:
        """The signal as counted: absolute, or above the leg's resting value (``relative_to_rest``)."""
        if not self.relative_to_rest:
            return value
        rest = self._rest_values[leg]
        if in_position and self.phase(leg) is not Phase.LIFTED and math.isfinite(value):
            rest.append(value)
        if len(rest) < REST_MIN_FRAMES:
            return math.nan  # no resting value known yet: nothing is counted from a guess
        return value - float(np.percentile(np.asarray(rest), 10))

    def finished(self, leg: str, trace: RepTrace) -> list[Fault]:
        """Time a rep the counter finished and hand it to the judge."""
        tempo, run = counter_tempo(trace, self.band)
        tempo["out_of_position_s"] = self.out_of_position_s
        before = len(self.judge.reps)
        faults = self.complete(leg, trace, trace.end_s, tempo, run)
        if len(self.judge.reps) > before and trace.value:
            self._rises.append((leg, trace.peak - trace.value[0]))
        return faults

    def zero_reason(self, name: str, unit: str) -> str:
        """Each leg's range and largest rise against the rise a rep needs."""
        parts = []
        for leg, c in self.counters.items():
            if not math.isfinite(c.seen_low) or c.seen_low > c.seen_high:
                parts.append(f"{leg}: never measurable in the start position")
                continue
            parts.append(f"{leg}: {c.seen_low:.0f} to {c.seen_high:.0f}{unit}, largest rise {c.best_rise:.0f}{unit}")
        needed = self.config["min_excursion"]
        started = [leg for leg, c in self.counters.items() if c.in_progress is not None]
        tail = f"; a rep of the {', '.join(started)} leg was under way when the input ended" if started else ""
        return (
            f"no rep: the counting signal ({name}) in the start position ranged {'; '.join(parts)}; a rep "
            f"needs a rise of {needed:.0f}{unit} and a return most of the way down{tail}"
        )


class OwnLegs(FromLowCounting):
    """Each counted leg (or the legs' mean) on its own counter."""

    def __init__(self, strategy: FromLow, context: CountingContext, legs: tuple[str, ...]) -> None:
        super().__init__(strategy, context, legs)
        settings = adaptive_thresholds(self.config)
        self.counters = {leg: AdaptiveCounter(settings) for leg in legs}

    def lifted(self) -> bool:
        """A leg's rep is under way."""
        return any(c.phase is Phase.LIFTED for c in self.counters.values())

    def revise(self) -> None:
        """Take back a leg's reps that rose less than the enter share of its typical rise in the set.

        The counter's own rule (a rep rises ``enter_fraction`` of the person's typical range), applied
        again once the range is known: a drift of the legs before the first real rep, or as a swinging
        body settles after one, rose a third of a real rep or less. The typical rise is the upper quartile
        of the leg's rises, so that drifts as many as the real reps do not make it.
        """
        if len(self._rises) != len(self.judge.reps):
            return  # reps were relabelled or merged on the way: leave them as counted
        share = float(self.config["enter_fraction"])
        drop = []
        for leg in {leg for leg, _ in self._rises}:
            rises = [(i, r) for i, (lg, r) in enumerate(self._rises) if lg == leg]
            typical = float(np.percentile([r for _, r in rises], 75))
            drop += [i for i, r in rises if r < share * typical]
        self.judge.drop(sorted(drop))

    def advance(self, obs: Observation, values: Mapping[str, float]) -> list[Fault]:
        """Feed each counter (a gap out of view or out of position, unless a rep is under way)."""
        going = {leg: obs.countable or (obs.usable and c.phase is Phase.LIFTED) for leg, c in self.counters.items()}
        faults: list[Fault] = []
        for leg, counter in self.counters.items():
            done = counter.update(obs.t, values[leg] if going[leg] else math.nan)
            if done is not None:
                faults += self.finished(leg, done)
        return faults
