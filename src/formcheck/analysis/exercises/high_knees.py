"""High knees: alternating knee lifts in place (march, jog or skip), side or front view."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.leg_lift import LegLiftAnalyzer, LegLiftConfig
from formcheck.analysis.registry import register


@register
class HighKnees(LegLiftAnalyzer):
    """Alternating lifts counted per leg, with cadence; each lift should reach hip height."""

    name = "high-knees"
    title = "High knees"
    view = "side"
    summary_text = "Lifts per leg and cadence; knee to hip height, no leaning back."
    lumbopelvic_posture = "standing"
    setup = "Stand tall side-on (or facing) the camera; march, jog or skip with alternating knee lifts."
    camera = "side-on, at hip height, about 3 m away, whole body in the picture"
    measures = "thigh elevation per leg (counting), cadence, trunk lean"
    config_model: ClassVar[type[BaseModel]] = LegLiftConfig
    rules = (
        Rule("knee_below_hip", "peak_thigh_elevation_deg", "knee_above_hip_deg", "min", Severity.WARNING,
                "knee stayed below hip height", "deg", "knees higher"),
        Rule("leaning_back", "max_lean_back_deg", "max_lean_back_deg", "max", Severity.ERROR,
                "leaned back during the lift", "deg", "don't lean back"),
    )
