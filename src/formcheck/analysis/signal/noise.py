"""How noisy a counting signal is, measured on the signal itself, so that a rep's rise stays well clear of it."""

from __future__ import annotations

import math
import statistics
from collections import deque

NOISE_WINDOW = 90
"""Frames (about 3 s) of second differences kept."""
MIN_SAMPLES = 10
"""Second differences needed before the noise is known (about 0.4 s at 30 fps); a rep begun earlier is
checked against it when it ends."""
SECOND_DIFF_TO_SIGMA = 1.0 / (0.6745 * math.sqrt(6.0))
"""White noise of spread s gives second differences of spread s*sqrt(6); their median size is 0.6745 of that."""
NOISE_MARGIN = 8.0
"""A rep (or a swing) must rise at least this many noise spreads: noise alone does so about never."""


class NoiseMeter:
    """The frame-to-frame noise of a signal (its spread, signal units), robust to the movement itself.

    Second differences remove a smooth movement and keep the noise; their median absolute
    value, scaled (``SECOND_DIFF_TO_SIGMA``), is the noise's spread. A gap starts the
    differences over (the values either side of it are not neighbours).
    """

    def __init__(self) -> None:
        self._last: deque[float] = deque(maxlen=3)
        self._diffs: deque[float] = deque(maxlen=NOISE_WINDOW)

    def update(self, value: float) -> None:
        """Add the next value (NaN: a gap)."""
        if not math.isfinite(value):
            self._last.clear()
            return
        self._last.append(value)
        if len(self._last) == 3:
            a, b, c = self._last
            self._diffs.append(abs(a - 2.0 * b + c))

    @property
    def sigma(self) -> float:
        """The noise's spread now (0 until ``MIN_SAMPLES`` differences were seen)."""
        if len(self._diffs) < MIN_SAMPLES:
            return 0.0
        return statistics.median(self._diffs) * SECOND_DIFF_TO_SIGMA

    @property
    def floor(self) -> float:
        """The smallest rise that stands clear of the noise (``NOISE_MARGIN`` spreads)."""
        return NOISE_MARGIN * self.sigma
