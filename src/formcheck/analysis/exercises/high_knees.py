"""High knees (alternating knee lifts in place), side view: lifts per leg and cadence."""

from __future__ import annotations

from dataclasses import replace

from formcheck.analysis.exercises._knee_lift import KNEE_LIFT
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.recognise.looks import INF, Looks

SPEC = replace(
    KNEE_LIFT,
    name="high-knees",
    looks=Looks(knee_deg=(0, 120), top_deg=(-40, INF), cycle_s=(0, 1.2), words="knees lifted in quick turns"),
    title="High knees",
    summary="Lifts per leg and cadence; knee to hip height, no leaning back.",
    about="Alternating lifts counted per leg, with cadence; each lift should reach hip height.",
    setup="Stand tall side-on (or facing) the camera; march, jog or skip with alternating knee lifts.",
    measures="thigh elevation per leg (counting), cadence, trunk lean",
    rules=(
        Rule(
            "knee_below_hip",
            "peak_thigh_elevation_deg",
            "knee_above_hip_deg",
            "min",
            Severity.WARNING,
            "knee stayed below hip height",
            "deg",
            "knees higher",
        ),
        Rule(
            "leaning_back",
            "max_lean_back_deg",
            "max_lean_back_deg",
            "max",
            Severity.ERROR,
            "leaned back during the lift",
            "deg",
            "don't lean back",
        ),
    ),
)
