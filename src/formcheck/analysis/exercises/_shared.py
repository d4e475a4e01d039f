"""Declarations several exercises share: the lower-back contour limit."""

from __future__ import annotations

from formcheck.analysis.thresholds import Threshold

CONTOUR_METRIC = "lumbar_arch_contour_deg"
"""The back-contour reading (change of the lower-back curve angle from the person's neutral, deg)."""


def contour_limit(value: float, source: str) -> Threshold:
    """The limit ``max_lumbar_arch_contour_deg`` on :data:`CONTOUR_METRIC`, with why it is set there."""
    return Threshold(
        "max_lumbar_arch_contour_deg",
        value,
        "deg",
        "Largest change of the lower-back curve angle from the person's own neutral (start position), measured on "
        "the back contour of the segmentation mask (side view); absent, so never flagging, when the mask is "
        "unavailable (replays) or the contour unclear.",
        source,
        ge=0,
        le=90,
    )
