"""Supine knee-to-chest, side view: 5 slow reps of 2-3 breaths each, lumbar curve kept."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.exercises._supine import SUPINE_CAMERA, SUPINE_METRICS, SupineConfig, supine_rules
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.posture import Posture
from formcheck.analysis.registry import register
from formcheck.analysis.rep_family import RepExercise
from formcheck.analysis.thresholds import threshold


class SupineKneeToChestConfig(SupineConfig):
    """Thresholds in degrees of hip flexion (mean of both legs; 0 = thighs in line with the trunk)."""

    min_excursion: float = threshold(
        20.0,
        "Smallest rise of the hip flexion from its low that is a knee-to-chest rep.",
        "deg",
        "starting value: a knees-bent start is 40-60 deg, the chest 110-130 deg",
        gt=0,
        le=160,
    )
    min_rep_duration_s: float = threshold(
        6.0,
        "Shortest rep; faster is too quick.",
        "s",
        "EXERCISES.md: each rep lasts 2-3 breaths (about 3 s a breath)",
        ge=0,
        le=60,
    )


@register
class SupineKneeToChest(RepExercise):
    """Lie on the back, knees bent; bring both knees to the chest slowly without flattening the lower back."""

    name = "supine-knee-to-chest"
    title = "Supine knee to chest"
    view = "side"
    summary_text = "Reps; slow (2-3 breaths each), lumbar curve kept (no flattening or lifting)."
    setup = "Lie on the back, knees bent, feet flat; a hand under the lower back must not be crushed."
    camera = SUPINE_CAMERA
    measures = "hip flexion of both legs (counting), rep duration, lower-back and pelvis proxies"
    uses_mask = True
    posture = Posture.SUPINE
    config_model: ClassVar[type[BaseModel]] = SupineKneeToChestConfig
    signal = "hip_flexion_deg"
    legs = "both"
    rep_metrics = SUPINE_METRICS
    series_keys = ("trunk_incline_deg", "shoulder_above_hip_ratio")
    rules = (
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
    )
