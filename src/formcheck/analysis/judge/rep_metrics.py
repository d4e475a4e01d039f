"""Per-rep numbers taken from the frame series over a window of the rep: :class:`RepMetric`."""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import ConfigDict, with_config

from formcheck.analysis.series import FloatSeries, FrameSeries
from formcheck.analysis.signal.tempo import TopRun
from formcheck.analysis.signal.traces import RepTrace

Reduce = Literal["max", "min", "range", "mean", "max_abs", "extreme"]
Window = Literal["rep", "top", "before", "around"]


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True)
class RepMetric:
    """A per-rep number taken from a frame metric.

    ``source`` may contain ``{leg}`` (the counted leg, or ``both``) and ``{other}`` (the
    other leg). ``window``: ``rep`` = rest to rest, ``top`` = within the top band,
    ``before`` = 0.7 to 0.2 s before the rep started (the start position, before the
    movement's first ramp), ``around`` = the half second before the start plus the rep.
    ``reduce``: ``max_abs`` = the largest magnitude, ``extreme`` = the value of largest magnitude
    with its sign. ``scale`` multiplies the value (-1 turns a minimum of flexion into a maximum of
    extension); ``offset`` is subtracted first (``max_abs`` with offset 90 = largest distance from 90).
    """

    name: str
    source: str
    reduce: Reduce
    window: Window = "rep"
    scale: float = 1.0
    offset: float = 0.0


LUMBOPELVIC_METRICS = (
    RepMetric("max_lumbar_depth_change_pct", "lumbar_depth_change_pct", "max"),
    RepMetric("max_lumbar_curve_change_deg", "lumbar_curve_change_deg", "max"),
    RepMetric("max_floor_gap_pct", "floor_gap_pct", "max"),
    RepMetric("max_pelvic_tilt_proxy_deg", "pelvic_tilt_proxy_deg", "extreme"),
    RepMetric("max_hip_drop_deg", "hip_drop_deg", "max_abs"),
    RepMetric("min_contour_confidence", "contour_confidence", "min"),
)
"""The lower back and pelvis over a rep, for exercises that measure them (contour values need the mask)."""


def reduce(values: FloatSeries, how: Reduce) -> float:
    """One number of ``values`` ``(N,)`` (NaN ignored; NaN when none is measured)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return math.nan
    if how == "max":
        return float(finite.max())
    if how == "min":
        return float(finite.min())
    if how == "range":
        return float(finite.max() - finite.min())
    if how == "max_abs":
        return float(np.abs(finite).max())
    if how == "extreme":
        return float(finite[np.argmax(np.abs(finite))])
    return float(finite.mean())


def rep_values(
    metrics: tuple[RepMetric, ...], series: FrameSeries, leg: str, trace: RepTrace, end_s: float, run: TopRun
) -> Mapping[str, float]:
    """Each declared :class:`RepMetric` of a finished rep, measured on the frames up to ``end_s``."""
    other = {"left": "right", "right": "left"}.get(leg, leg)
    windows = {
        "rep": (trace.start_s, end_s),
        "top": (run.first_s, run.last_s),
        "before": (trace.start_s - 0.7, trace.start_s - 0.2),
        "around": (trace.start_s - 0.5, end_s),
    }
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for spec in metrics:
            key = spec.source.format(leg=leg, other=other)
            value = reduce(series.values(key, series.window(*windows[spec.window])) - spec.offset, spec.reduce)
            # unmeasured is math.nan itself: a NaN equals only itself, so equal results compare equal
            out[spec.name] = spec.scale * value if math.isfinite(value) else math.nan
    return out
