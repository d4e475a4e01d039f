"""Half-kneeling hip-flexor stretch, side view: hold at least 30 s per side."""

from __future__ import annotations

from formcheck.analysis.count.hold import Hold
from formcheck.analysis.display import STRETCH
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercises._kneeling import ARCH_CHECK, FORWARD_CHECK, KNEELING_CAMERA, KNEELING_THRESHOLDS
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import INF, Looks
from formcheck.analysis.thresholds import Threshold

SPEC = ExerciseSpec(
    name="kneeling-hip-flexor-stretch",
    looks=Looks(knee_deg=(60, INF), range_deg=(0, 40), words="held, rocking the weight forward"),
    title="Kneeling hip-flexor stretch",
    summary="Hold time per side in good form (hip extended, no arching, trunk upright) against 30 s.",
    about="Half-kneeling: tuck the pelvis under, squeeze the back leg's glute, shift forward; 30 s per side.",
    setup="Half-kneeling, back knee on a pad, front foot flat; tuck the pelvis under, squeeze the back glute.",
    camera=KNEELING_CAMERA,
    measures="back-leg hip extension, trunk lean (arching proxy / forward lean) each frame while half-kneeling",
    start_position=Posture.HALF_KNEELING,
    lower_back="contour",
    counting=Hold(side="back leg"),
    programme=STRETCH,
    thresholds=(
        *KNEELING_THRESHOLDS,
        Threshold(
            "min_hip_extension_deg",
            -15.0,
            "deg",
            "Smallest extension of the back leg's hip (thigh behind the trunk line; negative = still flexed).",
            "below -15 deg the hips sit back over the heel and the hip flexors are not stretched; a "
            "real beginner's stretch measures a little above it, a deeper lunge +10 to +30 deg "
            "(calibration table)",
            ge=-60,
            le=60,
        ),
    ),
    rules=(
        Rule(
            "no_hip_extension",
            "hip_extension_deg.{side}",
            "min_hip_extension_deg",
            "min",
            Severity.WARNING,
            "back hip not extended (shift forward, tuck the pelvis)",
            "deg",
            "shift forward",
            missing="fail",
        ),
        ARCH_CHECK,
        FORWARD_CHECK,
    ),
    short_hold_message="stretch held in good form under 30 s on this side",
)
