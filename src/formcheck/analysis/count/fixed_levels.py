"""Counting at fixed levels of the signal: a :class:`~formcheck.analysis.signal.lift.LiftCounter` per leg.

For signals whose rest and lift have a known place: a thigh hangs at -75 to -90 deg when
standing and reaches -35 deg or higher in any knee lift. A rep starts when the signal rises
above ``lift_enter`` and ends when it is back below ``rest_enter`` (hysteresis); the counter
only starts from the rest level, so no start position is needed. It ends a rep at the rest
level, before the leg is fully down; tempo is timed to
:data:`~formcheck.analysis.signal.tempo.RISE_FRACTION` above the rep's resting value
(:func:`~formcheck.analysis.signal.tempo.resting_tempo`), so a finished rep waits until the leg
is that far down (or ``SETTLE_WAIT_S``, a new lift or loss of view) before it is measured.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from pydantic import ConfigDict, with_config

from formcheck.analysis.count.protocol import CountingContext, Observation
from formcheck.analysis.count.rep_counting import RepCounting, each_leg
from formcheck.analysis.count.rep_strategy import RepStrategy
from formcheck.analysis.faults import Fault
from formcheck.analysis.signal.lift import LiftCounter, LiftThresholds
from formcheck.analysis.signal.tempo import resting_level, resting_tempo
from formcheck.analysis.signal.traces import Phase, RepTrace
from formcheck.analysis.thresholds import Threshold

TEMPO_METRICS = ("lift_s", "hold_s", "lower_s")
"""Per-rep tempo metrics with fixed levels (:func:`~formcheck.analysis.signal.tempo.resting_tempo`)."""
SETTLE_WAIT_S = 1.0
"""A finished rep is measured at the latest this long after the counter ended it."""
RESTING_WINDOW_S = 1.0
"""The rep's resting value is the lowest signal in this many seconds before it started."""


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True, kw_only=True)
class FixedLevels(RepStrategy):
    """Count each leg's ``signal`` between two levels: the config keys ``lift_enter`` and ``rest_enter``.

    The exercise declares both levels as thresholds; ``top_band`` is the config key of the band
    under the peak that counts as the top.
    """

    tempo: ClassVar[tuple[str, ...]] = TEMPO_METRICS
    strategy: Literal["fixed-levels"] = "fixed-levels"
    signal: str
    lift_enter: str
    rest_enter: str
    top_band: str = "top_band_deg"

    def thresholds(self) -> tuple[Threshold, ...]:
        """The counter's timing and the top band, with their defaults (the levels are the exercise's)."""
        return (
            Threshold(self.top_band, 10.0, "signal", "Band under the peak that counts as 'at the top'.",
                      "starting value", gt=0, le=45),
            Threshold("min_dwell_s", 0.03, "s", "Time a threshold must stay crossed before the counter changes state.",
                      "about one frame at 24-30 fps", ge=0, le=1),
            Threshold("min_rep_s", 0.12, "s", "Shortest rep (rest to rest).",
                      "high knees at a sprint's cadence (4-5 steps a second) spend 0.15-0.2 s above the rest "
                      "level; a glitch that passes the two-frame dwell at both levels lasts under 0.1 s", ge=0, le=10),
        )  # fmt: skip

    def threshold_names(self) -> tuple[str, ...]:
        """Every config key the counter reads."""
        return self.lift_enter, self.rest_enter, "min_dwell_s", "min_rep_s", self.top_band

    def problems(self, config: Mapping[str, float]) -> list[str]:
        """The lift level must be above the rest level."""
        lift, rest = config.get(self.lift_enter), config.get(self.rest_enter)
        if lift is not None and rest is not None and not lift > rest:
            return [
                f"{self.lift_enter} ({lift:g}) must be above {self.rest_enter} ({rest:g}): a lift starts above "
                f"{self.lift_enter} and ends back below {self.rest_enter}"
            ]
        return []

    def start(self, context: CountingContext) -> LevelCounting:
        """The counter of one set."""
        return LevelCounting(self, context)


class LevelCounting(RepCounting):
    """One :class:`LiftCounter` per leg; finished reps wait until their leg has settled (module docstring)."""

    def __init__(self, levels: FixedLevels, context: CountingContext) -> None:
        super().__init__(
            levels.signal, context, band_threshold=levels.top_band, legs=each_leg(context.side_mode), alternation=False
        )
        c = self.config
        self.levels = levels
        settings = LiftThresholds(c[levels.lift_enter], c[levels.rest_enter], c["min_dwell_s"], c["min_rep_s"])
        self.counters = {leg: LiftCounter(settings) for leg in self.legs}
        self._pending: dict[str, RepTrace] = {}

    def phase(self, leg: str) -> Phase:
        """The leg's counter phase."""
        return self.counters[leg].phase

    def lifted(self) -> bool:
        """A leg is up."""
        return any(c.phase is Phase.LIFTED for c in self.counters.values())

    def in_progress(self, leg: str) -> RepTrace | None:
        """The leg's rep under way."""
        return self.counters[leg].in_progress

    def started(self) -> bool:
        """A counter has seen the rest level (the start of this strategy)."""
        return not all(c.phase is Phase.UNKNOWN for c in self.counters.values())

    def advance(self, obs: Observation, values: Mapping[str, float]) -> list[Fault]:
        """Advance each leg; measure the reps that settled in this frame."""
        faults: list[Fault] = []
        for leg, counter in self.counters.items():
            value = values[leg]
            going = obs.countable or (obs.usable and counter.phase is Phase.LIFTED)
            trace = counter.update(obs.t, value if going else math.nan)
            if trace is not None:
                self._pending[leg] = trace
            pending = self._pending.get(leg)
            if pending is not None and (
                not math.isfinite(value)
                or value <= self._low_level(leg, pending)
                or obs.t - pending.end_s >= SETTLE_WAIT_S
                or counter.phase is not Phase.REST
            ):
                faults += self._measure(leg, self._pending.pop(leg), obs.t)
        return faults

    def flush(self) -> list[Fault]:
        """The reps still waiting (end of input), measured up to the last frame, in the order they finished.

        A rep cut off on its way down (:meth:`past_its_top`) ends at the last frame and counts.
        """
        waiting = list(self._pending.items())
        self._pending.clear()
        for leg, counter in self.counters.items():
            trace = counter.in_progress
            if trace is not None and leg not in dict(waiting) and self.past_its_top(trace):
                waiting.append((leg, replace(trace, end_s=trace.t[-1])))
        if not waiting:
            return []
        last_t = self.context.series.t[-1]
        return [f for leg, trace in waiting for f in self._measure(leg, trace, last_t)]

    def _low_level(self, leg: str, trace: RepTrace) -> float:
        """The signal level the rep's tempo is timed at (:func:`resting_level`)."""
        series = self.context.series
        before = series.window(trace.start_s - RESTING_WINDOW_S, trace.start_s)
        return resting_level(
            series.values(f"{self.signal}.{leg}", before), trace.peak, float(self.config[self.levels.rest_enter])
        )

    def _measure(self, leg: str, trace: RepTrace, end_s: float) -> list[Fault]:
        series = self.context.series
        w = series.window(trace.start_s, end_s)
        tempo, run = resting_tempo(
            series.times(w), series.values(f"{self.signal}.{leg}", w), trace.peak, self.band,
            self._low_level(leg, trace), trace.start_s,
        )  # fmt: skip
        return self.complete(leg, trace, end_s, tempo, run)

    def zero_reason(self, name: str, unit: str) -> str:
        """The signal's range in view against the two levels."""
        seen = self.context.series.finite(f"{self.signal}.{leg}" for leg in self.legs)
        c = self.config
        if not seen:
            return f"the counting signal ({name}) was never measurable while the body was in view"
        return (
            f"no rep: the counting signal ({name}) in view ranged {min(seen):.0f} to {max(seen):.0f}{unit}; "
            f"a rep starts from below {c[self.levels.rest_enter]:.0f}{unit} (at rest) and must rise above "
            f"{c[self.levels.lift_enter]:.0f}{unit}"
        )
