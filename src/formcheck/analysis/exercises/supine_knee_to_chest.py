"""Supine knee-to-chest, side view: 5 slow reps of 2-3 breaths each, lumbar curve kept."""

from __future__ import annotations

from formcheck.analysis.count.rise_from_low import RiseFromLow
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercises._supine import (
    SUPINE_CAMERA,
    SUPINE_METRICS,
    SUPINE_SERIES,
    SUPINE_THRESHOLDS,
    supine_rules,
)
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import INF, Looks
from formcheck.analysis.thresholds import Threshold

SPEC = ExerciseSpec(
    name="supine-knee-to-chest",
    looks=Looks(
        legs=("one", "both"),
        knee_deg=(0, 100),
        top_deg=(100, INF),
        cycle_s=(4, INF),
        words="bent knees drawn to the chest slowly",
    ),
    title="Supine knee to chest",
    summary="Reps; slow (2-3 breaths each), lumbar curve kept (no flattening or lifting).",
    about="Lie on the back, knees bent; bring both knees to the chest slowly without flattening the lower back.",
    setup="Lie on the back, knees bent, feet flat; a hand under the lower back must not be crushed.",
    camera=SUPINE_CAMERA,
    measures="hip flexion of both legs (counting), rep duration, lower-back and pelvis proxies",
    start_position=Posture.SUPINE,
    lower_back="contour",
    counting=RiseFromLow(signal="hip_flexion_deg"),
    thresholds=(
        *SUPINE_THRESHOLDS,
        Threshold(
            "min_excursion",
            20.0,
            "deg",
            "Smallest rise of the hip flexion from its low that is a knee-to-chest rep.",
            "starting value: a knees-bent start is 40-60 deg, the chest 110-130 deg",
            gt=0,
            le=160,
        ),
        Threshold(
            "min_rep_duration_s",
            6.0,
            "s",
            "Shortest rep; faster is too quick.",
            "coaching guidance: each rep lasts 2-3 breaths (about 3 s a breath)",
            ge=0,
            le=60,
        ),
    ),
    rep_metrics=SUPINE_METRICS,
    series=SUPINE_SERIES,
    rules=(
        *supine_rules("lumbar_flattening", "lower back flattened or lifted"),
        Rule(
            "too_fast",
            "rep_s",
            "min_rep_duration_s",
            "min",
            Severity.WARNING,
            "rep faster than 2-3 breaths",
            "s",
            "slower, breathe",
        ),
    ),
)
