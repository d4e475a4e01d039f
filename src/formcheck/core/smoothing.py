"""Causal smoothing of landmark tracks (the same filter runs live and on files)."""

from __future__ import annotations

import math

import numpy as np

from formcheck.core.types import FloatArray


class OneEuroFilter:
    """One-Euro filter (Casiez et al., CHI 2012) over an array of any fixed shape.

    Each element is filtered independently. Time comes from timestamps (seconds). A NaN
    input element returns NaN and resets that element, so a tracking gap never drags old
    positions forward.

    Args:
        min_cutoff_hz: cutoff at rest; lower removes more jitter.
        beta: speed coefficient; higher follows fast moves with less lag.
        d_cutoff_hz: cutoff of the derivative estimate.

    """

    def __init__(self, *, min_cutoff_hz: float = 1.5, beta: float = 0.05, d_cutoff_hz: float = 1.0) -> None:
        if min_cutoff_hz <= 0 or d_cutoff_hz <= 0 or beta < 0:
            raise ValueError("cutoffs must be > 0 and beta >= 0")
        self.min_cutoff_hz = min_cutoff_hz
        self.beta = beta
        self.d_cutoff_hz = d_cutoff_hz
        self._x: FloatArray | None = None
        self._dx: FloatArray | None = None
        self._t: float | None = None

    @staticmethod
    def _alpha(cutoff_hz: FloatArray | float, dt: float) -> FloatArray:
        tau = 1.0 / (2.0 * math.pi * np.asarray(cutoff_hz, dtype=np.float64))
        return np.asarray(1.0 / (1.0 + tau / dt), dtype=np.float64)

    def __call__(self, t: float, x: FloatArray) -> FloatArray:
        """Filter sample ``x`` taken at time ``t`` (seconds); returns an array shaped like ``x``."""
        x = np.asarray(x, dtype=np.float64)
        if self._x is None or self._dx is None or self._t is None or t <= self._t:
            self._x, self._dx, self._t = x.copy(), np.zeros_like(x), t
            return x.copy()
        dt = t - self._t
        prev_x, prev_dx = self._x, self._dx
        fresh = ~np.isfinite(prev_x)  # elements restarting after a gap
        dx = np.where(fresh, 0.0, (x - prev_x) / dt)
        a_d = self._alpha(self.d_cutoff_hz, dt)
        dx_hat = a_d * dx + (1 - a_d) * prev_dx
        cutoff = self.min_cutoff_hz + self.beta * np.abs(dx_hat)
        a = self._alpha(cutoff, dt)
        x_hat = np.where(fresh, x, a * x + (1 - a) * prev_x)
        self._x = x_hat
        self._dx = np.where(np.isfinite(dx_hat), dx_hat, 0.0)
        self._t = t
        return np.asarray(x_hat, dtype=np.float64)

    def reset(self) -> None:
        """Forget all history."""
        self._x = self._dx = None
        self._t = None


class SpikeGate:
    """Holds back single-frame jumps of points (a landmark placed far off for one frame).

    A point that moves more than ``max_jump`` (units of the points, per ``1 / ref_fps``
    seconds) from its last accepted position is held at that position for one frame; the
    next frame accepts the new place when it confirms it (within half a jump of it), or
    drops it as a glitch when the point is back. Real movement therefore reaches the output
    at most one frame late, and only when it is very fast; a one-frame glitch never does.
    Works on ``(N, D)`` point arrays; NaN rows reset their point.
    """

    def __init__(self, ref_fps: float = 30.0) -> None:
        self.ref_fps = ref_fps
        self._last: FloatArray | None = None
        self._candidate: FloatArray | None = None
        self._t: float | None = None

    def reset(self) -> None:
        """Forget all history."""
        self._last = self._candidate = None
        self._t = None

    def __call__(
        self,
        t: float,
        points: FloatArray,
        max_jump: float,
        *,
        group: tuple[int, ...] = (),
        group_jump: float = math.inf,
    ) -> FloatArray:
        """Gate ``points`` ``(N, D)`` taken at ``t``; ``max_jump`` per reference frame (NaN = no gating).

        ``group``: indices held together when their *mean* jump exceeds ``group_jump`` (the
        legs: a glitch moves all of them at once, a real stride mostly one).
        """
        pts = np.asarray(points, dtype=np.float64)
        if self._last is None or self._t is None or t <= self._t or not math.isfinite(max_jump):
            self._last, self._candidate, self._t = pts.copy(), None, t
            return pts.copy()
        limit = max_jump * max((t - self._t) * self.ref_fps, 1.0)
        self._t = t
        jump = np.linalg.norm(pts - self._last, axis=-1)
        fresh = ~np.isfinite(self._last).all(axis=-1)
        confirmed = np.zeros(len(pts), dtype=bool)
        if self._candidate is not None:
            near = np.linalg.norm(pts - self._candidate, axis=-1) <= limit / 2
            confirmed = np.isfinite(self._candidate).all(axis=-1) & near
        over = np.asarray(jump > limit, dtype=bool)
        if group:
            idx = np.asarray(group)
            finite = np.isfinite(jump[idx])
            scale = limit / max_jump if max_jump > 0 else 1.0
            if finite.any() and float(np.mean(jump[idx][finite])) > group_jump * scale:
                over[idx] = True
        held = np.asarray(over & ~fresh & ~confirmed, dtype=bool)
        out = np.where(held[:, None], self._last, pts)
        self._candidate = np.where(held[:, None], pts, np.nan)
        self._last = np.where(np.isfinite(out), out, self._last)
        seen = np.asarray(np.isfinite(pts).all(axis=-1), dtype=bool)
        self._last = np.where((seen | held)[:, None], self._last, np.nan)
        return np.asarray(out, dtype=np.float64)
