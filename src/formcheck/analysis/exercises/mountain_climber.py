"""Mountain climber (plank hip flexion), side view: knee drives per leg without losing the plank."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.family import LUMBAR_CONTOUR_METRIC, contour_arch_limit
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.posture import Posture
from formcheck.analysis.registry import register
from formcheck.analysis.rep_family import RepExercise, RepFamilyConfig, RepMetric
from formcheck.analysis.thresholds import threshold


class MountainClimberConfig(RepFamilyConfig):
    """Thresholds in degrees of hip flexion of the driving leg (0 = in line with the trunk) unless noted."""

    min_excursion: float = threshold(
        20.0,
        "Smallest rise of the hip flexion from its low (leg back in the plank) that is a drive.",
        "deg",
        "real drives rise 40-60 deg (life_enherance, jenner clips); the straight back leg rests at 25-55 deg "
        "depending on how high the hips are held, so only the rise counts",
        gt=0,
        le=160,
    )
    min_drive_deg: float = threshold(
        80.0,
        "Lowest peak hip flexion: knee reaching the chest region.",
        "deg",
        "EXERCISES.md: knee to the chest; real form: 108-136 deg over 18 drives "
        "(life_enherance, jenner); margin 28 deg",
        ge=0,
        le=160,
    )
    max_pike_deg: float = threshold(
        40.0,
        "Largest bend of the support leg's shoulder-hip-ankle line with the hips above it, at the top of a drive.",
        "deg",
        "real good form: drives with the hips near plank height measure 12-36 deg at the top "
        "(life_enherance 14 drives, jenner 4; the knee at the chest lifts the hips a little); margin 4 deg",
        ge=0,
        le=90,
    )
    max_sag_deg: float = threshold(
        10.0,
        "Largest bend of the shoulder-hip-ankle line (support leg) with the hips below it, during a drive "
        "(landmark proxy of lumbar sag).",
        "deg",
        "real form never dips below the line: -31 to -9.5 deg (hips a little above it) over 18 drives; margin 19.5 deg",
        ge=0,
        le=90,
    )
    max_out_of_plank_s: float = threshold(
        0.5,
        "Longest time out of the plank between drives.",
        "s",
        "real form: 0-0.04 s over 18 drives (the plank kept between drives); margin 0.46 s",
        ge=0,
        le=30,
    )
    max_lumbar_arch_contour_deg: float = contour_arch_limit(
        30.0,
        "real good form, through the video with the mask: -27 to +21 deg over 18 drives (life_enherance, "
        "jenner); margin 9 deg",
    )


@register
class MountainClimber(RepExercise):
    """From a plank, bring one knee to the chest without moving the plank; alternate."""

    name = "mountain-climber"
    title = "Mountain climber"
    view = "side"
    summary_text = "Drives per leg; knee to chest, hips neither piking nor sagging, plank kept between reps."
    setup = "High plank: hands under the shoulders, body straight from shoulders to ankles."
    camera = "side-on at floor level, about 3 m away, hands to feet in the picture"
    measures = "hip flexion per leg (counting), support-leg body line (pike/sag), time out of the plank"
    uses_mask = True
    posture = Posture.PLANK
    required_parts = ("shoulders", "arms", "hips", "knees", "feet")
    config_model: ClassVar[type[BaseModel]] = MountainClimberConfig
    signal = "hip_flexion_deg"
    legs = "each"
    both_legs_together = False
    rep_metrics = (
        RepMetric("max_pike_deg", "hip_pike_deg.{other}", "max", "top"),
        RepMetric("max_sag_deg", "hip_sag_deg.{other}", "max", "top"),
        RepMetric("max_lumbar_arch_contour_deg", LUMBAR_CONTOUR_METRIC, "max"),
    )
    series_keys = ("hip_line_deg.left", "hip_line_deg.right")
    rules = (
        Rule(
            "knee_short_of_chest",
            "peak_hip_flexion_deg",
            "min_drive_deg",
            "min",
            Severity.WARNING,
            "knee did not reach the chest region",
            "deg",
            "knee further in",
        ),
        Rule(
            "hips_piking",
            "max_pike_deg",
            "max_pike_deg",
            "max",
            Severity.ERROR,
            "hips piked up during the drive",
            "deg",
            "hips down",
        ),
        Rule(
            "hips_sagging",
            "max_sag_deg",
            "max_sag_deg",
            "max",
            Severity.ERROR,
            "hips sagged during the drive (lower back arching)",
            "deg",
            "brace, hips up",
        ),
        Rule(
            "lumbar_arch_contour",
            "max_lumbar_arch_contour_deg",
            "max_lumbar_arch_contour_deg",
            "max",
            Severity.ERROR,
            "lower back arched during the drive (back contour)",
            "deg",
            "brace",
        ),
        Rule(
            "plank_lost",
            "out_of_position_s",
            "max_out_of_plank_s",
            "max",
            Severity.WARNING,
            "plank position lost before this rep",
            "s",
            "hold the plank",
        ),
    )
