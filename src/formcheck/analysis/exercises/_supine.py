"""Shared declarations of the exercises done lying on the back (the lower back must stay down)."""

from __future__ import annotations

from formcheck.analysis.exercises._shared import CONTOUR_REP_PEAK, contour_limit, contour_rule
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.judge.rep_metrics import RepMetric
from formcheck.analysis.thresholds import Threshold

SUPINE_THRESHOLDS = (
    Threshold(
        "max_pelvis_rock_deg",
        6.0,
        "deg",
        "Largest change of the shoulder-hip line angle during a rep: landmark proxy of the pelvis rocking and the "
        "lower back arching or lifting (BlazePose has no spine points; the back-contour value "
        "max_lumbar_arch_contour_deg is the measurement).",
        "set above the rocking of real reps with the lower back down, under that of hips curling "
        "off the floor (calibration table)",
        ge=0,
        le=45,
    ),
    Threshold(
        "max_trunk_incline_deg",
        25.0,
        "deg",
        "Largest angle of the shoulder-hip line above the floor during a rep (shoulders lifting: a sit-up or V-up "
        "movement, not this exercise).",
        "set above real supine reps, whose head and shoulders rise a little (calibration table); "
        "V-ups and sit-ups reach 50-70 deg",
        ge=0,
        le=90,
    ),
    contour_limit(
        25.0,
        "the contour change is noisy, so the limit sits above the worst real good rep through the "
        "video with the mask (calibration table)",
    ),
)
"""The lower-back limits of the supine exercises."""

SUPINE_METRICS = (
    RepMetric("pelvis_rock_deg", "trunk_incline_deg", "range"),
    RepMetric("max_trunk_incline_deg", "trunk_incline_deg", "max"),
    CONTOUR_REP_PEAK,
)


def supine_rules(arch_fault: str, message: str) -> tuple[Rule, ...]:
    """The lower-back rules under the exercise's own fault name."""
    return (
        Rule(
            arch_fault,
            "pelvis_rock_deg",
            "max_pelvis_rock_deg",
            "max",
            Severity.ERROR,
            message + " (landmark proxy: shoulder-hip line rocked)",
            "deg",
            "keep the lower back down",
        ),
        Rule(
            "shoulders_lifted",
            "max_trunk_incline_deg",
            "max_trunk_incline_deg",
            "max",
            Severity.WARNING,
            "shoulders came off the floor (a sit-up or V-up movement, not this exercise)",
            "deg",
            "shoulders down",
        ),
        contour_rule(CONTOUR_REP_PEAK.name, message + " (back contour)", "keep the lower back down"),
    )


SUPINE_CAMERA = "side-on at floor level (camera low, about 1 m up at most), 3 m away, head to feet in the picture"
SUPINE_SERIES = ("trunk_incline_deg", "shoulder_above_hip_ratio")
