"""Shared declarations of the hanging raises (knee raise, leg raise)."""

from __future__ import annotations

from formcheck.analysis.exercises._shared import CONTOUR_REP_PEAK, contour_limit, contour_rule
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.judge.rep_metrics import RepMetric
from formcheck.analysis.thresholds import Threshold

HANGING_THRESHOLDS = (
    Threshold(
        "min_excursion",
        25.0,
        "deg",
        "Smallest rise of the mean thigh elevation from its low (hanging) that is a raise.",
        "starting value: raises to parallel rise 70-90 deg; a swing moves the thighs 10-20 deg",
        gt=0,
        le=180,
    ),
    Threshold(
        "max_swing_ratio",
        0.9,
        "ratio",
        "Largest horizontal travel of the hips during a rep, in torso lengths (momentum/swinging).",
        "set above the hip travel of real hanging reps without a kip (the hips move back a little "
        "as the legs rise; calibration table); a kipping swing travels about a torso length",
        ge=0,
        le=3,
    ),
    Threshold(
        "max_hip_extension_deg",
        15.0,
        "deg",
        "Largest hip extension (legs behind the trunk line) from half a second before a rep to its end: landmark "
        "proxy of lower-back arching.",
        "set above the hip extension of real hanging reps without a kip (calibration table)",
        ge=0,
        le=90,
    ),
    contour_limit(
        25.0,
        "starting value: the real hanging clips are front-oblique, where no back contour is readable "
        "(values absent, so this never fires there)",
    ),
    Threshold(
        "min_lowering_s",
        0.3,
        "s",
        "Shortest lowering time from leaving the top to two thirds of the way down (faster = dropped).",
        "set under the lowering time of real controlled reps (calibration table); legs dropped "
        "freely fall that far in about 0.25 s",
        ge=0,
        le=10,
    ),
)
"""The limits both hanging raises share."""

HANGING_METRICS = (
    RepMetric("swing_ratio", "hip_x_ratio", "range"),
    RepMetric("max_hip_extension_deg", "hip_extension_deg.both", "max", "around"),
    CONTOUR_REP_PEAK,
)

HANGING_RULES = (
    Rule(
        "swinging",
        "swing_ratio",
        "max_swing_ratio",
        "max",
        Severity.ERROR,
        "swung the body (momentum) instead of lifting with the hips",
        "ratio",
        "stop the swing",
    ),
    Rule(
        "arching",
        "max_hip_extension_deg",
        "max_hip_extension_deg",
        "max",
        Severity.ERROR,
        "lower back arched: legs swung behind the body (landmark proxy)",
        "deg",
        "tilt the pelvis back",
    ),
    contour_rule(CONTOUR_REP_PEAK.name, "lower back arched (back contour)", "tilt the pelvis back"),
    Rule(
        "fast_lowering",
        "lower_s",
        "min_lowering_s",
        "min",
        Severity.WARNING,
        "legs dropped instead of lowering slowly",
        "s",
        "lower slowly",
    ),
)

HANGING_SETUP = "Hang from a bar with straight arms, body still; tilt the pelvis back before each raise."
HANGING_CAMERA = "side-on, at chest height, far enough to see hands on the bar and the feet"
