"""Seated knee raise (seated hip-flexor drill), side view: reps per leg with a 2-3 s top hold."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.display import DRILL
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.posture import Posture
from formcheck.analysis.registry import register
from formcheck.analysis.rep_family import RepExercise, RepFamilyConfig, RepMetric
from formcheck.analysis.thresholds import threshold


class SeatedKneeRaiseConfig(RepFamilyConfig):
    """Thresholds in degrees of thigh elevation above the person's own resting thigh unless noted."""

    min_excursion: float = threshold(
        6.0,
        "Smallest rise of the thigh above its resting angle on the seat that is a lift.",
        "deg",
        "'several inches' of a 40-50 cm thigh is 10-20 deg; resting thighs wobble 2-3 deg",
        gt=0,
        le=60,
    )
    top_band: float = threshold(
        4.0, "Band under the peak that counts as the top hold.", "deg", "starting value", gt=0, le=30
    )
    min_lift_deg: float = threshold(
        12.0,
        "Smallest peak thigh elevation above rest (lift too small below).",
        "deg",
        "EXERCISES.md: lift the knee several inches",
        ge=0,
        le=60,
    )
    min_hold_s: float = threshold(2.0, "Shortest top hold.", "s", "EXERCISES.md: 2-3 s hold", ge=0, le=30)
    max_trunk_forward_deg: float = threshold(
        20.0,
        "Largest forward lean of the shoulder-hip line (slouching; landmark proxy of trunk flexion).",
        "deg",
        "starting value; set about 50 for the harder 45-degree forward-lean variant (EXERCISES.md)",
        ge=0,
        le=90,
    )
    max_trunk_motion_deg: float = threshold(
        8.0,
        "Largest range of trunk lean during a rep (squirming: the trunk moves instead of the thigh).",
        "deg",
        "starting value",
        ge=0,
        le=90,
    )


@register
class SeatedKneeRaise(RepExercise):
    """Sit tall, lift one knee a few inches off the seat, hold 2-3 s, lower; 2 sets of 8-10 per leg."""

    name = "seated-knee-raise"
    title = "Seated knee raise"
    view = "side"
    summary_text = "Reps per leg; lift height, 2-3 s hold, no slouching or squirming."
    setup = "Sit tall on a chair or bench, feet flat, hands beside the hips; lift one knee at a time."
    measures = (
        "thigh elevation per leg above its resting angle on the seat (counting), top hold time, trunk lean "
        "and its range during each rep"
    )
    posture = Posture.SEATED
    config_model: ClassVar[type[BaseModel]] = SeatedKneeRaiseConfig
    signal = "thigh_elevation_deg"
    relative_to_rest = True
    legs = "each"
    both_legs_together = False
    programme = DRILL
    rep_metrics = (
        RepMetric("max_trunk_forward_deg", "trunk_forward_deg", "max"),
        RepMetric("trunk_motion_deg", "trunk_lean_deg", "range"),
    )
    rules = (
        Rule(
            "slouching",
            "max_trunk_forward_deg",
            "max_trunk_forward_deg",
            "max",
            Severity.WARNING,
            "trunk slumped forward (landmark proxy: shoulder-hip line)",
            "deg",
            "sit tall",
        ),
        Rule(
            "squirming",
            "trunk_motion_deg",
            "max_trunk_motion_deg",
            "max",
            Severity.WARNING,
            "the trunk moved to lift the leg",
            "deg",
            "keep the trunk still",
        ),
        Rule(
            "lift_too_small",
            "peak_thigh_elevation_deg",
            "min_lift_deg",
            "min",
            Severity.WARNING,
            "knee lifted too little",
            "deg",
            "knee higher",
        ),
        Rule(
            "short_hold",
            "hold_s",
            "min_hold_s",
            "min",
            Severity.WARNING,
            "top hold shorter than 2 s",
            "s",
            "hold at the top",
        ),
    )
