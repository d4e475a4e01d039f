"""What every rep counter shares: its phases, the trace of one rep, the dwell timer, the run at the top."""

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


class DwellCounter:
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


def bridges_gap(last_t: float, t: float, max_gap_s: float) -> bool:
    """A frame at ``t`` without a usable value is within ``max_gap_s`` of the last one with it (NaN: none yet)."""
    return t - last_t <= max_gap_s


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
