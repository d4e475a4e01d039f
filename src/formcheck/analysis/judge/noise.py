"""Is a fault limit clear of the noise of its measurement? Else the check says "unsure", not "fault".

The back-contour reading (:data:`CONTOUR_METRIC`, deg, a
change from the person's own neutral) jumps from frame to frame with clothing folds and the
mask's edge: on a good lying leg raise one rep read 24.6 deg against a 25 deg limit, and the
same video re-encoded 10.5 deg. A limit means something only when it stands well above that
jitter: its margin above good form (the limit minus the good form measured on the labelled
clips, :mod:`formcheck.analysis.calibration`; 0 where none was measured) must be at least
:data:`NOISE_FACTOR` times the frame-to-frame noise measured in the set itself. When it is not,
the contour faults of the set are withdrawn and one warning says the check was unsure, with the
numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from formcheck.analysis.faults import Fault
from formcheck.analysis.results import RepRecord

CONTOUR_METRIC = "lumbar_arch_contour_deg"
"""The back-contour reading (the metric table's), as the exercises' shared declarations name it."""
CONTOUR_LIMIT = "max_lumbar_arch_contour_deg"
"""Its limit in an exercise's config."""
NOISE_FACTOR = 3.0
"""A limit must be at least this many times the measurement's frame-to-frame noise."""
MIN_STEPS = 10
"""Fewer frame-to-frame steps than this cannot tell the noise: the check stands as it is."""
CONTOUR_FAULT = "lumbar_arch_contour"


def frame_noise(values: Sequence[float | None]) -> float | None:
    """The frame-to-frame noise of a reading (one standard deviation, its unit), None when too few values.

    From the steps between consecutive measured frames, robustly (the median absolute deviation,
    so the steady rise of a rep does not count as noise); one frame's own noise is the steps'
    spread over sqrt(2).
    """
    finite = np.array([v for v in values if v is not None and math.isfinite(v)], dtype=float)
    steps = np.diff(finite)
    if len(steps) < MIN_STEPS:
        return None
    mad = float(np.median(np.abs(steps - np.median(steps))))
    return 1.4826 * mad / math.sqrt(2.0)


@dataclass(frozen=True)
class ContourCheck:
    """The contour limit against the noise measured in the set (deg), and good form (deg, labelled clips)."""

    noise: float
    limit: float
    good: float = 0.0

    @property
    def margin(self) -> float:
        """How far the limit stands above good form (deg)."""
        return self.limit - self.good

    @property
    def sure(self) -> bool:
        """True when the margin is at least :data:`NOISE_FACTOR` times the noise."""
        return self.margin >= NOISE_FACTOR * self.noise

    def warning(self) -> str:
        """What the report says when the check is unsure."""
        return (
            f"lower back (back contour): unsure, not judged: the reading moves {self.noise:.1f} deg from frame to "
            f"frame and its {self.limit:.0f} deg limit stands {self.margin:.1f} deg above good form "
            f"({self.good:.1f} deg on the labelled clips); a limit needs {NOISE_FACTOR:.0f}x the noise above it"
        )


def contour_check(
    series: Mapping[str, Sequence[float | None]], config: Mapping[str, float], good: float = 0.0
) -> ContourCheck | None:
    """The set's contour check, None when the exercise has none or too few contour readings.

    ``good``: the reading in good form (deg; the median on the labelled clips, 0 = the neutral).
    """
    if CONTOUR_METRIC not in series or CONTOUR_LIMIT not in config:
        return None
    noise = frame_noise(series[CONTOUR_METRIC])
    return None if noise is None else ContourCheck(noise, float(config[CONTOUR_LIMIT]), good)


def withdraw_unsure(
    check: ContourCheck | None, faults: Sequence[Fault], reps: Sequence[RepRecord]
) -> tuple[tuple[Fault, ...], tuple[RepRecord, ...]]:
    """The faults and reps without the contour faults when ``check`` is unsure (unchanged otherwise)."""
    if check is None or check.sure:
        return tuple(faults), tuple(reps)
    kept = tuple(f for f in faults if not f.code.endswith(f".{CONTOUR_FAULT}"))
    cleaned = tuple(replace(r, faults=tuple(c for c in r.faults if not c.endswith(f".{CONTOUR_FAULT}"))) for r in reps)
    return kept, cleaned
