"""L-sit, side view: straight legs held parallel to the floor; holds of 10-30 s."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.display import L_SIT
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.hold_family import HoldExercise, HoldFamilyConfig
from formcheck.analysis.posture import Posture
from formcheck.analysis.registry import register
from formcheck.analysis.thresholds import threshold


class LSitConfig(HoldFamilyConfig):
    """Hold timing plus leg height and knee straightness."""

    target_s: float = threshold(
        10.0, "In-form time the hold should reach.", "s", "EXERCISES.md: holds of 10-30 s", ge=0, le=600
    )
    min_leg_elevation_deg: float = threshold(
        -10.0,
        "Lowest thigh elevation in form (parallel, 10 deg tolerance).",
        "deg",
        "EXERCISES.md: legs parallel to the floor; real form: +9 to +14 "
        "deg in the bodyweight_fitness L-sit (margin 19)",
        ge=-45,
        le=45,
    )
    min_knee_angle_deg: float = threshold(
        160.0,
        "Smallest knee angle in form (straight = 180).",
        "deg",
        "real form: 165-173 deg in the bodyweight_fitness L-sit (straight legs); a tuck bends to 60-110; margin 5 deg",
        ge=90,
        le=180,
    )


@register
class LSit(HoldExercise):
    """Support on hands or a bar, straight legs held parallel to the floor."""

    name = "l-sit"
    title = "L-sit"
    view = "side"
    summary_text = "Hold time in good form (legs parallel) against 10-30 s; bent knees (tuck) flagged."
    setup = "Hands on the floor, parallettes or a bar beside the hips; lift the hips and hold straight legs out."
    camera = "side-on at hip height, about 3 m away, hands to feet in the picture"
    measures = "thigh elevation and knee angle (mean of both legs) each frame while in the position"
    posture = Posture.SUPPORT_SIT
    config_model: ClassVar[type[BaseModel]] = LSitConfig
    programme = L_SIT
    checks = (
        Rule(
            "legs_below_parallel",
            "thigh_elevation_deg.both",
            "min_leg_elevation_deg",
            "min",
            Severity.WARNING,
            "legs dropped below parallel",
            "deg",
            "legs up",
            missing="fail",
        ),
        Rule(
            "knees_bent",
            "knee_angle_deg.both",
            "min_knee_angle_deg",
            "min",
            Severity.WARNING,
            "knees bent (a tuck L-sit: the hold counts, straight legs are the full version)",
            "deg",
            "straighten the legs",
            costs_hold=False,
            missing="fail",
        ),
    )
    short_hold_message = "L-sit in good form shorter than the 10 s target"
