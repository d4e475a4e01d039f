"""Standing knee raise (standing hip-flexor drill / knee drive), side view."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.display import DRILL
from formcheck.analysis.exercises._knee_lift import KneeLift, KneeLiftConfig, top_hold_limit
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.registry import register
from formcheck.analysis.thresholds import threshold


class StandingKneeRaiseConfig(KneeLiftConfig):
    """Knee-lift thresholds with the drill's top hold and controlled lowering switched on."""

    min_top_hold_s: float = top_hold_limit(2.0)
    min_lowering_s: float = threshold(
        0.5,
        "Shortest lowering time from the top back to rest (a faster drop is uncontrolled).",
        "s",
        "starting value: a controlled eccentric of a 2-3 s hold drill",
        ge=0,
        le=10,
    )


@register
class StandingKneeRaise(KneeLift):
    """Stand tall, drive one knee above hip height, hold 2-3 s, lower with control."""

    name = "standing-knee-raise"
    title = "Standing knee raise"
    view = "side"
    summary_text = "Reps per leg and time at the top; knee above hip, no leaning back, controlled lowering."
    setup = "Stand tall side-on to the camera, both feet down; drive one knee up at a time."
    measures = "thigh elevation per leg (counting), time at the top, lowering time, trunk lean"
    config_model: ClassVar[type[BaseModel]] = StandingKneeRaiseConfig
    top_hold_target = "min_top_hold_s"
    programme = DRILL
    rules = (
        Rule(
            "knee_below_hip",
            "peak_thigh_elevation_deg",
            "knee_above_hip_deg",
            "min",
            Severity.ERROR,
            "knee did not get above hip height (thigh below horizontal)",
            "deg",
            "knee higher",
        ),
        Rule(
            "leaning_back",
            "max_lean_back_deg",
            "max_lean_back_deg",
            "max",
            Severity.ERROR,
            "leaned back to force the knee up",
            "deg",
            "don't lean back",
        ),
        Rule(
            "trunk_not_upright",
            "max_lean_forward_deg",
            "max_lean_forward_deg",
            "max",
            Severity.WARNING,
            "trunk bent forward at the top instead of standing tall",
            "deg",
            "stand tall",
        ),
        Rule(
            "short_top_hold",
            "hold_s",
            "min_top_hold_s",
            "min",
            Severity.WARNING,
            "top hold shorter than the 2-3 s the drill asks for",
            "s",
            "hold at the top",
        ),
        Rule(
            "uncontrolled_lowering",
            "lower_s",
            "min_lowering_s",
            "min",
            Severity.WARNING,
            "leg dropped instead of lowering under control",
            "s",
            "slower on the way down",
        ),
    )
