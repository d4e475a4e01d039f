"""Reverse crunch, side view: knees drawn to the chest with the hips curling off the floor; reps.

An example of an exercise added in one file: a declaration over the rep family, nothing else.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.exercises._supine import SUPINE_CAMERA
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.posture import Posture
from formcheck.analysis.registry import register
from formcheck.analysis.rep_family import RepExercise, RepFamilyConfig, RepMetric
from formcheck.analysis.thresholds import threshold


class ReverseCrunchConfig(RepFamilyConfig):
    """Thresholds in degrees of hip flexion (both legs; 0 = thighs in line with the trunk) unless noted."""

    min_excursion: float = threshold(
        30.0,
        "Smallest rise of the hip flexion from its low (feet near the floor) that is a crunch.",
        "deg",
        "real reps rise 70-90 deg (gymlessabs reverse crunch: from 45-60 to 130-137)",
        gt=0,
        le=160,
    )
    min_peak_deg: float = threshold(
        110.0,
        "Lowest peak hip flexion: the knees reach the chest.",
        "deg",
        "real form: 130-137 deg in the 5 gymlessabs reverse crunches (margin 20)",
        ge=0,
        le=180,
    )
    min_curl_deg: float = threshold(
        4.0,
        "Smallest change of the shoulder-hip line during a rep: the hips curl off the floor (the point of a "
        "reverse crunch, as against a knee-to-chest).",
        "deg",
        "real form: 5-10 deg in the gymlessabs reverse crunch; a knee-to-chest with the back down changes 1-4",
        ge=0,
        le=45,
    )
    min_lowering_s: float = threshold(
        0.3,
        "Shortest lowering from the top to two thirds of the way down.",
        "s",
        "real controlled lowering 0.4-0.6 s (gymlessabs reverse crunch)",
        ge=0,
        le=10,
    )


@register
class ReverseCrunch(RepExercise):
    """Lie on the back, knees bent; curl the knees to the chest so the hips leave the floor, lower slowly."""

    name = "reverse-crunch"
    title = "Reverse crunch"
    view = "side"
    summary_text = "Reps; knees to the chest, hips curling off the floor, controlled lowering."
    setup = "Lie on the back, arms by the sides, knees bent and feet just off the floor."
    camera = SUPINE_CAMERA
    measures = "hip flexion of both legs (counting), the shoulder-hip line's change (hip curl), lowering time"
    posture = Posture.SUPINE
    config_model: ClassVar[type[BaseModel]] = ReverseCrunchConfig
    signal = "hip_flexion_deg"
    legs = "both"
    rep_metrics = (RepMetric("curl_deg", "trunk_incline_deg", "range"),)
    rules = (
        Rule(
            "knees_short_of_chest",
            "peak_hip_flexion_deg",
            "min_peak_deg",
            "min",
            Severity.WARNING,
            "knees did not reach the chest",
            "deg",
            "knees to the chest",
        ),
        Rule(
            "no_hip_curl",
            "curl_deg",
            "min_curl_deg",
            "min",
            Severity.WARNING,
            "the hips stayed on the floor (a knee-to-chest, not a reverse crunch)",
            "deg",
            "curl the hips up",
        ),
        Rule(
            "fast_lowering",
            "lower_s",
            "min_lowering_s",
            "min",
            Severity.WARNING,
            "legs dropped instead of lowering under control",
            "s",
            "lower slowly",
        ),
    )
