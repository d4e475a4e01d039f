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
