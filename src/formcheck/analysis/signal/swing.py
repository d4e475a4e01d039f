"""Turning points of a signal that swings both ways (the difference between two legs)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from formcheck.analysis.signal.adaptive import AdaptiveThresholds
from formcheck.analysis.signal.noise import NoiseMeter
from formcheck.analysis.signal.traces import bridges_gap


@dataclass(frozen=True)
class Turn:
    """A confirmed turning point of a swinging signal: a peak (``sign`` +1) or a trough (-1)."""

    t: float
    value: float
    sign: int
    previous_t: float
    """Time of the turning point before it (where the swing into this one began)."""
    swing: float
    """Signal change from the previous turning point to this one (>= 0)."""
    confirmed_t: float


class SwingCounter:
    """Turning points of a signal that swings both ways (the difference between two legs).

    A peak is confirmed once the signal has fallen ``max(min_swing, enter_fraction x
    typical swing)`` below it, a trough once it has risen that much above it; the typical
    swing is the median of the last ``range_memory`` swings. Gaps (NaN) up to
    ``max_gap_s`` keep the state; a longer gap or an unusable frame starts over.
    """

    def __init__(self, thresholds: AdaptiveThresholds) -> None:
        self.th = thresholds
        self._dir = 0  # +1 looking for a peak, -1 for a trough, 0 not started
        self._ext_v = math.nan
        self._ext_t = math.nan
        self._prev_turn: tuple[float, float] | None = None
        self._swings: list[float] = []
        self.noise = NoiseMeter()
        self._last_t = math.nan
        self._start_v = math.nan
        self._pending_since: float | None = None

    @property
    def swing_needed(self) -> float:
        """Swing that confirms a turning point now."""
        recent = self._swings[-self.th.range_memory :]
        typical = float(np.median(recent)) if recent else 0.0
        return max(self.th.min_excursion, self.th.enter_fraction * typical, self.noise.floor)

    @property
    def active(self) -> bool:
        """True once the signal is being followed."""
        return self._dir != 0 or math.isfinite(self._start_v)

    def reset(self) -> None:
        """Start over (the typical swing is kept)."""
        self._dir, self._ext_v, self._ext_t, self._prev_turn = 0, math.nan, math.nan, None
        self._start_v = math.nan
        self._pending_since = None

    def update(self, t: float, value: float, *, usable: bool = True) -> Turn | None:
        """Advance one frame; returns the turning point confirmed in this frame, if any."""
        self.noise.update(value if usable else math.nan)
        if not usable or not math.isfinite(value):
            if not usable or not bridges_gap(self._last_t, t, self.th.max_gap_s):
                self.reset()
            return None
        self._last_t = t
        if self._dir == 0:
            if not math.isfinite(self._start_v):
                self._start_v, self._ext_t = value, t
                self._prev_turn = (t, value)
                return None
            if abs(value - self._start_v) >= self.swing_needed:
                self._dir = 1 if value > self._start_v else -1
                self._ext_v, self._ext_t = value, t
            return None
        if (value - self._ext_v) * self._dir >= 0:
            self._ext_v, self._ext_t, self._pending_since = value, t, None
            return None
        if abs(self._ext_v - value) < self.swing_needed:
            self._pending_since = None
            return None
        if self._pending_since is None:
            self._pending_since = t
        if t - self._pending_since < self.th.min_dwell_s - 1e-9:
            return None  # the reversal must last (a one-frame glitch is no turning point)
        self._pending_since = None
        prev_t, prev_v = self._prev_turn if self._prev_turn is not None else (self._ext_t, self._ext_v)
        turn = Turn(self._ext_t, self._ext_v, self._dir, prev_t, abs(self._ext_v - prev_v), t)
        self._swings.append(turn.swing)
        self._prev_turn = (self._ext_t, self._ext_v)
        self._dir = -self._dir
        self._ext_v, self._ext_t = value, t
        return turn
