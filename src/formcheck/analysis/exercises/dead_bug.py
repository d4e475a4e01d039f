"""Dead bug, side view: from a 90/90 tabletop, extend one leg (and the opposite arm), return; reps per side."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.exercises._supine import SUPINE_CAMERA, SUPINE_METRICS, SupineConfig, supine_rules
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.posture import Posture
from formcheck.analysis.registry import register
from formcheck.analysis.rep_family import RepExercise, RepMetric
from formcheck.analysis.thresholds import threshold


class DeadBugConfig(SupineConfig):
    """Thresholds in degrees of knee angle (90 = tabletop, 180 = leg straight) unless noted."""

    min_excursion: float = threshold(
        25.0,
        "Smallest opening of the knee from its low (the 90-deg tabletop) that is a leg extension.",
        "deg",
        "starting value: a full extension opens the knee by 60-90 deg",
        gt=0,
        le=120,
    )
    max_start_knee_error_deg: float = threshold(
        30.0,
        "Largest distance of the knee angle from 90 deg in the half second before a rep.",
        "deg",
        "real form: 15-19 deg in the life_enherance dead bug, whose tabletop is at 90 deg by eye (the landmark "
        "knee angle of a bent knee reads 10-20 deg open); margin 11 deg",
        ge=0,
        le=90,
    )
    max_rotation_ratio: float = threshold(
        0.25,
        "Largest change of the hip-to-hip distance during a rep, in torso lengths (the pelvis rotating "
        "toward or away from a side-on camera).",
        "ratio",
        "real form: 0.07-0.12 in the life_enherance dead bug (hips square); margin 0.13",
        ge=0,
        le=2,
    )


@register
class DeadBug(RepExercise):
    """Lower back pressed to the floor, knees at 90 deg; extend the opposite arm and leg, return, alternate."""

    name = "dead-bug"
    title = "Dead bug"
    view = "side"
    summary_text = "Reps per side; 90/90 start, lower back down, no hip or trunk rotation."
    setup = "Lie on the back, arms up, hips and knees at 90 degrees, lower back pressed to the floor."
    camera = SUPINE_CAMERA
    measures = (
        "knee angle per leg (counting: extension), start knee angle, hip-to-hip distance (rotation), lower-back proxies"
    )
    uses_mask = True
    posture = Posture.SUPINE
    config_model: ClassVar[type[BaseModel]] = DeadBugConfig
    signal = "knee_angle_deg"
    legs = "each"
    both_legs_together = False
    rep_metrics = (
        *SUPINE_METRICS,
        RepMetric("start_knee_error_deg", "knee_angle_deg.{leg}", "max_abs", "before", offset=90.0),
        RepMetric("rotation_ratio", "hip_width_ratio", "range"),
    )
    series_keys = ("trunk_incline_deg", "hip_width_ratio")
    rules = (
        *supine_rules("back_lifting", "lower back lifted off the floor"),
        Rule(
            "knees_not_90",
            "start_knee_error_deg",
            "max_start_knee_error_deg",
            "max",
            Severity.WARNING,
            "knee not at 90 degrees at the start",
            "deg",
            "knees at 90",
        ),
        Rule(
            "trunk_rotation",
            "rotation_ratio",
            "max_rotation_ratio",
            "max",
            Severity.ERROR,
            "hips and trunk rotated",
            "ratio",
            "keep the hips square",
        ),
    )
