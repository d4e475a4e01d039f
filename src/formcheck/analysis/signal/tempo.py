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

Every phase boundary that is a threshold crossing (reaching and leaving the top band; with
fixed levels also leaving and regaining the resting level) is timed where the signal crosses
the threshold, by linear interpolation between the two frames around it
(:func:`crossing_s`), not at the frame that happened to be analysed after it: a live session
that drops frames (an analysis every 60-100 ms instead of every 33) then measures the phases
that ``analyze`` measures on every frame, to within the signal's curvature between samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from formcheck.analysis.signal.traces import RepTrace, top_run
from formcheck.core.types import FloatArray

RISE_FRACTION = 0.2
"""Resting tempo is timed at this share of the rep's range above its resting value."""


@dataclass(frozen=True)
class TopRun:
    """The contiguous frames at the top, and when the signal crossed into and out of the top band.

    ``first_s``/``last_s``: times of the first and last frame of the run (s); ``frame_s``: the
    frame interval (s); ``enter_s``/``leave_s``: the band's crossings (s, interpolated, see
    :func:`crossing_s`; NaN when the run starts or ends the rep's samples).
    """

    first_s: float
    last_s: float
    frame_s: float
    enter_s: float = math.nan
    leave_s: float = math.nan

    @property
    def hold_s(self) -> float:
        """Time held at the top, s: from crossing into the band to crossing out of it."""
        if math.isfinite(self.enter_s) and math.isfinite(self.leave_s):
            return self.leave_s - self.enter_s
        return self.last_s - self.first_s + self.frame_s

    @property
    def end_s(self) -> float:
        """When the hold at the top ended (the band left; else the last frame's interval included), s."""
        return self.leave_s if math.isfinite(self.leave_s) else self.last_s + self.frame_s


def crossing_s(t: FloatArray, v: FloatArray, inside: int, outside: int, level: float) -> float:
    """When ``v`` crossed ``level`` between frame ``outside`` and the adjacent frame ``inside`` (s).

    Linear interpolation between the two samples ``t``, ``v`` ``(N,)`` around the crossing
    (the signal is taken as a straight line between them). Without a finite sample on the other
    side (first or last frame, NaN, or no actual crossing) the time of frame ``inside`` (the
    frame-time answer). ``outside`` is ``inside - 1`` for a crossing before it, ``inside + 1`` after.
    """
    if not 0 <= outside < len(v):
        return float(t[inside])
    a, b = float(v[outside]), float(v[inside])
    if not (math.isfinite(a) and math.isfinite(b)) or a == b or not min(a, b) <= level <= max(a, b):
        return float(t[inside])
    w = (level - a) / (b - a)
    return float(t[outside] + w * (t[inside] - t[outside]))


def _top(t: FloatArray, v: FloatArray, peak: float, band: float) -> tuple[TopRun, float, float]:
    """The top run of ``v`` ``(N,)`` at times ``t`` ``(N,)``; when ``v`` first reached and last left the band (s)."""
    lo, hi = top_run(v, band)
    level = peak - band
    top = np.flatnonzero(v >= level)
    first, last = (int(top[0]), int(top[-1])) if top.size else (lo, hi)
    dt = float(np.median(np.diff(t))) if len(t) > 1 else 0.0
    enter, leave = crossing_s(t, v, lo, lo - 1, level), crossing_s(t, v, hi, hi + 1, level)
    run = TopRun(float(t[lo]), float(t[hi]), dt, enter, leave if hi + 1 < len(v) else math.nan)
    return run, crossing_s(t, v, first, first - 1, level), crossing_s(t, v, last, last + 1, level)


def counter_tempo(trace: RepTrace, band: float) -> tuple[dict[str, float], TopRun]:
    """``lift_s``, ``hold_s``, ``lower_s`` and ``rep_s`` of a rep from the counter's own samples.

    ``lift_s`` from the counter's start (the low) to reaching the top band, ``lower_s`` from
    leaving the band to the counter's end, both band crossings interpolated.
    """
    t = np.asarray(trace.t, dtype=np.float64)
    run, reached, left = _top(t, np.asarray(trace.value, dtype=np.float64), trace.peak, band)
    return {
        "lift_s": reached - trace.start_s,
        "hold_s": run.hold_s,
        "lower_s": trace.end_s - left,
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
    level = peak - band
    top = np.flatnonzero(v >= level)
    run, reached, left = _top(t, v, peak, band)
    first, last = (int(top[0]), int(top[-1])) if top.size else (0, len(v) - 1)
    below = v <= low
    before = np.flatnonzero(below[:first])
    after = np.flatnonzero(below[last:])
    lift_from = crossing_s(t, v, int(before[-1]), int(before[-1]) + 1, low) if before.size else start_s
    lower_to = crossing_s(t, v, last + int(after[0]), last + int(after[0]) - 1, low) if after.size else float(t[-1])
    return {
        "lift_s": reached - lift_from,
        "hold_s": run.hold_s,
        "lower_s": lower_to - left,
    }, run
