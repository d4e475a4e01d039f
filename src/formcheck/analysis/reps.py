"""Hysteretic, debounced rep counting on one scalar signal.

A :class:`LiftCounter` follows a signal that rests low and rises for each rep (thigh
elevation for knee raises). States::

    UNKNOWN --(at rest >= min_dwell_s, in view)--> REST
    REST    --(above lift_enter >= min_dwell_s)---> LIFTED      (rep started)
    LIFTED  --(below rest_enter >= min_dwell_s)---> REST        (rep completed)

``lift_enter`` > ``rest_enter`` gives hysteresis, so jitter near one threshold never
double-counts. A frame that is not usable (NaN value, body not fully in view) sends the
counter back to UNKNOWN; a rep in progress is dropped unless it was already well past
its peak. The counter must see the rest position again before it counts, so title
cards, close-ups and people walking in never produce reps. A video that starts mid-rep is never counted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt


class Phase(StrEnum):
    """Where a counter is in the movement."""

    UNKNOWN = "unknown"
    REST = "rest"
    LIFTED = "lifted"


@dataclass(frozen=True)
class LiftThresholds:
    """Band edges (signal units) and timing (seconds) of a :class:`LiftCounter`."""

    lift_enter: float
    rest_enter: float
    min_dwell_s: float = 0.04
    min_rep_s: float = 0.2
    loss_descent: float = 10.0
    """A rep whose signal had already come down this far from its peak when the body
    left the view is completed at the last frame seen (the lift itself was fully seen)."""

    def __post_init__(self) -> None:
        if not self.lift_enter > self.rest_enter:
            raise ValueError(f"lift_enter ({self.lift_enter}) must be above rest_enter ({self.rest_enter})")
        if self.min_dwell_s < 0 or self.min_rep_s < 0:
            raise ValueError("durations must be >= 0")


@dataclass
class RepTrace:
    """Samples of one rep, from leaving rest to returning to it.

    ``t``/``value`` hold every usable frame of the rep; ``start_s`` is the last frame at
    rest before the lift, ``end_s`` the first frame back at rest.
    """

    start_s: float
    t: list[float] = field(default_factory=list)
    value: list[float] = field(default_factory=list)
    end_s: float = math.nan

    @property
    def peak(self) -> float:
        """Highest signal value in the rep."""
        return max(self.value) if self.value else math.nan

    @property
    def top_s(self) -> float:
        """Time of the peak."""
        return self.t[self.value.index(self.peak)] if self.value else math.nan


class _Counter:
    """What the rep counters share: completed reps, the one in progress, the dwell timer."""

    _min_dwell_s: float
    """How long a condition must hold before the phase changes (s)."""

    phase: Phase
    completed: list[RepTrace]
    _current: RepTrace | None
    _pending_since: float | None

    @property
    def count(self) -> int:
        """Reps completed so far."""
        return len(self.completed)

    @property
    def in_progress(self) -> RepTrace | None:
        """The rep being performed, if any."""
        return self._current

    def _dwelled(self, t: float, condition: bool) -> bool:
        if not condition:
            self._pending_since = None
            return False
        if self._pending_since is None:
            self._pending_since = t
        return t - self._pending_since >= self._min_dwell_s - 1e-9


class LiftCounter(_Counter):
    """Counts rest -> lifted -> rest cycles of one signal. Feed frames with :meth:`update`."""

    def __init__(self, thresholds: LiftThresholds) -> None:
        self.th = thresholds
        self._min_dwell_s = thresholds.min_dwell_s
        self.phase = Phase.UNKNOWN
        self.completed: list[RepTrace] = []
        self._current: RepTrace | None = None
        self._pending_since: float | None = None
        self._last_rest_t = math.nan
        self._pre: list[tuple[float, float]] = []  # samples since the last rest frame

    def reset(self) -> None:
        """Forget the current state and any rep in progress."""
        self.phase = Phase.UNKNOWN
        self._current = None
        self._pending_since = None
        self._pre = []

    def update(self, t: float, value: float, *, usable: bool = True) -> RepTrace | None:
        """Advance by one frame; returns the rep completed in this frame, if any."""
        if not usable or not math.isfinite(value):
            rep = self._current
            self.reset()
            if rep is not None and rep.value and rep.value[-1] <= rep.peak - self.th.loss_descent:
                rep.end_s = rep.t[-1]
                if rep.end_s - rep.start_s >= self.th.min_rep_s:
                    self.completed.append(rep)
                    return rep
            return None
        if self.phase is Phase.UNKNOWN:
            if self._dwelled(t, value <= self.th.rest_enter):
                self.phase, self._pending_since = Phase.REST, None
                self._last_rest_t, self._pre = t, []
            return None
        if self.phase is Phase.REST:
            if value <= self.th.rest_enter:
                self._last_rest_t, self._pre = t, []
            else:
                self._pre.append((t, value))
            if self._dwelled(t, value >= self.th.lift_enter):
                self.phase, self._pending_since = Phase.LIFTED, None
                rep = RepTrace(start_s=self._last_rest_t)
                for pt, pv in self._pre:
                    rep.t.append(pt)
                    rep.value.append(pv)
                self._current, self._pre = rep, []
            return None
        assert self._current is not None
        rep = self._current
        if self._dwelled(t, value <= self.th.rest_enter):
            rep.end_s = t
            self.phase, self._pending_since, self._current = Phase.REST, None, None
            self._last_rest_t, self._pre = t, []
            if rep.end_s - rep.start_s >= self.th.min_rep_s:
                self.completed.append(rep)
                return rep
            return None
        rep.t.append(t)
        rep.value.append(value)
        return None


def top_run(values: npt.NDArray[np.float64], band: float) -> tuple[int, int]:
    """Indices ``(first, last)`` of the run around the peak that stays within ``band`` of it.

    That run is the time held at the top. NaN samples end the run. ``values`` is ``(N,)``.
    """
    if not np.isfinite(values).any():
        return 0, 0
    i_peak = int(np.nanargmax(values))
    level = values[i_peak] - band
    lo = hi = i_peak
    while lo > 0 and values[lo - 1] >= level:
        lo -= 1
    while hi < len(values) - 1 and values[hi + 1] >= level:
        hi += 1
    return lo, hi


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
    max_gap_s: float = 0.4
    """A gap (NaN values) up to this long keeps the state; a longer one starts over."""
    range_memory: int = 5

    def __post_init__(self) -> None:
        if not self.min_excursion > 0:
            raise ValueError(f"min_excursion must be > 0, got {self.min_excursion}")
        if not (0 < self.enter_fraction < 1 and 0 < self.exit_fraction < 1):
            raise ValueError("enter_fraction and exit_fraction must be in (0, 1)")
        if self.min_dwell_s < 0 or self.min_rep_s < 0 or self.max_gap_s < 0:
            raise ValueError("durations must be >= 0")


class AdaptiveCounter(_Counter):
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
        return max(self.th.min_excursion, scaled)

    def reset(self) -> None:
        """Forget the state and any rep in progress (the range learned so far is kept)."""
        self.phase = Phase.UNKNOWN
        self._current = None
        self._pending_since = None
        self._pre = []
        self._low = math.nan

    def update(self, t: float, value: float, *, usable: bool = True) -> RepTrace | None:
        """Advance by one frame; returns the rep completed in this frame, if any."""
        if not usable or not math.isfinite(value):
            if not usable or not (math.isfinite(self._last_t) and t - self._last_t <= self.th.max_gap_s):
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
        if rep.end_s - rep.start_s < self.th.min_rep_s:
            return None
        self._ranges.append(rise)
        self.completed.append(rep)
        return rep


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
        self._last_t = math.nan
        self._start_v = math.nan
        self._pending_since: float | None = None

    @property
    def swing_needed(self) -> float:
        """Swing that confirms a turning point now."""
        recent = self._swings[-self.th.range_memory :]
        typical = float(np.median(recent)) if recent else 0.0
        return max(self.th.min_excursion, self.th.enter_fraction * typical)

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
        if not usable or not math.isfinite(value):
            if not usable or not (math.isfinite(self._last_t) and t - self._last_t <= self.th.max_gap_s):
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
