"""Half-kneeling hip-flexor stretch, side view: hold at least 30 s per side."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.display import STRETCH
from formcheck.analysis.exercises._kneeling import (
    ARCH_CHECK,
    FORWARD_CHECK,
    KNEELING_CAMERA,
    KneelingStretchConfig,
)
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.hold_family import HoldExercise
from formcheck.analysis.posture import Posture, back_leg
from formcheck.analysis.registry import register
from formcheck.analysis.thresholds import threshold


class KneelingHipFlexorStretchConfig(KneelingStretchConfig):
    """Kneeling-stretch limits plus the back hip's extension."""

    min_hip_extension_deg: float = threshold(
        -15.0,
        "Smallest extension of the back leg's hip (thigh behind the trunk line; negative = still flexed).",
        "deg",
        "real good form: the beginner's half-kneeling stretch of bodyweight_fitness (thigh vertical, trunk "
        "a little forward) measures -5 to -9 deg, a deeper lunge +10 to +30; below -15 the hips sit back over the "
        "heel and the hip flexors are not stretched (margin 6 deg)",
        ge=-60,
        le=60,
    )


@register
class KneelingHipFlexorStretch(HoldExercise):
    """Half-kneeling: tuck the pelvis under, squeeze the back leg's glute, shift forward; 30 s per side."""

    name = "kneeling-hip-flexor-stretch"
    title = "Kneeling hip-flexor stretch"
    view = "side"
    summary_text = "Hold time per side in good form (hip extended, no arching, trunk upright) against 30 s."
    setup = "Half-kneeling, back knee on a pad, front foot flat; tuck the pelvis under, squeeze the back glute."
    camera = KNEELING_CAMERA
    measures = "back-leg hip extension, trunk lean (arching proxy / forward lean) each frame while half-kneeling"
    uses_mask = True
    posture = Posture.HALF_KNEELING
    per_side = True
    programme = STRETCH
    side_of = staticmethod(back_leg)
    config_model: ClassVar[type[BaseModel]] = KneelingHipFlexorStretchConfig
    checks = (
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
    )
    short_hold_message = "stretch held in good form under 30 s on this side"
