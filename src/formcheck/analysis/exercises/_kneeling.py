"""Shared declarations of the half-kneeling stretches (kneeling hip-flexor stretch, couch stretch)."""

from __future__ import annotations

from formcheck.analysis.exercises._shared import CONTOUR_METRIC, contour_limit, contour_rule
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.thresholds import Threshold

KNEELING_THRESHOLDS = (
    Threshold(
        "target_s",
        30.0,
        "s",
        "In-form time each side should reach.",
        "coaching guidance: static stretches held at least 30 s per side",
        ge=0,
        le=600,
    ),
    Threshold(
        "max_trunk_back_deg",
        10.0,
        "deg",
        "Largest trunk lean behind vertical: landmark proxy of the lower back arching (anterior pelvic tilt) "
        "instead of the hip extending.",
        "a real good half-kneeling stretch leans the trunk forward, never back (calibration table)",
        ge=0,
        le=60,
    ),
    Threshold(
        "max_trunk_forward_deg",
        15.0,
        "deg",
        "Largest trunk lean in front of vertical.",
        "coaching guidance: trunk upright; set above the forward lean of a real good stretch (calibration table)",
        ge=0,
        le=60,
    ),
    contour_limit(20.0, "starting value: no real half-kneeling clip yet shows a readable back contour"),
)
"""Hold timing and the trunk limits of both stretches."""

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
CONTOUR_CHECK = contour_rule(CONTOUR_METRIC, "lower back arched (back contour)", "tuck the pelvis under")
KNEELING_CAMERA = "side-on at hip height, about 3 m away, the stretched (back) leg nearer the camera"
