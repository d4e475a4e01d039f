"""Rep counting relative to the person's own low and range: a rise from a low it has seen, back most of the way."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from formcheck.analysis.gaps import HIDDEN_LIMB_S
from formcheck.analysis.signal.noise import NoiseMeter
from formcheck.analysis.signal.traces import DwellCounter, Phase, RepTrace, bridges_gap


@dataclass(frozen=True)
class AdaptiveThresholds:
    """Settings of an :class:`AdaptiveCounter`; excursions in signal units, times in seconds.

    A rep starts when the signal has risen from its lowest value since the last rep by
    ``max(min_excursion, enter_fraction x typical range)``, where the typical range is the
    median rise of the person's last ``range_memory`` reps; it ends when the signal is back
    within ``exit_fraction`` of that rep's own rise above its low. Both levels move with the
    person, so hips held high or a smaller range change no count.
    """

    min_excursion: float
    enter_fraction: float = 0.35
    exit_fraction: float = 0.35
    min_dwell_s: float = 0.0
    min_rep_s: float = 0.25
    max_gap_s: float = HIDDEN_LIMB_S
    """A gap (NaN values) up to this long keeps the state; a longer one starts over."""
    range_memory: int = 5

    def __post_init__(self) -> None:
        if not self.min_excursion > 0:
            raise ValueError(f"min_excursion must be > 0, got {self.min_excursion}")
        if not (0 < self.enter_fraction < 1 and 0 < self.exit_fraction < 1):
            raise ValueError("enter_fraction and exit_fraction must be in (0, 1)")
        if self.min_dwell_s < 0 or self.min_rep_s < 0 or self.max_gap_s < 0:
            raise ValueError("durations must be >= 0")


class AdaptiveCounter(DwellCounter):
    """Counts rises and falls of one signal relative to the person's own low and range.

    States as :class:`LiftCounter` (UNKNOWN, REST, LIFTED). It starts counting only once a
    usable value is seen, and only rises that start from a low it has seen count, so a
    video starting mid-rep never counts that rep. :attr:`seen_low` / :attr:`seen_high`
    keep the extremes of every usable value (for "why nothing was counted").
    """

    def __init__(self, thresholds: AdaptiveThresholds) -> None:
        self.th = thresholds
        self._min_dwell_s = thresholds.min_dwell_s
        self.phase = Phase.UNKNOWN
        self.completed: list[RepTrace] = []
        self._current: RepTrace | None = None
        self._low = math.nan
        self._low_t = math.nan
        self._pre: list[tuple[float, float]] = []
        self._pending_since: float | None = None
        self._last_t = math.nan
        self._ranges: list[float] = []
        self.noise = NoiseMeter()
        self.seen_low = math.inf
        self.seen_high = -math.inf
        self.best_rise = 0.0
        """Largest rise above a low seen in any usable stretch (signal units)."""

    @property
    def typical_range(self) -> float:
        """Median rise of the recent reps (NaN before the first rep)."""
        if not self._ranges:
            return math.nan
        return float(np.median(self._ranges[-self.th.range_memory :]))

    @property
    def enter_excursion(self) -> float:
        """Rise above the low that starts a rep now."""
        typical = self.typical_range
        scaled = self.th.enter_fraction * typical if math.isfinite(typical) else 0.0
        return max(self.th.min_excursion, scaled, self.noise.floor)

    def reset(self) -> None:
        """Forget the state and any rep in progress (the range learned so far is kept)."""
        self.phase = Phase.UNKNOWN
        self._current = None
        self._pending_since = None
        self._pre = []
        self._low = math.nan

    def update(self, t: float, value: float, *, usable: bool = True) -> RepTrace | None:
        """Advance by one frame; returns the rep completed in this frame, if any."""
        self.noise.update(value if usable else math.nan)
        if not usable or not math.isfinite(value):
            if not usable or not bridges_gap(self._last_t, t, self.th.max_gap_s):
                self.reset()
            return None
        self._last_t = t
        self.seen_low, self.seen_high = min(self.seen_low, value), max(self.seen_high, value)
        if self.phase is Phase.UNKNOWN:
            self.phase, self._low, self._low_t, self._pre = Phase.REST, value, t, []
            return None
        if self.phase is Phase.REST:
            self._rest(t, value)
            return None
        return self._lifted(t, value)

    def _rest(self, t: float, value: float) -> None:
        if value <= self._low:
            self._low, self._low_t, self._pre = value, t, []
            self._pending_since = None
            return None
        self._pre.append((t, value))
        self.best_rise = max(self.best_rise, value - self._low)
        if self._dwelled(t, value - self._low >= self.enter_excursion):
            self.phase, self._pending_since = Phase.LIFTED, None
            rep = RepTrace(start_s=self._low_t)
            rep.t.append(self._low_t)
            rep.value.append(self._low)
            for pt, pv in self._pre:
                rep.t.append(pt)
                rep.value.append(pv)
            self._current, self._pre = rep, []
        return None

    def _lifted(self, t: float, value: float) -> RepTrace | None:
        rep = self._current
        assert rep is not None
        rep.t.append(t)
        rep.value.append(value)
        rise = rep.peak - self._low
        self.best_rise = max(self.best_rise, rise)
        if not self._dwelled(t, value <= self._low + self.th.exit_fraction * rise):
            return None
        rep.end_s = t
        self.phase, self._pending_since, self._current = Phase.REST, None, None
        self._low, self._low_t, self._pre = value, t, []
        if rep.end_s - rep.start_s < self.th.min_rep_s or rise < self.noise.floor:
            return None  # too short, or a rise the signal's own noise makes (known by now)
        self._ranges.append(rise)
        self.completed.append(rep)
        return rep
