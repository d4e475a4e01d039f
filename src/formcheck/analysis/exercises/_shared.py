"""Declarations several exercises share: the lower-back contour reading, its limit and its fault."""

from __future__ import annotations

from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.judge.rep_metrics import RepMetric
from formcheck.analysis.thresholds import Threshold

CONTOUR_METRIC = "lumbar_arch_contour_deg"
"""The back-contour reading (change of the lower-back curve angle from the person's neutral, deg)."""

CONTOUR_LIMIT = "max_lumbar_arch_contour_deg"
"""The name of the contour limit, and of the per-rep peak of the contour reading it is compared with."""

CONTOUR_REP_PEAK = RepMetric(CONTOUR_LIMIT, CONTOUR_METRIC, "max")
"""Per rep: the largest contour reading of the rep, deg."""


def contour_limit(value: float, source: str) -> Threshold:
    """The limit ``max_lumbar_arch_contour_deg`` on :data:`CONTOUR_METRIC`, with why it is set there."""
    return Threshold(
        CONTOUR_LIMIT,
        value,
        "deg",
        "Largest change of the lower-back curve angle from the person's own neutral (start position), measured on "
        "the back contour of the segmentation mask (side view); absent, so never flagging, when the mask is "
        "unavailable (replays) or the contour unclear.",
        source,
        ge=0,
        le=90,
    )


def contour_rule(metric: str, message: str, cue: str) -> Rule:
    """The ``lumbar_arch_contour`` fault: ``metric`` (a rep's peak, or the held frame's reading) over the limit."""
    return Rule("lumbar_arch_contour", metric, CONTOUR_LIMIT, "max", Severity.ERROR, message, "deg", cue)
