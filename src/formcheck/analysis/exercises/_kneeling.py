"""Shared declarations of the half-kneeling stretches (kneeling hip-flexor stretch, couch stretch)."""

from __future__ import annotations

from formcheck.analysis.family import LUMBAR_CONTOUR_METRIC, contour_arch_limit
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.hold_family import HoldFamilyConfig
from formcheck.analysis.thresholds import threshold


class KneelingStretchConfig(HoldFamilyConfig):
    """Hold timing plus trunk limits."""

    target_s: float = threshold(
        30.0,
        "In-form time each side should reach.",
        "s",
        "EXERCISES.md: static stretches held at least 30 s per side",
        ge=0,
        le=600,
    )
    max_trunk_back_deg: float = threshold(
        10.0,
        "Largest trunk lean behind vertical: landmark proxy of the lower back arching (anterior pelvic "
        "tilt) instead of the hip extending.",
        "deg",
        "real good form: the trunk leans 3-7 deg forward, never "
        "back, in the bodyweight_fitness half-kneeling stretch; margin 13 deg",
        ge=0,
        le=60,
    )
    max_trunk_forward_deg: float = threshold(
        15.0,
        "Largest trunk lean in front of vertical.",
        "deg",
        "real good form: 3-7 deg forward in the bodyweight_fitness "
        "half-kneeling stretch (margin 7.5); EXERCISES.md: trunk upright",
        ge=0,
        le=60,
    )
    max_lumbar_arch_contour_deg: float = contour_arch_limit(
        20.0, "starting value: the one real half-kneeling clip is too small in the picture for a readable back contour"
    )


ARCH_CHECK = Rule(
    "lumbar_arching",
    "trunk_back_deg",
    "max_trunk_back_deg",
    "max",
    Severity.ERROR,
    "lower back arched (landmark proxy: trunk leaning back)",
    "deg",
    "tuck the pelvis under",
    missing="fail",
)
FORWARD_CHECK = Rule(
    "trunk_forward",
    "trunk_forward_deg",
    "max_trunk_forward_deg",
    "max",
    Severity.WARNING,
    "trunk leaned forward",
    "deg",
    "chest up",
    missing="fail",
)
CONTOUR_CHECK = Rule(
    "lumbar_arch_contour",
    LUMBAR_CONTOUR_METRIC,
    "max_lumbar_arch_contour_deg",
    "max",
    Severity.ERROR,
    "lower back arched (back contour)",
    "deg",
    "tuck the pelvis under",
)
KNEELING_CAMERA = "side-on at hip height, about 3 m away, the stretched (back) leg nearer the camera"
