"""Hanging knee raise, side view: reps, knees above hip, no swinging or arching, slow lowering."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.exercises._hanging import HANGING_METRICS, HANGING_RULES, HANGING_SETUP, HangingConfig
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.posture import Posture
from formcheck.analysis.registry import register
from formcheck.analysis.rep_family import RepExercise
from formcheck.analysis.thresholds import threshold


class HangingKneeRaiseConfig(HangingConfig):
    """Hanging thresholds plus the knee-above-hip target."""

    min_peak_deg: float = threshold(
        0.0,
        "Lowest peak thigh elevation: knees above hip level.",
        "deg",
        "EXERCISES.md: knees above hip = thigh above horizontal",
        ge=-45,
        le=90,
    )


@register
class HangingKneeRaise(RepExercise):
    """Hang, tilt the pelvis back, raise the knees toward the chest, lower slowly."""

    name = "hanging-knee-raise"
    title = "Hanging knee raise"
    view = "side"
    summary_text = "Reps; knees above hip, no swinging, no arching, slow lowering."
    setup = HANGING_SETUP
    camera = "side-on, at chest height, far enough to see hands on the bar and the feet"
    measures = "mean thigh elevation (counting), hip horizontal travel (swing), hip extension (arching proxy)"
    uses_mask = True
    posture = Posture.HANGING
    required_parts = ("shoulders", "hips", "knees")  # hands and wrists may be above the picture (high bar)
    config_model: ClassVar[type[BaseModel]] = HangingKneeRaiseConfig
    signal = "thigh_elevation_deg"
    legs = "both"
    rep_metrics = HANGING_METRICS
    series_keys = ("hip_x_ratio", "hip_extension_deg.both")
    rules = (
        Rule(
            "knees_below_hip",
            "peak_thigh_elevation_deg",
            "min_peak_deg",
            "min",
            Severity.ERROR,
            "knees did not get above hip height",
            "deg",
            "knees higher",
        ),
        *HANGING_RULES,
    )
