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
from dataclasses import dataclass

from formcheck.analysis.gaps import HIDDEN_LIMB_S
from formcheck.analysis.signal.traces import DwellCounter, Phase, RepTrace, bridges_gap


@dataclass(frozen=True)
class LiftThresholds:
    """Band edges (signal units) and timing (seconds) of a :class:`LiftCounter`."""

    lift_enter: float
    rest_enter: float
    min_dwell_s: float = 0.03
    min_rep_s: float = 0.12
    max_gap_s: float = HIDDEN_LIMB_S
    """A gap (unusable or NaN values) up to this long keeps the state (a leg hidden behind furniture or
    the other leg for up to a second); a longer one ends the rep in progress."""
    loss_descent: float = 10.0
    """A rep whose signal had already come down this far from its peak when the body
    left the view is completed at the last frame seen (the lift itself was fully seen)."""

    def __post_init__(self) -> None:
        if not self.lift_enter > self.rest_enter:
            raise ValueError(f"lift_enter ({self.lift_enter}) must be above rest_enter ({self.rest_enter})")
        if self.min_dwell_s < 0 or self.min_rep_s < 0:
            raise ValueError("durations must be >= 0")


class LiftCounter(DwellCounter):
    """Counts rest -> lifted -> rest cycles of one signal. Feed frames with :meth:`update`."""

    def __init__(self, thresholds: LiftThresholds) -> None:
        self.th = thresholds
        self._min_dwell_s = thresholds.min_dwell_s
        self.phase = Phase.UNKNOWN
        self.completed: list[RepTrace] = []
        self._current: RepTrace | None = None
        self._pending_since: float | None = None
        self._last_rest_t = math.nan
        self._last_t = math.nan
        self._pre: list[tuple[float, float]] = []  # samples since the last rest frame

    def reset(self) -> None:
        """Forget the current state and any rep in progress."""
        self._last_t = math.nan
        self.phase = Phase.UNKNOWN
        self._current = None
        self._pending_since = None
        self._pre = []

    def update(self, t: float, value: float, *, usable: bool = True) -> RepTrace | None:
        """Advance by one frame; returns the rep completed in this frame, if any."""
        if not usable or not math.isfinite(value):
            if self.phase is not Phase.UNKNOWN and bridges_gap(self._last_t, t, self.th.max_gap_s):
                return None  # a short gap: the leg is hidden, the movement goes on
            rep = self._current
            self.reset()
            if rep is not None and rep.value and rep.value[-1] <= rep.peak - self.th.loss_descent:
                rep.end_s = rep.t[-1]
                if rep.end_s - rep.start_s >= self.th.min_rep_s:
                    self.completed.append(rep)
                    return rep
            return None
        self._last_t = t
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
