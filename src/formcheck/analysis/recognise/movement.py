"""How a stretch of frames moves: which legs (one, both, alternating), how far, how fast, knees at the top.

Everything is measured on one signal of the metric table (a per-leg angle such as
``thigh_elevation_deg``), over the frames in one position, after a short moving average:

* **range**: 5th to 95th percentile of the leg that moves most, deg;
* **legs**: the range of the two legs' mean against the range of their half-difference. Both
  legs together move the mean and not the difference; alternating legs the difference and not
  the mean; one leg alone both by half. ``share`` = difference / (mean + difference): about 0 for
  both legs, 0.5 for one leg, 1 for alternating; ``apart``: the difference's range (a leg moving on its own);
* **lifts**: rises of a leg through 60 % of its range from below 30 % (hysteresis): the most of
  either leg, and ``cycle_s``, the median time from a lift of a leg to its next;
* **knee at the top**: the knee angle of the moving leg while its signal is in the top quarter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from formcheck.analysis.recognise.trace import Trace
from formcheck.core.types import FloatArray

BoolArray = npt.NDArray[np.bool_]

LegUse = Literal["one", "both", "alternating"]
SMOOTH_S = 0.15
"""Moving-average window, s: keeps a 0.3 s high-knee lift, removes landmark jitter."""
BOTH_BELOW = 0.3
"""``share`` below this: both legs together."""
ALTERNATING_ABOVE = 0.65
"""``share`` above this: the legs alternate (one leg alone gives about 0.5)."""
LIFT_ENTER, LIFT_EXIT = 0.6, 0.3
"""A lift rises through this share of the leg's range from below the exit share."""
TOP_SHARE = 0.75
"""The top of the movement: the signal above this share of its range."""


@dataclass(frozen=True)
class Movement:
    """How one signal moved (see the module docstring). Angles in deg, times in s; NaN when not measured."""

    signal: str
    range: float
    top: float
    low: float
    share: float
    apart: float
    lifts: int
    cycle_s: float
    knee_at_top: float
    seconds: float

    @property
    def legs(self) -> LegUse | None:
        """``one``, ``both`` or ``alternating``; None when nothing moved or the legs were not measured."""
        if not math.isfinite(self.share):
            return None
        if self.share < BOTH_BELOW:
            return "both"
        return "alternating" if self.share > ALTERNATING_ABOVE else "one"


def smoothed(values: FloatArray, t: FloatArray) -> FloatArray:
    """``values`` with gaps filled by interpolation and a :data:`SMOOTH_S` moving average; all NaN stays NaN."""
    ok = np.isfinite(values)
    if ok.sum() < 3:
        return np.full_like(values, np.nan)
    filled = np.interp(t, t[ok], values[ok])
    dt = float(np.median(np.diff(t))) if len(t) > 1 else 1.0
    k = max(1, round(SMOOTH_S / max(dt, 1e-3)))
    if k <= 1:
        return filled
    padded = np.pad(filled, (k // 2, k - 1 - k // 2), mode="edge")
    return np.convolve(padded, np.ones(k) / k, mode="valid")


def spread(x: FloatArray) -> float:
    """5th to 95th percentile of the finite values of ``x`` (NaN with fewer than 5)."""
    x = x[np.isfinite(x)]
    return float(np.percentile(x, 95) - np.percentile(x, 5)) if len(x) >= 5 else math.nan


def lift_times(x: FloatArray, t: FloatArray) -> list[float]:
    """Times at which ``x`` rose through :data:`LIFT_ENTER` of its range from below :data:`LIFT_EXIT`."""
    lo, hi = np.percentile(x, 5), np.percentile(x, 95)
    if not hi - lo > 0:
        return []
    level = (x - lo) / (hi - lo)
    times, armed = [], False
    for ti, v in zip(t, level, strict=True):
        if v < LIFT_EXIT:
            armed = True
        elif v > LIFT_ENTER and armed:
            times.append(float(ti))
            armed = False
    return times


def movement(trace: Trace, signal: str, frames: BoolArray) -> Movement:
    """How ``signal`` (a per-leg metric) moved over the ``frames`` of ``trace`` (a mask)."""
    t = trace.t[frames]
    seconds = float(t[-1] - t[0]) if len(t) > 1 else 0.0
    legs = {leg: smoothed(trace.leg(signal, leg)[frames], t) for leg in ("left", "right")} if len(t) >= 3 else {}
    ranges = {leg: spread(x) for leg, x in legs.items()}
    seen = [leg for leg, r in ranges.items() if math.isfinite(r)]
    if not seen:
        return Movement(signal, math.nan, math.nan, math.nan, math.nan, math.nan, 0, math.nan, math.nan, seconds)
    moving = max(seen, key=lambda leg: ranges[leg])
    x = legs[moving]
    share = apart = math.nan
    if len(seen) == 2:
        mean_range = spread((legs["left"] + legs["right"]) / 2)
        diff_range = spread((legs["left"] - legs["right"]) / 2)
        total, apart = mean_range + diff_range, diff_range
        share = diff_range / total if total > 0 else math.nan
    lifted = {leg: lift_times(legs[leg], t) for leg in seen}
    gaps = np.concatenate([np.diff(times) for times in lifted.values()])
    lo, hi = float(np.percentile(x, 5)), float(np.percentile(x, 95))
    top = x >= lo + TOP_SHARE * (hi - lo)
    knee = trace.leg("knee_angle_deg", moving)[frames][top]
    knee = knee[np.isfinite(knee)]
    return Movement(
        signal=signal,
        range=ranges[moving],
        top=hi,
        low=lo,
        share=share,
        apart=apart,
        lifts=max(len(times) for times in lifted.values()),
        cycle_s=float(np.median(gaps)) if len(gaps) else math.nan,
        knee_at_top=float(np.median(knee)) if len(knee) else math.nan,
        seconds=seconds,
    )
