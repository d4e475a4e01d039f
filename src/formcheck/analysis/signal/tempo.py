"""Tempo of one rep: time to the top, at the top and back down, seconds.

Two ways, one per kind of rep strategy (:mod:`formcheck.analysis.count`):

- :func:`counter_tempo`, counting from the person's low (rise from low, leg pair): the
  counter's low-to-low interval is the rep. ``lift_s`` runs from its start to reaching the
  top band, ``lower_s`` from leaving the band to its end, ``rep_s`` from start to end.
- :func:`resting_tempo`, fixed levels: the levels say nothing of where this person's limb
  rests, so tempo is timed against the rep's own resting value: ``lift_s`` from
  ``RISE_FRACTION`` of the range above it to the top band, ``lower_s`` from leaving the band
  to ``RISE_FRACTION`` above it again.

Both give ``hold_s``, the contiguous time within the top band of the peak (:class:`TopRun`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from formcheck.analysis.signal.traces import RepTrace, top_run
from formcheck.core.types import FloatArray

RISE_FRACTION = 0.2
"""Resting tempo is timed at this share of the rep's range above its resting value."""


@dataclass(frozen=True)
class TopRun:
    """The contiguous frames at the top: times of the first and last (s) and the frame interval (s)."""

    first_s: float
    last_s: float
    frame_s: float

    @property
    def hold_s(self) -> float:
        """Time held at the top, s."""
        return self.last_s - self.first_s + self.frame_s

    @property
    def end_s(self) -> float:
        """When the hold at the top ended (the last frame's interval included), s."""
        return self.last_s + self.frame_s


def _top(t: FloatArray, v: FloatArray, peak: float, band: float) -> tuple[TopRun, int, int]:
    """The top run of ``v`` ``(N,)`` at times ``t`` ``(N,)``; the first and last index within ``band`` of ``peak``."""
    lo, hi = top_run(v, band)
    top = np.flatnonzero(v >= peak - band)
    first, last = (int(top[0]), int(top[-1])) if top.size else (lo, hi)
    dt = float(np.median(np.diff(t))) if len(t) > 1 else 0.0
    return TopRun(float(t[lo]), float(t[hi]), dt), first, last


def counter_tempo(trace: RepTrace, band: float) -> tuple[dict[str, float], TopRun]:
    """``lift_s``, ``hold_s``, ``lower_s`` and ``rep_s`` of a rep from the counter's own samples."""
    t = np.asarray(trace.t, dtype=np.float64)
    run, first, last = _top(t, np.asarray(trace.value, dtype=np.float64), trace.peak, band)
    return {
        "lift_s": float(t[first] - trace.start_s),
        "hold_s": run.hold_s,
        "lower_s": float(trace.end_s - t[last]),
        "rep_s": float(trace.end_s - trace.start_s),
    }, run


def resting_level(resting: FloatArray, peak: float, default: float) -> float:
    """The level tempo is timed at: ``RISE_FRACTION`` of the way from the resting value to ``peak``.

    The resting value is the lowest finite one of ``resting`` (the frames before the rep), else ``default``.
    """
    finite = resting[np.isfinite(resting)]
    baseline = float(finite.min()) if finite.size else default
    return baseline + RISE_FRACTION * (peak - baseline)


def resting_tempo(
    t: FloatArray, v: FloatArray, peak: float, band: float, low: float, start_s: float
) -> tuple[dict[str, float], TopRun]:
    """``lift_s``, ``hold_s`` and ``lower_s`` of a rep from its frames ``t``, ``v`` ``(N,)`` (NaN = unmeasured).

    ``low`` is the timing level (:func:`resting_level`); without a frame below it before the
    top, the lift is timed from ``start_s``; without one after it, the lowering to the last frame.
    """
    run, first, last = _top(t, v, peak, band)
    below = v <= low
    before = np.flatnonzero(below[:first])
    after = np.flatnonzero(below[last:])
    lift_from = float(t[before[-1]]) if before.size else start_s
    lower_to = float(t[last + after[0]]) if after.size else float(t[-1])
    return {
        "lift_s": float(t[first] - lift_from),
        "hold_s": run.hold_s,
        "lower_s": float(lower_to - t[last]),
    }, run
