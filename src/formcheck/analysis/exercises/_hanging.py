"""Shared declarations of the hanging raises (knee raise, leg raise)."""

from __future__ import annotations

from formcheck.analysis.family import LUMBAR_CONTOUR_METRIC, contour_arch_limit
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.rep_family import RepFamilyConfig, RepMetric
from formcheck.analysis.thresholds import threshold


class HangingConfig(RepFamilyConfig):
    """Thresholds in degrees of thigh elevation (mean of both legs; -90 = hanging straight down)."""

    min_excursion: float = threshold(
        25.0,
        "Smallest rise of the mean thigh elevation from its low (hanging) that is a raise.",
        "deg",
        "starting value: raises to parallel rise 70-90 deg; a swing moves the thighs 10-20 deg",
        gt=0,
        le=180,
    )
    max_swing_ratio: float = threshold(
        0.9,
        "Largest horizontal travel of the hips during a rep, in torso lengths (momentum/swinging).",
        "ratio",
        "real form: the hips travel 0.22-0.63 torso lengths in the 9 gymlessabs hanging reps (small "
        "swings: the hips move back as the legs rise); a kipping swing travels about a torso length (margin 0.27)",
        ge=0,
        le=3,
    )
    max_hip_extension_deg: float = threshold(
        15.0,
        "Largest hip extension (legs behind the trunk line) from half a second before a rep to its end: "
        "landmark proxy of lower-back arching.",
        "deg",
        "real form: -4 to +9 deg in the 9 gymlessabs hanging reps (no kip); margin 6 deg",
        ge=0,
        le=90,
    )
    max_lumbar_arch_contour_deg: float = contour_arch_limit(
        25.0,
        "starting value: the two real hanging clips are front-oblique, where no back contour is "
        "readable (values absent, so this never fires there)",
    )
    min_lowering_s: float = threshold(
        0.3,
        "Shortest lowering time from leaving the top to two thirds of the way down (faster = dropped).",
        "s",
        "real controlled lowering: 0.40-0.63 s in the 9 gymlessabs hanging reps; legs dropped freely fall that "
        "far in about 0.25 s (margin 0.1 s)",
        ge=0,
        le=10,
    )


HANGING_METRICS = (
    RepMetric("swing_ratio", "hip_x_ratio", "range"),
    RepMetric("max_hip_extension_deg", "hip_extension_deg.both", "max", "around"),
    RepMetric("max_lumbar_arch_contour_deg", LUMBAR_CONTOUR_METRIC, "max"),
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
    Rule(
        "lumbar_arch_contour",
        "max_lumbar_arch_contour_deg",
        "max_lumbar_arch_contour_deg",
        "max",
        Severity.ERROR,
        "lower back arched (back contour)",
        "deg",
        "tilt the pelvis back",
    ),
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
