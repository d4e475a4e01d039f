"""Hanging knee raise, side view: knees above the hips, no swinging, no arching, slow lowering."""

from __future__ import annotations

from formcheck.analysis.count.rise_from_low import RiseFromLow
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercises._hanging import (
    HANGING_CAMERA,
    HANGING_METRICS,
    HANGING_RULES,
    HANGING_SETUP,
    HANGING_THRESHOLDS,
)
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import Looks
from formcheck.analysis.thresholds import Threshold

SPEC = ExerciseSpec(
    name="hanging-knee-raise",
    looks=Looks(knee_deg=(0, 150), words="bent knees raised together"),
    title="Hanging knee raise",
    summary="Reps; knees above hip, no swinging, no arching, slow lowering.",
    about="Hang, tilt the pelvis back, raise the knees toward the chest, lower slowly.",
    setup=HANGING_SETUP,
    camera=HANGING_CAMERA,
    measures="mean thigh elevation (counting), hip horizontal travel (swing), hip extension (arching proxy)",
    start_position=Posture.HANGING,
    required_parts=("shoulders", "hips", "knees"),  # hands and wrists may be above the picture (high bar)
    lower_back="contour",
    counting=RiseFromLow(signal="thigh_elevation_deg"),
    thresholds=(
        *HANGING_THRESHOLDS,
        Threshold(
            "min_peak_deg",
            0.0,
            "deg",
            "Lowest peak thigh elevation: knees above hip level.",
            "coaching guidance: knees above the hips means the thighs above horizontal",
            ge=-45,
            le=90,
        ),
    ),
    rep_metrics=HANGING_METRICS,
    series=("hip_x_ratio", "hip_extension_deg.both"),
    rules=(
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
    ),
)
