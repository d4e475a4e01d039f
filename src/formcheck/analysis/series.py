"""The per-frame values of one analysis, kept in time order: what reps and holds are measured on afterwards."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

FloatSeries = np.ndarray[Any, np.dtype[np.float64]]


class FrameSeries:
    """Times (s) and metric values of every frame analysed; NaN where a value was not measured."""

    def __init__(self) -> None:
        self.t: list[float] = []
        self.frames: list[dict[str, float]] = []

    def add(self, t: float, values: dict[str, float], *, usable: bool) -> None:
        """Keep one frame; an unusable frame (body not in view) is kept with every value NaN."""
        self.t.append(t)
        self.frames.append(values if usable else {k: math.nan for k in values})

    def set_last(self, key: str, value: float) -> None:
        """Set one value of the frame added last."""
        self.frames[-1][key] = value

    def window(self, start_s: float, end_s: float) -> slice:
        """Frames with ``start_s <= t <= end_s``."""
        return slice(bisect.bisect_left(self.t, start_s), bisect.bisect_right(self.t, end_s))

    def values(self, key: str, w: slice) -> FloatSeries:
        """One metric over a window ``(N,)`` (NaN where unmeasured)."""
        return np.asarray([f.get(key, math.nan) for f in self.frames[w]], dtype=np.float64)

    def times(self, w: slice) -> FloatSeries:
        """Timestamps of a window ``(N,)``, seconds."""
        return np.asarray(self.t[w], dtype=np.float64)

    def finite(self, keys: Iterable[str]) -> list[float]:
        """Every measured value of ``keys`` over the whole analysis."""
        return [v for key in keys for v in self.values(key, slice(None)) if math.isfinite(v)]

    def report(self, keys: Iterable[str]) -> dict[str, list[float | None]]:
        """The report's per-frame series: ``t`` and each key, rounded, None where unmeasured."""
        out: dict[str, list[float | None]] = {"t": [round(t, 3) for t in self.t]}
        for k in keys:
            out[k] = [None if not math.isfinite(v := f.get(k, math.nan)) else round(v, 2) for f in self.frames]
        return out


def readouts(shown: Iterable[str], values: Mapping[str, float], leg: str) -> dict[str, float]:
    """HUD values of a frame: each metric of ``shown`` (key as declared) for ``leg``, NaN when absent."""
    other = {"left": "right", "right": "left"}.get(leg, leg)
    return {key: values.get(key.format(leg=leg, side=leg, other=other), math.nan) for key in shown}
