"""High knees: alternating knee lifts in place (march, jog or skip), side or front view."""

from __future__ import annotations

from formcheck.analysis.exercises._knee_lift import KneeLift
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.registry import register


@register
class HighKnees(KneeLift):
    """Alternating lifts counted per leg, with cadence; each lift should reach hip height."""

    name = "high-knees"
    title = "High knees"
    view = "side"
    summary_text = "Lifts per leg and cadence; knee to hip height, no leaning back."
    setup = "Stand tall side-on (or facing) the camera; march, jog or skip with alternating knee lifts."
    measures = "thigh elevation per leg (counting), cadence, trunk lean"
    rules = (
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
    )
