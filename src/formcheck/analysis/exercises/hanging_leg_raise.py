"""Hanging (straight) leg raise, side view: legs to parallel, held, lowered slowly."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.exercises._hanging import HANGING_METRICS, HANGING_RULES, HANGING_SETUP, HangingConfig
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.posture import Posture
from formcheck.analysis.registry import register
from formcheck.analysis.rep_family import RepExercise, RepMetric
from formcheck.analysis.thresholds import threshold


class HangingLegRaiseConfig(HangingConfig):
    """Hanging thresholds plus parallel, straight knees and the top hold."""

    min_peak_deg: float = threshold(
        -10.0,
        "Lowest peak thigh elevation: legs at least about parallel.",
        "deg",
        "EXERCISES.md: raise until parallel to the floor (10 deg tolerance)",
        ge=-45,
        le=90,
    )
    min_knee_angle_deg: float = threshold(
        150.0,
        "Smallest knee angle at the top (straight legs = 180).",
        "deg",
        "real form: 154-163 deg in the 5 gymlessabs hanging leg raises "
        "('a slight knee bend'); a knee raise bends to 60-90; margin 4 deg",
        ge=90,
        le=180,
    )
    min_hold_s: float = threshold(1.5, "Shortest top hold.", "s", "EXERCISES.md: hold a couple of seconds", ge=0, le=30)


@register
class HangingLegRaise(RepExercise):
    """Hang, straight legs, raise them to parallel, hold a couple of seconds, lower slowly."""

    name = "hanging-leg-raise"
    title = "Hanging leg raise"
    view = "side"
    summary_text = "Reps; legs to parallel with straight knees, top hold, no swinging or arching, slow lowering."
    setup = HANGING_SETUP
    camera = "side-on, at chest height, far enough to see hands on the bar and the feet"
    measures = (
        "mean thigh elevation (counting), knee angle at the top, top hold, hip travel (swing), "
        "hip extension (arching proxy)"
    )
    uses_mask = True
    posture = Posture.HANGING
    required_parts = ("shoulders", "hips", "knees", "feet")  # hands and wrists may be above the picture
    config_model: ClassVar[type[BaseModel]] = HangingLegRaiseConfig
    signal = "thigh_elevation_deg"
    legs = "both"
    rep_metrics = (*HANGING_METRICS, RepMetric("min_knee_angle_deg", "knee_angle_deg.both", "min", "top"))
    series_keys = ("hip_x_ratio", "knee_angle_deg.both")
    rules = (
        Rule(
            "below_parallel",
            "peak_thigh_elevation_deg",
            "min_peak_deg",
            "min",
            Severity.ERROR,
            "legs stayed below parallel",
            "deg",
            "legs higher",
        ),
        Rule(
            "knees_bent",
            "min_knee_angle_deg",
            "min_knee_angle_deg",
            "min",
            Severity.WARNING,
            "knees bent at the top",
            "deg",
            "straighten the legs",
        ),
        Rule("no_hold", "hold_s", "min_hold_s", "min", Severity.WARNING, "no hold at the top", "s", "hold at the top"),
        *HANGING_RULES,
    )
