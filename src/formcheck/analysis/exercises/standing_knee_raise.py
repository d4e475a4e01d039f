"""Standing knee raise (standing hip-flexor drill / knee drive), side view."""

from __future__ import annotations

from dataclasses import replace

from formcheck.analysis.display import DRILL
from formcheck.analysis.exercises._knee_lift import KNEE_LIFT
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.recognise.looks import INF, Looks
from formcheck.analysis.thresholds import Threshold, merged

SPEC = replace(
    KNEE_LIFT,
    name="standing-knee-raise",
    looks=Looks(knee_deg=(0, 120), top_deg=(-25, INF), cycle_s=(1.2, INF), words="a knee driven up and lowered"),
    title="Standing knee raise",
    summary="Reps per leg and time at the top; knee above hip, no leaning back, controlled lowering.",
    about="Stand tall, drive one knee above hip height, hold 2-3 s, lower with control.",
    setup="Stand tall side-on to the camera, both feet down; drive one knee up at a time.",
    measures="thigh elevation per leg (counting), time at the top, lowering time, trunk lean",
    thresholds=merged(
        KNEE_LIFT.thresholds,
        (
            Threshold("min_top_hold_s", 2.0, source="coaching guidance: hold 2-3 s at the top"),
            Threshold(
                "min_lowering_s",
                0.5,
                "s",
                "Shortest lowering time from the top back to rest (a faster drop is uncontrolled).",
                "starting value: a controlled eccentric of a 2-3 s hold drill",
                ge=0,
                le=10,
            ),
        ),
    ),
    top_hold="min_top_hold_s",
    programme=DRILL,
    rules=(
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
    ),
)
