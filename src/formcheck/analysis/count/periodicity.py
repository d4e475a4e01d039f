"""A second opinion on every count: a training-free, exercise-agnostic periodicity counter.

After Hsu et al. (2023): the pose of every frame is compared with the pose of every other
frame (a self-similarity matrix), the mean similarity of poses a lag apart (around each moment) peaks
at the movement's period there, and the count is the frequency (1 / period) integrated over
the time the exercise is done.
Nothing about the exercise is assumed: it sees only that the body comes back to where it was.

The pose is described by swap-invariant angles (the larger and the smaller of the two legs'
hip flexion, knee angle and thigh elevation, plus the trunk's incline), so alternating legs
(high knees, mountain climbers, scissors) repeat once per lift, as formcheck counts them, and
MediaPipe's left/right leg swaps change nothing. Inputs are the analysis's frame series.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from formcheck.analysis.series import FrameSeries

Array = npt.NDArray[np.float64]

LEG_FEATURES = ("hip_flexion_deg", "knee_angle_deg", "thigh_elevation_deg")
"""Per-leg metrics of the pose description, each as the larger and the smaller of the two legs."""
BODY_FEATURES = ("trunk_incline_deg",)
"""Whole-body metrics of the pose description."""
RATE_HZ = 20.0
"""The series is resampled to this rate (movements of 0.2-5 s per rep)."""
WINDOW_S = 3.0
"""Half-width of the stretch of a similarity row whose spectrum gives the frequency at a moment."""
MIN_FREQ_HZ, MAX_FREQ_HZ = 0.2, 5.0
"""Frequencies a rep can have: one every 5 s to five a second."""
FEATURE_FLOOR_DEG = 8.0
"""Features are scaled by their spread but never by less than this: a still body's noise stays small."""
MIN_MOVEMENT = 0.35
"""A moment counts only where the pose moves: the windowed similarity row must vary by this much (0-1)."""
MIN_CONTRAST = 0.15
"""...and the poses one period apart must be this much more alike (0-1) than those in between."""
PEAK_OVER_MEAN = 3.0
"""The spectrum's strongest line must be this many times the band's mean power (a clear period)."""
STEP_S = 0.25
"""The frequency is found every this many seconds (and held in between)."""
MAX_GAP_S = 1.0
"""Unmeasured stretches up to this long are bridged; longer ones split the spans counted."""
MAX_CHUNK = int(120 * RATE_HZ)
"""A longer span is counted two minutes at a time (a whole live session's similarity matrix would take gigabytes)."""
MIN_SPAN_S = 1.0
"""Spans shorter than this are not counted."""


@dataclass(frozen=True)
class PeriodicCount:
    """The periodicity counter's answer: ``count`` (rounded), the unrounded ``estimate`` and the spans counted (s)."""

    count: int
    estimate: float
    spans: tuple[tuple[float, float], ...]


def pose_features(series: FrameSeries, active: Sequence[bool]) -> tuple[Array, Array]:
    """Times ``(N,)`` and swap-invariant features ``(N, F)`` of the active frames (NaN where unmeasured)."""
    w = slice(None)
    t = series.times(w)
    cols: list[Array] = []
    for name in LEG_FEATURES:
        left, right = series.values(f"{name}.left", w), series.values(f"{name}.right", w)
        with np.errstate(invalid="ignore"):
            cols += [np.fmax(left, right), np.fmin(left, right)]
    cols += [series.values(name, w) for name in BODY_FEATURES]
    feats = np.stack(cols, axis=1) if cols else np.empty((len(t), 0))
    keep = np.asarray(active, dtype=bool)
    feats[~keep] = np.nan
    return t, feats


def active_spans(t: Array, feats: Array) -> list[tuple[float, float]]:
    """Stretches where most features are measured, gaps up to ``MAX_GAP_S`` bridged, at least ``MIN_SPAN_S`` long."""
    ok = np.isfinite(feats).sum(axis=1) >= max(1, feats.shape[1] // 2)
    spans: list[tuple[float, float]] = []
    for ti, good in zip(t, ok, strict=True):
        if not good:
            continue
        if spans and ti - spans[-1][1] <= MAX_GAP_S:
            spans[-1] = (spans[-1][0], float(ti))
        else:
            spans.append((float(ti), float(ti)))
    return [s for s in spans if s[1] - s[0] >= MIN_SPAN_S]


def _resampled(t: Array, feats: Array, span: tuple[float, float]) -> Array:
    """Features ``(M, F)`` on a ``RATE_HZ`` grid over ``span``, gaps interpolated, empty columns dropped."""
    grid = np.arange(span[0], span[1] + 1e-9, 1.0 / RATE_HZ)
    inside = (t >= span[0]) & (t <= span[1])
    cols = []
    for col in feats[inside].T:
        good = np.isfinite(col)
        if good.sum() < 2:
            continue
        values = np.interp(grid, t[inside][good], col[good])
        spread = max(float(np.std(values)), FEATURE_FLOOR_DEG)
        cols.append((values - float(np.mean(values))) / spread)
    return np.stack(cols, axis=1) if cols else np.empty((len(grid), 0))


def self_similarity(x: Array) -> Array:
    """``(M, M)`` similarity of every pose with every other, 1 = the same pose (Gaussian of their distance)."""
    sq = np.sum(x * x, axis=1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2.0 * x @ x.T, 0.0)
    scale = float(np.median(d2[d2 > 0])) if np.any(d2 > 0) else 1.0
    return np.asarray(np.exp(-d2 / scale), dtype=np.float64)


def lag_similarity(similarity: Array, start: int, stop: int) -> Array:
    """``(L,)`` mean similarity of the poses ``lag`` samples apart within rows/columns ``start:stop``.

    Averaging along the diagonals of the similarity matrix gives every phase of the movement
    its say: a pose half-way up recurs twice a rep (up and down), the top and the bottom once,
    so the average peaks at the rep's period, not half of it.
    """
    block = similarity[start:stop, start:stop]
    n = block.shape[0]
    return np.array([float(np.mean(np.diagonal(block, lag))) for lag in range(n // 2 + 1)])


def period_of(lags: Array) -> float:
    """The movement's period in samples from :func:`lag_similarity` (0: no clear period).

    The lag similarity mirrored about lag 0 is one stretch of the movement's own rhythm; its
    spectrum's strongest line in the band of rep frequencies is the frequency, when it stands
    ``PEAK_OVER_MEAN`` times above the band's mean power and the similarity varies by ``MIN_CONTRAST``.
    """
    if len(lags) < 4 or float(np.ptp(lags)) < MIN_CONTRAST:
        return 0.0
    sym = np.concatenate([lags[:0:-1], lags])
    n_fft = 1 << max(10, math.ceil(math.log2(4 * len(sym))))
    power = np.abs(np.fft.rfft((sym - sym.mean()) * np.hanning(len(sym)), n_fft)) ** 2
    freqs = np.fft.rfftfreq(n_fft, 1.0)  # cycles per sample
    band = (freqs >= MIN_FREQ_HZ / RATE_HZ) & (freqs <= MAX_FREQ_HZ / RATE_HZ)
    in_band = power[band]
    if in_band.sum() <= 0:
        return 0.0
    peak = int(np.argmax(in_band))
    if in_band[peak] < PEAK_OVER_MEAN * float(in_band.mean()):
        return 0.0
    return float(1.0 / freqs[band][peak])


def instantaneous_frequency(similarity: Array) -> Array:
    """``(M,)`` the movement's frequency around each moment, Hz (0 where no clear period or no movement)."""
    m = similarity.shape[0]
    half = int(WINDOW_S * RATE_HZ)
    out = np.zeros(m)
    step = max(1, int(RATE_HZ * STEP_S))
    for i in range(0, m, step):
        start, stop = max(0, i - half), min(m, i + half + 1)
        if stop - start < RATE_HZ or float(np.ptp(similarity[i, start:stop])) < MIN_MOVEMENT:
            continue
        period = period_of(lag_similarity(similarity, start, stop))
        if period > 0:
            out[i : i + step] = RATE_HZ / period
    return out


def count_periods(series: FrameSeries, active: Sequence[bool]) -> PeriodicCount:
    """Count the repetitions in the ``active`` frames of ``series`` (module docstring)."""
    t, feats = pose_features(series, active)
    spans = active_spans(t, feats)
    total = 0.0
    for span in spans:
        x = _resampled(t, feats, span)
        if x.shape[1] == 0:
            continue
        for part in range(0, len(x), MAX_CHUNK):  # the similarity matrix grows with the square of the span
            freq = instantaneous_frequency(self_similarity(x[part : part + MAX_CHUNK]))
            total += float(np.sum(freq) / RATE_HZ)
    return PeriodicCount(round(total), round(total, 2), tuple(spans))
